/*
 * A one-line progress report of a long simulation on stderr: simulated time
 * of the total, speed against the wall clock and the expected end.
 *
 *   ntp-peer-mode: 12.00 h of 24.00 h simulated (50%), 2400x real time, 0:00:18 left (ends 14:02:51)
 *
 * On a terminal the line is rewritten in place about twice a second; to a
 * file or a pipe (--progress in a batch job) a new line every 10 s. A first
 * line when the run starts and a last one with the total wall time are
 * always printed.
 *
 * ns-3's ShowProgress prints a line per interval with the event rate; this
 * one says what a user waiting for a run asks: how far, how fast, when done.
 * Like ShowProgress it checks the wall clock from simulator events whose
 * simulated spacing adapts to the speed, so a check costs nothing measurable.
 * Its events draw no random number and leave the order of the model's events
 * unchanged: a run gives the same results with and without it.
 */
#ifndef NTP_PEER_PROGRESS_H
#define NTP_PEER_PROGRESS_H

#include "ns3/event-id.h"

#include <chrono>
#include <iosfwd>
#include <string>

namespace ns3
{

class NtpProgress
{
  public:
    /// Starts reporting on `out` (std::cerr by default) for a run that ends
    /// at `endSeconds` of simulated time; create it before Simulator::Run.
    NtpProgress(std::string label, double endSeconds);
    NtpProgress(std::string label, double endSeconds, std::ostream& out, bool terminal);
    /// Prints the last line if Simulator::Destroy did not (it does when the
    /// simulator is destroyed first, at the time the run reached).
    ~NtpProgress();
    NtpProgress(const NtpProgress&) = delete;
    NtpProgress& operator=(const NtpProgress&) = delete;

    /// Whether stderr is a terminal (the programs' default for --progress).
    static bool StderrIsTerminal();

  private:
    using Clock = std::chrono::steady_clock;
    void Check();
    void Finish();
    void Print(const std::string& line, bool last);
    std::string Line() const;

    std::string m_label;
    double m_end;
    std::ostream& m_out;
    bool m_terminal;
    Clock::time_point m_start;
    Clock::time_point m_lastCheck;
    Clock::time_point m_lastPrint;
    double m_step{1};      ///< s of simulated time between checks
    size_t m_lineWidth{0}; ///< of the line on the terminal, to blank it
    EventId m_check;
    EventId m_finish; ///< at Simulator::Destroy
    bool m_finished{false};
};

} // namespace ns3

#endif // NTP_PEER_PROGRESS_H
