/*
 * The UDP datagrams of a packet capture, for `decode`. libpcap reads the file
 * (classic pcap of either byte order and time resolution, and pcapng); this
 * reader takes the link-layer, IP and UDP headers off each frame, for what
 * tcpdump, tshark, dumpcap and ns-3 write: Ethernet (with VLAN tags), Linux
 * cooked v1/v2, raw IP, BSD and OpenBSD loopback, PPP (ns-3's point-to-point
 * links); IPv4 and IPv6 (extension headers skipped). Every length is checked:
 * a damaged frame is skipped, never read past.
 */
#ifndef NTP_WIRE_PCAP_READER_H
#define NTP_WIRE_PCAP_READER_H

#include "ntp-address.h"
#include "ntp-status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntp::wire
{

struct CapturedDatagram
{
    size_t frame{0}; ///< 1-based frame number in the file
    double time{0};  ///< capture time, Unix seconds
    Endpoint from;
    Endpoint to;
    std::vector<uint8_t> payload;
};

struct CaptureContents
{
    std::vector<CapturedDatagram> datagrams;
    size_t frames{0};  ///< every frame read
    size_t skipped{0}; ///< frames that are not (complete, unfragmented) UDP
    /// The file could not be read or is not a capture; with frames, the
    /// damage that ended the reading after them.
    Error error;
};

/// Reads capture file bytes held in memory (tests, fuzzing).
CaptureContents ParseCapture(const uint8_t* data, size_t size);

inline CaptureContents
ParseCapture(const std::vector<uint8_t>& file)
{
    return ParseCapture(file.data(), file.size());
}

/// Reads a capture file; an error names the path.
CaptureContents ReadCapture(const std::string& path);

} // namespace ntp::wire

#endif // NTP_WIRE_PCAP_READER_H
