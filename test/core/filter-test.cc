// Clock filter (RFC 5905 section 10): every expected value below is worked
// out by hand from the definitions in the comment next to it.
#define BOOST_TEST_DYN_LINK
#include "ntp-filter.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;

namespace
{

// Absolute tolerance: stage ages are whole seconds, exact in 32.32 fixed
// point, so only double rounding (~1e-16) separates code from hand values.
#define CHECK_NEAR(actual, expected) BOOST_CHECK_SMALL((actual) - (expected), 1e-12)

using Verdict = FilterOutput::Verdict;

constexpr double kPhi = 15e-6;    // FilterSettings default
constexpr double kMaxDisp = 16.0; // FilterSettings default
constexpr int kPoll = 6;          // 64 s

// 3.9e9 s after 1900 is in 2023: the top bit of the raw timestamp is set, so
// these tests also cover "no sample used yet" against era-0 times after 1968.
const Timestamp kBase = Timestamp::FromSeconds(3900000000.0);

Timestamp
At(double secondsAfterBase)
{
    return kBase + secondsAfterBase;
}

FilterSample
Sample(double offset, double delay, double dispersion, Timestamp time)
{
    FilterSample s;
    s.offset = offset;
    s.delay = delay;
    s.dispersion = dispersion;
    s.time = time;
    s.valid = true;
    return s;
}

FilterOutput
AddAt(ClockFilter& filter, double offset, double delay, double dispersion, double when,
      int poll = kPoll)
{
    return filter.Add(Sample(offset, delay, dispersion, At(when)), At(when), poll);
}

} // namespace

BOOST_AUTO_TEST_SUITE(filter)

BOOST_AUTO_TEST_CASE(chooses_minimum_delay_sample)
{
    // Delays 30,12,25,40,18,22,35,28 ms with offsets 1..8 ms, one per poll.
    // The 12 ms sample (2nd, offset 2 ms) has the smallest delay, hence the
    // smallest error bound delta/2, and stays the best to the end.
    ClockFilter filter;
    const double delays[kFilterStages] = {0.030, 0.012, 0.025, 0.040, 0.018, 0.022, 0.035, 0.028};
    std::array<Verdict, kFilterStages> verdicts{};
    for (size_t i = 0; i < kFilterStages; ++i)
    {
        const double n = static_cast<double>(i);
        verdicts[i] = AddAt(filter, 0.001 * (n + 1), delays[i], 0.001, 64.0 * n).verdict;
    }
    // 1st: first sample. 2nd: 12 < 30 ms, new best; no popcorn judgement
    // because the previous peer dispersion (one stage + 7 empty stages at
    // 16 s: 0.0005 + 16 * 127/256, about 7.94 s) exceeds MAXDIST. 3rd..8th: best is still the
    // 12 ms sample, already used -> prime directive.
    BOOST_CHECK(verdicts[0] == Verdict::Updated);
    BOOST_CHECK(verdicts[1] == Verdict::Updated);
    for (size_t i = 2; i < kFilterStages; ++i)
    {
        BOOST_CHECK(verdicts[i] == Verdict::Stale);
    }
    CHECK_NEAR(filter.Offset(), 0.002);
    CHECK_NEAR(filter.Delay(), 0.012);
    BOOST_CHECK(filter.LastUsed() == At(64.0));
    // stage[0] is the newest sample.
    CHECK_NEAR(filter.Stages()[0].offset, 0.008);
    CHECK_NEAR(filter.Stages()[7].offset, 0.001);
}

BOOST_AUTO_TEST_CASE(old_samples_ranked_by_delay_plus_dispersion)
{
    // A: t=0, delay 10 ms, dispersion 10 ms. B: delay 20 ms, dispersion 1 ms.
    {
        // B at t=3000: A is 3000 s old > Allan intercept 2048 s, so its key is
        // 0.010 + (0.010 + 15e-6 * 3000) = 0.065 > B's key 0.020: B wins.
        ClockFilter filter;
        AddAt(filter, 0.001, 0.010, 0.010, 0.0);
        const FilterOutput out = AddAt(filter, 0.002, 0.020, 0.001, 3000.0);
        BOOST_CHECK(out.verdict == Verdict::Updated);
        CHECK_NEAR(out.offset, 0.002);
    }
    {
        // B at t=2000: A is younger than the intercept, key = delay 0.010 <
        // 0.020: A stays best, already used -> Stale.
        ClockFilter filter;
        AddAt(filter, 0.001, 0.010, 0.010, 0.0);
        const FilterOutput out = AddAt(filter, 0.002, 0.020, 0.001, 2000.0);
        BOOST_CHECK(out.verdict == Verdict::Stale);
        CHECK_NEAR(out.offset, 0.001);
    }
}

