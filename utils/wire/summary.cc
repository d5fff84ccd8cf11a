#include "summary.h"

#include "json-writer.h"

#include <cstdio>
#include <sstream>

namespace ntp::wire
{

namespace
{

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
    JsonWriter w;
    w.BeginObject();
    w.Key("command").String(s.command);
    w.Key("synchronized").Bool(s.synchronized);
    w.Key("offset_s").OptionalDouble(s.offset);
    w.Key("delay_s").OptionalDouble(s.delay);
    w.Key("jitter_s").OptionalDouble(s.jitter);
    if (s.peer)
    {
        w.Key("peer").String(*s.peer);
    }
    else
    {
        w.Key("peer").Null();
    }
    w.Key("reach").Uint(s.reach);
    w.Key("stratum").Int(s.stratum);
    w.Key("refid").String(s.refid);
    w.Key("poll").Int(s.poll);
    w.Key("root_delay_s").Double(s.rootDelay);
    w.Key("root_dispersion_s").Double(s.rootDispersion);
    w.Key("clock_state").String(s.clockState);
    w.Key("clock_correction_s").Double(s.clockCorrection);
    w.Key("frequency_ppm").Double(s.frequencyPpm);
    w.Key("steps").Uint(s.steps);
    w.Key("packets_tx").Uint(s.packetsTx);
    w.Key("packets_rx").Uint(s.packetsRx);
    w.Key("auth_failures").Uint(s.authFailures);
    w.Key("refused").BeginObject();
    for (const auto& [reason, count] : s.refused)
    {
        w.Key(reason).Uint(count);
    }
    w.EndObject();
    w.Key("accepted").Uint(s.accepted);
    w.Key("stateless_replies").Uint(s.statelessReplies);
    w.Key("clients_served").Uint(s.clientsServed);
    w.Key("send_errors").Uint(s.sendErrors);
    if (!s.lastSendError.empty())
    {
        w.Key("last_send_error").String(s.lastSendError);
    }
    w.Key("oversized_dropped").Uint(s.oversized);
    w.Key("kernel_dropped").Uint(s.kernelDropped);
    w.Key("macs_corrupted_tx").Uint(s.macsCorruptedTx);
    w.Key("macs_corrupted_rx").Uint(s.macsCorruptedRx);
    w.Key("passive_mobilized").Uint(s.passiveMobilized);
    w.Key("passive_demobilized").Uint(s.passiveDemobilized);
    w.Key("passive_evicted").Uint(s.passiveEvicted);
    w.Key("duration_s").Double(s.duration);
    w.Key("interrupted").Bool(s.interrupted);
    w.Key("time_to_first_update_s").OptionalDouble(s.timeToFirstUpdate);
    w.Key("time_to_sync_s").OptionalDouble(s.timeToSync);
    w.Key("associations").BeginArray();
    for (const AssociationSnapshot& a : s.associations)
    {
        w.BeginObject();
        w.Key("id").Uint(a.id);
        w.Key("mode").String(a.mode);
        w.Key("remote").String(a.mode == "local-reference" ? std::string("local")
                                                           : a.remote.ToString());
        w.Key("key_id").Uint(a.keyId);
        w.Key("stratum").Int(a.stratum);
        w.Key("reach").Uint(a.reach);
        w.Key("poll").Int(a.poll);
        w.Key("offset_s").OptionalDouble(a.offset);
        w.Key("delay_s").OptionalDouble(a.delay);
        w.Key("jitter_s").OptionalDouble(a.jitter);
        if (a.demobilized)
        {
            w.Key("demobilized").String(a.demobilizedWhy);
        }
        else
        {
            w.Key("demobilized").Null();
        }
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return w.Text();
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
