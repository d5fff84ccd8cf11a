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
    s.Slew(100, 0.1, 1024);
    BOOST_TEST(s.Correction(100) == 0.0);
    BOOST_TEST(std::fabs(s.Correction(100 + 1024) - 0.1 * (1 - std::exp(-1.0))) < 1e-15);
    BOOST_TEST(std::fabs(s.SlewRemaining(100 + 5 * 1024) - 0.1 * std::exp(-5.0)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(a_new_slew_replaces_what_is_left_and_keeps_what_was_applied)
{
    ClockSteering s;
    s.Slew(0, 0.1, 100);
    const double applied = 0.1 * (1 - std::exp(-1.0));
    s.Slew(100, -0.02, 50);
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

BOOST_AUTO_TEST_SUITE_END()
