/*
 * The model's cipher form of key passwords (see ntp-cipher.h for the form
 * and why it is built this way). HMAC-SHA256 comes from the core's
 * authentication code (OpenSSL underneath).
 */
#include "ntp-cipher.h"

#include "ntp-auth.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ns3
{

const char* const kNtpCipherPrefix = "$npc1$";

namespace
{

constexpr size_t kTagLength = 16;
constexpr size_t kMaxPasswordLength = 255;
constexpr char kTagKey[] = "ntp-peer cipher v1 tag";
constexpr char kStreamKey[] = "ntp-peer cipher v1 stream";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

using Bytes = std::vector<uint8_t>;

Bytes
Hmac(const char* key, const Bytes& data)
{
    const std::string keyText(key);
    return ntp::HmacSha256Full(reinterpret_cast<const uint8_t*>(keyText.data()), keyText.size(),
                               data.data(), data.size());
}

Bytes
Tag(const Bytes& password)
{
    Bytes tag = Hmac(kTagKey, password);
    tag.resize(kTagLength);
    return tag;
}

/// XORs `data` with the keystream the tag selects (encrypts and decrypts).
void
ApplyKeystream(const Bytes& tag, Bytes& data)
{
    Bytes counterInput(tag);
    counterInput.resize(kTagLength + 4);
    for (size_t offset = 0; offset < data.size(); offset += 32)
    {
        const uint32_t block = static_cast<uint32_t>(offset / 32);
        for (int i = 0; i < 4; ++i)
        {
            counterInput[kTagLength + i] = static_cast<uint8_t>(block >> (24 - 8 * i));
        }
        const Bytes stream = Hmac(kStreamKey, counterInput);
        for (size_t i = 0; i < 32 && offset + i < data.size(); ++i)
        {
            data[offset + i] ^= stream[i];
        }
    }
}

std::string
EncodeBase64Url(const Bytes& data)
{
    std::string text;
    uint32_t buffer = 0;
    int bits = 0;
    for (uint8_t byte : data)
    {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6)
        {
            bits -= 6;
            text += kBase64Url[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0)
    {
        text += kBase64Url[(buffer << (6 - bits)) & 0x3f];
    }
    return text;
}

/// Strict: only the base64url alphabet, no padding, and the encoding must be
/// the canonical one (unused low bits zero), else a changed last character
/// could decode to the same bytes.
std::optional<Bytes>
DecodeBase64Url(const std::string& text)
{
    Bytes data;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text)
    {
        const char* found = c == '\0' ? nullptr : std::strchr(kBase64Url, c);
        if (found == nullptr)
        {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<uint32_t>(found - kBase64Url);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            data.push_back(static_cast<uint8_t>(buffer >> bits));
        }
    }
    if (EncodeBase64Url(data) != text)
    {
        return std::nullopt;
    }
    return data;
}

std::optional<std::string>
Refuse(std::string* error, const std::string& why)
{
    if (error != nullptr)
    {
        *error = "cannot decode the cipher password: " + why + " (expected this model's form "
               + kNtpCipherPrefix
               + "...; a real vendor's cipher text cannot be decrypted here: configure the "
                 "plaintext password instead)";
    }
    return std::nullopt;
}

bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool
LooksLikeCiscoType7(const std::string& text)
{
    // Two decimal digits (the salt index, 00..15) and hex pairs.
    if (text.size() < 4 || text.size() % 2 != 0
        || !std::isdigit(static_cast<unsigned char>(text[0]))
        || !std::isdigit(static_cast<unsigned char>(text[1])))
    {
        return false;
    }
    for (char c : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

} // namespace

std::string
NtpCipherVendorForm(const std::string& text)
{
    for (const char* delimiter : {"%^%#", "%$%$", "%@%@", "%#%#"})
    {
        if (StartsWith(text, delimiter))
        {
            return std::string("a Huawei VRP cipher (") + delimiter + "..." + delimiter + ")";
        }
    }
    if (StartsWith(text, "$c$"))
    {
        return "an H3C Comware cipher ($c$...)";
    }
    if (StartsWith(text, "$9$"))
    {
        return "a Juniper $9$ (or Cisco type 9) secret";
    }
    if (StartsWith(text, "$8$") || StartsWith(text, "$6$") || StartsWith(text, "$5$")
        || StartsWith(text, "$1$"))
    {
        return "a crypt-style password hash ($N$...), which is one-way";
    }
    if (LooksLikeCiscoType7(text))
    {
        return "a Cisco type 7 cipher (hex digits)";
    }
    return {};
}

std::string
NtpCipherEncode(const std::string& password)
{
    Bytes body(password.begin(), password.end());
    const Bytes tag = Tag(body);
    ApplyKeystream(tag, body);
    Bytes payload(tag);
    payload.insert(payload.end(), body.begin(), body.end());
    return kNtpCipherPrefix + EncodeBase64Url(payload);
}

std::optional<std::string>
NtpCipherDecode(const std::string& text, std::string* error)
{
    if (!StartsWith(text, kNtpCipherPrefix))
    {
        const std::string vendor = NtpCipherVendorForm(text);
        return Refuse(error, vendor.empty()
                                 ? "the text does not start with " + std::string(kNtpCipherPrefix)
                                 : "the text looks like " + vendor);
    }
    const std::string encoded = text.substr(std::string(kNtpCipherPrefix).size());
    const std::optional<Bytes> payload = DecodeBase64Url(encoded);
    if (!payload)
    {
        return Refuse(error, "the text after " + std::string(kNtpCipherPrefix)
                                 + " is not canonical unpadded base64url (A-Z a-z 0-9 - _)");
    }
    if (payload->size() <= kTagLength || payload->size() > kTagLength + kMaxPasswordLength)
    {
        return Refuse(error, "the text holds " + std::to_string(payload->size())
                                 + " bytes, not a checksum and a password of 1..255 characters");
    }
    const Bytes tag(payload->begin(), payload->begin() + kTagLength);
    Bytes body(payload->begin() + kTagLength, payload->end());
    ApplyKeystream(tag, body);
    // Not constant-time: the password is recovered here anyway, there is no
    // secret for a timing difference to leak.
    if (Tag(body) != tag)
    {
        return Refuse(error, "the checksum does not match (the text was changed or cut)");
    }
    return std::string(body.begin(), body.end());
}

} // namespace ns3
