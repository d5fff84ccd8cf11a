/*
 * A program's command-line options as one table, checked before ns-3 sees
 * them: declaring, converting and range-checking options, and wrapping
 * ns-3's CommandLine.
 *
 * ns-3's CommandLine exits 1 on a value it cannot parse, aborts on some
 * (--RngRun=abc), and attribute checkers abort later with NS_FATAL_ERROR on
 * values out of their range. Here every option is taken as text, converted
 * and range-checked from one table, so that any bad value ends with exit
 * status 2 and one line on stderr naming the option and what it accepts.
 * Output paths are checked before anything runs, so a refused run creates no
 * file. ns-3's own options (--RngRun, --RngSeed, --PrintHelp, ...) keep
 * working (ntp-peer-ns3-options.h checks their values).
 *
 * The option set of the peer-mode scenario is in ntp-peer-scenario-options.h.
 */
#ifndef NTP_PEER_OPTIONS_H
#define NTP_PEER_OPTIONS_H

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/// An error line without the program name, or nothing.
using NtpOptionError = std::optional<std::string>;

class NtpOptionTable
{
  public:
    /// file: the example's __FILE__ (ns-3 names the program after it).
    explicit NtpOptionTable(const std::string& file);
    ~NtpOptionTable();

    /// "ntp-peer-mode": what error lines start with.
    const std::string& Program() const;

    /// A finite real in [min, max], or (min, max] with minExclusive. unit: "s", "ppm", ...
    void AddReal(const std::string& name, const std::string& help, double& target, double min,
                 double max, const std::string& unit, bool minExclusive = false);
    /// A decimal integer in [min, max].
    void AddInteger(const std::string& name, const std::string& help, int& target, int min,
                    int max);
    /// One of choices, spelled exactly.
    void AddChoice(const std::string& name, const std::string& help, std::string& target,
                   const std::vector<std::string>& choices);
    /// --name alone or --name=true|false|1|0.
    void AddFlag(const std::string& name, const std::string& help, bool& target);
    /// A file the program creates or overwrites; empty (the default): none.
    void AddOutputFile(const std::string& name, const std::string& help, std::string& target);
    /// A prefix of files the program creates as PREFIX + something (fileSuffix: an example of it).
    void AddOutputPrefix(const std::string& name, const std::string& help, std::string& target,
                         const std::string& fileSuffix);
    /// A check across options, run after each option's own (e.g. minpoll <= maxpoll).
    void AddCrossCheck(std::function<NtpOptionError()> check);

    /**
     * Reads argv: refuses unknown options, positional words and bad values of
     * ns-3's --RngRun/--RngSeed, converts and checks every given option, then
     * lets ns-3's CommandLine handle its own options (--PrintHelp prints the
     * help, with the accepted ranges, and exits 0). Values of options not
     * given keep the targets' defaults.
     */
    NtpOptionError Parse(int argc, char** argv);

    /// Checks the targets' current values (a configuration built in code).
    NtpOptionError CheckValues() const;

    /// Parse(); on an error prints "PROGRAM: ERROR" on stderr. Returns false on an error.
    bool ParseOrReport(int argc, char** argv);

  private:
    struct Option;
    /// Appends an option of the given name and help; the caller sets the rest.
    Option& NewOption(const std::string& name, const std::string& help);
    Option* Find(const std::string& name);
    /// The cross-checks, in the order they were added.
    NtpOptionError CheckAcross() const;

    std::string m_file;
    std::string m_program;
    std::vector<std::unique_ptr<Option>> m_options;
    std::vector<std::function<NtpOptionError()>> m_crossChecks;
};

} // namespace ns3

#endif // NTP_PEER_OPTIONS_H