namespace
{

// S1: t=0,   offset +3 ms, delay 30 ms, dispersion 10 ms
// S2: t=64,  offset +1 ms, delay 10 ms, dispersion 20 ms
// S3: t=128, offset -2 ms, delay 20 ms, dispersion  5 ms
FilterOutput
AddThreeSamples(ClockFilter& filter)
{
    AddAt(filter, 0.003, 0.030, 0.010, 0.0);
    AddAt(filter, 0.001, 0.010, 0.020, 64.0);
    return AddAt(filter, -0.002, 0.020, 0.005, 128.0);
}

} // namespace

BOOST_AUTO_TEST_CASE(peer_dispersion_is_weighted_sum)
{
    ClockFilter filter;
    const FilterOutput out = AddThreeSamples(filter);
    // At now = 128 the grown stage dispersions are
    //   S1: 0.010 + 15e-6 * 128 = 0.01192
    //   S2: 0.020 + 15e-6 * 64  = 0.02096
    //   S3: 0.005 + 0             = 0.005
    // Order by delay: S2 (10 ms), S3 (20 ms), S1 (30 ms), then 5 empty stages
    // at MAXDISP. epsilon = sum eps_i / 2^(i+1):
    //   0.02096/2 + 0.005/4 + 0.01192/8 = 0.01048 + 0.00125 + 0.00149 = 0.01322
    //   16 * (1/16 + 1/32 + 1/64 + 1/128 + 1/256) = 1 + .5 + .25 + .125 + .0625 = 1.9375
    //   total 1.95072
    BOOST_CHECK(out.verdict == Verdict::Stale); // S2 is still best and was used at t=64
    CHECK_NEAR(out.dispersion, 1.95072);
    CHECK_NEAR(filter.DispersionAt(At(128.0)), 1.95072);
    // 100 s later it has grown by PHI * 100 = 0.0015.
    CHECK_NEAR(filter.DispersionAt(At(228.0)), 1.95072 + kPhi * 100.0);
    // Far in the future it saturates at MAXDISP.
    CHECK_NEAR(filter.DispersionAt(At(1.0e6)), kMaxDisp);
}

BOOST_AUTO_TEST_CASE(jitter_is_rms_about_best)
{
    ClockFilter filter;
    // One sample: m = 1, no spread to measure -> floored at the precision 2^-20.
    const FilterOutput first = AddAt(filter, 0.003, 0.030, 0.010, 0.0);
    CHECK_NEAR(first.jitter, std::ldexp(1.0, -20));

    ClockFilter three;
    const FilterOutput out = AddThreeSamples(three);
    // Best S2 (+1 ms); m = 3 usable stages:
    //   psi = sqrt(((3-1)^2 + (-2-1)^2) ms^2 / (3-1)) = sqrt(6.5) ms
    CHECK_NEAR(out.jitter, std::sqrt(6.5) * 1e-3);
    CHECK_NEAR(three.Jitter(), std::sqrt(6.5) * 1e-3);
}

