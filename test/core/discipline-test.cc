#include "ntp-discipline.h"
#include "virtual-host.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>

using namespace ntp;
using namespace ntp::test;

namespace
{

Timestamp
At(double seconds)
{
    return VirtualClock::Epoch() + seconds;
}

/**
 * Closes the loop around the discipline with a virtual clock and noiseless
 * offset measurements (what a perfect reference over a symmetric path gives),
 * exactly as the engine applies the discipline's decisions.
 */
struct Loop
{
    explicit Loop(double frequencyError, double initialOffset = 0, double noise = 0) :
        clock(events, initialOffset, frequencyError), discipline(parameters), noiseSigma(noise)
    {
    }

    /// Runs for `duration` true seconds, one update per poll interval.
    void Run(double duration)
    {
        const double end = events.Now() + duration;
        while (events.Now() < end)
        {
            events.RunUntil(events.Now() + std::ldexp(1.0, poll));
            const double offset = -clock.TrueOffset() + noiseSigma * gauss(random);
            const auto result = discipline.Update(offset, clock.Now(), poll, 6, 10);
            if (result == Discipline::Result::Step)
            {
                clock.Step(discipline.PhaseCorrection());
                clock.Slew(0, 1);
            }
            else if (result == Discipline::Result::Slew)
            {
                clock.Slew(discipline.PhaseCorrection(), discipline.SlewTimeConstant(poll));
            }
            clock.SetFrequency(discipline.Frequency());
            maxPollSeen = std::max(maxPollSeen, poll);
        }
    }

    EventLoop events;
    VirtualClock clock;
    Parameters parameters;
    Discipline discipline;
    int poll{6};
    int maxPollSeen{6};
    double noiseSigma;
    std::mt19937_64 random{42};
    std::normal_distribution<double> gauss{0.0, 1.0};
};

} // namespace

BOOST_AUTO_TEST_SUITE(discipline)

BOOST_AUTO_TEST_CASE(offset_above_step_threshold_steps)
{
    // ntpd step threshold 0.128 s: 0.2 s steps at once from NSET.
    Parameters p;
    Discipline d(p);
    int poll = 8;
    BOOST_TEST((d.Update(0.2, At(0), poll, 6, 10) == Discipline::Result::Step));
    BOOST_TEST(d.PhaseCorrection() == 0.2);
    BOOST_TEST((d.State() == ClockState::Freq));
    BOOST_TEST(poll == 6); // a step restarts at minpoll
}

BOOST_AUTO_TEST_CASE(offset_below_step_threshold_slews)
{
    Parameters p;
    Discipline d(p);
    int poll = 6;
    BOOST_TEST((d.Update(0.1, At(0), poll, 6, 10) == Discipline::Result::Slew));
    BOOST_TEST(d.PhaseCorrection() == 0.1);
    // ntpd slews with time constant CLOCK_PLL * 2^poll = 16 * 64 s.
    BOOST_TEST(d.SlewTimeConstant(6) == 1024.0);
    // The RFC text threshold (0.125 s) would step 0.126 s; ntpd's 0.128 s slews it.
    Discipline d2(p);
    BOOST_TEST((d2.Update(0.126, At(0), poll, 6, 10) == Discipline::Result::Slew));
    Discipline d3(RfcParameters());
    BOOST_TEST((d3.Update(0.126, At(0), poll, 6, 10) == Discipline::Result::Step));
}

