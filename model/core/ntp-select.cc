#include "ntp-select.h"

#include "ntp-small-sort.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

namespace
{

// Root distances this small are treated as this value so that a candidate
// claiming zero error gets a huge but finite weight in the combine step.
constexpr double kMinDistance = 1e-9;

/// One end or the midpoint of a correctness interval.
struct Endpoint
{
    double value;
    int type; ///< -1 lower end, 0 midpoint, +1 upper end
};

std::vector<Endpoint>
MakeEndpoints(const std::vector<Candidate>& candidates, bool midpoints)
{
    std::vector<Endpoint> points;
    points.reserve(3 * candidates.size());
    for (const Candidate& c : candidates)
    {
        points.push_back({c.offset - c.rootDistance, -1});
        if (midpoints)
        {
            points.push_back({c.offset, 0});
        }
        points.push_back({c.offset + c.rootDistance, +1});
    }
    // At equal values lower ends sort first and upper ends last, so the
    // ascending sweep opens an interval before it closes one there and the
    // descending sweep does the mirror image: intervals that merely touch
    // count as overlapping.
    std::sort(points.begin(), points.end(),
              [](const Endpoint& a, const Endpoint& b)
              { return a.value < b.value || (a.value == b.value && a.type < b.type); });
    return points;
}

/**
 * Tries one number of tolerated falsetickers. Sweeps up for the lowest point
 * inside `needed` intervals and down for the highest; midpoints passed on
 * the way lie outside the intersection. Accepts when at most `allow`
 * midpoints are outside and low <= high (<= so that a single candidate with
 * zero root distance still forms an intersection).
 */
bool
TryIntersection(const std::vector<Endpoint>& points, long needed, long allow, double& low,
                double& high)
{
    long outside = 0;
    long chime = 0; // signed: a negative root distance must not wrap it
    bool foundLow = false;
    for (auto it = points.begin(); it != points.end(); ++it)
    {
        if (it->type < 0)
        {
            ++chime;
        }
        else if (it->type > 0)
        {
            --chime;
        }
        if (chime >= needed)
        {
            low = it->value;
            foundLow = true;
            break;
        }
        if (it->type == 0)
        {
            ++outside;
        }
    }
    chime = 0;
    bool foundHigh = false;
    for (auto it = points.rbegin(); it != points.rend(); ++it)
    {
        if (it->type > 0)
        {
            ++chime;
        }
        else if (it->type < 0)
        {
            --chime;
        }
        if (chime >= needed)
        {
            high = it->value;
            foundHigh = true;
            break;
        }
        if (it->type == 0)
        {
            ++outside;
        }
    }
    return foundLow && foundHigh && outside <= allow && low <= high;
}

/**
 * Marzullo-style intersection, fewest falsetickers first. RFC 5905 A.5.5.1
 * also counts the midpoints outside the intersection against the allowed
 * falsetickers; ntpd 4.2.8 uses the endpoints only, so that two sources
 * whose intervals overlap always form a majority (one upstream plus one
 * peer is the usual router configuration).
 */
bool
FindIntersection(const std::vector<Candidate>& candidates, bool midpoints, double& low,
                 double& high)
{
    const long n = static_cast<long>(candidates.size());
    const std::vector<Endpoint> points = MakeEndpoints(candidates, midpoints);
    // A majority clique needs more truechimers than falsetickers.
    for (long allow = 0; 2 * allow < n; ++allow)
    {
        if (TryIntersection(points, n - allow, allow, low, high))
        {
            return true;
        }
    }
    return false;
}

double
Merit(const Candidate& c, const SelectSettings& settings)
{
    // Stratum dominates; root distance breaks ties within a stratum.
    return c.stratum * settings.maxDistance + c.rootDistance;
}

/// RMS offset difference of survivor i to all survivors (RFC 5905 A.5.5.2).
double
SelectionJitterOf(const std::vector<Candidate>& survivors, size_t i)
{
    double sum = 0;
    for (const Candidate& other : survivors)
    {
        const double diff = survivors[i].offset - other.offset;
        sum += diff * diff;
    }
    return std::sqrt(sum / static_cast<double>(survivors.size() - 1));
}

/**
 * Drops the survivor with the largest selection jitter while more than
 * `minSurvivors` remain and that jitter is not already below the best peer
 * jitter (removing it then would no longer improve anything).
 */
void
Cluster(std::vector<Candidate>& survivors, int minSurvivors)
{
    // At least two must remain for a selection jitter to be defined.
    const size_t floor = static_cast<size_t>(std::max(minSurvivors, 1));
    while (survivors.size() > floor)
    {
        size_t worst = 0;
        double worstJitter = -1;
        double minPeerJitter = survivors[0].jitter;
        for (size_t i = 0; i < survivors.size(); ++i)
        {
            const double phi = SelectionJitterOf(survivors, i);
            // >= : on a tie drop the later one, i.e. the worse merit.
            if (phi >= worstJitter)
            {
                worstJitter = phi;
                worst = i;
            }
            minPeerJitter = std::min(minPeerJitter, survivors[i].jitter);
        }
        if (worstJitter < minPeerJitter)
        {
            break;
        }
        survivors.erase(survivors.begin() + static_cast<std::ptrdiff_t>(worst));
    }
}

const Candidate&
ChooseSystemPeer(const std::vector<Candidate>& survivors, std::optional<uint32_t> current)
{
    for (const Candidate& c : survivors)
    {
        if (c.prefer)
        {
            return c;
        }
    }
    // Clock hopping costs stability: keep the current peer while it is as
    // good as the best by stratum, even if another has a smaller distance.
    if (current)
    {
        for (const Candidate& c : survivors)
        {
            if (c.id == *current && c.stratum == survivors.front().stratum)
            {
                return c;
            }
        }
    }
    return survivors.front();
}

void
Combine(const std::vector<Candidate>& survivors, const Candidate& systemPeer,
        SelectionResult& result)
{
    double weightSum = 0;
    double offsetSum = 0;
    double jitterSum = 0;
    for (const Candidate& c : survivors)
    {
        // Weight by 1/lambda: sources with smaller error bounds count more.
        const double weight = 1.0 / std::max(c.rootDistance, kMinDistance);
        const double diff = c.offset - systemPeer.offset;
        weightSum += weight;
        offsetSum += weight * c.offset;
        jitterSum += weight * diff * diff;
    }
    result.offset = systemPeer.prefer ? systemPeer.offset : offsetSum / weightSum;
    result.selectionJitter = std::sqrt(jitterSum / weightSum);
}

} // namespace

