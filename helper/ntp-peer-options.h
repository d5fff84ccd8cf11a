/*
 * Command-line options of the examples and the benchmark, checked before
 * ns-3 sees them.
 *
 * ns-3's CommandLine exits 1 on a value it cannot parse, aborts on some
 * (--RngRun=abc), and attribute checkers abort later with NS_FATAL_ERROR on
 * values out of their range. Here every option is taken as text, converted
 * and range-checked from one table, so that any bad value ends with exit
 * status 2 and one line on stderr naming the option and what it accepts.
 * Output paths are checked before anything runs, so a refused run creates no
 * file. ns-3's own options (--RngRun, --RngSeed, --PrintHelp, ...) keep
 * working.
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

struct NtpPeerModeConfig;

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
    std::string m_file;
    std::string m_program;
    std::vector<std::unique_ptr<Option>> m_options;
    std::vector<std::function<NtpOptionError()>> m_crossChecks;
};

/// Physical bounds of the peer-mode scenario (doc/ntp-peer.rst, Usage).
struct NtpPeerModeLimits
{
    /// ns-3's Time (int64 ns) ends at 292 years; ten years is beyond any NTP experiment.
    static constexpr double kMaxSimTime = 10 * 365 * 86400.0;
    /// NTP's scale is the second (ground truth is sampled every second); below a
    /// nanosecond, ns-3 would stop the run before the services start.
    static constexpr double kMinSimTime = 1;
    /// NTP's frequency tolerance (RFC 5905 MAXFREQ, 500 ppm): beyond it no discipline keeps up.
    static constexpr double kMaxDrift = 500;
    /// 10^9 s (31.7 years) stays inside one half NTP era (68 years), where offsets are unambiguous.
    static constexpr double kMaxOffset = 1e9;
    /// One-way delay and jitter: NTP stops trusting a path long before (MAXDIST 1.5 s); 10 s
    /// still lets a run show that.
    static constexpr double kMaxDelay = 10;
    /// The oscillator model's bounds (ppm/sqrt(s), s).
    static constexpr double kMaxWander = 1;
    static constexpr double kMaxPhaseNoise = 1;
    /// RFC 5905 MINPOLL and MAXPOLL.
    static constexpr int kMinPoll = 4;
    static constexpr int kMaxPoll = 17;
    /// CSV rows: not finer than a millisecond (a day would be 86 million rows).
    static constexpr double kMinCsvInterval = 1e-3;
};

/// The options of ntp-peer-mode, bound to config's fields.
void AddNtpPeerModeOptions(NtpOptionTable& table, NtpPeerModeConfig& config);

/// Every field of config within its accepted range and every output path writable.
NtpOptionError CheckNtpPeerModeConfig(const NtpPeerModeConfig& config);

} // namespace ns3

#endif // NTP_PEER_OPTIONS_H
