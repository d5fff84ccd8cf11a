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
    explicit Loop(double frequencyError, double initialOffset = 0, double noise = 0,
                  DisciplineMode mode = DisciplineMode::Kernel) :
        clock(events, initialOffset, frequencyError),
        parameters(WithMode(mode)),
        discipline(parameters),
        noiseSigma(noise)
    {
        discipline.Start(clock.Now());
        Apply(discipline.Commands());
    }

    static Parameters WithMode(DisciplineMode mode)
    {
        Parameters p;
        p.discipline = mode;
        return p;
    }

    /// What the engine does with the discipline's decisions.
    void Apply(const ClockCommands& c)
    {
        if (c.step)
        {
            clock.Step(*c.step);
        }
        if (c.frequency)
        {
            clock.SetFrequency(*c.frequency, c.frequencyDelay);
        }
        if (c.adjtime)
        {
            clock.Slew(SlewChannel::Adjtime, *c.adjtime);
        }
        if (c.kernelPhase)
        {
            clock.Slew(SlewChannel::KernelPll, *c.kernelPhase);
        }
    }

    /// Runs for `duration` true seconds, one update per poll interval.
    void Run(double duration)
    {
        const double end = events.Now() + duration;
        while (events.Now() < end)
        {
            events.RunUntil(events.Now() + std::ldexp(1.0, poll));
            const double offset = -clock.TrueOffset() + noiseSigma * gauss(random);
            discipline.Update(offset, clock.Now(), poll, 6, 10);
            Apply(discipline.Commands());
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
    // ntpd step threshold 0.128 s: 0.2 s steps at once from NSET, which then
    // measures the frequency (FREQ). ntpd leaves sys_poll alone on a step.
    Parameters p;
    Discipline d(p);
    int poll = 8;
    BOOST_TEST((d.Update(0.2, At(0), poll, 6, 10) == Discipline::Result::Step));
    BOOST_TEST(d.Commands().step.value_or(0) == 0.2);
    BOOST_TEST((d.State() == ClockState::Freq));
    BOOST_TEST(poll == 8);
}

BOOST_AUTO_TEST_CASE(first_offset_is_handed_to_adjtime_at_500_ppm)
{
    // ntpd local_clock() in NSET: adj_systime(offset), which Linux slews
    // linearly at 500 ppm (0.1 s in 200 s), then FREQ.
    Parameters p;
    Discipline d(p);
    int poll = 6;
    BOOST_TEST((d.Update(0.1, At(0), poll, 6, 10) == Discipline::Result::Slew));
    BOOST_TEST((d.State() == ClockState::Freq));
    const PhaseSlew slew = d.Commands().adjtime.value();
    BOOST_TEST(slew.offset == 0.1);
    BOOST_TEST(slew.timeConstant == 0.0);
    BOOST_TEST(slew.maxRate == 500e-6);
    BOOST_TEST(std::fabs(slew.Remaining(100) - 0.05) < 1e-12);
    BOOST_TEST(slew.Remaining(200) == 0.0);
    // The RFC text threshold (0.125 s) would step 0.126 s; ntpd's 0.128 s slews it.
    Discipline d2(p);
    BOOST_TEST((d2.Update(0.126, At(0), poll, 6, 10) == Discipline::Result::Slew));
    Discipline d3(RfcParameters());
    BOOST_TEST((d3.Update(0.126, At(0), poll, 6, 10) == Discipline::Result::Step));
}

BOOST_AUTO_TEST_CASE(frequency_is_measured_directly_after_the_stepout)
{
    // ntpd direct_freq(): offset / (time since the first update), once the
    // stepout (300 s) has passed; earlier updates are ignored. 15 ms after
    // 300 s is 50 ppm. The startup clamp (freq_cnt) then slews the phase by
    // 1/32 of what is left each second, phase plus frequency at most
    // 500 ppm, until an offset under 0.5 ms.
    for (DisciplineMode mode : {DisciplineMode::Kernel, DisciplineMode::Daemon})
    {
        Parameters p;
        p.discipline = mode;
        Discipline d(p);
        d.Start(At(0));
        int poll = 6;
        d.Update(0.05, At(0), poll, 6, 10);
        BOOST_TEST((d.Update(0.012, At(256), poll, 6, 10) == Discipline::Result::Ignore));
        BOOST_TEST((d.Update(0.015, At(300), poll, 6, 10) == Discipline::Result::Slew));
        BOOST_TEST((d.State() == ClockState::Sync));
        BOOST_TEST(std::fabs(d.Frequency() - 50e-6) < 1e-15);
        const PhaseSlew slew = d.Commands().adjtime.value();
        BOOST_TEST(slew.offset == 0.015);
        BOOST_TEST(std::fabs(slew.timeConstant - (-1 / std::log(31.0 / 32.0))) < 1e-9);
        const double carried = mode == DisciplineMode::Daemon ? 50e-6 : 0.0;
        BOOST_TEST(std::fabs(slew.maxRate - (500e-6 - carried)) < 1e-15);
        // ntpd's own loop reaches the clock through once-a-second adjtime()
        // calls: phase and (its) frequency take effect 2 s later.
        BOOST_TEST(slew.delay == 2.0);
        BOOST_TEST(d.Commands().frequencyDelay == (mode == DisciplineMode::Daemon ? 2.0 : 0.0));
        BOOST_TEST(!d.IsSettled(At(300)));
        // The clamp ends by itself after 300 s of SYNC.
        BOOST_TEST(std::fabs(d.StartupClampExpiry().value() - At(600)) < 1e-6);
        BOOST_TEST(d.IsSettled(At(601)));
    }
}

BOOST_AUTO_TEST_CASE(kernel_loop_takes_over_after_the_startup_clamp)
{
    // Once an offset is under 0.5 ms, ntpd hands it to the kernel
    // (ntp_adjtime, constant = poll): the kernel slews 1/2^(2+6) of what is
    // left each second and adds offset * interval / (16 * 64)^2 to the
    // frequency, the interval counting from when the kernel loop started.
    Parameters p;
    Discipline d(p);
    d.Start(At(0));
    int poll = 6;
    d.Update(0.05, At(10), poll, 6, 10);
    d.Update(0.015, At(320), poll, 6, 10);
    const double before = d.Frequency();
    BOOST_TEST((d.Update(0.0004, At(384), poll, 6, 10) == Discipline::Result::Slew));
    BOOST_TEST(d.IsSettled(At(384)));
    const PhaseSlew kernel = d.Commands().kernelPhase.value();
    BOOST_TEST(kernel.offset == 0.0004);
    BOOST_TEST(std::fabs(kernel.timeConstant - (-1 / std::log(255.0 / 256.0))) < 1e-9);
    BOOST_TEST(std::fabs(d.Frequency() - before - 0.0004 * 384 / (1024.0 * 1024.0)) < 1e-15);
    // The daemon's own slew stops, the kernel has the phase; the adjtime()
    // calls already in flight still go through (2 s, clknetsim's latency).
    const PhaseSlew stop = d.Commands().adjtime.value();
    BOOST_TEST(stop.offset == 0.0);
    BOOST_TEST(stop.delay == 2.0);
    // The kernel's frequency is set at once.
    BOOST_TEST(d.Commands().frequencyDelay == 0.0);
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
    for (DisciplineMode mode : {DisciplineMode::Kernel, DisciplineMode::Daemon})
    {
        Loop loop(100e-6, 0.0, 0.0, mode);
        loop.Run(2 * 86400.0);
        BOOST_TEST_MESSAGE("frequency correction " << loop.discipline.Frequency() * 1e6
                                                   << " ppm, offset " << loop.clock.TrueOffset()
                                                   << " s");
        BOOST_TEST(std::fabs(loop.discipline.Frequency() + 100e-6) < 0.1e-6);
        BOOST_TEST((loop.discipline.State() == ClockState::Sync));
    }
}

BOOST_AUTO_TEST_CASE(poll_climbs_to_maxpoll_when_stable_and_backs_off_when_not)
{
    // 100 us of white measurement noise (a LAN path): once the frequency is
    // learned, offsets stay within PGATE (4) times the jitter, and each
    // update adds the poll exponent to the hysteresis counter until it
    // passes LIMIT (30): the poll climbs to maxpoll (10).
    Loop loop(-50e-6, 0.0, 100e-6, DisciplineMode::Daemon);
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
    // 50 ms is below the 0.128 s step threshold: no step, adjtime() slews
    // it at 500 ppm, which takes 100 s.
    Loop loop(0.0, 0.05);
    loop.Run(200.0);
    BOOST_TEST(std::fabs(loop.clock.TrueOffset()) < 1e-3);
    loop.Run(86400.0);
    BOOST_TEST(std::fabs(loop.clock.TrueOffset()) < 1e-3);
    BOOST_TEST((loop.discipline.State() == ClockState::Sync));
}

BOOST_AUTO_TEST_SUITE_END()
