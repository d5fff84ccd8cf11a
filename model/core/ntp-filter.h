/*
 * The clock filter (RFC 5905 section 10, appendix A.5.2): an 8-stage shift
 * register of (offset, delay, dispersion, time) samples per association.
 * The minimum-delay sample is the best estimate because queueing only ever
 * adds delay, and the offset error is bounded by half the delay.
 */
#ifndef NTP_CORE_FILTER_H
#define NTP_CORE_FILTER_H

#include "ntp-time.h"

#include <array>
#include <cstddef>

namespace ntp
{

constexpr size_t kFilterStages = 8; ///< NSTAGE

struct FilterSample
{
    double offset{0};
    double delay{0};
    double dispersion{0}; ///< at the time the sample was taken
    Timestamp time;       ///< local time the sample was taken
    bool valid{false};    ///< false: empty stage or a dummy from a missed poll
};

struct FilterSettings
{
    double phi{15e-6};
    double maxDispersion{16.0};
    double maxDistance{1.5};
    double precision{9.5367431640625e-07}; ///< seconds (2^-20)
    double popcornGate{3.0};
    double allanIntercept{2048.0}; ///< older samples are ranked by delay + dispersion
};

/// What the filter concluded after a new sample.
struct FilterOutput
{
    enum class Verdict
    {
        Updated, ///< a new best sample: the peer's estimate changed
        Stale,   ///< the best sample was already used (RFC "prime directive")
        Popcorn, ///< the best sample is a popcorn spike
        NoSample ///< no valid sample in the register
    };

    Verdict verdict{Verdict::NoSample};
    double offset{0};
    double delay{0};
    double dispersion{0}; ///< peer dispersion: weighted sum over the stages
    double jitter{0};     ///< RMS offset difference to the best sample
    Timestamp time;       ///< when the chosen sample was taken
};

class ClockFilter
{
  public:
    explicit ClockFilter(const FilterSettings& settings = FilterSettings());

    /// Empties every stage (association reset, clock step).
    void Reset();

    /**
     * Shifts `sample` in and re-evaluates. `hostPollLog2` is the association's
     * poll exponent (popcorn spikes are judged only between samples less than
     * two polls apart). As in ntpd, a sample is used at most once, never
     * an older one than the last used.
     */
    FilterOutput Add(const FilterSample& sample, Timestamp now, int hostPollLog2);

    /// Shifts in a dummy sample (RFC: after three missed polls).
    FilterOutput AddDummy(Timestamp now, int hostPollLog2);

    /**
     * ntpd ranks samples by delay only once the clock has settled (its
     * freq_cnt is zero); while the clock is still converging an old low-delay
     * sample describes a clock that no longer exists, so the newest is best.
     */
    void SetSortByDelay(bool sortByDelay)
    {
        m_sortByDelay = sortByDelay;
    }

    /// Peer dispersion as of `now`, aged by PHI.
    double DispersionAt(Timestamp now) const;

    double Offset() const
    {
        return m_offset;
    }

    double Delay() const
    {
        return m_delay;
    }

    double Jitter() const
    {
        return m_jitter;
    }

    /// When a sample or dummy last went in (ntpd's peer->update; zero before).
    Timestamp LastEvaluated() const
    {
        return m_dispersionTime;
    }

    /// Time of the sample behind the current estimate (zero before the first).
    Timestamp LastUsed() const
    {
        return m_lastUsed;
    }

    const std::array<FilterSample, kFilterStages>& Stages() const
    {
        return m_stages;
    }

  private:
    /// A stage seen from `now`: its grown dispersion and its sort key.
    struct Ranked
    {
        const FilterSample* stage{nullptr};
        double dispersion{0};
        double key{0};
    };

    void Shift(const FilterSample& sample);
    double StageDispersion(const FilterSample& stage, Timestamp now) const;
    /// The stage's rank key, given its grown dispersion and its age.
    double SortKey(const FilterSample& stage, double dispersion, double age) const;
    std::array<Ranked, kFilterStages> Rank(Timestamp now) const;
    double PeerDispersion(const std::array<Ranked, kFilterStages>& ranked) const;
    double PeerJitter(const std::array<Ranked, kFilterStages>& ranked) const;
    bool IsPopcorn(const FilterSample& best, double bestDispersion, double peerDispersion,
                   int hostPollLog2) const;
    FilterOutput Output(FilterOutput::Verdict verdict) const;
    FilterOutput Evaluate(Timestamp now, int hostPollLog2);

    FilterSettings m_settings;
    std::array<FilterSample, kFilterStages> m_stages{}; // [0] newest
    double m_offset{0};
    double m_delay{0};
    double m_dispersion{16.0};
    double m_jitter{0};
    Timestamp m_dispersionTime;
    Timestamp m_lastUsed;
    bool m_sortByDelay{true};
};

} // namespace ntp

#endif // NTP_CORE_FILTER_H
