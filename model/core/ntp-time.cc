#include "ntp-time.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace ntp
{

namespace
{
constexpr double kTwoTo32 = 4294967296.0;
constexpr int64_t kEraSeconds = int64_t{1} << 32;
} // namespace

Timestamp
Timestamp::FromUnix(int64_t seconds, uint32_t nanoseconds)
{
    // Wrapping to 32 bits of seconds is exactly the era reduction.
    const uint64_t ntpSeconds = static_cast<uint64_t>(seconds) + kUnixEpochOffset;
    const uint64_t fraction = (static_cast<uint64_t>(nanoseconds) << 32) / 1000000000ULL;
    return Timestamp((ntpSeconds << 32) | (fraction & 0xffffffffULL));
}

Timestamp
Timestamp::FromSeconds(double secondsSince1900)
{
    const double whole = std::floor(secondsSince1900);
    const double fraction = secondsSince1900 - whole;
    const uint64_t sec = static_cast<uint64_t>(static_cast<int64_t>(whole));
    const uint64_t frac = static_cast<uint64_t>(fraction * kTwoTo32);
    return Timestamp((sec << 32) + frac);
}

int64_t
Timestamp::ToUnixNanoseconds(int64_t pivotUnixSeconds) const
{
    // Seconds of this timestamp within its era, as Unix seconds of era 0.
    const int64_t eraZeroUnix
        = static_cast<int64_t>(Seconds()) - static_cast<int64_t>(kUnixEpochOffset);
    // Choose the era whose value lies within half an era of the pivot.
    int64_t unixSeconds = eraZeroUnix;
    const int64_t eras = (pivotUnixSeconds - eraZeroUnix + kEraSeconds / 2);
    const int64_t eraShift
        = eras >= 0 ? eras / kEraSeconds : -((-eras + kEraSeconds - 1) / kEraSeconds);
    unixSeconds += eraShift * kEraSeconds;
    const int64_t nanos
        = static_cast<int64_t>((static_cast<uint64_t>(Fraction()) * 1000000000ULL) >> 32);
    return unixSeconds * 1000000000LL + nanos;
}

namespace
{

/// std::llround (halves away from zero) without the library call, which
/// every timestamp pays for: below 2^52 the fraction left by truncation is
/// exact; at and above it a double is an integer already.
int64_t
RoundToNearest(double value)
{
    if (!(std::fabs(value) < 4503599627370496.0))
    {
        return std::llround(value);
    }
    int64_t whole = static_cast<int64_t>(value);
    const double fraction = value - static_cast<double>(whole);
    if (fraction >= 0.5)
    {
        ++whole;
    }
    else if (fraction <= -0.5)
    {
        --whole;
    }
    return whole;
}

} // namespace

Timestamp
Timestamp::operator+(double seconds) const
{
    const int64_t delta = RoundToNearest(seconds * kTwoTo32);
    return Timestamp(m_raw + static_cast<uint64_t>(delta));
}

std::string
Timestamp::ToHex() const
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%08x.%08x", Seconds(), Fraction());
    return buf;
}

uint32_t
SecondsToShort(double seconds)
{
    if (!(seconds > 0.0))
    {
        return 0;
    }
    const double scaled = std::round(seconds * 65536.0);
    if (scaled >= 4294967295.0)
    {
        return 0xffffffffU;
    }
    return static_cast<uint32_t>(scaled);
}

double
ShortToSeconds(uint32_t value)
{
    return static_cast<double>(value) / 65536.0;
}

double
Log2ToSeconds(int exponent)
{
    // 2^exponent built from its bits where it is a normal double (polls,
    // precisions and time constants all are); ldexp elsewhere.
    if (exponent < -1022 || exponent > 1023)
    {
        return std::ldexp(1.0, exponent);
    }
    const uint64_t bits = static_cast<uint64_t>(exponent + 1023) << 52;
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

} // namespace ntp
