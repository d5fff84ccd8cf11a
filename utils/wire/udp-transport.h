/*
 * The core's Transport over one POSIX UDP socket. Received datagrams carry
 * the kernel's receive timestamp (SO_TIMESTAMPNS), so the core's T4 does not
 * include the time the process took to wake up, and their destination
 * address (IP_PKTINFO), which the core needs to answer from the address a
 * peer wrote to when the socket is bound to the wildcard address.
 */
#ifndef NTP_WIRE_UDP_TRANSPORT_H
#define NTP_WIRE_UDP_TRANSPORT_H

#include "ntp-host.h"
#include "ntp-status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntp::wire
{

struct Datagram
{
    std::vector<uint8_t> bytes;
    Endpoint from;
    Endpoint to;       ///< our address and port it was sent to
    int64_t hostNs{0}; ///< host CLOCK_REALTIME at reception (kernel timestamp when available)
};

class UdpTransport : public Transport
{
  public:
    UdpTransport() = default;
    ~UdpTransport() override;

    UdpTransport(const UdpTransport&) = delete;
    UdpTransport& operator=(const UdpTransport&) = delete;

    /// Binds the socket; `local.address` unspecified needs `family` (V4 or V6).
    Error Open(const Endpoint& local, IpAddress::Family family);

    int Fd() const
    {
        return m_fd;
    }

    const Endpoint& Local() const
    {
        return m_local;
    }

    void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes) override;

    /// Reads one pending datagram without blocking; false when there is none.
    bool Receive(Datagram& out);

    uint64_t SendErrors() const
    {
        return m_sendErrors;
    }

    /// Datagrams dropped before the core saw them (longer than any NTP packet we accept).
    uint64_t Oversized() const
    {
        return m_oversized;
    }

    /// Datagrams the kernel dropped because the receive buffer was full
    /// (SO_RXQ_OVFL), as of the last datagram read.
    uint64_t KernelDropped() const
    {
        return m_kernelDropped;
    }

    const std::string& LastError() const
    {
        return m_lastError;
    }

  private:
    void SendError(const std::string& what);

    int m_fd{-1};
    Endpoint m_local;
    bool m_v6{false};
    uint64_t m_sendErrors{0};
    uint64_t m_oversized{0};
    uint64_t m_kernelDropped{0};
    std::string m_lastError;
};

} // namespace ntp::wire

#endif // NTP_WIRE_UDP_TRANSPORT_H
