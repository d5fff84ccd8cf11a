/*
 * Reading and writing option values as text, and checking that an output
 * path can be written: the building blocks of NtpOptionTable
 * (ntp-peer-options.h) and of the checks of ns-3's own options
 * (ntp-peer-ns3-options.h).
 *
 * Internal to the module: not part of ntp-peer-module.h.
 */
#ifndef NTP_PEER_OPTION_VALUES_H
#define NTP_PEER_OPTION_VALUES_H

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace ntpoptions
{

/// strtod over the whole text; nothing for an empty, partial or non-finite number.
std::optional<double> ParseFiniteReal(const std::string& text);

/// Decimal digits only (an optional '-' when negative), without overflow.
std::optional<long long> ParseDecimal(const std::string& text);

/// Decimal digits only, without a sign or overflow.
std::optional<unsigned long long> ParseUnsignedDecimal(const std::string& text);

/// A flag's value: empty (--name alone), true, 1, false or 0.
std::optional<bool> ParseFlag(const std::string& text);

/// Integers without an exponent, other numbers with up to 10 significant digits.
std::string FormatNumber(double value);

/// "a, b, c".
std::string Join(const std::vector<std::string>& words);

/// The directory part of path: "." without a slash, "/" for a file at the root.
std::string DirectoryOf(const std::string& path);

/**
 * Why a file cannot be created (or overwritten) at path; nothing if it can.
 * Creates nothing: a refused run must leave no file behind, and ns-3's pcap
 * writer would abort on a path it cannot open.
 */
std::optional<std::string> WhyNotWritable(const std::string& path);

} // namespace ntpoptions
} // namespace ns3

#endif // NTP_PEER_OPTION_VALUES_H
