/*
 * `decode`: prints each NTP packet of a capture or a hex string and checks
 * its MAC against the key file's key of the packet's key id, the same check
 * the engine makes (ComputeDigest/VerifyDigest), without an engine.
 */
#ifndef NTP_WIRE_DECODE_COMMAND_H
#define NTP_WIRE_DECODE_COMMAND_H

#include "ntp-auth.h"
#include "options.h"

#include <ostream>
#include <string>

namespace ntp::wire
{

/// Verdict on one packet's MAC.
enum class MacVerdict
{
    NoMac,
    CryptoNak,
    NotChecked, ///< no key file given
    Verified,
    UnknownKey,
    Failed
};

std::string ToString(MacVerdict verdict);

/// Checks the MAC of a decoded packet; `why` explains a failure.
MacVerdict CheckMac(const KeyStore* keys, const uint8_t* data, size_t length, std::string& why);

/// Runs `decode`; returns the exit status (0 all good, 1 a failure, 2 bad input).
int RunDecode(const DecodeOptions& options, std::ostream& out, std::ostream& err);

} // namespace ntp::wire

#endif // NTP_WIRE_DECODE_COMMAND_H
