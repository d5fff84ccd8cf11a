/*
 * Transport addresses as the core sees them: an IPv4 or IPv6 address and a
 * UDP port, with no dependency on any socket API or simulator.
 */
#ifndef NTP_CORE_ADDRESS_H
#define NTP_CORE_ADDRESS_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace ntp
{

/// Default NTP UDP port (RFC 5905 figure 6, PORT).
constexpr uint16_t kNtpPort = 123;

class IpAddress
{
  public:
    enum class Family : uint8_t
    {
        None,
        V4,
        V6
    };

    IpAddress() = default;
    static IpAddress V4(uint32_t hostOrder);
    static IpAddress V6(const std::array<uint8_t, 16>& bytes);

    /// Parses dotted quad or RFC 4291 text; nullopt when malformed.
    static std::optional<IpAddress> Parse(const std::string& text);

    Family GetFamily() const
    {
        return m_family;
    }

    bool IsV4() const
    {
        return m_family == Family::V4;
    }

    bool IsV6() const
    {
        return m_family == Family::V6;
    }

    bool IsUnspecified() const;

    /// IPv4 address in host byte order (only for V4).
    uint32_t GetV4() const;

    const std::array<uint8_t, 16>& GetBytes() const
    {
        return m_bytes;
    }

    /**
     * The reference identifier a server synchronized to this address puts on
     * the wire (RFC 5905 section 7.3): the IPv4 address itself, or the first
     * four octets of the MD5 digest of the IPv6 address. Host byte order.
     */
    uint32_t ToRefid() const;

    std::string ToString() const;

    bool operator==(const IpAddress& other) const
    {
        return m_family == other.m_family && High() == other.High() && Low() == other.Low();
    }

    bool operator!=(const IpAddress& other) const
    {
        return !(*this == other);
    }

    /// Family first, then the bytes in network order (lexicographically).
    bool operator<(const IpAddress& other) const
    {
        if (m_family != other.m_family)
        {
            return m_family < other.m_family;
        }
        const uint64_t high = High();
        const uint64_t otherHigh = other.High();
        return high != otherHigh ? high < otherHigh : Low() < other.Low();
    }

  private:
    // The bytes as two big-endian words: comparing them orders the addresses
    // as their bytes do, without a memcmp call per comparison (every packet
    // looks its endpoints up in ordered tables).
    uint64_t High() const
    {
        return BigEndianWord(0);
    }

    uint64_t Low() const
    {
        return BigEndianWord(8);
    }

    uint64_t BigEndianWord(size_t offset) const
    {
        uint64_t word;
        std::memcpy(&word, m_bytes.data() + offset, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        return word;
    }

    Family m_family{Family::None};
    std::array<uint8_t, 16> m_bytes{}; // V4 uses the first four, network order
};

struct Endpoint
{
    IpAddress address;
    uint16_t port{kNtpPort};
    /// The routing instance (VRF, "VPN instance") the address lives in; 0 is
    /// the public network. Addresses may repeat across instances: an
    /// endpoint is its address, port and instance. The host numbers its
    /// instances and gives a received packet's two endpoints the instance of
    /// the interface it arrived on; the core answers in the same instance.
    uint32_t instance{0};

    std::string ToString() const;

    bool operator==(const Endpoint& other) const
    {
        return address == other.address && port == other.port && instance == other.instance;
    }

    bool operator!=(const Endpoint& other) const
    {
        return !(*this == other);
    }

    bool operator<(const Endpoint& other) const
    {
        if (instance != other.instance)
        {
            return instance < other.instance;
        }
        return address != other.address ? address < other.address : port < other.port;
    }
};

} // namespace ntp

#endif // NTP_CORE_ADDRESS_H
