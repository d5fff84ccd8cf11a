#include "ntp-peer-progress.h"

#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace ns3
{

namespace
{

// Wall time between checks: often enough for a smooth line, rarely enough
// to cost nothing. Between lines: a terminal is watched, a log is read later.
constexpr double kCheckWall = 0.05;
constexpr double kTerminalPrint = 0.5;
constexpr double kLogPrint = 10;

double
Seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

/// Simulated time as a reader counts it: s, h or days.
std::string
SimTime(double s)
{
    char text[32];
    if (s < 3600)
    {
        std::snprintf(text, sizeof text, "%.0f s", s);
    }
    else if (s < 2 * 86400)
    {
        std::snprintf(text, sizeof text, "%.2f h", s / 3600);
    }
    else
    {
        std::snprintf(text, sizeof text, "%.1f days", s / 86400);
    }
    return text;
}

/// Wall time as H:MM:SS.
std::string
WallTime(double s)
{
    const long total = std::lround(std::max(0.0, std::min(s, 1e8)));
    char text[32];
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    return text;
}

} // namespace

bool
NtpProgress::StderrIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

NtpProgress::NtpProgress(std::string label, double endSeconds)
    : NtpProgress(std::move(label), endSeconds, std::cerr, StderrIsTerminal())
{
}

NtpProgress::NtpProgress(std::string label, double endSeconds, std::ostream& out, bool terminal)
    : m_label(std::move(label)),
      m_end(endSeconds),
      m_out(out),
      m_terminal(terminal),
      m_start(Clock::now()),
      m_lastCheck(m_start),
      m_lastPrint(m_start)
{
    m_step = std::clamp(m_end / 1000, 1e-3, 1.0);
    Print(Line(), false);
    m_check = Simulator::Schedule(ns3::Seconds(m_step), &NtpProgress::Check, this);
    m_finish = Simulator::ScheduleDestroy(&NtpProgress::Finish, this);
}

NtpProgress::~NtpProgress()
{
    if (!m_finished)
    {
        // Destroyed before the simulator: its events must not call us.
        m_check.Cancel();
        m_finish.Cancel();
        Finish();
    }
}

void
NtpProgress::Finish()
{
    m_finished = true;
    const double wall = Seconds(Clock::now() - m_start);
    const double simulated = std::min(Simulator::Now().GetSeconds(), m_end);
    char speed[64] = "";
    if (wall > 0)
    {
        std::snprintf(speed, sizeof speed, " (%.0fx real time)", simulated / wall);
    }
    Print(m_label + ": " + SimTime(simulated) + " simulated in " + WallTime(wall) + speed, true);
}

void
NtpProgress::Check()
{
    const Clock::time_point now = Clock::now();
    // Aim the next check kCheckWall of wall time ahead, at most doubling or
    // halving the simulated spacing each time (the speed changes as the
    // model does: poll intervals grow, links fail).
    const double wall = Seconds(now - m_lastCheck);
    const double factor = wall > 0 ? std::clamp(kCheckWall / wall, 0.5, 2.0) : 2.0;
    m_step = std::clamp(m_step * factor, 1e-3, std::max(1e-3, m_end / 20));
    m_lastCheck = now;
    if (Seconds(now - m_lastPrint) >= (m_terminal ? kTerminalPrint : kLogPrint))
    {
        Print(Line(), false);
        m_lastPrint = now;
    }
    if (Simulator::Now().GetSeconds() + m_step < m_end)
    {
        m_check = Simulator::Schedule(ns3::Seconds(m_step), &NtpProgress::Check, this);
    }
}

std::string
NtpProgress::Line() const
{
    const double simulated = Simulator::Now().GetSeconds();
    const double wall = Seconds(Clock::now() - m_start);
    char text[256];
    const int percent = m_end > 0 ? static_cast<int>(100 * simulated / m_end) : 100;
    std::string line = m_label + ": " + SimTime(simulated) + " of " + SimTime(m_end)
                     + " simulated (" + std::to_string(percent) + "%)";
    if (simulated <= 0 || wall <= 0)
    {
        return line + ", starting";
    }
    const double speed = simulated / wall;
    const double left = (m_end - simulated) / speed;
    const std::time_t end = std::time(nullptr) + static_cast<std::time_t>(std::min(left, 1e8));
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", std::localtime(&end));
    std::snprintf(text, sizeof text, ", %.0fx real time, %s left (ends %s)", speed,
                  WallTime(left).c_str(), clock);
    return line + text;
}

void
NtpProgress::Print(const std::string& line, bool last)
{
    if (m_terminal)
    {
        // Rewrite the line in place; blank what a longer one left.
        const size_t pad = m_lineWidth > line.size() ? m_lineWidth - line.size() : 0;
        m_out << '\r' << line << std::string(pad, ' ') << (last ? "\n" : "") << std::flush;
        m_lineWidth = line.size();
    }
    else
    {
        m_out << line << '\n' << std::flush;
    }
}

} // namespace ns3
