#include "ntp-auth.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace ntp
{

namespace
{

// RAII owners so every early return frees what OpenSSL allocated.
struct MdDeleter
{
    void operator()(EVP_MD* p) const
    {
        EVP_MD_free(p);
    }
};

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* p) const
    {
        EVP_MD_CTX_free(p);
    }
};

struct MacDeleter
{
    void operator()(EVP_MAC* p) const
    {
        EVP_MAC_free(p);
    }
};

struct MacCtxDeleter
{
    void operator()(EVP_MAC_CTX* p) const
    {
        EVP_MAC_CTX_free(p);
    }
};

using MdPtr = std::unique_ptr<EVP_MD, MdDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using MacPtr = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter>;

constexpr size_t kMd5Length = 16;
// NTPv4 senders truncate SHA digests to 20 bytes so receivers still see a MAC.
constexpr size_t kShaWireLength = 20;
constexpr size_t kSha256FullLength = 32;
constexpr size_t kCmacLength = 16;
constexpr size_t kAes128KeyLength = 16;
constexpr size_t kAes256KeyLength = 32;

struct AlgorithmAlias
{
    const char* name;
    MacAlgorithm algorithm;
};

// Canonical names first, then the spellings ntpd and chrony key files use.
constexpr AlgorithmAlias kAliases[] = {
    {"md5", MacAlgorithm::Md5},
    {"sha1", MacAlgorithm::Sha1},
    {"sha256", MacAlgorithm::Sha256},
    {"hmac-sha256", MacAlgorithm::HmacSha256},
    {"aes-128-cmac", MacAlgorithm::AesCmac128},
    {"aes-256-cmac", MacAlgorithm::AesCmac256},
    {"m", MacAlgorithm::Md5},
    {"aes128", MacAlgorithm::AesCmac128},
    {"aes128cmac", MacAlgorithm::AesCmac128},
    {"aes256", MacAlgorithm::AesCmac256},
    {"aes256cmac", MacAlgorithm::AesCmac256},
};

std::string
ToLower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Fetching an algorithm from OpenSSL's provider store takes a lock and a
// property query: do it once per algorithm, not once per packet. The
// fetched objects live until exit (destroyed before OpenSSL's own cleanup,
// which was registered first).
const EVP_MD*
FetchDigest(const char* name)
{
    static const MdPtr kMd5(EVP_MD_fetch(nullptr, "MD5", nullptr));
    static const MdPtr kSha1(EVP_MD_fetch(nullptr, "SHA1", nullptr));
    static const MdPtr kSha256(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    const std::string n(name);
    return n == "MD5"    ? kMd5.get()
         : n == "SHA1"   ? kSha1.get()
         : n == "SHA256" ? kSha256.get()
                         : nullptr;
}

EVP_MAC*
FetchMac(const char* name)
{
    static const MacPtr kHmac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    static const MacPtr kCmac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr));
    const std::string n(name);
    return n == OSSL_MAC_NAME_HMAC ? kHmac.get() : n == OSSL_MAC_NAME_CMAC ? kCmac.get() : nullptr;
}

/// One-shot EVP_MAC ("HMAC" or "CMAC") with a single string parameter naming
/// the digest or cipher underneath.
std::vector<uint8_t>
ComputeMac(const char* macName, const char* paramName, const char* paramValue, const uint8_t* key,
           size_t keyLength, const uint8_t* data, size_t length)
{
    EVP_MAC* mac = FetchMac(macName);
    if (!mac)
    {
        return {};
    }
    MacCtxPtr ctx(EVP_MAC_CTX_new(mac));
    if (!ctx)
    {
        return {};
    }
    std::string value(paramValue);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(paramName, value.data(), 0),
                           OSSL_PARAM_construct_end()};
    // A null key tells EVP_MAC_init to reuse a previous key, so an empty key
    // still needs a valid pointer.
    static const uint8_t kNoKey = 0;
    const uint8_t* keyPointer = keyLength > 0 ? key : &kNoKey;
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    size_t outLength = 0;
    if (EVP_MAC_init(ctx.get(), keyPointer, keyLength, params) != 1
        || (length > 0 && EVP_MAC_update(ctx.get(), data, length) != 1)
        || EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1)
    {
        return {};
    }
    out.resize(outLength);
    return out;
}

