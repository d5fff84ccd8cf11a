/*
 * `peer` and `passive`: the core's Engine on a UDP socket, a disciplined
 * virtual clock and an event loop, for a bounded time; then a report.
 */
#ifndef NTP_WIRE_SESSION_H
#define NTP_WIRE_SESSION_H

#include "ntp-parameters.h"
#include "options.h"

#include <ostream>

namespace ntp::wire
{

/// The engine parameters a session runs with (see --help for the choices).
Parameters SessionParameters(const SessionOptions& options);

/// Runs a session; returns the process exit status (0 ran, 1 could not start).
int RunSession(const SessionOptions& options, std::ostream& out, std::ostream& err);

} // namespace ntp::wire

#endif // NTP_WIRE_SESSION_H
