/*
 * Symmetric-key authentication of NTP packets (RFC 5905 section 7.3,
 * RFC 8573) through OpenSSL 3.
 *
 * The MAC trailer is a 32-bit key id followed by a digest computed over the
 * packet header and any extension fields. What the digest is depends on the
 * algorithm:
 *  - md5, sha1, sha256: H(key || packet), NOT an HMAC, as ntpd, NTPsec and
 *    chrony compute it; sha1/sha256 truncated to 20 bytes in NTPv4, sha256
 *    sent whole (32 bytes) in NTPv3 as chrony does.
 *  - hmac-sha256: RFC 2104 HMAC over the packet, truncated (RFC 2104 section
 *    5) to Key::hmacLength bytes, 20 by default so the trailer is 24 bytes,
 *    the length RFC 7822 and all three daemons parse as a MAC.
 *  - aes-128-cmac, aes-256-cmac: RFC 4493 CMAC, 16 bytes (RFC 8573).
 */
#ifndef NTP_CORE_AUTH_H
#define NTP_CORE_AUTH_H

#include "ntp-status.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntp
{

enum class MacAlgorithm
{
    Md5,
    Sha1,
    Sha256,
    HmacSha256,
    AesCmac128,
    AesCmac256
};

/// Canonical lower-case name: md5, sha1, sha256, hmac-sha256, aes-128-cmac, aes-256-cmac.
std::string ToString(MacAlgorithm algorithm);

/// Parses a canonical name or a daemon alias (case-insensitive): MD5, M, SHA1,
/// SHA256, HMAC-SHA256, AES128, AES128CMAC, AES-128-CMAC, AES256, AES256CMAC, AES-256-CMAC.
std::optional<MacAlgorithm> ParseMacAlgorithm(const std::string& name);

/// The list of accepted names, for error messages.
std::string AcceptedMacAlgorithmNames();

/// md5 and sha1 are weak algorithms (router semantics: refused unless allowed).
bool IsWeak(MacAlgorithm algorithm);

struct Key
{
    uint32_t id{0};
    MacAlgorithm algorithm{MacAlgorithm::Md5};
    std::vector<uint8_t> secret;
    bool trusted{true};
    /// Output length for hmac-sha256 only: 16 or 20 bytes (see file comment).
    size_t hmacLength{20};
};

/// Length in bytes of the digest the key produces (without the key id) in a
/// packet of NTP `version`: sha256 is truncated to 20 bytes in NTPv4 and sent
/// whole (32 bytes) in NTPv3, as chrony does.
size_t DigestLength(const Key& key, uint8_t version = 4);

/// Checks a key: id 1..2^32-1, non-empty secret, CMAC secrets of exactly
/// 16 (aes-128-cmac) or 32 (aes-256-cmac) bytes, hmacLength 16 or 20.
Error ValidateKey(const Key& key);

/// Room for any digest the algorithms produce (OpenSSL's EVP_MAX_MD_SIZE).
constexpr size_t kMaxDigestLength = 64;

/**
 * A key ready to sign and verify packets. It is validated, and keyed, once:
 * the HMAC pad states and the CMAC subkeys are precomputed
 * (ntp-auth-mac.cc), so a packet costs the MAC's own cryptography, with no
 * algorithm fetch and no allocation. Its OpenSSL contexts are scratch state
 * that Compute and Verify reuse, so one KeyedMac must not be used from two
 * threads at once (an engine is single-threaded).
 */
class KeyedMac
{
  public:
    /// Null if ValidateKey refuses the key or OpenSSL cannot key it.
    static std::unique_ptr<KeyedMac> Create(const Key& key);
    ~KeyedMac();

    KeyedMac(const KeyedMac&) = delete;
    KeyedMac& operator=(const KeyedMac&) = delete;

    /// Writes the digest (without key id) of `data` for a packet of NTP
    /// `version` to `out`, which has room for kMaxDigestLength bytes.
    /// Returns its length (DigestLength), 0 on an OpenSSL failure.
    size_t Compute(const uint8_t* data, size_t length, uint8_t version, uint8_t* out) const;

    /// Constant-time check of `digest`; a sha256 digest may be 20 bytes
    /// (NTPv4) or 32 (NTPv3).
    bool Verify(const uint8_t* data, size_t length, const uint8_t* digest,
                size_t digestLength) const;

  private:
    struct Impl;
    explicit KeyedMac(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The digest (without key id) of `data` under `key` for a packet of NTP
/// `version`. Empty if the key is invalid. One-shot: KeyedMac for many packets.
std::vector<uint8_t> ComputeDigest(const Key& key, const uint8_t* data, size_t length,
                                   uint8_t version = 4);

/// Constant-time check of `digest` against the digest of `data` under `key`;
/// a sha256 digest may be 20 bytes (NTPv4) or 32 (NTPv3). One-shot.
bool VerifyDigest(const Key& key, const uint8_t* data, size_t length, const uint8_t* digest,
                  size_t digestLength);

// For tests and tools: the full 32-byte RFC 2104 HMAC-SHA256 (no truncation),
// so RFC 4231 vectors can be checked whole. Empty on an OpenSSL failure.
std::vector<uint8_t> HmacSha256Full(const uint8_t* key, size_t keyLen, const uint8_t* data,
                                    size_t length);

/**
 * Keys by key id. Adding a key that fails validation changes nothing.
 */
class KeyStore
{
  public:
    /// Adds or replaces the key with the same id.
    Error Add(const Key& key);
    bool Remove(uint32_t id);
    const Key* Find(uint32_t id) const;
    /// The key's MAC, keyed when the key was added; null if no such key.
    const KeyedMac* FindMac(uint32_t id) const;
    /// Both at once (one lookup per packet): {null, null} if no such key.
    std::pair<const Key*, const KeyedMac*> Lookup(uint32_t id) const;
    /// Marks a key trusted or not; false if no such key.
    bool SetTrusted(uint32_t id, bool trusted);
    bool IsTrusted(uint32_t id) const;

    size_t Size() const
    {
        return m_keys.size();
    }

    void Clear()
    {
        m_keys.clear();
    }

  private:
    struct Entry
    {
        Key key;
        // Shared so that a KeyStore stays copyable; copies are used from one
        // thread, like the engine that owns them.
        std::shared_ptr<const KeyedMac> mac;
    };

    std::map<uint32_t, Entry> m_keys;
};

} // namespace ntp

#endif // NTP_CORE_AUTH_H