Error
ValidateSecretLength(const Key& key)
{
    const std::string prefix = ToString(key.algorithm) + " key " + std::to_string(key.id);
    if (key.secret.empty())
    {
        return prefix + " has an empty secret (accepted: 1 or more bytes)";
    }
    size_t required = 0;
    if (key.algorithm == MacAlgorithm::AesCmac128)
    {
        required = kAes128KeyLength;
    }
    else if (key.algorithm == MacAlgorithm::AesCmac256)
    {
        required = kAes256KeyLength;
    }
    if (required != 0 && key.secret.size() != required)
    {
        return prefix + " must be exactly " + std::to_string(required) + " bytes, got "
             + std::to_string(key.secret.size());
    }
    return std::nullopt;
}

} // namespace

std::string
ToString(MacAlgorithm algorithm)
{
    switch (algorithm)
    {
    case MacAlgorithm::Md5:
        return "md5";
    case MacAlgorithm::Sha1:
        return "sha1";
    case MacAlgorithm::Sha256:
        return "sha256";
    case MacAlgorithm::HmacSha256:
        return "hmac-sha256";
    case MacAlgorithm::AesCmac128:
        return "aes-128-cmac";
    case MacAlgorithm::AesCmac256:
        return "aes-256-cmac";
    }
    return "unknown";
}

std::optional<MacAlgorithm>
ParseMacAlgorithm(const std::string& name)
{
    const std::string lower = ToLower(name);
    for (const auto& alias : kAliases)
    {
        if (lower == alias.name)
        {
            return alias.algorithm;
        }
    }
    return std::nullopt;
}

std::string
AcceptedMacAlgorithmNames()
{
    return "md5, sha1, sha256, hmac-sha256, aes-128-cmac, aes-256-cmac "
           "(aliases: M, AES128, AES128CMAC, AES256, AES256CMAC; case-insensitive)";
}

bool
IsWeak(MacAlgorithm algorithm)
{
    return algorithm == MacAlgorithm::Md5 || algorithm == MacAlgorithm::Sha1;
}

size_t
DigestLength(const Key& key, uint8_t version)
{
    switch (key.algorithm)
    {
    case MacAlgorithm::Md5:
        return kMd5Length;
    case MacAlgorithm::Sha1:
        return kShaWireLength;
    case MacAlgorithm::Sha256:
        // NTPv3 has no extension fields, so nothing forces the 20-byte
        // truncation: chrony sends the whole 32-byte digest there.
        return version < 4 ? kSha256FullLength : kShaWireLength;
    case MacAlgorithm::HmacSha256:
        return key.hmacLength;
    case MacAlgorithm::AesCmac128:
    case MacAlgorithm::AesCmac256:
        return kCmacLength;
    }
    return 0;
}

Error
ValidateKey(const Key& key)
{
    if (key.id == 0)
    {
        return std::string("key id 0 is out of range (accepted: 1..4294967295)");
    }
    if (ToString(key.algorithm) == "unknown")
    {
        return "key " + std::to_string(key.id)
             + " has an unknown algorithm (accepted: " + AcceptedMacAlgorithmNames() + ")";
    }
    if (Error error = ValidateSecretLength(key))
    {
        return error;
    }
    // hmacLength only shapes hmac-sha256 output; other algorithms ignore it.
    if (key.algorithm == MacAlgorithm::HmacSha256 && key.hmacLength != 16 && key.hmacLength != 20)
    {
        return "hmac-sha256 key " + std::to_string(key.id)
             + " output length must be 16 or 20 bytes, got " + std::to_string(key.hmacLength);
    }
    return std::nullopt;
}

