#include "summary.h"

#include "json-output.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace ntp::wire
{

namespace
{

/// A number, or null when absent or not finite (JSON has no NaN or infinity).
Json
Number(const std::optional<double>& value)
{
    return value && std::isfinite(*value) ? Json(*value) : Json(nullptr);
}

std::string
Seconds(const std::optional<double>& value)
{
    if (!value)
    {
        return "-";
    }
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%+.9f s", *value);
    return buf;
}

std::string
Octal(uint8_t reach)
{
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%03o", reach);
    return buf;
}

} // namespace

std::string
SummaryJson(const SessionSummary& s)
{
    Json refused = Json::object();
    for (const auto& [reason, count] : s.refused)
    {
        refused[reason] = count;
    }
    Json associations = Json::array();
    for (const AssociationSnapshot& a : s.associations)
    {
        associations.push_back(
            {{"id", a.id},
             {"mode", a.mode},
             {"remote", a.mode == "local-reference" ? std::string("local") : a.remote.ToString()},
             {"key_id", a.keyId},
             {"stratum", a.stratum},
             {"reach", a.reach},
             {"poll", a.poll},
             {"offset_s", Number(a.offset)},
             {"delay_s", Number(a.delay)},
             {"jitter_s", Number(a.jitter)},
             {"demobilized", a.demobilized ? Json(a.demobilizedWhy) : Json(nullptr)}});
    }
    Json out = {{"command", s.command},
                {"synchronized", s.synchronized},
                {"offset_s", Number(s.offset)},
                {"delay_s", Number(s.delay)},
                {"jitter_s", Number(s.jitter)},
                {"peer", s.peer ? Json(*s.peer) : Json(nullptr)},
                {"reach", s.reach},
                {"stratum", s.stratum},
                {"refid", s.refid},
                {"poll", s.poll},
                {"root_delay_s", Number(s.rootDelay)},
                {"root_dispersion_s", Number(s.rootDispersion)},
                {"clock_state", s.clockState},
                {"clock_correction_s", Number(s.clockCorrection)},
                {"frequency_ppm", Number(s.frequencyPpm)},
                {"steps", s.steps},
                {"packets_tx", s.packetsTx},
                {"packets_rx", s.packetsRx},
                {"auth_failures", s.authFailures},
                {"refused", refused},
                {"accepted", s.accepted},
                {"stateless_replies", s.statelessReplies},
                {"clients_served", s.clientsServed},
                {"send_errors", s.sendErrors}};
    if (!s.lastSendError.empty())
    {
        out["last_send_error"] = s.lastSendError;
    }
    out["oversized_dropped"] = s.oversized;
    out["kernel_dropped"] = s.kernelDropped;
    out["macs_corrupted_tx"] = s.macsCorruptedTx;
    out["macs_corrupted_rx"] = s.macsCorruptedRx;
    out["passive_mobilized"] = s.passiveMobilized;
    out["passive_demobilized"] = s.passiveDemobilized;
    out["passive_evicted"] = s.passiveEvicted;
    out["duration_s"] = Number(s.duration);
    out["interrupted"] = s.interrupted;
    out["time_to_first_update_s"] = Number(s.timeToFirstUpdate);
    out["time_to_sync_s"] = Number(s.timeToSync);
    out["associations"] = std::move(associations);
    return DumpJson(out);
}

std::string
SummaryText(const SessionSummary& s)
{
    std::ostringstream out;
    out << "synchronized:     " << (s.synchronized ? "yes" : "no") << " (clock " << s.clockState
        << ", stratum " << s.stratum << ", refid " << s.refid << ")\n";
    out << "peer:             " << s.peer.value_or("-") << ", reach " << Octal(s.reach) << ", poll "
        << s.poll << "\n";
    out << "offset:           " << Seconds(s.offset) << "  (peer's clock minus ours)\n";
    out << "delay:            " << Seconds(s.delay) << "\n";
    out << "jitter:           " << Seconds(s.jitter) << "\n";
    out << "clock correction: " << Seconds(s.clockCorrection)
        << " (virtual clock minus host clock), frequency " << s.frequencyPpm << " ppm, " << s.steps
        << " step(s)\n";
    out << "packets:          " << s.packetsTx << " sent, " << s.packetsRx << " received, "
        << s.authFailures << " authentication failure(s), " << s.sendErrors << " send error(s)\n";
    if (!s.refused.empty())
    {
        out << "refused:         ";
        for (const auto& [reason, count] : s.refused)
        {
            out << " " << reason << "=" << count;
        }
        out << "\n";
    }
    if (s.command == "passive" || s.passiveMobilized > 0)
    {
        out << "passive:          " << s.passiveMobilized << " mobilized, " << s.passiveDemobilized
            << " demobilized, " << s.passiveEvicted << " evicted; " << s.statelessReplies
            << " answered statelessly\n";
    }
    out << "time to sync:     " << (s.timeToSync ? Seconds(s.timeToSync) : std::string("never"))
        << " (run " << s.duration << " s" << (s.interrupted ? ", interrupted" : "") << ")\n";
    return out.str();
}

} // namespace ntp::wire
