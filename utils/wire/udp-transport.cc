#include "udp-transport.h"

#include "disciplined-clock.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ntp::wire
{

namespace
{

// Larger than any NTP packet the core accepts (header, a few extension
// fields, a MAC); a longer datagram is not NTP we can use.
constexpr size_t kMaxDatagram = 2048;

sockaddr_storage
ToSockaddr(const Endpoint& endpoint, bool v6, socklen_t& length)
{
    sockaddr_storage storage{};
    if (v6)
    {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(endpoint.port);
        if (endpoint.address.IsV6())
        {
            std::memcpy(&sa->sin6_addr, endpoint.address.GetBytes().data(), 16);
        }
        length = sizeof(sockaddr_in6);
    }
    else
    {
        auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(endpoint.port);
        if (endpoint.address.IsV4())
        {
            sa->sin_addr.s_addr = htonl(endpoint.address.GetV4());
        }
        length = sizeof(sockaddr_in);
    }
    return storage;
}

Endpoint
FromSockaddr(const sockaddr_storage& storage)
{
    Endpoint endpoint;
    if (storage.ss_family == AF_INET6)
    {
        const auto* sa = reinterpret_cast<const sockaddr_in6*>(&storage);
        std::array<uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &sa->sin6_addr, 16);
        endpoint.address = IpAddress::V6(bytes);
        endpoint.port = ntohs(sa->sin6_port);
    }
    else if (storage.ss_family == AF_INET)
    {
        const auto* sa = reinterpret_cast<const sockaddr_in*>(&storage);
        endpoint.address = IpAddress::V4(ntohl(sa->sin_addr.s_addr));
        endpoint.port = ntohs(sa->sin_port);
    }
    return endpoint;
}

std::string
Errno(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

void
ReadControl(msghdr& msg, Datagram& out, uint64_t& kernelDropped)
{
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&msg); cmsg != nullptr; cmsg = CMSG_NXTHDR(&msg, cmsg))
    {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_TIMESTAMPNS)
        {
            timespec ts{};
            std::memcpy(&ts, CMSG_DATA(cmsg), sizeof(ts));
            out.hostNs = static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
        }
        else if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SO_RXQ_OVFL)
        {
            // The socket's running count of datagrams the kernel dropped
            // for want of buffer space.
            uint32_t dropped = 0;
            std::memcpy(&dropped, CMSG_DATA(cmsg), sizeof(dropped));
            kernelDropped = dropped;
        }
        else if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO)
        {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(cmsg), sizeof(info));
            out.to.address = IpAddress::V4(ntohl(info.ipi_addr.s_addr));
        }
        else if (cmsg->cmsg_level == IPPROTO_IPV6 && cmsg->cmsg_type == IPV6_PKTINFO)
        {
            in6_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(cmsg), sizeof(info));
            std::array<uint8_t, 16> bytes{};
            std::memcpy(bytes.data(), &info.ipi6_addr, 16);
            out.to.address = IpAddress::V6(bytes);
        }
    }
}

} // namespace

UdpTransport::~UdpTransport()
{
    if (m_fd >= 0)
    {
        close(m_fd);
    }
}