BOOST_AUTO_TEST_CASE(spike_is_ignored_until_stepout)
{
    Parameters p;             // stepout 300 s
    p.initialFrequency = 0.0; // FSET: locks on the first update
    Discipline d(p);
    int poll = 6;
    BOOST_TEST((d.Update(0.001, At(0), poll, 6, 10) == Discipline::Result::Slew));
    BOOST_TEST((d.State() == ClockState::Sync));
    BOOST_TEST((d.Update(0.5, At(64), poll, 6, 10) == Discipline::Result::Ignore));
    BOOST_TEST((d.State() == ClockState::Spik));
    // Still within 300 s of the last accepted update (at 0 s): ignored.
    BOOST_TEST((d.Update(0.5, At(256), poll, 6, 10) == Discipline::Result::Ignore));
    // Past the stepout: the offset is believed and stepped.
    BOOST_TEST((d.Update(0.5, At(320), poll, 6, 10) == Discipline::Result::Step));
    BOOST_TEST((d.State() == ClockState::Sync));
    // An inlier in SPIK state returns to SYNC without stepping.
    BOOST_TEST((d.Update(0.4, At(400), poll, 6, 10) == Discipline::Result::Ignore)); // spike again
    BOOST_TEST((d.Update(0.002, At(464), poll, 6, 10) == Discipline::Result::Slew));
    BOOST_TEST((d.State() == ClockState::Sync));
}

BOOST_AUTO_TEST_CASE(panic_threshold)
{
    Parameters p; // panic 1000 s, first update allowed like ntpd -g
    Discipline d(p);
    int poll = 6;
    BOOST_TEST((d.Update(2000.0, At(0), poll, 6, 10) == Discipline::Result::Step));
    BOOST_TEST((d.Update(2000.0, At(400), poll, 6, 10) == Discipline::Result::Panic));
    p.panicStepAllowedFirst = false;
    Discipline strict(p);
    BOOST_TEST((strict.Update(2000.0, At(0), poll, 6, 10) == Discipline::Result::Panic));
}

BOOST_AUTO_TEST_CASE(learns_100_ppm_within_0_1_ppm)
{
    // The clock runs 100 ppm fast; the correction that cancels it is -100 ppm.
    Loop loop(100e-6);
    loop.Run(2 * 86400.0);
    BOOST_TEST_MESSAGE("frequency correction " << loop.discipline.Frequency() * 1e6
                                               << " ppm, offset " << loop.clock.TrueOffset()
                                               << " s");
    BOOST_TEST(std::fabs(loop.discipline.Frequency() + 100e-6) < 0.1e-6);
    BOOST_TEST((loop.discipline.State() == ClockState::Sync));
}

BOOST_AUTO_TEST_CASE(poll_climbs_to_maxpoll_when_stable_and_backs_off_when_not)
{
    // 100 us of white measurement noise (a LAN path): once the frequency is
    // learned, offsets stay within PGATE (4) times the jitter, and each
    // update adds the poll exponent to the hysteresis counter until it
    // passes LIMIT (30): the poll climbs to maxpoll (10).
    Loop loop(-50e-6, 0.0, 100e-6);
    loop.Run(2 * 86400.0);
    BOOST_TEST(loop.poll == 10);
    // A 10 ppm frequency jump (a temperature change) makes the offsets grow
    // by 10 ms per 1024 s poll, far beyond PGATE * jitter: the counter falls
    // by twice the poll per update and the poll comes down.
    loop.clock.SetFrequencyError(-40e-6);
    int minPoll = loop.poll;
    for (int i = 0; i < 40; ++i)
    {
        loop.Run(1);
        minPoll = std::min(minPoll, loop.poll);
    }
    BOOST_TEST(minPoll < 10);
}

BOOST_AUTO_TEST_CASE(initial_offset_is_slewed_away)
{
    // 50 ms is below the 0.128 s step threshold: no step, the phase is
    // slewed. After a day (more than five loop time constants 16 * 2^10 s
    // even at maxpoll, e^-5 * 50 ms = 0.34 ms) it is below 1 ms.
    Loop loop(0.0, 0.05);
    loop.Run(3600.0);
    BOOST_TEST(std::fabs(loop.clock.TrueOffset()) < 0.05);
    loop.Run(86400.0);
    BOOST_TEST(std::fabs(loop.clock.TrueOffset()) < 1e-3);
    BOOST_TEST((loop.discipline.State() == ClockState::Sync));
}

BOOST_AUTO_TEST_SUITE_END()
