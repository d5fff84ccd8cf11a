#include "ntp-parameters.h"

#include <cmath>
#include <string>

namespace ntp
{

namespace
{

Error
OutOfRange(const std::string& name, double value, const std::string& accepted)
{
    return name + " " + std::to_string(value) + " is out of range (accepted: " + accepted + ")";
}

} // namespace

Error
Parameters::Validate() const
{
    if (!(phi > 0 && phi < 1e-3))
    {
        return OutOfRange("phi", phi, "0 < phi < 1e-3 s/s");
    }
    if (!(minDispersion > 0 && minDispersion < maxDispersion))
    {
        return OutOfRange("minDispersion", minDispersion, "0 < minDispersion < maxDispersion");
    }
    if (!(maxDistance > 0))
    {
        return OutOfRange("maxDistance", maxDistance, "> 0 s");
    }
    if (minSurvivors < 1 || minCandidates < 1)
    {
        return OutOfRange("minSurvivors/minCandidates",
                          minSurvivors < 1 ? minSurvivors : minCandidates, ">= 1");
    }
    if (unreachLimit < 1 || unreachLimit > 1000)
    {
        return OutOfRange("unreachLimit", unreachLimit, "1..1000");
    }
    if (burstCount < 1 || burstCount > 16 || !(burstInterval > 0))
    {
        return OutOfRange("burstCount", burstCount, "1..16 with burstInterval > 0");
    }
    if (minimumPoll < 0 || maximumPoll > 17 || minimumPoll > maximumPoll)
    {
        return OutOfRange("minimumPoll", minimumPoll, "0 <= minimumPoll <= maximumPoll <= 17");
    }
    if (defaultMinpoll < minimumPoll || defaultMaxpoll > maximumPoll
        || defaultMinpoll > defaultMaxpoll)
    {
        return OutOfRange("defaultMinpoll", defaultMinpoll, "minimumPoll..defaultMaxpoll");
    }
    if (precision < -32 || precision > 0)
    {
        return OutOfRange("precision", precision, "-32..0 (log2 s)");
    }
    if (!(stepThreshold >= 0) || !(stepout >= 0) || !(panicThreshold >= 0))
    {
        return OutOfRange("stepThreshold/stepout/panicThreshold", stepThreshold,
                          ">= 0 (0 disables)");
    }
    if (!(pllGain > 0) || !(fllGain > 0) || !(averaging >= 1))
    {
        return OutOfRange("pllGain/fllGain/averaging", pllGain,
                          "pllGain > 0, fllGain > 0, averaging >= 1");
    }
    if (allanInterceptLog2 < 0 || allanInterceptLog2 > 20)
    {
        return OutOfRange("allanInterceptLog2", allanInterceptLog2, "0..20");
    }
    if (pollLimit < 1 || !(pollGate > 0))
    {
        return OutOfRange("pollLimit", pollLimit, ">= 1 with pollGate > 0");
    }
    if (!(maxFrequency > 0 && maxFrequency <= 0.01))
    {
        return OutOfRange("maxFrequency", maxFrequency, "0 < maxFrequency <= 0.01 s/s");
    }
    if (initialFrequency && !(std::abs(*initialFrequency) <= maxFrequency))
    {
        return OutOfRange("initialFrequency", *initialFrequency, "|f| <= maxFrequency");
    }
    if (!(pollJitter >= 0 && pollJitter < 1) || !(minPacketInterval >= 0))
    {
        return OutOfRange("pollJitter", pollJitter, "0 <= pollJitter < 1, minPacketInterval >= 0");
    }
    if (!(adjtimeLatency >= 0 && adjtimeLatency <= 10))
    {
        return OutOfRange("adjtimeLatency", adjtimeLatency, "0..10 s");
    }
    if (!(adjtimeRate > 0 && adjtimeRate <= 0.01) || kernelShiftPll < 0 || kernelShiftPll > 8)
    {
        return OutOfRange("adjtimeRate", adjtimeRate,
                          "0 < adjtimeRate <= 0.01 s/s with kernelShiftPll 0..8");
    }
    if (!(localReferenceWait >= 0 && localReferenceWait <= 86400)
        || !(localReferenceDispersion >= 0 && localReferenceDispersion < maxDispersion))
    {
        return OutOfRange("localReferenceWait", localReferenceWait,
                          "0..86400 s with 0 <= localReferenceDispersion < maxDispersion");
    }
    if (passiveMaxpoll < minimumPoll || passiveMaxpoll > maximumPoll)
    {
        return OutOfRange("passiveMaxpoll", passiveMaxpoll, "minimumPoll..maximumPoll");
    }
    for (std::size_t i = 0; i < sourceAddresses.size(); ++i)
    {
        const SourceAddress& source = sourceAddresses[i];
        if (source.address.IsUnspecified())
        {
            return std::string("sourceAddresses[") + std::to_string(i)
                 + "] has no address (accepted: an IPv4 or IPv6 address)";
        }
        for (std::size_t j = 0; j < i; ++j)
        {
            if (sourceAddresses[j].instance == source.instance
                && sourceAddresses[j].address.GetFamily() == source.address.GetFamily())
            {
                return std::string("sourceAddresses has two ")
                     + (source.address.IsV4() ? "IPv4" : "IPv6") + " addresses for instance "
                     + std::to_string(source.instance)
                     + " (accepted: at most one per instance and address family)";
            }
        }
    }
    if (stratumCeiling < 1 || stratumCeiling > 16)
    {
        return OutOfRange("stratumCeiling", stratumCeiling, "1..16");
    }
    if (maxPassiveAssociations < 0)
    {
        return OutOfRange("maxPassiveAssociations", maxPassiveAssociations, ">= 0");
    }
    return std::nullopt;
}

Parameters
RfcParameters()
{
    Parameters p;
    p.minDispersion = 0.005;
    p.maxDistance = 1.0;
    p.unreachLimit = 24;
    p.stepThreshold = 0.125;
    p.stepout = 900;
    p.allanInterceptLog2 = 11; // RFC appendix ALLAN 1500 s; 2^11 is the nearest power of two
    p.passivePolicy = PassivePolicy::Mobilize;
    p.authenticate = false;                // the RFC mobilizes on any symmetric-active packet
    p.discipline = DisciplineMode::Daemon; // the RFC's loop; it has no kernel discipline
    p.selectionMidpoints = true;
    return p;
}

} // namespace ntp