BOOST_AUTO_TEST_CASE(stale_best_sample)
{
    ClockFilter filter;
    // A: delay 10 ms, offset 1 ms at t=0 -> first estimate.
    BOOST_CHECK(AddAt(filter, 0.001, 0.010, 0.001, 0.0).verdict == Verdict::Updated);
    // B: delay 20 ms at t=64. A is still the minimum-delay sample and was
    // already used, so nothing new may reach the clock.
    const FilterOutput b = AddAt(filter, 0.002, 0.020, 0.001, 64.0);
    BOOST_CHECK(b.verdict == Verdict::Stale);
    CHECK_NEAR(b.offset, 0.001);
    BOOST_CHECK(b.time == At(0.0));
    BOOST_CHECK(filter.LastUsed() == At(0.0));
    // Jitter is still refreshed: m = 2, sqrt((2-1)^2 ms^2 / 1) = 1 ms.
    CHECK_NEAR(b.jitter, 0.001);
    // Dispersion too: A 0.001 + 15e-6*64 = 0.00196 (weight 1/2), B 0.001
    // (weight 1/4), 6 empty stages 16 * (1/8 + ... + 1/256) = 3.9375.
    CHECK_NEAR(b.dispersion, 0.00098 + 0.00025 + 3.9375);

    // ntpd has no exception before the system first synchronizes: the same
    // best sample is not delivered again.
    const FilterOutput c = filter.Add(Sample(0.003, 0.030, 0.001, At(128.0)), At(128.0), kPoll);
    BOOST_CHECK(c.verdict == Verdict::Stale);
    CHECK_NEAR(c.offset, 0.001);
    BOOST_CHECK(c.time == At(0.0));
}

namespace
{

// A burst (samples 2 s apart): S1 is a +50 ms spike with the lowest delay
// (5 ms) and, being the first sample, becomes the estimate. S2..S8 lie at
// +1, -1, +1, ... ms with delays 10..16 ms; S1 stays best, so all are Stale.
// S9 (t=16, offset 0, delay 8 ms) pushes S1 out and becomes the best.
FilterOutput
BurstAfterSpike(ClockFilter& filter, int poll)
{
    AddAt(filter, 0.050, 0.005, 0.001, 0.0, poll);
    for (int k = 1; k <= 7; ++k)
    {
        const double offset = (k % 2 == 1) ? 0.001 : -0.001;
        AddAt(filter, offset, 0.009 + 0.001 * k, 0.001, 2.0 * k, poll);
    }
    return AddAt(filter, 0.0, 0.008, 0.001, 16.0, poll);
}

} // namespace

BOOST_AUTO_TEST_CASE(popcorn_spike)
{
    // After S9: usable stages S9, S2..S8 (m = 8), best S9 at 0:
    //   psi = sqrt(7 * (1 ms)^2 / 7) = 1 ms
    // The estimate would jump |0 - 50 ms| = 50 ms > 3 * psi = 3 ms, the
    // previous peer dispersion (8 stages of ~1.1 ms) and S9's 1 ms are below
    // MAXDIST 1.5 s, and S9 is 16 s after the last used sample < 2 * 2^6 s:
    // a popcorn spike: the sample is not used (LastUsed unchanged), but as
    // in ntpd its offset is remembered, so that if it is still the best on
    // the next evaluation it no longer counts as a jump and is used.
    ClockFilter filter;
    const FilterOutput out = BurstAfterSpike(filter, kPoll);
    BOOST_CHECK(out.verdict == Verdict::Popcorn);
    CHECK_NEAR(out.jitter, 0.001);
    BOOST_CHECK(filter.LastUsed() == At(0.0));
    // S10 (t=18, +1 ms, delay 20 ms) leaves S9 the best: now it is used.
    const FilterOutput next = AddAt(filter, 0.001, 0.020, 0.001, 18.0, kPoll);
    BOOST_CHECK(next.verdict == Verdict::Updated);
    CHECK_NEAR(filter.Offset(), 0.0);
    BOOST_CHECK(filter.LastUsed() == At(16.0));

    // With poll 2^3 the window is 2 * 8 = 16 s and 16 < 16 is false: the
    // same jump is accepted.
    ClockFilter shortPoll;
    const FilterOutput accepted = BurstAfterSpike(shortPoll, 3);
    BOOST_CHECK(accepted.verdict == Verdict::Updated);
    CHECK_NEAR(shortPoll.Offset(), 0.0);
    BOOST_CHECK(shortPoll.LastUsed() == At(16.0));
}

