// Selection, clustering and combining (RFC 5905 section 11.2, A.5.5): every
// expected value is worked out by hand in the comment next to it. Offsets
// and distances are written in milliseconds and converted with Ms().
#define BOOST_TEST_DYN_LINK
#include "ntp-select.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;

namespace
{

#define CHECK_NEAR(actual, expected) BOOST_CHECK_SMALL((actual) - (expected), 1e-12)

constexpr double
Ms(double milliseconds)
{
    return milliseconds * 1e-3;
}

Candidate
Make(uint32_t id, double offsetMs, double distanceMs, int stratum = 2, double jitterMs = 1.0,
     bool prefer = false)
{
    Candidate c;
    c.id = id;
    c.offset = Ms(offsetMs);
    c.rootDistance = Ms(distanceMs);
    c.jitter = Ms(jitterMs);
    c.stratum = stratum;
    c.prefer = prefer;
    return c;
}

bool
Contains(const std::vector<uint32_t>& ids, uint32_t id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

// The suite is named `select` but ::select() is the POSIX call, so the
// suite's namespace is nested in one of our own.
namespace select_test
{

BOOST_AUTO_TEST_SUITE(select)

BOOST_AUTO_TEST_CASE(two_liars_of_five)
{
    // Truechimers 1..3 at 0.5, 1.0, 1.5 ms; liars 4 at +200 ms, 5 at -300 ms;
    // all lambda = 10 ms. Intervals (ms): [-9.5,10.5] [-9,11] [-8.5,11.5]
    // [190,210] [-310,-290].
    // allow 0 (need 5) and allow 1 (need 4): no point lies in 4 intervals.
    // allow 2 (need 3): ascending -310 L, -300 M (outside 1), -290 U,
    // -9.5 L, -9 L, -8.5 L -> 3 open: low = -8.5. Descending 210 U,
    // 200 M (outside 2), 190 L, 11.5 U, 11 U, 10.5 U -> high = 10.5.
    // 2 midpoints outside <= 2 and low < high: accepted.
    const std::vector<Candidate> candidates = {Make(1, 0.5, 10), Make(2, 1.0, 10), Make(3, 1.5, 10),
                                               Make(4, 200, 10), Make(5, -300, 10)};
    const SelectionResult r = SelectSources(candidates, SelectSettings());
    BOOST_CHECK(r.majority);
    CHECK_NEAR(r.low, Ms(-8.5));
    CHECK_NEAR(r.high, Ms(10.5));
    BOOST_CHECK((r.truechimers == std::vector<uint32_t>{1, 2, 3}));
    BOOST_CHECK(!Contains(r.survivors, 4) && !Contains(r.survivors, 5));
    // Three survivors = NMIN: no clustering. Equal merit: caller order, so 1
    // is the system peer. Equal lambda: plain mean (0.5 + 1 + 1.5) / 3 = 1 ms.
    BOOST_CHECK(r.systemPeer == std::optional<uint32_t>(1));
    CHECK_NEAR(r.offset, Ms(1.0));
    BOOST_CHECK(r.offset >= Ms(0.5) && r.offset <= Ms(1.5));
}

BOOST_AUTO_TEST_CASE(three_scattered_liars_of_five_leave_no_majority)
{
    // Truechimers at 0 and 1 ms, liars at +200, -300, +500 ms, lambda 10 ms.
    // Only the two truechimer intervals overlap. allow may go up to 2
    // (2*2 < 5), which needs a point inside 3 intervals: none exists, so
    // there is no majority clique and nothing is selected.
    const std::vector<Candidate> candidates
        = {Make(1, 0, 10), Make(2, 1, 10), Make(3, 200, 10), Make(4, -300, 10), Make(5, 500, 10)};
    const SelectionResult r = SelectSources(candidates, SelectSettings());
    BOOST_CHECK(!r.majority);
    BOOST_CHECK(r.truechimers.empty());
    BOOST_CHECK(r.survivors.empty());
    BOOST_CHECK(!r.systemPeer.has_value());
}

BOOST_AUTO_TEST_CASE(three_colluding_liars_of_five_win)
{
    // Marzullo can only tolerate f falsetickers among 2f+1. Three liars that
    // agree (200, 201, 202 ms, lambda 10 ms) form the majority clique:
    // allow 2 (need 3): ascending -10 L, -9 L, 0 M, 1 M (outside 2), 10 U,
    // 11 U, 190 L, 191 L, 192 L -> low = 192. Descending 212 U, 211 U, 210 U
    // -> high = 210 (no midpoint passed). 2 outside <= 2: [192, 210].
    // The honest servers at 0 and 1 ms are the falsetickers.
    const std::vector<Candidate> candidates
        = {Make(1, 0, 10), Make(2, 1, 10), Make(3, 200, 10), Make(4, 201, 10), Make(5, 202, 10)};
    const SelectionResult r = SelectSources(candidates, SelectSettings());
    BOOST_CHECK(r.majority);
    CHECK_NEAR(r.low, Ms(192));
    CHECK_NEAR(r.high, Ms(210));
    BOOST_CHECK((r.truechimers == std::vector<uint32_t>{3, 4, 5}));
    CHECK_NEAR(r.offset, Ms(201)); // equal weights: mean of 200, 201, 202
}

BOOST_AUTO_TEST_CASE(single_candidate_is_selected)
{
    // n = 1, allow 0: the interval [5-20, 5+20] ms is its own intersection.
    const SelectionResult r = SelectSources({Make(7, 5, 20)}, SelectSettings());
    BOOST_CHECK(r.majority);
    CHECK_NEAR(r.low, Ms(-15));
    CHECK_NEAR(r.high, Ms(25));
    BOOST_CHECK(r.systemPeer == std::optional<uint32_t>(7));
    CHECK_NEAR(r.offset, Ms(5));
    CHECK_NEAR(r.selectionJitter, 0.0);

    // Zero root distance: low == high == offset, accepted because the test is
    // low <= high.
    const SelectionResult point = SelectSources({Make(8, 3, 0)}, SelectSettings());
    BOOST_CHECK(point.majority);
    CHECK_NEAR(point.low, Ms(3));
    CHECK_NEAR(point.high, Ms(3));
    BOOST_CHECK(point.systemPeer == std::optional<uint32_t>(8));
    CHECK_NEAR(point.offset, Ms(3));
}

BOOST_AUTO_TEST_CASE(empty_candidate_list)
{
    const SelectionResult r = SelectSources({}, SelectSettings());
    BOOST_CHECK(!r.majority);
    BOOST_CHECK(!r.systemPeer.has_value());
}

BOOST_AUTO_TEST_CASE(too_few_truechimers)
{
    // Same three truechimers as two_liars_of_five, but CMIN = 4.
    SelectSettings settings;
    settings.minCandidates = 4;
    const std::vector<Candidate> candidates = {Make(1, 0.5, 10), Make(2, 1.0, 10), Make(3, 1.5, 10),
                                               Make(4, 200, 10), Make(5, -300, 10)};
    const SelectionResult r = SelectSources(candidates, settings);
    BOOST_CHECK(r.majority);
    BOOST_CHECK_EQUAL(r.truechimers.size(), 3u);
    BOOST_CHECK(r.survivors.empty());
    BOOST_CHECK(!r.systemPeer.has_value());
}

BOOST_AUTO_TEST_CASE(prefer_peer_wins_the_offset)
{
    // 1: 0 ms, lambda 10, stratum 1; 2: 2 ms, lambda 10, stratum 1;
    // 3: 4 ms, lambda 20, stratum 2, prefer. Intervals [-10,10] [-8,12]
    // [-16,24] all meet in [-8,10] holding every midpoint (allow 0).
    // Merit 1.51, 1.51, 3.02: survivors 1, 2, 3, but the prefer peer 3 is
    // the system peer and its offset alone is used.
    // Selection jitter about 4 ms, weights 1/lambda = 100, 100, 50 (1/s):
    //   sqrt((100 * 16e-6 + 100 * 4e-6 + 50 * 0) / 250) = sqrt(8e-6)
    const std::vector<Candidate> candidates
        = {Make(1, 0, 10, 1), Make(2, 2, 10, 1), Make(3, 4, 20, 2, 1.0, true)};
    const SelectionResult r = SelectSources(candidates, SelectSettings());
    BOOST_CHECK((r.survivors == std::vector<uint32_t>{1, 2, 3}));
    BOOST_CHECK(r.systemPeer == std::optional<uint32_t>(3));
    CHECK_NEAR(r.offset, Ms(4));
    CHECK_NEAR(r.selectionJitter, std::sqrt(8e-6));
}

namespace
{

// Offsets 0, 1, 2, 4 ms and an outlier at 15 ms, all lambda 10 ms, stratum 2.
// Intervals [-10,10] [-9,11] [-8,12] [-6,14] [5,25].
// allow 0 (need 5): ascending passes midpoints 0, 1, 2 before the 5th lower
// end -> 3 outside > 0, rejected. allow 1 (need 4): ascending -10, -9, -8, -6
// -> low = -6 (no midpoint passed); descending 25 U, 15 M (outside 1), 14 U,
// 12 U, 11 U -> high = 11. 1 <= 1: [-6, 11]; [5, 25] meets it, so the
// outlier is a truechimer.
std::vector<Candidate>
FiveWithOutlier(double peerJitterMs)
{
    return {Make(1, 0, 10, 2, peerJitterMs), Make(2, 1, 10, 2, peerJitterMs),
            Make(3, 2, 10, 2, peerJitterMs), Make(4, 4, 10, 2, peerJitterMs),
            Make(5, 15, 10, 2, peerJitterMs)};
}

} // namespace

BOOST_AUTO_TEST_CASE(cluster_drops_largest_selection_jitter)
{
    // Round 1 (n = 5), phi_i = sqrt(sum_j (theta_i - theta_j)^2 / 4) in ms:
    //   0: (0+1+4+16+225)/4 = 61.5    -> 7.84
    //   1: (1+0+1+9+196)/4  = 51.75   -> 7.19
    //   2: (4+1+0+4+169)/4  = 44.5    -> 6.67
    //   4: (16+9+4+0+121)/4 = 37.5    -> 6.12
    //  15: (225+196+169+121+0)/4 = 177.75 -> 13.33  <- max
    // 13.33 >= min peer jitter 3.5: drop id 5.
    // Round 2 (n = 4), divide by 3:
    //   0: (1+4+16)/3 = 7 -> 2.65;  1: (1+1+9)/3 -> 1.91;
    //   2: (4+1+4)/3 = 3 -> 1.73;   4: (16+9+4)/3 -> 3.11  <- max
    // 3.11 < 3.5: stop with 4 survivors.
    // Intersection with RFC 5905's midpoint test: all five intervals meet
    // in [5, 10] but four midpoints lie outside it, so one falseticker is
    // allowed: the lowest point in 4 intervals is -6, the highest 11.
    SelectSettings rfc;
    rfc.countMidpoints = true;
    const SelectionResult r = SelectSources(FiveWithOutlier(3.5), rfc);
    BOOST_CHECK(r.majority);
    CHECK_NEAR(r.low, Ms(-6));
    CHECK_NEAR(r.high, Ms(11));
    // ntpd's endpoint-only intersection takes the overlap of all five.
    const SelectionResult n = SelectSources(FiveWithOutlier(3.5), SelectSettings());
    CHECK_NEAR(n.low, Ms(5));
    CHECK_NEAR(n.high, Ms(10));
    BOOST_CHECK((n.survivors == r.survivors));
    BOOST_CHECK_EQUAL(r.truechimers.size(), 5u);
    BOOST_CHECK((r.survivors == std::vector<uint32_t>{1, 2, 3, 4}));
    CHECK_NEAR(r.offset, Ms((0 + 1 + 2 + 4) / 4.0)); // equal lambda: mean
}

BOOST_AUTO_TEST_CASE(two_overlapping_sources_form_a_majority_as_in_ntpd)
{
    // An upstream at -38 ms (lambda 9 ms: [-47, -29]) and a peer at -67 ms
    // (lambda 119 ms: [-186, 52]) overlap in [-47, -29]. The peer's midpoint
    // lies outside the overlap: RFC 5905's midpoint test allows no
    // falseticker with two sources, so it finds no majority and the node
    // runs free; ntpd 4.2.8 (endpoints only) selects. One upstream and one
    // peer is the usual router configuration, hence ntpd's rule by default.
    const std::vector<Candidate> two = {Make(1, -38, 9, 1), Make(2, -67, 119, 2)};
    SelectSettings rfc;
    rfc.countMidpoints = true;
    BOOST_CHECK(!SelectSources(two, rfc).majority);
    const SelectionResult r = SelectSources(two, SelectSettings());
    BOOST_CHECK(r.majority);
    CHECK_NEAR(r.low, Ms(-47));
    CHECK_NEAR(r.high, Ms(-29));
    BOOST_CHECK(r.systemPeer == std::optional<uint32_t>(1)); // lower stratum
}

BOOST_AUTO_TEST_CASE(cluster_stops_at_min_survivors)
{
    // Peer jitter 0.5 ms: round 2's max 3.11 (id 4) is >= 0.5, so id 4 goes
    // too; then 3 survivors = NMIN ends the loop.
    const SelectionResult r = SelectSources(FiveWithOutlier(0.5), SelectSettings());
    BOOST_CHECK((r.survivors == std::vector<uint32_t>{1, 2, 3}));
    CHECK_NEAR(r.offset, Ms(1));
}

BOOST_AUTO_TEST_CASE(hop_avoidance_keeps_current_system_peer)
{
    // All stratum 2: 1 at 0 ms lambda 5, 2 at 1 ms lambda 8, 3 at 2 ms lambda
    // 12. Intersection [-5,5] holds every midpoint. Merit order 1, 2, 3.
    const std::vector<Candidate> same = {Make(1, 0, 5), Make(2, 1, 8), Make(3, 2, 12)};
    BOOST_CHECK(SelectSources(same, SelectSettings()).systemPeer == std::optional<uint32_t>(1));
    // Current peer 2 survived with the first survivor's stratum: keep it.
    BOOST_CHECK(SelectSources(same, SelectSettings(), 2u).systemPeer == std::optional<uint32_t>(2));
    // A current peer that is no candidate at all does not count.
    BOOST_CHECK(SelectSources(same, SelectSettings(), 9u).systemPeer == std::optional<uint32_t>(1));

    // Current peer 3 is stratum 3 while the best survivor is stratum 2:
    // switching to the lower stratum is worth a hop.
    const std::vector<Candidate> worse = {Make(1, 0, 5), Make(2, 1, 8), Make(3, 2, 12, 3)};
    BOOST_CHECK(SelectSources(worse, SelectSettings(), 3u).systemPeer
                == std::optional<uint32_t>(1));
}

BOOST_AUTO_TEST_CASE(combine_weights_by_inverse_distance)
{
    // 1: 0 ms lambda 10; 2: 3 ms lambda 20; 3: 6 ms lambda 40, all stratum 2.
    // Intervals [-10,10] [-17,23] [-34,46] meet in [-10,10] with all
    // midpoints inside (allow 0). Weights 1/lambda = 100, 50, 25 (1/s).
    //   offset = (100*0 + 50*0.003 + 25*0.006) / 175 = 0.3 / 175 s
    // System peer = best merit = 1 (offset 0):
    //   jitter = sqrt((50 * 0.003^2 + 25 * 0.006^2) / 175) = sqrt(1.35e-3 / 175)
    const std::vector<Candidate> candidates = {Make(1, 0, 10), Make(2, 3, 20), Make(3, 6, 40)};
    const SelectionResult r = SelectSources(candidates, SelectSettings());
    CHECK_NEAR(r.low, Ms(-10));
    CHECK_NEAR(r.high, Ms(10));
    BOOST_CHECK(r.systemPeer == std::optional<uint32_t>(1));
    CHECK_NEAR(r.offset, 0.3 / 175.0);
    CHECK_NEAR(r.selectionJitter, std::sqrt(1.35e-3 / 175.0));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace select_test
