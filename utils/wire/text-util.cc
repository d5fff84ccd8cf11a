#include "text-util.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ntp::wire
{

std::string
ToHex(const uint8_t* data, size_t length)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (size_t i = 0; i < length; ++i)
    {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0f];
    }
    return out;
}

namespace
{

int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::optional<std::vector<uint8_t>>
ParseHex(const std::string& text)
{
    std::string digits;
    for (size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        {
            ++i; // a "0x" prefix, anywhere a separator may be
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) || c == ':' || c == '-')
        {
            continue;
        }
        if (HexValue(c) < 0)
        {
            return std::nullopt;
        }
        digits += c;
    }
    if (digits.empty() || digits.size() % 2 != 0)
    {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    out.reserve(digits.size() / 2);
    for (size_t i = 0; i < digits.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(HexValue(digits[i]) * 16 + HexValue(digits[i + 1])));
    }
    return out;
}

Error
ParseInteger(const std::string& text, int64_t min, int64_t max, int64_t& out)
{
    const std::string accepted
        = " (accepted: " + std::to_string(min) + ".." + std::to_string(max) + ")";
    if (text.empty())
    {
        return "needs a value" + accepted;
    }
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0')
    {
        return text + " is not an integer" + accepted;
    }
    if (value < min || value > max)
    {
        return text + " is out of range" + accepted;
    }
    out = value;
    return std::nullopt;
}

Error
ParseNumber(const std::string& text, double min, double max, double& out)
{
    char range[96];
    std::snprintf(range, sizeof(range), " (accepted: %g..%g)", min, max);
    if (text.empty())
    {
        return "needs a value" + std::string(range);
    }
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (errno != 0 || end == text.c_str() || *end != '\0' || !std::isfinite(value))
    {
        return text + " is not a number" + range;
    }
    if (value < min || value > max)
    {
        return text + " is out of range" + range;
    }
    out = value;
    return std::nullopt;
}

std::string
RefidToString(uint32_t refid, int stratum)
{
    const char chars[4] = {static_cast<char>(refid >> 24), static_cast<char>(refid >> 16),
                           static_cast<char>(refid >> 8), static_cast<char>(refid)};
    bool ascii = refid != 0 && (stratum <= 1 || stratum >= 16);
    std::string text;
    for (char c : chars)
    {
        if (c == '\0')
        {
            continue; // codes shorter than four letters are NUL-padded
        }
        if (!std::isprint(static_cast<unsigned char>(c)))
        {
            ascii = false;
        }
        text += c;
    }
    if (ascii)
    {
        return text;
    }
    return IpAddress::V4(refid).ToString();
}

Error
ParseHostPort(const std::string& text, HostPort& out)
{
    const std::string accepted
        = " (accepted: ADDR, ADDR:PORT, [IPV6]:PORT or :PORT with a literal address)";
    std::string host = text;
    std::string port;
    if (!text.empty() && text[0] == '[')
    {
        const size_t close = text.find(']');
        if (close == std::string::npos)
        {
            return text + " has no closing ']'" + accepted;
        }
        host = text.substr(1, close - 1);
        const std::string rest = text.substr(close + 1);
        if (!rest.empty())
        {
            if (rest[0] != ':')
            {
                return text + " has text after ']' that is not :PORT" + accepted;
            }
            port = rest.substr(1);
            if (port.empty())
            {
                return text + " has an empty port" + accepted;
            }
        }
    }
    else if (std::count(text.begin(), text.end(), ':') == 1)
    {
        const size_t colon = text.find(':');
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (port.empty())
        {
            return text + " has an empty port" + accepted;
        }
    }
    out = HostPort();
    if (!host.empty())
    {
        auto address = IpAddress::Parse(host);
        if (!address)
        {
            return "'" + host + "' is not an IPv4 or IPv6 address" + accepted;
        }
        out.address = *address;
    }
    if (!port.empty())
    {
        int64_t value = 0;
        if (auto error = ParseInteger(port, 1, 65535, value))
        {
            return "port " + *error;
        }
        out.port = static_cast<uint16_t>(value);
    }
    if (!out.address && !out.port)
    {
        return "needs an address or a port" + accepted;
    }
    return std::nullopt;
}

} // namespace ntp::wire
