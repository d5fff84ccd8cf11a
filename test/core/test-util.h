/*
 * Small helpers shared by the core tests.
 */
#ifndef NTP_TEST_UTIL_H
#define NTP_TEST_UTIL_H

#include "ntp-auth.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ntp
{
// Lets BOOST_TEST print algorithms in failure messages (found by ADL).
inline std::ostream&
boost_test_print_type(std::ostream& os, MacAlgorithm algorithm)
{
    return os << ToString(algorithm);
}
} // namespace ntp

namespace ntp::test
{

inline std::vector<uint8_t>
Bytes(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}

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
