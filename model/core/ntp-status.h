/*
 * A minimal success-or-message result used across the core: configuration
 * and parsing functions return an Error that is empty on success and
 * otherwise names the problem and the accepted values.
 */
#ifndef NTP_CORE_STATUS_H
#define NTP_CORE_STATUS_H

#include <optional>
#include <string>

namespace ntp
{

/// Empty on success; otherwise a human-readable description of what was wrong.
using Error = std::optional<std::string>;

} // namespace ntp

#endif // NTP_CORE_STATUS_H
