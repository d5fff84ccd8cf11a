#include "scenario-run.h"
#include "scenario-sampler.h"

#include <cmath>
#include <sstream>

namespace ns3
{

namespace
{

std::string
Format(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

} // namespace

NtpScenarioReport::Check
CheckExpectation(const NtpExpectation& e, const NtpScenarioReport& report,
                 const NtpScenarioSampler& sampler, double duration,
                 std::vector<bool>& configErrorsNamed)
{
    NtpScenarioReport::Check check;
    const NtpScenarioReport::NodeReport& node = report.nodes.at(e.node);
    std::ostringstream what;
    what << "line " << e.line << ": " << e.node << " ";
    switch (e.kind)
    {
    case NtpExpectation::Kind::Synchronized:
        if (e.synchronized)
        {
            what << "synchronized" << (e.by ? " by " + Format(*e.by) + " s" : "");
            check.passed = node.syncSince && (!e.by || *node.syncSince <= *e.by);
            check.detail = node.syncSince ? "in SYNC from " + Format(*node.syncSince) + " s"
                                          : "not in SYNC at the end";
        }
        else
        {
            what << "never synchronized";
            bool ever = false;
            for (bool sample : sampler.synchronized.at(e.node))
            {
                ever |= sample;
            }
            check.passed = !ever;
            check.detail = ever ? "was in SYNC" : "never in SYNC";
        }
        break;
    case NtpExpectation::Kind::OffsetTo:
    {
        const double to = e.to.value_or(duration);
        what << "offset to " << e.offsetTo;
        if (e.maxAbs)
        {
            what << " within " << Format(*e.maxAbs) << " s";
        }
        if (e.minAbs)
        {
            what << (e.maxAbs ? " and" : "") << " reaching " << Format(*e.minAbs) << " s";
        }
        what << " from " << Format(e.from) << " to " << Format(to) << " s";
        const bool trueTime = e.offsetTo == "true_time";
        if (!trueTime && report.nodes.count(e.offsetTo) == 0)
        {
            check.detail = "'" + e.offsetTo + "' is no node (accepted: a node, true_time)";
            break;
        }
        double worst = 0;
        double worstAt = 0;
        const std::vector<double>& mine = sampler.offsets.at(e.node);
        for (size_t i = 0; i < sampler.times.size(); ++i)
        {
            const double t = sampler.times[i];
            if (t < e.from || t > to)
            {
                continue;
            }
            const double other = trueTime ? 0.0 : sampler.offsets.at(e.offsetTo)[i];
            if (std::fabs(mine[i] - other) >= std::fabs(worst))
            {
                worst = mine[i] - other;
                worstAt = t;
            }
        }
        check.passed = (!e.maxAbs || std::fabs(worst) <= *e.maxAbs)
                    && (!e.minAbs || std::fabs(worst) >= *e.minAbs);
        check.detail = "largest " + Format(worst) + " s at " + Format(worstAt) + " s";
        break;
    }
    case NtpExpectation::Kind::Stratum:
        what << "stratum " << e.stratum << " at the end";
        check.passed = node.stratum == e.stratum;
        check.detail = "stratum " + std::to_string(node.stratum);
        break;
    case NtpExpectation::Kind::SystemPeer:
        what << "system peer " << e.systemPeer << " at the end";
        check.passed = node.systemPeer == e.systemPeer;
        check.detail = "system peer " + node.systemPeer;
        break;
    case NtpExpectation::Kind::Refused:
    {
        const auto it = node.refused.find(e.reason);
        const uint64_t count = it == node.refused.end() ? 0 : it->second;
        what << "refused " << e.reason;
        if (e.min > 0 || !e.max)
        {
            what << " at least " << e.min;
        }
        if (e.max)
        {
            what << (e.min > 0 ? " and" : "") << " at most " << *e.max;
        }
        what << " times";
        check.passed = count >= e.min && (!e.max || count <= *e.max);
        check.detail = std::to_string(count) + " refused";
        break;
    }
    case NtpExpectation::Kind::Counter:
    {
        const auto it = node.counters.find(e.counter);
        const uint64_t count = it == node.counters.end() ? 0 : it->second;
        what << e.counter;
        if (e.min > 0 || !e.max)
        {
            what << " at least " << e.min;
        }
        if (e.max)
        {
            what << (e.min > 0 ? " and" : "") << " at most " << *e.max;
        }
        what << " at the end";
        check.passed = count >= e.min && (!e.max || count <= *e.max);
        check.detail = e.counter + " " + std::to_string(count);
        break;
    }
    case NtpExpectation::Kind::PeerPoll:
    {
        what << "poll " << e.poll << " toward " << e.peer << " at the end";
        check.detail = "no association with " + e.peer;
        for (const auto& association : node.associations)
        {
            if (association.peer == e.peer)
            {
                check.passed = association.poll == e.poll;
                check.detail = "poll " + std::to_string(association.poll) + ", minpoll "
                             + std::to_string(association.minpoll);
            }
        }
        break;
    }
    case NtpExpectation::Kind::ConfigError:
    {
        what << "a configuration line refused with '" << e.text << "'";
        for (size_t i = 0; i < node.configErrors.size(); ++i)
        {
            if (node.configErrors[i].find(e.text) != std::string::npos)
            {
                check.passed = true;
                check.detail = node.configErrors[i];
                configErrorsNamed[i] = true;
            }
        }
        if (!check.passed)
        {
            check.detail = std::to_string(node.configErrors.size()) + " refused lines";
        }
        break;
    }
    }
    check.description = what.str();
    return check;
}

} // namespace ns3
