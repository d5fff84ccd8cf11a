/*
 * NTP time formats (RFC 5905 section 6).
 *
 * Absolute times in the core are 64-bit NTP timestamps (32.32 fixed point
 * seconds since 1900-01-01 of some era). Differences between two timestamps
 * are taken modulo 2^64 and read as signed, which is correct across the 2036
 * era rollover as long as the two are less than 68 years apart (RFC 5905
 * section 6). Durations are plain doubles in seconds.
 */
#ifndef NTP_CORE_TIME_H
#define NTP_CORE_TIME_H

#include <cstdint>
#include <string>

namespace ntp
{

/// Seconds from 1900-01-01 (NTP prime epoch) to 1970-01-01 (Unix epoch).
constexpr uint64_t kUnixEpochOffset = 2208988800ULL;

/**
 * A 64-bit NTP timestamp: 32 bits of seconds, 32 bits of fraction.
 *
 * The value zero is special on the wire (RFC 5905: "unknown"/"not set").
 */
class Timestamp
{
  public:
    constexpr Timestamp() = default;

    constexpr explicit Timestamp(uint64_t raw) : m_raw(raw) {}

    static constexpr Timestamp FromParts(uint32_t seconds, uint32_t fraction)
    {
        return Timestamp((static_cast<uint64_t>(seconds) << 32) | fraction);
    }

    /// From Unix time (seconds, nanoseconds); any era.
    static Timestamp FromUnix(int64_t seconds, uint32_t nanoseconds);

    /// From seconds since 1900 of era 0 expressed as a double (tests, demos).
    static Timestamp FromSeconds(double secondsSince1900);

    /**
     * Unix time in nanoseconds, choosing the era that puts the result closest
     * to `pivotUnixSeconds` (the way daemons disambiguate eras).
     */
    int64_t ToUnixNanoseconds(int64_t pivotUnixSeconds) const;

    constexpr uint64_t Raw() const
    {
        return m_raw;
    }

    constexpr uint32_t Seconds() const
    {
        return static_cast<uint32_t>(m_raw >> 32);
    }

    constexpr uint32_t Fraction() const
    {
        return static_cast<uint32_t>(m_raw);
    }

    constexpr bool IsZero() const
    {
        return m_raw == 0;
    }

    /// this - other in seconds, era-independent (two's complement difference).
    /// Inline: the clock filter ages eight samples per evaluation with it.
    double operator-(Timestamp other) const
    {
        const int64_t diff = static_cast<int64_t>(m_raw - other.m_raw);
        return static_cast<double>(diff) / 4294967296.0;
    }

    /// Shift by a duration in seconds (wraps across eras).
    Timestamp operator+(double seconds) const;

    Timestamp& operator+=(double seconds)
    {
        *this = *this + seconds;
        return *this;
    }

    /// True when this is later than other (era-independent, within 68 years).
    bool IsAfter(Timestamp other) const
    {
        return static_cast<int64_t>(m_raw - other.m_raw) > 0;
    }

    constexpr bool operator==(Timestamp other) const
    {
        return m_raw == other.m_raw;
    }

    constexpr bool operator!=(Timestamp other) const
    {
        return m_raw != other.m_raw;
    }

    /// "e6136a71.2d8c4800" as ntpq prints it.
    std::string ToHex() const;

  private:
    uint64_t m_raw{0};
};

/// Converts seconds to the 16.16 short format (root delay, root dispersion),
/// saturating at the format's limits; negative values become zero.
uint32_t SecondsToShort(double seconds);

/// Converts a 16.16 short-format value to seconds.
double ShortToSeconds(uint32_t value);

/// 2^exponent as a double; poll and precision are log2 seconds on the wire.
double Log2ToSeconds(int exponent);

} // namespace ntp

#endif // NTP_CORE_TIME_H
