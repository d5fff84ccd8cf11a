#include "ntp-packet.h"

namespace ntp
{

namespace
{

uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

Timestamp
ReadTimestamp(const uint8_t* p)
{
    return Timestamp::FromParts(ReadU32(p), ReadU32(p + 4));
}

void
WriteU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

void
WriteTimestamp(uint8_t* p, Timestamp t)
{
    WriteU32(p, t.Seconds());
    WriteU32(p + 4, t.Fraction());
}

void
PutU32(std::vector<uint8_t>& out, uint32_t v)
{
    uint8_t bytes[4];
    WriteU32(bytes, v);
    out.insert(out.end(), bytes, bytes + 4);
}

DecodeResult
Refuse(DecodeError error, std::string detail)
{
    DecodeResult r;
    r.error = error;
    r.detail = std::move(detail);
    return r;
}

// Lengths of a MAC trailer (key id + digest) that RFC 7822 section 7.5 says a
// receiver must read as a MAC rather than an extension field: 16-byte
// (MD5/CMAC) and 20-byte (truncated SHA) digests.
bool
IsMacTrailerLength(size_t remaining)
{
    return remaining == 20 || remaining == 24;
}

Header
DecodeHeader(const uint8_t* d)
{
    Header h;
    h.leap = static_cast<Leap>(d[0] >> 6);
    h.version = (d[0] >> 3) & 0x7;
    h.mode = static_cast<Mode>(d[0] & 0x7);
    h.stratum = d[1];
    h.poll = static_cast<int8_t>(d[2]);
    h.precision = static_cast<int8_t>(d[3]);
    h.rootDelay = ReadU32(d + 4);
    h.rootDispersion = ReadU32(d + 8);
    h.refid = ReadU32(d + 12);
    h.reference = ReadTimestamp(d + 16);
    h.origin = ReadTimestamp(d + 24);
    h.receive = ReadTimestamp(d + 32);
    h.transmit = ReadTimestamp(d + 40);
    return h;
}

} // namespace

std::string
ToString(Mode mode)
{
    switch (mode)
    {
    case Mode::Reserved:
        return "reserved";
    case Mode::SymmetricActive:
        return "symmetric-active";
    case Mode::SymmetricPassive:
        return "symmetric-passive";
    case Mode::Client:
        return "client";
    case Mode::Server:
        return "server";
    case Mode::Broadcast:
        return "broadcast";
    case Mode::Control:
        return "control";
    case Mode::Private:
        return "private";
    }
    return "unknown";
}

std::string
Header::KissCode() const
{
    if (stratum != 0)
    {
        return {};
    }
    std::string code;
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        const char c = static_cast<char>((refid >> shift) & 0xff);
        if (c == '\0')
        {
            break;
        }
        code.push_back(c);
    }
    return code;
}

std::string
ToString(DecodeError error)
{
    switch (error)
    {
    case DecodeError::None:
        return "ok";
    case DecodeError::TooShort:
        return "too-short";
    case DecodeError::BadLength:
        return "bad-length";
    case DecodeError::BadVersion:
        return "bad-version";
    case DecodeError::BadMode:
        return "bad-mode";
    case DecodeError::BadStratum:
        return "bad-stratum";
    case DecodeError::BadExtension:
        return "bad-extension";
    case DecodeError::BadMacLength:
        return "bad-mac-length";
    }
    return "unknown";
}