BOOST_AUTO_TEST_CASE(min_delay_spike_inflates_its_own_jitter)
{
    // The gate compares the jump with the jitter computed about the NEW best
    // sample (RFC 5905 / ntpd). When the spike itself is the best sample,
    // every other stage differs from it by about the spike, so psi is about
    // the jump and 3 * psi always exceeds it: the spike is accepted.
    // S1..S7 at +1,-1,+1,-1,+1,-1,+1 ms, delays 10..16 ms, 2 s apart; the
    // estimate is S1 (+1 ms). S8: +50 ms, delay 5 ms, t=14.
    //   psi = sqrt((4 * 49^2 + 3 * 51^2) / 7) ms = sqrt(17407 / 7) ms ~ 49.9 ms
    //   jump = 49 ms < 3 * psi -> Updated.
    ClockFilter filter;
    for (int k = 0; k < 7; ++k)
    {
        const double offset = (k % 2 == 0) ? 0.001 : -0.001;
        AddAt(filter, offset, 0.010 + 0.001 * k, 0.001, 2.0 * k);
    }
    const FilterOutput out = AddAt(filter, 0.050, 0.005, 0.001, 14.0);
    BOOST_CHECK(out.verdict == Verdict::Updated);
    CHECK_NEAR(out.jitter, std::sqrt(17407.0 / 7.0) * 1e-3);
    CHECK_NEAR(filter.Offset(), 0.050);
}

BOOST_AUTO_TEST_CASE(dummy_samples_after_missed_polls)
{
    ClockFilter filter;
    // A: offset 2 ms, delay 10 ms, dispersion 1 ms at t=0.
    BOOST_CHECK(AddAt(filter, 0.002, 0.010, 0.001, 0.0).verdict == Verdict::Updated);

    // Three polls missed: the caller shifts in a dummy at t=192.
    const FilterOutput d1 = filter.AddDummy(At(192.0), kPoll);
    BOOST_CHECK(!filter.Stages()[0].valid);
    CHECK_NEAR(filter.Stages()[0].dispersion, kMaxDisp);
    // A is still the only usable stage and was already used.
    BOOST_CHECK(d1.verdict == Verdict::Stale);
    CHECK_NEAR(d1.offset, 0.002);
    // A ranks first: 0.001 + 15e-6 * 192 = 0.00388, weight 1/2 -> 0.00194;
    // the dummy and 6 empty stages: 16 * (1/4 + ... + 1/256) = 16 * 127/256
    // = 7.9375.
    CHECK_NEAR(d1.dispersion, 0.00194 + 7.9375);

    // Seven more dummies push A out: nothing usable is left.
    FilterOutput last;
    for (int k = 1; k <= 7; ++k)
    {
        last = filter.AddDummy(At(192.0 + 64.0 * k), kPoll);
    }
    BOOST_CHECK(last.verdict == Verdict::NoSample);
    // All 8 stages at MAXDISP: 16 * (1/2 + ... + 1/256) = 16 * 255/256.
    CHECK_NEAR(last.dispersion, 15.9375);
    CHECK_NEAR(filter.Offset(), 0.002); // the last estimate is kept

    // A new sample is used at once: it is newer than the last used one and the
    // previous dispersion (15.94 s) is too large for a popcorn judgement.
    const FilterOutput fresh = AddAt(filter, 0.040, 0.012, 0.001, 700.0);
    BOOST_CHECK(fresh.verdict == Verdict::Updated);
    CHECK_NEAR(fresh.offset, 0.040);
}

BOOST_AUTO_TEST_CASE(reset_empties_everything)
{
    ClockFilter filter;
    AddThreeSamples(filter);
    filter.Reset();
    for (const FilterSample& stage : filter.Stages())
    {
        BOOST_CHECK(!stage.valid);
    }
    CHECK_NEAR(filter.DispersionAt(At(500.0)), kMaxDisp);
    BOOST_CHECK(filter.LastUsed().IsZero());
    CHECK_NEAR(filter.Offset(), 0.0);
    CHECK_NEAR(filter.Delay(), 0.0);
    CHECK_NEAR(filter.Jitter(), 0.0);

    // The prime directive starts over: a sample older than the one used
    // before the reset (t=64) is accepted.
    const FilterOutput out = AddAt(filter, 0.004, 0.015, 0.001, 10.0);
    BOOST_CHECK(out.verdict == Verdict::Updated);
    CHECK_NEAR(out.offset, 0.004);
    BOOST_CHECK(out.time == At(10.0));
}

BOOST_AUTO_TEST_SUITE_END()
