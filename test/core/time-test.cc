#include "ntp-time.h"

#include <boost/test/unit_test.hpp>

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
