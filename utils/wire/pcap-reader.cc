#include "pcap-reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

namespace ntp::wire
{

namespace
{

// Link types (tcpdump.org/linktypes.html).
constexpr uint32_t kLinkNull = 0; // BSD loopback: 4-byte address family, host order
constexpr uint32_t kLinkEthernet = 1;
constexpr uint32_t kLinkPpp = 9;      // ns-3's point-to-point links write this
constexpr uint32_t kLinkPppHdlc = 50; // PPP in HDLC-like framing (RFC 1662)
constexpr uint32_t kLinkRawBsd = 12;  // DLT_RAW on some BSDs
constexpr uint32_t kLinkRawOpenBsd = 14;
constexpr uint32_t kLinkRaw = 101;
constexpr uint32_t kLinkLinuxSll = 113;
constexpr uint32_t kLinkIpv4 = 228;
constexpr uint32_t kLinkIpv6 = 229;
constexpr uint32_t kLinkLinuxSll2 = 276;

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint8_t kProtoUdp = 17;

// A frame larger than this is a damaged file, not a packet (pcap's own cap).
constexpr uint32_t kMaxFrame = 262144;

uint16_t
Be16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
Be32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

/// Reads integers of the file's byte order.
struct Endian
{
    bool big{false};

    uint16_t U16(const uint8_t* p) const
    {
        return big ? Be16(p) : static_cast<uint16_t>(p[0] | (p[1] << 8));
    }

