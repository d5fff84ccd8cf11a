/*
 * Small helpers shared by the core tests.
 */
#ifndef NTP_TEST_UTIL_H
#define NTP_TEST_UTIL_H

#include <cstdint>
#include <string>
#include <vector>

namespace ntp::test
{

inline std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

inline std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes)
    {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xf]);
    }
    return out;
}

} // namespace ntp::test

#endif // NTP_TEST_UTIL_H