/// What a KeyedMac holds: the key, and either a keyed EVP_MAC context
/// (hmac-sha256, AES-CMAC) or the digest and a reusable digest context for
/// ntpd's H(secret || packet).
struct KeyedMac::Impl
{
    Key key;
    MacCtxPtr mac;
    const EVP_MD* md{nullptr};
    MdCtxPtr digest;

    /// The untruncated output of the key's primitive; its length, 0 on failure.
    size_t Raw(const uint8_t* data, size_t length, uint8_t* out) const
    {
        if (mac)
        {
            // A null key reinitialises the context with the key it holds:
            // HMAC restarts from its precomputed pads, CMAC from its subkeys.
            size_t outLength = 0;
            if (EVP_MAC_init(mac.get(), nullptr, 0, nullptr) != 1
                || (length > 0 && EVP_MAC_update(mac.get(), data, length) != 1)
                || EVP_MAC_final(mac.get(), out, &outLength, kMaxDigestLength) != 1)
            {
                return 0;
            }
            return outLength;
        }
        unsigned int outLength = 0;
        if (EVP_DigestInit_ex2(digest.get(), md, nullptr) != 1
            || EVP_DigestUpdate(digest.get(), key.secret.data(), key.secret.size()) != 1
            || (length > 0 && EVP_DigestUpdate(digest.get(), data, length) != 1)
            || EVP_DigestFinal_ex(digest.get(), out, &outLength) != 1)
        {
            return 0;
        }
        return outLength;
    }
};

