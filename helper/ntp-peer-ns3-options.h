/*
 * ns-3's own command-line options (--RngRun, --RngSeed, --PrintHelp,
 * --PrintAttributes=TYPE, --ns3::Type::Attribute=VALUE, other globals), as
 * NtpOptionTable meets them among a program's options: which ones ns-3
 * takes, and the values ns-3 would abort on or misread, refused here first
 * with a line naming what is accepted.
 *
 * Internal to the module: not part of ntp-peer-module.h.
 */
#ifndef NTP_PEER_NS3_OPTIONS_H
#define NTP_PEER_NS3_OPTIONS_H

#include "ntp-peer-options.h"

#include <optional>
#include <string>

namespace ns3
{
namespace ntpoptions
{

/// What ns-3's CommandLine does with an option the program does not declare.
enum class Ns3OptionKind
{
    NotNs3,         ///< nothing: it is no option of ns-3's either
    Setting,        ///< sets one of ns-3's globals or an attribute default
    PrintsAndExits, ///< prints help, a list or ns-3's version, then exits 0
};

struct Ns3OptionCheck
{
    Ns3OptionKind kind{Ns3OptionKind::NotNs3};
    /// Set: one of ns-3's options with a value ns-3 would abort on or misread; the run stops.
    NtpOptionError error;
};

/// ns-3's options as the "accepted:" list of a refused option names them.
extern const char* const kNs3OptionsAccepted;

/**
 * Checks --name[=value] (value: nothing without '='), an option the program
 * does not declare. hasNtpVersionOption: the program declares --ntpVersion,
 * which the refusal of --version=N points to.
 */
Ns3OptionCheck CheckNs3Option(const std::string& name, const std::optional<std::string>& value,
                              bool hasNtpVersionOption);

} // namespace ntpoptions
} // namespace ns3

#endif // NTP_PEER_NS3_OPTIONS_H
