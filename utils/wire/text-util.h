/*
 * Small text helpers of the wire tool: hexadecimal, numbers with ranges,
 * reference ids, "ADDR[:PORT]". The parsers' errors name the value and the
 * accepted ones but not the option, which CLI11 puts before them
 * ("--minpoll: 20 is out of range (accepted: 0..17)").
 */
#ifndef NTP_WIRE_TEXT_UTIL_H
#define NTP_WIRE_TEXT_UTIL_H

#include "ntp-address.h"
#include "ntp-status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntp::wire
{

std::string ToHex(const uint8_t* data, size_t length);

inline std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    return ToHex(bytes.data(), bytes.size());
}

/// Hex digits, optionally with "0x", white space, ':' or '-' between bytes.
std::optional<std::vector<uint8_t>> ParseHex(const std::string& text);

/// A decimal integer in [min, max]; the error names the range.
Error ParseInteger(const std::string& text, int64_t min, int64_t max, int64_t& out);

/// A finite decimal number in [min, max].
Error ParseNumber(const std::string& text, double min, double max, double& out);

/**
 * A reference id as ntpq shows it: four ASCII letters for a stratum 0/1 or
 * kiss code or an unsynchronized node's code (INIT, STEP, LOCL), a dotted
 * quad otherwise.
 */
std::string RefidToString(uint32_t refid, int stratum);

/// "ADDR", "ADDR:PORT", "[V6]:PORT", ":PORT" or "V6" (no port). Literal addresses only.
struct HostPort
{
    std::optional<IpAddress> address; ///< empty: the wildcard address
    std::optional<uint16_t> port;
};

Error ParseHostPort(const std::string& text, HostPort& out);

} // namespace ntp::wire

#endif // NTP_WIRE_TEXT_UTIL_H