KeyedMac::KeyedMac(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

KeyedMac::~KeyedMac() = default;

std::unique_ptr<KeyedMac>
KeyedMac::Create(const Key& key)
{
    if (ValidateKey(key))
    {
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->key = key;
    const char* digestName = nullptr;
    const char* macName = nullptr;
    const char* paramName = nullptr;
    const char* paramValue = nullptr;
    switch (key.algorithm)
    {
    case MacAlgorithm::Md5:
        digestName = "MD5";
        break;
    case MacAlgorithm::Sha1:
        digestName = "SHA1";
        break;
    case MacAlgorithm::Sha256:
        digestName = "SHA256";
        break;
    case MacAlgorithm::HmacSha256:
        macName = OSSL_MAC_NAME_HMAC;
        paramName = OSSL_MAC_PARAM_DIGEST;
        paramValue = "SHA256";
        break;
    case MacAlgorithm::AesCmac128:
        macName = OSSL_MAC_NAME_CMAC;
        paramName = OSSL_MAC_PARAM_CIPHER;
        paramValue = "AES-128-CBC";
        break;
    case MacAlgorithm::AesCmac256:
        macName = OSSL_MAC_NAME_CMAC;
        paramName = OSSL_MAC_PARAM_CIPHER;
        paramValue = "AES-256-CBC";
        break;
    }
    if (digestName)
    {
        impl->md = FetchDigest(digestName);
        impl->digest.reset(EVP_MD_CTX_new());
        if (!impl->md || !impl->digest)
        {
            return nullptr;
        }
    }
    else
    {
        EVP_MAC* mac = FetchMac(macName);
        impl->mac.reset(mac ? EVP_MAC_CTX_new(mac) : nullptr);
        std::string value(paramValue);
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(paramName, value.data(), 0),
                               OSSL_PARAM_construct_end()};
        // The only time the digest or cipher is looked up by name.
        if (!impl->mac
            || EVP_MAC_init(impl->mac.get(), key.secret.data(), key.secret.size(), params) != 1)
        {
            return nullptr;
        }
    }
    return std::unique_ptr<KeyedMac>(new KeyedMac(std::move(impl)));
}

size_t
KeyedMac::Compute(const uint8_t* data, size_t length, uint8_t version, uint8_t* out) const
{
    const size_t wanted = DigestLength(m_impl->key, version);
    const size_t produced = m_impl->Raw(data, length, out);
    // Truncation (sha1, sha256 in NTPv4, hmac-sha256) keeps the first bytes.
    return produced >= wanted ? wanted : 0;
}

bool
KeyedMac::Verify(const uint8_t* data, size_t length, const uint8_t* digest,
                 size_t digestLength) const
{
    // NTPv4 digests and (for sha256) the full NTPv3 digest are both accepted:
    // the decoder already allows the longer form only in NTPv3 packets.
    const bool fullSha256
        = m_impl->key.algorithm == MacAlgorithm::Sha256 && digestLength == kSha256FullLength;
    uint8_t expected[kMaxDigestLength];
    const size_t expectedLength = Compute(data, length, fullSha256 ? 3 : 4, expected);
    // The length is public (it is the packet size), so an early exit leaks nothing.
    if (expectedLength == 0 || digest == nullptr || digestLength != expectedLength)
    {
        return false;
    }
    return CRYPTO_memcmp(expected, digest, expectedLength) == 0;
}

std::vector<uint8_t>
ComputeDigest(const Key& key, const uint8_t* data, size_t length, uint8_t version)
{
    // Refusing invalid keys here means a bad key can never verify anything.
    const std::unique_ptr<KeyedMac> mac = KeyedMac::Create(key);
    if (!mac)
    {
        return {};
    }
    uint8_t out[kMaxDigestLength];
    const size_t produced = mac->Compute(data, length, version, out);
    return std::vector<uint8_t>(out, out + produced);
}

bool
VerifyDigest(const Key& key, const uint8_t* data, size_t length, const uint8_t* digest,
             size_t digestLength)
{
    const std::unique_ptr<KeyedMac> mac = KeyedMac::Create(key);
    return mac && mac->Verify(data, length, digest, digestLength);
}

std::vector<uint8_t>
HmacSha256Full(const uint8_t* key, size_t keyLen, const uint8_t* data, size_t length)
{
    return ComputeMac(OSSL_MAC_NAME_HMAC, OSSL_MAC_PARAM_DIGEST, "SHA256", key, keyLen, data,
                      length);
}

Error
KeyStore::Add(const Key& key)
{
    if (Error error = ValidateKey(key))
    {
        return error;
    }
    std::shared_ptr<const KeyedMac> mac = KeyedMac::Create(key);
    if (!mac)
    {
        return ToString(key.algorithm) + " key " + std::to_string(key.id)
             + ": OpenSSL cannot set up the algorithm";
    }
    m_keys[key.id] = Entry{key, std::move(mac)};
    return std::nullopt;
}

bool
KeyStore::Remove(uint32_t id)
{
    return m_keys.erase(id) > 0;
}

const Key*
KeyStore::Find(uint32_t id) const
{
    auto it = m_keys.find(id);
    return it == m_keys.end() ? nullptr : &it->second.key;
}

std::pair<const Key*, const KeyedMac*>
KeyStore::Lookup(uint32_t id) const
{
    auto it = m_keys.find(id);
    if (it == m_keys.end())
    {
        return {nullptr, nullptr};
    }
    return {&it->second.key, it->second.mac.get()};
}

const KeyedMac*
KeyStore::FindMac(uint32_t id) const
{
    auto it = m_keys.find(id);
    return it == m_keys.end() ? nullptr : it->second.mac.get();
}

bool
KeyStore::SetTrusted(uint32_t id, bool trusted)
{
    auto it = m_keys.find(id);
    if (it == m_keys.end())
    {
        return false;
    }
    it->second.key.trusted = trusted;
    return true;
}

bool
KeyStore::IsTrusted(uint32_t id) const
{
    const Key* key = Find(id);
    return key != nullptr && key->trusted;
}

} // namespace ntp
