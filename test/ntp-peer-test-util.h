/*
 * Helpers shared by the ns-3 TestSuites of ntp-peer.
 */
#ifndef NTP_PEER_TEST_UTIL_H
#define NTP_PEER_TEST_UTIL_H

#include "ns3/ntp-peer-module.h"

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace ns3
{
namespace ntptest
{

// ns-3 <= 3.35 schedules function and member pointers only, not lambdas.
inline void
RunFunction(std::function<void()> f)
{
    f();
}

// ntpd's startup, as derived in test/core/engine-test.cc: A's local clock is
// selectable at its first 64 s poll after the 300 s orphan wait (321 s); B's
// next packet (at most 67 s later) is its first update, then FREQ's 300 s
// stepout and one more poll.
constexpr double kSyncBound = 321 + 67 + 300 + 67;

inline NtpPeerModeConfig
ConvergenceConfig()
{
    // The setting: 50 ppm relative drift, 0.1 s initial offset,
    // 5 ms symmetric delay.
    NtpPeerModeConfig c;
    c.driftA = 0;
    c.driftB = 50;
    c.offsetB = 0.1;
    c.delay = 0.005;
    c.simTime = 86400;
    return c;
}

inline std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
/// A path as one shell word (temp dirs contain the test's name, quotes and all).
inline std::string
Quote(const std::string& path)
{
    std::string quoted = "'";
    for (char c : path)
    {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

/// What a shell command prints on stdout.
inline std::string
Shell(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
    {
        return out;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    {
        out.append(buffer, n);
    }
    pclose(pipe);
    return out;
}

} // namespace ntptest
} // namespace ns3

#endif // NTP_PEER_TEST_UTIL_H
