#include "ntp-time.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;

BOOST_AUTO_TEST_SUITE(timestamps)

BOOST_AUTO_TEST_CASE(unix_epoch_is_2208988800_ntp_seconds)
{
    // RFC 5905 figure 4: 1970-01-01 is NTP second 2,208,988,800 of era 0.
    const Timestamp t = Timestamp::FromUnix(0, 0);
    BOOST_TEST(t.Seconds() == 2208988800U);
    BOOST_TEST(t.Fraction() == 0U);
}

BOOST_AUTO_TEST_CASE(fraction_is_binary)
{
    // Half a second is 0x80000000 in the 32-bit fraction.
    const Timestamp t = Timestamp::FromUnix(0, 500000000);
    BOOST_TEST(t.Fraction() == 0x80000000U);
}

BOOST_AUTO_TEST_CASE(era_rollover_2036)
{
    // Era 1 starts at 2036-02-07T06:28:16Z = Unix 2085978496 (2^32 - 2208988800).
    const Timestamp last = Timestamp::FromUnix(2085978495, 0);
    const Timestamp first = Timestamp::FromUnix(2085978496, 0);
    BOOST_TEST(last.Seconds() == 0xffffffffU);
    BOOST_TEST(first.Seconds() == 0U);
    // Differences stay correct across the boundary (two's complement).
    BOOST_TEST((first - last) == 1.0);
    BOOST_TEST((last - first) == -1.0);
    BOOST_TEST(first.IsAfter(last));
    // The era is recovered from a pivot near the true time.
    BOOST_TEST(first.ToUnixNanoseconds(2085978000) == 2085978496LL * 1000000000LL);
    BOOST_TEST(last.ToUnixNanoseconds(2085979000) == 2085978495LL * 1000000000LL);
    // And era 0 is chosen for a pivot in 2026.
    const Timestamp now = Timestamp::FromUnix(1767225600, 0);
    BOOST_TEST(now.ToUnixNanoseconds(1767225000) == 1767225600LL * 1000000000LL);
}

BOOST_AUTO_TEST_CASE(add_and_subtract_durations)
{
    const Timestamp t = Timestamp::FromUnix(1767225600, 0);
    const Timestamp later = t + 1.25;
    BOOST_TEST((later - t) == 1.25);
    const Timestamp earlier = t + (-0.000001);
    // 1 us is 4294.967296 fraction units: rounding keeps it within one unit.
    BOOST_TEST(std::abs((earlier - t) + 0.000001) < 1.0 / 4294967296.0);
}

BOOST_AUTO_TEST_CASE(durations_round_to_the_nearest_fraction_halves_away_from_zero)
{
    // A duration lands on the nearest 2^-32 s; an exact half goes away from
    // zero (the rounding of C's llround), for either sign.
    const Timestamp t = Timestamp::FromParts(1000, 0);
    const double unit = 1.0 / 4294967296.0;
    BOOST_TEST((t + 2.5 * unit).Fraction() == 3U);
    BOOST_TEST((t + -2.5 * unit).Fraction() == 0xfffffffdU);
    BOOST_TEST((t + -2.5 * unit).Seconds() == 999U);
    BOOST_TEST((t + 2.4999 * unit).Fraction() == 2U);
    BOOST_TEST((t + -2.4999 * unit).Fraction() == 0xfffffffeU);
    // The largest double below one half of a unit rounds down, not up (the
    // trap of adding 0.5 and truncating).
    BOOST_TEST((t + std::nextafter(0.5, 0.0) * unit).Fraction() == 0U);
    // Whole seconds and a day move the seconds field only.
    BOOST_TEST((t + 86400.0).Seconds() == 87400U);
    BOOST_TEST((t + 86400.0).Fraction() == 0U);
    BOOST_TEST((t + -1000.0).Seconds() == 0U);
}

BOOST_AUTO_TEST_CASE(log2_seconds_are_exact_powers_of_two)
{
    // Polls (2^4..2^17 s), precisions (2^-20 and finer) and time constants.
    BOOST_TEST(Log2ToSeconds(0) == 1.0);
    BOOST_TEST(Log2ToSeconds(6) == 64.0);
    BOOST_TEST(Log2ToSeconds(17) == 131072.0);
    BOOST_TEST(Log2ToSeconds(-20) == 1.0 / 1048576.0);
    BOOST_TEST(Log2ToSeconds(-1022) == std::ldexp(1.0, -1022));
    BOOST_TEST(Log2ToSeconds(1023) == std::ldexp(1.0, 1023));
    // Beyond the normal range: subnormal, and infinity.
    BOOST_TEST(Log2ToSeconds(-1074) == std::ldexp(1.0, -1074));
    BOOST_TEST(std::isinf(Log2ToSeconds(1024)));
}

BOOST_AUTO_TEST_CASE(short_format)
{
    // 16.16: 1 s = 0x00010000; 15.2587890625 us = 1 unit.
    BOOST_TEST(SecondsToShort(1.0) == 0x00010000U);
    BOOST_TEST(SecondsToShort(1.0 / 65536.0) == 1U);
    BOOST_TEST(SecondsToShort(-3.0) == 0U);
    BOOST_TEST(SecondsToShort(1e9) == 0xffffffffU);
    BOOST_TEST(ShortToSeconds(0x00018000U) == 1.5);
}

BOOST_AUTO_TEST_CASE(hex_form)
{
    BOOST_TEST(Timestamp::FromParts(0xe6136a71, 0x2d8c4800).ToHex() == "e6136a71.2d8c4800");
}

BOOST_AUTO_TEST_SUITE_END()
