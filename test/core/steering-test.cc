#include "ntp-steering.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;

BOOST_AUTO_TEST_SUITE(steering)

BOOST_AUTO_TEST_CASE(step_is_immediate_and_permanent)
{
    ClockSteering s;
    s.Step(10, 0.25);
    BOOST_TEST(s.Correction(10) == 0.25);
    BOOST_TEST(s.Correction(1e6) == 0.25);
}

BOOST_AUTO_TEST_CASE(slew_decays_exponentially)
{
    // ntpd applies offset/tau of what is left each second: after tau seconds
    // 1 - e^-1 of the offset is applied, after 5 tau 1 - e^-5.
    ClockSteering s;
    s.Slew(100, SlewChannel::Adjtime, PhaseSlew{0.1, 1024, 0});
    BOOST_TEST(s.Correction(100) == 0.0);
    BOOST_TEST(std::fabs(s.Correction(100 + 1024) - 0.1 * (1 - std::exp(-1.0))) < 1e-15);
    BOOST_TEST(std::fabs(s.SlewRemaining(100 + 5 * 1024) - 0.1 * std::exp(-5.0)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(a_new_slew_replaces_what_is_left_and_keeps_what_was_applied)
{
    ClockSteering s;
    s.Slew(0, SlewChannel::Adjtime, PhaseSlew{0.1, 100, 0});
    const double applied = 0.1 * (1 - std::exp(-1.0));
    s.Slew(100, SlewChannel::Adjtime, PhaseSlew{-0.02, 50, 0});
    BOOST_TEST(std::fabs(s.Correction(100) - applied) < 1e-15);
    BOOST_TEST(std::fabs(s.Correction(150) - (applied - 0.02 * (1 - std::exp(-1.0)))) < 1e-15);
}

BOOST_AUTO_TEST_CASE(frequency_accumulates_from_when_it_is_set)
{
    ClockSteering s;
    s.SetFrequency(1000, 50e-6);
    BOOST_TEST(std::fabs(s.Correction(2000) - 0.05) < 1e-15);
    s.SetFrequency(2000, -50e-6);
    BOOST_TEST(std::fabs(s.Correction(3000)) < 1e-15);
    BOOST_TEST(s.Frequency() == -50e-6);
}

BOOST_AUTO_TEST_CASE(adjtime_slews_linearly_at_its_rate)
{
    // Linux adjtime(): 500 ppm, so 0.1 s takes 200 s and then stops.
    ClockSteering s;
    s.Slew(0, SlewChannel::Adjtime, PhaseSlew{0.1, 0, 500e-6});
    BOOST_TEST(std::fabs(s.Correction(100) - 0.05) < 1e-15);
    BOOST_TEST(std::fabs(s.Correction(200) - 0.1) < 1e-15);
    BOOST_TEST(std::fabs(s.Correction(300) - 0.1) < 1e-15);
}

BOOST_AUTO_TEST_CASE(rate_bound_makes_an_exponential_slew_linear_first)
{
    // 20 ms with tau 10 s would start at 2 ms/s; bounded to 500 ppm it runs
    // linearly until r = 500e-6 * 10 s = 5 ms (at 30 s), then decays.
    ClockSteering s;
    s.Slew(0, SlewChannel::Adjtime, PhaseSlew{-0.02, 10, 500e-6});
    BOOST_TEST(std::fabs(s.SlewRemaining(20) + 0.01) < 1e-15);
    BOOST_TEST(std::fabs(s.SlewRemaining(30) + 0.005) < 1e-15);
    BOOST_TEST(std::fabs(s.SlewRemaining(40) + 0.005 * std::exp(-1.0)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(channels_add_and_replace_independently_and_steps_are_kept_apart)
{
    ClockSteering s;
    s.Slew(0, SlewChannel::Adjtime, PhaseSlew{0.01, 0, 1e-3});   // done at 10 s
    s.Slew(0, SlewChannel::KernelPll, PhaseSlew{0.002, 100, 0}); // exponential
    s.Step(5, 0.5);
    // A new kernel offset replaces the kernel's rest, not adjtime()'s.
    s.Slew(5, SlewChannel::KernelPll, PhaseSlew{0.0, 100, 0});
    const double kernelApplied = 0.002 * (1 - std::exp(-0.05));
    BOOST_TEST(std::fabs(s.Correction(20) - (0.01 + kernelApplied + 0.5)) < 1e-15);
    BOOST_TEST(s.Steps() == 0.5);
}

BOOST_AUTO_TEST_CASE(a_delayed_slew_or_frequency_takes_over_later)
{
    // adjtime() calls in flight: the old slew (linear 1 ms/s) runs 2 s more,
    // then the new one; a delayed frequency likewise.
    ClockSteering s;
    s.Slew(0, SlewChannel::Adjtime, PhaseSlew{0.1, 0, 1e-3});
    s.Slew(10, SlewChannel::Adjtime, PhaseSlew{-0.005, 0, 1e-3, 2.0});
    BOOST_TEST(std::fabs(s.Correction(12) - 0.012) < 1e-15);
    BOOST_TEST(std::fabs(s.Correction(14) - 0.010) < 1e-15);
    BOOST_TEST(std::fabs(s.Correction(20) - 0.007) < 1e-15);
    BOOST_TEST(std::fabs(s.SlewRemaining(11) - (0.001 - 0.005)) < 1e-15);
    s.SetFrequency(20, 100e-6, 2.0);
    BOOST_TEST(s.Frequency() == 0.0);
    BOOST_TEST(std::fabs(s.Correction(32) - (0.007 + 100e-6 * 10)) < 1e-15);
    BOOST_TEST(s.Frequency() == 0.0); // Correction does not fold
    s.Step(40, 0.0);
    BOOST_TEST(s.Frequency() == 100e-6);
}

BOOST_AUTO_TEST_SUITE_END()
