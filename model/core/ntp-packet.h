/*
 * NTP packet wire format (RFC 5905 section 7.3, RFC 7822 extension fields,
 * RFC 5905 section 7.4 kiss-o'-death).
 *
 * Encoding is byte-exact and total; decoding checks every field and reports
 * the first reason a packet cannot be used, so hosts can count and trace
 * refusals instead of crashing on hostile input.
 */
#ifndef NTP_CORE_PACKET_H
#define NTP_CORE_PACKET_H

#include "ntp-time.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntp
{

constexpr size_t kHeaderLength = 48;
constexpr uint8_t kNtpVersion = 4;
constexpr uint8_t kMaxStratum = 16; // MAXSTRAT: "unsynchronized"

enum class Mode : uint8_t
{
    Reserved = 0,
    SymmetricActive = 1,
    SymmetricPassive = 2,
    Client = 3,
    Server = 4,
    Broadcast = 5,
    Control = 6,
    Private = 7
};

enum class Leap : uint8_t
{
    NoWarning = 0,
    AddSecond = 1,
    DeleteSecond = 2,
    Unsynchronized = 3
};

std::string ToString(Mode mode);

struct Header
{
    Leap leap{Leap::NoWarning};
    uint8_t version{kNtpVersion};
    Mode mode{Mode::SymmetricActive};
    uint8_t stratum{0};
    int8_t poll{0};             ///< log2 seconds
    int8_t precision{0};        ///< log2 seconds
    uint32_t rootDelay{0};      ///< 16.16 short format
    uint32_t rootDispersion{0}; ///< 16.16 short format
    uint32_t refid{0};          ///< host byte order
    Timestamp reference;
    Timestamp origin;   ///< T1 as echoed by the sender
    Timestamp receive;  ///< T2
    Timestamp transmit; ///< T3

    /// Kiss code ("DENY", "RSTR", "RATE", ...) when stratum is 0, else empty.
    std::string KissCode() const;
};

struct ExtensionField
{
    uint16_t type{0};
    std::vector<uint8_t> value; ///< the field body after type and length, padding included
};

/// A MAC's digest as a packet carries it, held inline: decoding a signed
/// packet allocates nothing for it. An NTPv3 trailer of up to 68 bytes
/// leaves at most 64 bytes of digest.
class WireDigest
{
  public:
    static constexpr size_t kCapacity = 64;

    /// Copies [first, last); at most kCapacity bytes are kept.
    void assign(const uint8_t* first, const uint8_t* last)
    {
        m_size = std::min(static_cast<size_t>(last - first), kCapacity);
        std::copy(first, first + m_size, m_bytes.begin());
    }

    const uint8_t* data() const
    {
        return m_bytes.data();
    }

    size_t size() const
    {
        return m_size;
    }

    bool empty() const
    {
        return m_size == 0;
    }

    const uint8_t* begin() const
    {
        return m_bytes.data();
    }

    const uint8_t* end() const
    {
        return m_bytes.data() + m_size;
    }

  private:
    std::array<uint8_t, kCapacity> m_bytes{};
    size_t m_size{0};
};

/// What follows the header and extension fields.
enum class MacKind
{
    None,
    CryptoNak, ///< 4-byte trailer with key id 0 (RFC 5905 section 7.4)
    Digest
};

struct Packet
{
    Header header;
    std::vector<ExtensionField> extensions;
    MacKind macKind{MacKind::None};
    uint32_t keyId{0};
    WireDigest digest;
    /// Bytes from the start of the packet covered by a MAC (header + extensions).
    size_t authenticatedLength{kHeaderLength};
};

enum class DecodeError
{
    None,
    TooShort,
    BadLength,    ///< not a multiple of 4 bytes
    BadVersion,   ///< outside 1..4
    BadMode,      ///< 0 (reserved), 6 (control) or 7 (private): not handled here
    BadStratum,   ///< 17..255 are reserved
    BadExtension, ///< extension field length malformed or past the end
    BadMacLength, ///< a trailer that is neither a crypto-NAK nor a 16/20-byte digest
};

std::string ToString(DecodeError error);

struct DecodeResult
{
    std::optional<Packet> packet;
    DecodeError error{DecodeError::None};
    std::string detail;
};

/// Parses and validates a datagram.
DecodeResult Decode(const uint8_t* data, size_t length);

inline DecodeResult
Decode(const std::vector<uint8_t>& bytes)
{
    return Decode(bytes.data(), bytes.size());
}

/// The 48 header bytes.
std::vector<uint8_t> EncodeHeader(const Header& header);
/// The 48 header bytes into `out`, replacing what it held (its capacity is
/// kept: an engine encodes every packet into one buffer).
void EncodeHeader(const Header& header, std::vector<uint8_t>& out);

/// Header and extension fields (each padded to a multiple of 4, at least 16 bytes).
std::vector<uint8_t> EncodeUnauthenticated(const Header& header,
                                           const std::vector<ExtensionField>& extensions = {});

/// Appends a MAC trailer (key id, digest) to an encoded packet.
void AppendMac(std::vector<uint8_t>& bytes, uint32_t keyId, const std::vector<uint8_t>& digest);
void AppendMac(std::vector<uint8_t>& bytes, uint32_t keyId, const uint8_t* digest, size_t length);

/// Appends a crypto-NAK (a lone zero key id).
void AppendCryptoNak(std::vector<uint8_t>& bytes);

} // namespace ntp

#endif // NTP_CORE_PACKET_H
