#include "ntp-filter.h"

#include "ntp-small-sort.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ntp
{

namespace
{

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Seconds elapsed from `then` to `now`, never negative: a sample stamped
// slightly in the future (clock stepped back) must not earn negative aging.
double
Age(Timestamp now, Timestamp then)
{
    return std::max(0.0, now - then);
}

} // namespace

ClockFilter::ClockFilter(const FilterSettings& settings) : m_settings(settings)
{
    Reset();
}

void
ClockFilter::Reset()
{
    m_stages.fill(FilterSample());
    m_offset = 0;
    m_delay = 0;
    m_dispersion = m_settings.maxDispersion;
    m_jitter = 0;
    m_dispersionTime = Timestamp();
    m_lastUsed = Timestamp();
}

FilterOutput
ClockFilter::Add(const FilterSample& sample, Timestamp now, int hostPollLog2)
{
    // Dummies go through AddDummy, so whatever arrives here is a real
    // measurement even if the caller left `valid` at its default.
    FilterSample real = sample;
    real.valid = true;
    Shift(real);
    return Evaluate(now, hostPollLog2);
}

FilterOutput
ClockFilter::AddDummy(Timestamp now, int hostPollLog2)
{
    FilterSample dummy;
    dummy.dispersion = m_settings.maxDispersion;
    dummy.time = now;
    dummy.valid = false;
    Shift(dummy);
    // A dummy brings no new data; the prime directive keeps an already used
    // sample from being delivered again.
    return Evaluate(now, hostPollLog2);
}

double
ClockFilter::DispersionAt(Timestamp now) const
{
    if (m_dispersionTime.IsZero())
    {
        return m_dispersion;
    }
    const double aged = m_dispersion + m_settings.phi * Age(now, m_dispersionTime);
    return std::min(aged, m_settings.maxDispersion);
}

void
ClockFilter::Shift(const FilterSample& sample)
{
    // stage[0] is the newest; the oldest falls off the end.
    for (size_t i = kFilterStages - 1; i > 0; --i)
    {
        m_stages[i] = m_stages[i - 1];
    }
    m_stages[0] = sample;
}

double
ClockFilter::StageDispersion(const FilterSample& stage, Timestamp now) const
{
    if (!stage.valid)
    {
        return m_settings.maxDispersion;
    }
    const double grown = stage.dispersion + m_settings.phi * Age(now, stage.time);
    return std::min(grown, m_settings.maxDispersion);
}

double
ClockFilter::SortKey(const FilterSample& stage, double dispersion, double age) const
{
    if (!stage.valid || dispersion >= m_settings.maxDispersion)
    {
        return kInfinity;
    }
    // Beyond the Allan intercept the oscillator wander dominates, so an old
    // low-delay sample is no longer better than a fresh one: rank it by its
    // whole error (delay plus grown dispersion).
    if (age > m_settings.allanIntercept)
    {
        return stage.delay + dispersion;
    }
    return stage.delay;
}

std::array<ClockFilter::Ranked, kFilterStages>
ClockFilter::Rank(Timestamp now) const
{
    std::array<Ranked, kFilterStages> ranked;
    for (size_t i = 0; i < kFilterStages; ++i)
    {
        const FilterSample& stage = m_stages[i];
        // StageDispersion's growth, with the age computed once for both.
        const double age = Age(now, stage.time);
        const double dispersion = stage.valid ? std::min(stage.dispersion + m_settings.phi * age,
                                                         m_settings.maxDispersion)
                                              : m_settings.maxDispersion;
        double key = SortKey(stage, dispersion, age);
        if (!m_sortByDelay && key != kInfinity)
        {
            key = static_cast<double>(i); // newest usable stage first
        }
        ranked[i] = Ranked{&m_stages[i], dispersion, key};
    }
    // Stable so that among equal keys the newer stage comes first.
    StableSortSmall(ranked.begin(), ranked.end(),
                    [](const Ranked& a, const Ranked& b) { return a.key < b.key; });
    return ranked;
}

double
ClockFilter::PeerDispersion(const std::array<Ranked, kFilterStages>& ranked) const
{
    // Weights 1/2, 1/4, ... favour the best-ranked stages (RFC 5905 eq. for epsilon).
    double sum = 0;
    double weight = 0.5;
    for (const Ranked& r : ranked)
    {
        sum += std::min(r.dispersion, m_settings.maxDispersion) * weight;
        weight /= 2;
    }
    return sum;
}

double
ClockFilter::PeerJitter(const std::array<Ranked, kFilterStages>& ranked) const
{
    // Stages of finite distance count, and beyond the first two only those
    // under MAXDIST (ntpd); the best contributes zero.
    size_t usable = 0;
    double sumSquares = 0;
    const double bestOffset = ranked[0].stage->offset;
    for (const Ranked& r : ranked)
    {
        if (std::isinf(r.key) || (usable >= 2 && r.key >= m_settings.maxDistance))
        {
            continue;
        }
        const double diff = r.stage->offset - bestOffset;
        sumSquares += diff * diff;
        ++usable;
    }
    const double rms = usable > 1 ? std::sqrt(sumSquares / static_cast<double>(usable - 1)) : 0.0;
    // The jitter cannot be claimed to be better than the clock can read.
    return std::max(rms, m_settings.precision);
}

bool
ClockFilter::IsPopcorn(const FilterSample& best, double bestDispersion, double peerDispersion,
                       int hostPollLog2) const
{
    if (m_lastUsed.IsZero())
    {
        return false; // nothing to compare against yet
    }
    if (peerDispersion >= m_settings.maxDistance || bestDispersion >= m_settings.maxDistance)
    {
        return false; // only judge when the register and the sample are fit
    }
    // m_jitter is already the jitter about the NEW best sample, as in RFC 5905
    // and ntpd. A consequence: while the sample behind m_offset is still in
    // the register the jitter is at least jump / sqrt(7), so the gate only
    // fires after that sample has left (e.g. a burst turned the register over).
    const double jump = std::fabs(best.offset - m_offset);
    const double interval = best.time - m_lastUsed;
    return jump > m_settings.popcornGate * m_jitter && interval < 2.0 * Log2ToSeconds(hostPollLog2);
}

FilterOutput
ClockFilter::Evaluate(Timestamp now, int hostPollLog2)
{
    const std::array<Ranked, kFilterStages> ranked = Rank(now);

    m_dispersion = PeerDispersion(ranked);
    m_dispersionTime = now;

    const Ranked& best = ranked[0];
    if (std::isinf(best.key))
    {
        // No usable stage: keep the last estimate and jitter, report only
        // the (now large) dispersion.
        return Output(FilterOutput::Verdict::NoSample);
    }
    m_jitter = PeerJitter(ranked);

    // Prime directive: a sample is used at most once and never one older
    // than the last used. A zero m_lastUsed means "none yet"; it must be
    // tested explicitly because IsAfter(0) is false for era-0 times after 1968.
    const bool fresh = m_lastUsed.IsZero() || best.stage->time.IsAfter(m_lastUsed);
    if (!fresh)
    {
        return Output(FilterOutput::Verdict::Stale);
    }
    if (IsPopcorn(*best.stage, best.dispersion, m_dispersion, hostPollLog2))
    {
        // Like ntpd, remember the suspect offset without using the sample:
        // if it is still the best next time it is no longer a jump, so a
        // real change is delayed by one sample, a lone spike is dropped.
        m_offset = best.stage->offset;
        return Output(FilterOutput::Verdict::Popcorn);
    }

    m_offset = best.stage->offset;
    m_delay = best.stage->delay;
    m_lastUsed = best.stage->time;
    return Output(FilterOutput::Verdict::Updated);
}

FilterOutput
ClockFilter::Output(FilterOutput::Verdict verdict) const
{
    // Whatever the verdict, the output describes the estimate in force.
    FilterOutput out;
    out.verdict = verdict;
    out.offset = m_offset;
    out.delay = m_delay;
    out.dispersion = m_dispersion;
    out.jitter = m_jitter;
    out.time = m_lastUsed;
    return out;
}

} // namespace ntp