DecodeResult
Decode(const uint8_t* data, size_t length)
{
    if (length < kHeaderLength)
    {
        return Refuse(DecodeError::TooShort,
                      std::to_string(length) + " bytes, the header alone is 48");
    }
    if (length % 4 != 0)
    {
        return Refuse(DecodeError::BadLength,
                      std::to_string(length) + " bytes is not a multiple of 4");
    }
    Packet p;
    p.header = DecodeHeader(data);
    const Header& h = p.header;
    if (h.version < 1 || h.version > 4)
    {
        return Refuse(DecodeError::BadVersion,
                      "version " + std::to_string(h.version) + " (accepted: 1..4)");
    }
    if (h.mode == Mode::Reserved || h.mode == Mode::Control || h.mode == Mode::Private)
    {
        return Refuse(DecodeError::BadMode,
                      "mode " + std::to_string(static_cast<int>(h.mode)) + " (accepted: 1..5)");
    }
    if (h.stratum > kMaxStratum)
    {
        return Refuse(DecodeError::BadStratum,
                      "stratum " + std::to_string(h.stratum) + " is reserved (accepted: 0..16)");
    }

    size_t offset = kHeaderLength;
    // Extension fields exist only in NTPv4 (RFC 7822); before that anything
    // after the header is a MAC, and NTPv3 digests may be longer than 20 bytes.
    while (h.version == 4 && length - offset > 4 && !IsMacTrailerLength(length - offset))
    {
        const size_t remaining = length - offset;
        const uint16_t type = ReadU16(data + offset);
        const uint16_t fieldLength = ReadU16(data + offset + 2);
        if (remaining < 16 || fieldLength < 16 || fieldLength % 4 != 0 || fieldLength > remaining)
        {
            return Refuse(DecodeError::BadExtension,
                          "extension field at byte " + std::to_string(offset) + " has length "
                              + std::to_string(fieldLength) + " with " + std::to_string(remaining)
                              + " bytes left (accepted: multiple of 4, at least 16)");
        }
        ExtensionField field;
        field.type = type;
        field.value.assign(data + offset + 4, data + offset + fieldLength);
        p.extensions.push_back(std::move(field));
        offset += fieldLength;
    }
    p.authenticatedLength = offset;

    const size_t trailer = length - offset;
    if (trailer == 0)
    {
        p.macKind = MacKind::None;
    }
    else if (trailer == 4)
    {
        p.keyId = ReadU32(data + offset);
        if (p.keyId != 0)
        {
            return Refuse(DecodeError::BadMacLength, "4-byte trailer with key id "
                                                         + std::to_string(p.keyId)
                                                         + " (a crypto-NAK has key id 0)");
        }
        p.macKind = MacKind::CryptoNak;
    }
    else if (IsMacTrailerLength(trailer) || (h.version < 4 && trailer > 4 && trailer <= 68))
    {
        p.macKind = MacKind::Digest;
        p.keyId = ReadU32(data + offset);
        p.digest.assign(data + offset + 4, data + length);
    }
    else
    {
        return Refuse(DecodeError::BadMacLength,
                      std::to_string(trailer)
                          + "-byte trailer (accepted: 4 for a crypto-NAK, 20 or 24 for a MAC)");
    }
    DecodeResult r;
    r.packet = std::move(p);
    return r;
}

std::vector<uint8_t>
EncodeHeader(const Header& h)
{
    std::vector<uint8_t> out;
    // Room for a MAC trailer (key id and up to a whole SHA-256 digest).
    out.reserve(kHeaderLength + 4 + 32);
    EncodeHeader(h, out);
    return out;
}

void
EncodeHeader(const Header& h, std::vector<uint8_t>& out)
{
    out.resize(kHeaderLength);
    uint8_t* p = out.data();
    p[0] = static_cast<uint8_t>((static_cast<uint8_t>(h.leap) << 6) | ((h.version & 0x7) << 3)
                                | (static_cast<uint8_t>(h.mode) & 0x7));
    p[1] = h.stratum;
    p[2] = static_cast<uint8_t>(h.poll);
    p[3] = static_cast<uint8_t>(h.precision);
    WriteU32(p + 4, h.rootDelay);
    WriteU32(p + 8, h.rootDispersion);
    WriteU32(p + 12, h.refid);
    WriteTimestamp(p + 16, h.reference);
    WriteTimestamp(p + 24, h.origin);
    WriteTimestamp(p + 32, h.receive);
    WriteTimestamp(p + 40, h.transmit);
}

std::vector<uint8_t>
EncodeUnauthenticated(const Header& header, const std::vector<ExtensionField>& extensions)
{
    std::vector<uint8_t> out = EncodeHeader(header);
    for (const ExtensionField& field : extensions)
    {
        size_t bodyLength = (field.value.size() + 3) / 4 * 4;
        if (bodyLength < 12)
        {
            bodyLength = 12; // RFC 7822: a field is at least 16 bytes
        }
        const size_t total = 4 + bodyLength;
        out.push_back(static_cast<uint8_t>(field.type >> 8));
        out.push_back(static_cast<uint8_t>(field.type));
        out.push_back(static_cast<uint8_t>(total >> 8));
        out.push_back(static_cast<uint8_t>(total));
        out.insert(out.end(), field.value.begin(), field.value.end());
        out.resize(out.size() + (bodyLength - field.value.size()), 0);
    }
    return out;
}

void
AppendMac(std::vector<uint8_t>& bytes, uint32_t keyId, const std::vector<uint8_t>& digest)
{
    AppendMac(bytes, keyId, digest.data(), digest.size());
}

void
AppendMac(std::vector<uint8_t>& bytes, uint32_t keyId, const uint8_t* digest, size_t length)
{
    PutU32(bytes, keyId);
    bytes.insert(bytes.end(), digest, digest + length);
}

void
AppendCryptoNak(std::vector<uint8_t>& bytes)
{
    PutU32(bytes, 0);
}

} // namespace ntp
