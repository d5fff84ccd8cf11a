/*
 * Reads the UDP datagrams out of a packet capture, enough for `decode` on
 * what tcpdump, tshark or dumpcap write: classic pcap (micro- or nanosecond,
 * either byte order) and pcapng (SHB, IDB, EPB, SPB blocks), over Ethernet
 * (with VLAN tags), Linux cooked v1/v2, raw IP, BSD loopback and PPP (what
 * ns-3's point-to-point links write); IPv4 and IPv6 (extension headers
 * skipped). Every length is checked: a damaged file
 * gives an error or skipped frames, never a read past the buffer.
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
    size_t frames{0};  ///< every frame in the file
    size_t skipped{0}; ///< frames that are not (complete, unfragmented) UDP
    Error error;       ///< the file could not be read or is not a capture
};

/// Parses capture file bytes.
CaptureContents ParseCapture(const std::vector<uint8_t>& file);

/// Reads and parses a capture file; a missing file is an error naming the path.
CaptureContents ReadCapture(const std::string& path);

/// The UDP datagram in one link-layer frame, if it holds one.
bool ExtractUdp(uint32_t linkType, const uint8_t* data, size_t length, CapturedDatagram& out);

} // namespace ntp::wire

#endif // NTP_WIRE_PCAP_READER_H
