#include "ntp-auth.h"

#include "ntp-openssl.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace ntp
{

namespace
{

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
    // OpenSSL's own HMAC (EVP_MAC), which the tests hold KeyedMac's
    // construction against; the router's cipher uses it too. Fetched once (a
    // lock and a property query), kept until exit and destroyed before
    // OpenSSL's own cleanup, which was registered first.
    static const MacPtr kHmac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    MacCtxPtr ctx(kHmac ? EVP_MAC_CTX_new(kHmac.get()) : nullptr);
    if (!ctx)
    {
        return {};
    }
    char digestName[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
                           OSSL_PARAM_construct_end()};
    // A null key tells EVP_MAC_init to reuse a previous key, so an empty key
    // still needs a valid pointer.
    static const uint8_t kNoKey = 0;
    const uint8_t* keyPointer = keyLen > 0 ? key : &kNoKey;
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    size_t outLength = 0;
    if (EVP_MAC_init(ctx.get(), keyPointer, keyLen, params) != 1
        || (length > 0 && EVP_MAC_update(ctx.get(), data, length) != 1)
        || EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1)
    {
        return {};
    }
    out.resize(outLength);
    return out;
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
