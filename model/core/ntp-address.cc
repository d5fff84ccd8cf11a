#include "ntp-address.h"

#include <arpa/inet.h>
#include <openssl/evp.h>

namespace ntp
{

IpAddress
IpAddress::V4(uint32_t hostOrder)
{
    IpAddress a;
    a.m_family = Family::V4;
    a.m_bytes[0] = static_cast<uint8_t>(hostOrder >> 24);
    a.m_bytes[1] = static_cast<uint8_t>(hostOrder >> 16);
    a.m_bytes[2] = static_cast<uint8_t>(hostOrder >> 8);
    a.m_bytes[3] = static_cast<uint8_t>(hostOrder);
    return a;
}

IpAddress
IpAddress::V6(const std::array<uint8_t, 16>& bytes)
{
    IpAddress a;
    a.m_family = Family::V6;
    a.m_bytes = bytes;
    return a;
}

std::optional<IpAddress>
IpAddress::Parse(const std::string& text)
{
    // inet_pton is pure text parsing (no resolver), so it is safe in a simulator.
    std::array<uint8_t, 16> buf{};
    if (inet_pton(AF_INET, text.c_str(), buf.data()) == 1)
    {
        IpAddress a;
        a.m_family = Family::V4;
        a.m_bytes = buf;
        return a;
    }
    if (inet_pton(AF_INET6, text.c_str(), buf.data()) == 1)
    {
        return V6(buf);
    }
    return std::nullopt;
}

bool
IpAddress::IsUnspecified() const
{
    if (m_family == Family::None)
    {
        return true;
    }
    for (uint8_t b : m_bytes)
    {
        if (b != 0)
        {
            return false;
        }
    }
    return true;
}

uint32_t
IpAddress::GetV4() const
{
    return (uint32_t{m_bytes[0]} << 24) | (uint32_t{m_bytes[1]} << 16) | (uint32_t{m_bytes[2]} << 8)
         | uint32_t{m_bytes[3]};
}

uint32_t
IpAddress::ToRefid() const
{
    if (m_family == Family::V4)
    {
        return GetV4();
    }
    if (m_family == Family::None)
    {
        return 0;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(m_bytes.data(), m_bytes.size(), digest, &len, EVP_md5(), nullptr);
    return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8)
         | uint32_t{digest[3]};
}

std::string
IpAddress::ToString() const
{
    char buf[INET6_ADDRSTRLEN] = "";
    switch (m_family)
    {
    case Family::V4:
        inet_ntop(AF_INET, m_bytes.data(), buf, sizeof buf);
        return buf;
    case Family::V6:
        inet_ntop(AF_INET6, m_bytes.data(), buf, sizeof buf);
        return buf;
    case Family::None:
        break;
    }
    return "(none)";
}

std::string
Endpoint::ToString() const
{
    std::string text = address.IsV6() ? "[" + address.ToString() + "]:" + std::to_string(port)
                                      : address.ToString() + ":" + std::to_string(port);
    if (instance != 0)
    {
        text += " (instance " + std::to_string(instance) + ")";
    }
    return text;
}

} // namespace ntp