    uint32_t U32(const uint8_t* p) const
    {
        return big ? Be32(p)
                   : (uint32_t(p[3]) << 24) | (uint32_t(p[2]) << 16) | (uint32_t(p[1]) << 8) | p[0];
    }
};

bool
ExtractFromIp(const uint8_t* data, size_t length, CapturedDatagram& out)
{
    if (length < 1)
    {
        return false;
    }
    const int version = data[0] >> 4;
    const uint8_t* udp = nullptr;
    size_t available = 0;
    if (version == 4)
    {
        if (length < 20)
        {
            return false;
        }
        const size_t headerLength = (data[0] & 0x0f) * 4u;
        const size_t totalLength = Be16(data + 2);
        const uint16_t fragment = Be16(data + 6);
        // A fragment (more-fragments flag or an offset) is not a whole datagram.
        if (headerLength < 20 || headerLength > length || (fragment & 0x3fff) != 0
            || data[9] != kProtoUdp)
        {
            return false;
        }
        out.from.address = IpAddress::V4(Be32(data + 12));
        out.to.address = IpAddress::V4(Be32(data + 16));
        const size_t end = std::min(length, std::max(totalLength, headerLength));
        udp = data + headerLength;
        available = end - headerLength;
    }
    else if (version == 6)
    {
        if (length < 40)
        {
            return false;
        }
        std::array<uint8_t, 16> source{};
        std::array<uint8_t, 16> destination{};
        std::memcpy(source.data(), data + 8, 16);
        std::memcpy(destination.data(), data + 24, 16);
        out.from.address = IpAddress::V6(source);
        out.to.address = IpAddress::V6(destination);
        uint8_t next = data[6];
        size_t offset = 40;
        // Hop-by-hop, routing and destination options headers; at most a few.
        for (int i = 0; i < 8 && (next == 0 || next == 43 || next == 60); ++i)
        {
            if (offset + 8 > length)
            {
                return false;
            }
            const size_t extensionLength = (data[offset + 1] + 1u) * 8u;
            next = data[offset];
            offset += extensionLength;
        }
        if (next != kProtoUdp || offset > length)
        {
            return false; // fragments (44) included: not a whole datagram
        }
        const size_t payloadEnd = std::min(length, size_t{40} + Be16(data + 4));
        if (payloadEnd < offset)
        {
            return false;
        }
        udp = data + offset;
        available = payloadEnd - offset;
    }
    else
    {
        return false;
    }
    if (available < 8)
    {
        return false;
    }
    const size_t udpLength = Be16(udp + 4);
    if (udpLength < 8 || udpLength > available)
    {
        return false; // truncated by the snap length or damaged
    }
    out.from.port = Be16(udp);
    out.to.port = Be16(udp + 2);
    out.payload.assign(udp + 8, udp + udpLength);
    return true;
}

bool
ExtractFromEthertype(uint16_t type, const uint8_t* data, size_t length, CapturedDatagram& out)
{
    if (type != kEtherIpv4 && type != kEtherIpv6)
    {
        return false;
    }
    return ExtractFromIp(data, length, out);
}

void
AddFrame(uint32_t linkType, double time, const uint8_t* data, size_t length,
         CaptureContents& contents)
{
    ++contents.frames;
    CapturedDatagram datagram;
    datagram.frame = contents.frames;
    datagram.time = time;
    if (ExtractUdp(linkType, data, length, datagram))
    {
        contents.datagrams.push_back(std::move(datagram));
    }
    else
    {
        ++contents.skipped;
    }
}

void
ParseClassic(const std::vector<uint8_t>& file, CaptureContents& contents)
{
    const uint8_t* d = file.data();
    const uint32_t magicLe = d[0] | (d[1] << 8) | (d[2] << 16) | (uint32_t(d[3]) << 24);
    Endian e;
    bool nanoseconds = false;
    switch (magicLe)
    {
    case 0xa1b2c3d4:
        break;
    case 0xa1b23c4d:
        nanoseconds = true;
        break;
    case 0xd4c3b2a1:
        e.big = true;
        break;
    case 0x4d3cb2a1:
        e.big = true;
        nanoseconds = true;
        break;
    }
    if (file.size() < 24)
    {
        contents.error = std::string("pcap file header is truncated");
        return;
    }
    // The link type's low 16 bits; the upper bits may carry FCS flags.
    const uint32_t linkType = e.U32(d + 20) & 0xffff;
    size_t offset = 24;
    while (offset < file.size())
    {
        if (file.size() - offset < 16)
        {
            contents.error = "record header at byte " + std::to_string(offset) + " is truncated";
            return;
        }
        const uint32_t seconds = e.U32(d + offset);
        const uint32_t fraction = e.U32(d + offset + 4);
        const uint32_t captured = e.U32(d + offset + 8);
        offset += 16;
        if (captured > kMaxFrame || captured > file.size() - offset)
        {
            contents.error = "record at byte " + std::to_string(offset - 16) + " claims "
                           + std::to_string(captured) + " bytes, past the end of the file";
            return;
        }
        const double time = seconds + fraction * (nanoseconds ? 1e-9 : 1e-6);
        AddFrame(linkType, time, d + offset, captured, contents);
        offset += captured;
    }
}

void
ParsePcapng(const std::vector<uint8_t>& file, CaptureContents& contents)
{
    const uint8_t* d = file.data();
    Endian e;
    struct Interface
    {
        uint32_t linkType;
        double unitsPerSecond;
    };

    std::vector<Interface> interfaces;
    size_t offset = 0;
    while (offset < file.size())
    {
        if (file.size() - offset < 12)
        {
            contents.error = "pcapng block at byte " + std::to_string(offset) + " is truncated";
            return;
        }
        const uint8_t* block = d + offset;
        uint32_t type = e.U32(block);
        if (type == 0x0a0d0d0a)
        {
            // Section header: its byte-order magic sets the endianness of the section.
            if (file.size() - offset < 28)
            {
                contents.error = std::string("pcapng section header is truncated");
                return;
            }
            e.big = Be32(block + 8) == 0x1a2b3c4d;
            interfaces.clear();
        }
        const uint32_t length = e.U32(block + 4);
        if (length < 12 || length % 4 != 0 || length > file.size() - offset)
        {
            contents.error = "pcapng block at byte " + std::to_string(offset) + " has a bad length "
                           + std::to_string(length);
            return;
        }
        const uint8_t* body = block + 8;
        const size_t bodyLength = length - 12;
        if (type == 1 && bodyLength >= 8)
        {
            Interface interface {
                e.U16(body), 1e6
            };
            // Options: if_tsresol (9) changes the timestamp unit.
            size_t option = 8;
            while (option + 4 <= bodyLength)
            {
                const uint16_t code = e.U16(body + option);
                const uint16_t optionLength = e.U16(body + option + 2);
                if (code == 0 || option + 4 + optionLength > bodyLength)
                {
                    break;
                }
                if (code == 9 && optionLength >= 1)
                {
                    const uint8_t resolution = body[option + 4];
                    const int exponent = resolution & 0x7f;
                    if (exponent <= 30)
                    {
                        interface.unitsPerSecond = (resolution & 0x80)
                                                     ? static_cast<double>(1u << exponent)
                                                     : std::pow(10.0, exponent);
                    }
                }
                option += 4 + ((optionLength + 3u) & ~3u);
            }
            interfaces.push_back(interface);
        }
        else if (type == 6 && bodyLength >= 20)
        {
            const uint32_t id = e.U32(body);
            const uint64_t stamp = (uint64_t(e.U32(body + 4)) << 32) | e.U32(body + 8);
            const uint32_t captured = e.U32(body + 12);
            if (id < interfaces.size() && captured <= bodyLength - 20)
            {
                AddFrame(interfaces[id].linkType, stamp / interfaces[id].unitsPerSecond, body + 20,
                         captured, contents);
            }
            else
            {
                ++contents.frames;
                ++contents.skipped;
            }
        }
        else if (type == 3 && bodyLength >= 4)
        {
            // Simple packet block: interface 0, no timestamp.
            const uint32_t original = e.U32(body);
            const size_t captured = std::min<size_t>(original, bodyLength - 4);
            if (!interfaces.empty())
            {
                AddFrame(interfaces[0].linkType, 0, body + 4, captured, contents);
            }
            else
            {
                ++contents.frames;
                ++contents.skipped;
            }
        }
        offset += length;
    }
}

} // namespace

bool
ExtractUdp(uint32_t linkType, const uint8_t* data, size_t length, CapturedDatagram& out)
{
    switch (linkType)
    {
    case kLinkEthernet:
    {
        if (length < 14)
        {
            return false;
        }
        size_t offset = 12;
        uint16_t type = Be16(data + offset);
        // Up to two VLAN tags (802.1Q, QinQ).
        for (int i = 0; i < 2 && (type == kEtherVlan || type == kEtherQinQ); ++i)
        {
            offset += 4;
            if (offset + 2 > length)
            {
                return false;
            }
            type = Be16(data + offset);
        }
        offset += 2;
        return ExtractFromEthertype(type, data + offset, length - offset, out);
    }
    case kLinkLinuxSll:
        return length >= 16 && ExtractFromEthertype(Be16(data + 14), data + 16, length - 16, out);
    case kLinkLinuxSll2:
        return length >= 20 && ExtractFromEthertype(Be16(data), data + 20, length - 20, out);
    case kLinkPpp:
    case kLinkPppHdlc:
    {
        // RFC 1661: an optional address/control pair (0xff 0x03), then the
        // protocol: 0x0021 IPv4, 0x0057 IPv6.
        size_t offset = length >= 2 && data[0] == 0xff && data[1] == 0x03 ? 2 : 0;
        if (offset + 2 > length)
        {
            return false;
        }
        const uint16_t protocol = Be16(data + offset);
        offset += 2;
        return (protocol == 0x0021 || protocol == 0x0057)
            && ExtractFromIp(data + offset, length - offset, out);
    }
    case kLinkNull:
        // The family is in the capturing host's byte order; IP's version nibble decides.
        return length >= 4 && ExtractFromIp(data + 4, length - 4, out);
    case kLinkRaw:
    case kLinkRawBsd:
    case kLinkRawOpenBsd:
    case kLinkIpv4:
    case kLinkIpv6:
        return ExtractFromIp(data, length, out);
    }
    return false;
}

CaptureContents
ParseCapture(const std::vector<uint8_t>& file)
{
    CaptureContents contents;
    if (file.size() < 4)
    {
        contents.error = std::string("not a capture file (shorter than any header)");
        return contents;
    }
    const uint32_t magic = Be32(file.data());
    switch (magic)
    {
    case 0xa1b2c3d4:
    case 0xd4c3b2a1:
    case 0xa1b23c4d:
    case 0x4d3cb2a1:
        ParseClassic(file, contents);
        break;
    case 0x0a0d0d0a:
        ParsePcapng(file, contents);
        break;
    default:
        contents.error = std::string("not a capture file (accepted: classic pcap or pcapng)");
    }
    return contents;
}

CaptureContents
ReadCapture(const std::string& path)
{
    CaptureContents contents;
    // A directory opens as a stream on Linux and only fails on the first
    // read, which libstdc++ reports by throwing: look before opening.
    struct stat status
    {
    };
    if (::stat(path.c_str(), &status) != 0)
    {
        contents.error = "cannot open " + path + ": " + std::strerror(errno);
        return contents;
    }
    if (S_ISDIR(status.st_mode))
    {
        contents.error = path + " is a directory";
        return contents;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        contents.error = "cannot open " + path + ": " + std::strerror(errno);
        return contents;
    }
    std::vector<uint8_t> bytes;
    try
    {
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    catch (const std::ios_base::failure&)
    {
        contents.error = "cannot read " + path + ": " + std::strerror(errno);
        return contents;
    }
    contents = ParseCapture(bytes);
    if (contents.error)
    {
        contents.error = path + ": " + *contents.error;
    }
    return contents;
}

} // namespace ntp::wire
