#include "pcap-reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <pcap/pcap.h>

namespace ntp::wire
{

namespace
{

// Raw IP as OpenBSD writes it: DLT_RAW there, a value libpcap passes on
// unchanged elsewhere (it maps LINKTYPE_RAW, 101, and 12 to DLT_RAW).
constexpr int kDltRawOpenBsd = 14;

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint8_t kProtoUdp = 17;

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

/// The UDP datagram in one frame of link type `dlt` (pcap_datalink()'s DLT_
/// value, which libpcap maps from the file's LINKTYPE_ value).
bool
ExtractUdp(int dlt, const uint8_t* data, size_t length, CapturedDatagram& out)
{
    switch (dlt)
    {
    case DLT_EN10MB:
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
    case DLT_LINUX_SLL:
        return length >= 16 && ExtractFromEthertype(Be16(data + 14), data + 16, length - 16, out);
    case DLT_LINUX_SLL2:
        return length >= 20 && ExtractFromEthertype(Be16(data), data + 20, length - 20, out);
    case DLT_PPP:
    case DLT_PPP_SERIAL: // PPP in HDLC-like framing (RFC 1662)
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
    case DLT_NULL:
    case DLT_LOOP:
        // The family (host order for NULL, network order for LOOP): IP's version nibble decides. is
        // in the capturing host's byte order; IP's version nibble decides.
        return length >= 4 && ExtractFromIp(data + 4, length - 4, out);
    case DLT_RAW:
    case kDltRawOpenBsd:
    case DLT_IPV4:
    case DLT_IPV6:
        return ExtractFromIp(data, length, out);
    }
    return false;
}

/// Reads the capture open as `file`, which is closed here; `where` starts the errors.
CaptureContents
Read(FILE* file, const std::string& where)
{
    CaptureContents contents;
    char message[PCAP_ERRBUF_SIZE] = "";
    // Nanoseconds: pcap's timestamps are converted to them, whatever the
    // file's resolution (pcapng's if_tsresol included).
    pcap_t* capture
        = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, message);
    if (capture == nullptr)
    {
        std::fclose(file); // libpcap owns it only once it opened
        contents.error = where + "not a capture file (libpcap: " + message + ")";
        return contents;
    }
    const int dlt = pcap_datalink(capture);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int status = 0;
    while ((status = pcap_next_ex(capture, &header, &data)) == 1)
    {
        CapturedDatagram datagram;
        datagram.frame = ++contents.frames;
        datagram.time = static_cast<double>(header->ts.tv_sec) + header->ts.tv_usec * 1e-9;
        if (ExtractUdp(dlt, data, header->caplen, datagram))
        {
            contents.datagrams.push_back(std::move(datagram));
        }
        else
        {
            ++contents.skipped;
        }
    }
    if (status == PCAP_ERROR)
    {
        // A capture cut short (tcpdump killed mid-write): the frames before stay.
        contents.error = where + pcap_geterr(capture);
    }
    pcap_close(capture);
    return contents;
}

} // namespace

CaptureContents
ParseCapture(const uint8_t* data, size_t size)
{
    // A read-only memory stream: fmemopen takes a non-const buffer but does
    // not write to it in mode "r".
    FILE* file = fmemopen(const_cast<uint8_t*>(data), size, "rb");
    if (file == nullptr)
    {
        CaptureContents contents;
        contents.error
            = std::string("cannot read the capture from memory: ") + std::strerror(errno);
        return contents;
    }
    return Read(file, "");
}

CaptureContents
ReadCapture(const std::string& path)
{
    FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
    {
        CaptureContents contents;
        contents.error = "cannot open " + path + ": " + std::strerror(errno);
        return contents;
    }
    return Read(file, path + ": ");
}

} // namespace ntp::wire