Error
UdpTransport::Open(const Endpoint& local, IpAddress::Family family)
{
    // "::" and "0.0.0.0" carry their family; only "no address at all" takes `family`.
    m_v6 = local.address.GetFamily() == IpAddress::Family::None ? family == IpAddress::Family::V6
                                                                : local.address.IsV6();
    m_local = local;
    if (local.address.GetFamily() == IpAddress::Family::None)
    {
        // Keep the family on the wildcard address so sources can be compared.
        m_local.address = m_v6 ? IpAddress::V6({}) : IpAddress::V4(0);
    }
    m_fd = socket(m_v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0)
    {
        return Errno("socket");
    }
    const int on = 1;
    setsockopt(m_fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
    // A flood must not hide among the datagrams it pushes out of the
    // receive buffer: the kernel counts those drops for us.
    setsockopt(m_fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
    if (m_v6)
    {
        setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
        setsockopt(m_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
    }
    else
    {
        setsockopt(m_fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
    }
    socklen_t length = 0;
    const sockaddr_storage sa = ToSockaddr(m_local, m_v6, length);
    if (bind(m_fd, reinterpret_cast<const sockaddr*>(&sa), length) != 0)
    {
        std::string error = Errno("cannot bind " + m_local.ToString());
        if (errno == EACCES && local.port < 1024)
        {
            error += " (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --bind ADDR:PORT)";
        }
        return error;
    }
    return std::nullopt;
}

void
UdpTransport::SendError(const std::string& what)
{
    ++m_sendErrors;
    m_lastError = what;
}

void
UdpTransport::Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
{
    if (from.port != m_local.port)
    {
        SendError("no socket bound to local port " + std::to_string(from.port));
        return;
    }
    if (to.address.IsV6() != m_v6)
    {
        SendError("cannot send to " + to.ToString() + " from a socket of the other address family");
        return;
    }
    const bool boundToAddress = !m_local.address.IsUnspecified();
    if (boundToAddress && !from.address.IsUnspecified() && from.address != m_local.address)
    {
        SendError("cannot send from " + from.address.ToString() + ": the socket is bound to "
                  + m_local.address.ToString());
        return;
    }
    socklen_t length = 0;
    sockaddr_storage destination = ToSockaddr(to, m_v6, length);
    iovec iov{const_cast<uint8_t*>(bytes.data()), bytes.size()};
    msghdr msg{};
    msg.msg_name = &destination;
    msg.msg_namelen = length;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    // On a wildcard socket the source address the core asks for (the one the
    // peer wrote to) is set per packet; routing would otherwise choose it.
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
    if (!boundToAddress && !from.address.IsUnspecified())
    {
        msg.msg_control = control;
        cmsghdr* cmsg = reinterpret_cast<cmsghdr*>(control);
        if (m_v6)
        {
            in6_pktinfo info{};
            std::memcpy(&info.ipi6_addr, from.address.GetBytes().data(), 16);
            cmsg->cmsg_level = IPPROTO_IPV6;
            cmsg->cmsg_type = IPV6_PKTINFO;
            cmsg->cmsg_len = CMSG_LEN(sizeof(info));
            std::memcpy(CMSG_DATA(cmsg), &info, sizeof(info));
            msg.msg_controllen = CMSG_SPACE(sizeof(info));
        }
        else
        {
            in_pktinfo info{};
            info.ipi_spec_dst.s_addr = htonl(from.address.GetV4());
            cmsg->cmsg_level = IPPROTO_IP;
            cmsg->cmsg_type = IP_PKTINFO;
            cmsg->cmsg_len = CMSG_LEN(sizeof(info));
            std::memcpy(CMSG_DATA(cmsg), &info, sizeof(info));
            msg.msg_controllen = CMSG_SPACE(sizeof(info));
        }
    }
    if (sendmsg(m_fd, &msg, 0) < 0)
    {
        SendError(Errno("send to " + to.ToString()));
    }
}

bool
UdpTransport::Receive(Datagram& out)
{
    // Oversized datagrams are skipped; the bound keeps a flood of them from
    // holding the loop here (the rest wait for the next poll()).
    for (int attempt = 0; attempt < 64; ++attempt)
    {
        uint8_t buffer[kMaxDatagram];
        sockaddr_storage source{};
        iovec iov{buffer, sizeof(buffer)};
        alignas(cmsghdr) char control[512];
        msghdr msg{};
        msg.msg_name = &source;
        msg.msg_namelen = sizeof(source);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        const ssize_t received = recvmsg(m_fd, &msg, MSG_DONTWAIT);
        // A timestamp taken now stands in when the kernel gives none.
        const int64_t fallbackNs = HostRealtimeNs();
        if (received < 0)
        {
            return false;
        }
        if (msg.msg_flags & MSG_TRUNC)
        {
            ++m_oversized;
            Datagram ignored;
            ReadControl(msg, ignored, m_kernelDropped);
            continue;
        }
        out.bytes.assign(buffer, buffer + received);
        out.from = FromSockaddr(source);
        out.to = m_local;
        out.hostNs = fallbackNs;
        ReadControl(msg, out, m_kernelDropped);
        return true;
    }
    return false;
}

} // namespace ntp::wire