SelectionResult
SelectSources(const std::vector<Candidate>& candidates, const SelectSettings& settings,
              std::optional<uint32_t> currentSystemPeer)
{
    SelectionResult result;
    result.majority
        = FindIntersection(candidates, settings.countMidpoints, result.low, result.high);
    if (!result.majority)
    {
        result.low = 0;
        result.high = 0;
        return result;
    }

    std::vector<Candidate> survivors;
    survivors.reserve(candidates.size());
    result.truechimers.reserve(candidates.size());
    for (const Candidate& c : candidates)
    {
        const bool meets
            = c.offset - c.rootDistance <= result.high && c.offset + c.rootDistance >= result.low;
        if (meets)
        {
            result.truechimers.push_back(c.id);
            survivors.push_back(c);
        }
    }
    if (survivors.empty()
        || survivors.size() < static_cast<size_t>(std::max(settings.minCandidates, 0)))
    {
        return result;
    }

    // Stable: equal merit keeps the caller's order, so results are reproducible.
    StableSortSmall(survivors.begin(), survivors.end(),
                    [&settings](const Candidate& a, const Candidate& b)
                    { return Merit(a, settings) < Merit(b, settings); });
    Cluster(survivors, settings.minSurvivors);

    result.survivors.reserve(survivors.size());
    for (const Candidate& c : survivors)
    {
        result.survivors.push_back(c.id);
    }
    const Candidate& systemPeer = ChooseSystemPeer(survivors, currentSystemPeer);
    result.systemPeer = systemPeer.id;
    Combine(survivors, systemPeer, result);
    return result;
}

} // namespace ntp
