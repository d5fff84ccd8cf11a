#include "ntp-peer-scenario.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ntp-link-channel.h"
#include "ntp-peer-helper.h"
#include "ntp-peer-progress.h"
#include "ntp-peer-scenario-options.h"
#include "ntp-topology.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

namespace ns3
{

namespace
{

std::string
PasswordFor(const std::string& mode, bool mismatch)
{
    // AES-CMAC keys are exactly 16 or 32 bytes; the others any length.
    std::string password = mode == "aes-128-cmac" ? "Ntp-Peer-Key-16B"
                         : mode == "aes-256-cmac" ? "Ntp-Peer-Key-For-AES-256-CMAC-32"
                                                  : "Ntp-Peer-Key-1";
    if (mismatch)
    {
        password.back() = password.back() == 'X' ? 'Y' : 'X';
    }
    return password;
}

/**
 * Samples ground truth every second (the resolution of the reference
 * figures, which come from clknetsim's 1 s offset log) for the last-quarter
 * statistics and the time from which B stays within 1 ms of A; writes a CSV
 * row of B's view every csvInterval seconds.
 */
class Recorder
{
  public:
    static constexpr double kTruthInterval = 1.0;
    static constexpr double kWithinBound = 1e-3;

    Recorder(const NtpPeerModeConfig& config, Ptr<NtpClock> a, Ptr<NtpClock> b,
             Ptr<NtpService> serviceB) :
        m_config(config), m_a(a), m_b(b), m_serviceB(serviceB)
    {
        if (!config.csvPath.empty())
        {
            m_csv.open(config.csvPath);
            m_csv << "time_s,true_offset_s,est_offset_s,delay_s,jitter_s,poll,reach,state,"
                     "frequency_ppm\n";
            m_csv << std::setprecision(9);
        }
    }

    bool CsvOk() const
    {
        return m_config.csvPath.empty() || m_csv.good();
    }

    void Start()
    {
        Simulator::Schedule(Seconds(0), &Recorder::SampleTruth, this);
        if (m_csv.is_open())
        {
            Simulator::Schedule(Seconds(0), &Recorder::WriteRow, this);
        }
    }

    void SampleTruth()
    {
        const double t = Simulator::Now().GetSeconds();
        const double truth = m_b->GetOffsetTo(m_a);
        if (std::fabs(truth) >= kWithinBound)
        {
            m_lastBad = t;
        }
        m_lastSample = t;
        if (t >= 0.75 * m_config.simTime)
        {
            m_sumSquares += truth * truth;
            m_maxAbs = std::max(m_maxAbs, std::fabs(truth));
            ++m_count;
        }
        if (t + kTruthInterval <= m_config.simTime + 1e-9)
        {
            Simulator::Schedule(Seconds(kTruthInterval), &Recorder::SampleTruth, this);
        }
    }

    /// First 1 s sample after the last one at or over 1 ms; null if that was the last.
    std::optional<double> WithinTime() const
    {
        if (!m_lastBad)
        {
            return 0.0;
        }
        if (*m_lastBad + kTruthInterval > m_lastSample + 1e-9)
        {
            return std::nullopt;
        }
        return *m_lastBad + kTruthInterval;
    }

    double Rms() const
    {
        return m_count ? std::sqrt(m_sumSquares / static_cast<double>(m_count)) : 0.0;
    }

    double MaxAbs() const
    {
        return m_maxAbs;
    }

  private:
    void WriteRow()
    {
        const double t = Simulator::Now().GetSeconds();
        const double truth = m_b->GetOffsetTo(m_a);
        if (t + m_config.csvInterval <= m_config.simTime + 1e-9)
        {
            Simulator::Schedule(Seconds(m_config.csvInterval), &Recorder::WriteRow, this);
        }
        const ntp::Engine* engine = m_serviceB->GetEngine();
        m_csv << t << ',' << truth << ',';
        if (engine == nullptr)
        {
            m_csv << ",,,,,,\n"; // before the service starts
            return;
        }
        const ntp::Association* peer = nullptr;
        for (const ntp::Association* a : engine->Associations())
        {
            peer = a->IsEphemeral() ? peer : a;
        }
        if (peer && !peer->Filter().LastUsed().IsZero())
        {
            // NTP's offset is reference minus local: negate it to compare
            // with the ground truth, which is B minus A.
            m_csv << -peer->Filter().Offset() << ',' << peer->Filter().Delay() << ','
                  << peer->Filter().Jitter() << ',';
        }
        else
        {
            m_csv << ",,,";
        }
        m_csv << engine->System().poll << ',' << int(peer ? peer->Poll().Reach() : 0) << ','
              << ntp::ToString(engine->GetDiscipline().State()) << ','
              << m_b->GetFrequencyCorrection() * 1e6 << '\n';
    }

    const NtpPeerModeConfig& m_config;
    Ptr<NtpClock> m_a;
    Ptr<NtpClock> m_b;
    Ptr<NtpService> m_serviceB;
    std::ofstream m_csv;
    double m_sumSquares{0};
    double m_maxAbs{0};
    uint64_t m_count{0};
    std::optional<double> m_lastBad;
    double m_lastSample{0};
};

void
WriteLoopStats(std::ofstream* out, double offset, double frequency, double jitter, double wander,
               int poll)
{
    *out << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << ' '
         << std::setprecision(9) << offset << ' ' << std::setprecision(3) << frequency * 1e6 << ' '
         << std::setprecision(9) << jitter << ' ' << std::setprecision(6) << wander * 1e6 << ' '
         << poll << '\n';
}

void
CountRefused(std::map<std::string, uint64_t>* refused, const Address&, const std::string&,
             const std::string& reason)
{
    ++(*refused)[reason];
}

void
NoteSyncState(std::optional<double>* syncStateTime, const std::string&, const std::string& to)
{
    if (!*syncStateTime && to == "SYNC")
    {
        *syncStateTime = Simulator::Now().GetSeconds();
    }
}

void
CountMobilized(uint64_t* count, const Address&, const std::string&, const std::string& mode)
{
    if (mode == "symmetric-passive")
    {
        ++*count;
    }
}

/// The version field (bits 3..5 of the first byte) of every packet sent.
void
NoteVersionSent(std::set<int>* versions, Ptr<const Packet> packet, const Address&)
{
    uint8_t first = 0;
    if (packet->CopyData(&first, 1) == 1)
    {
        versions->insert((first >> 3) & 0x7);
    }
}

} // namespace

NtpPeerModeResult
RunNtpPeerMode(const NtpPeerModeConfig& config)
{
    NtpPeerModeResult result;
    // Out-of-range values would abort in ns-3's attribute checkers or
    // overflow its Time; refuse them before building anything.
    if (auto error = CheckNtpPeerModeConfig(config))
    {
        result.configured = false;
        result.error = *error;
        return result;
    }
    // A, B, and S behind A's second interface, built like every topology
    // (NtpTopology). The IPv6 variant puts 2001:db8:1::/64 and
    // 2001:db8:2::/64 on the same links, with the EUI-64 interface
    // identifiers of the devices' MAC addresses (00:00:00:00:00:01 for A's
    // first device, :02 for B's, :03 and :04 on the A-S link).
    NtpTopologySpec spec;
    spec.nodes.resize(3);
    spec.nodes[0].name = "A";
    spec.nodes[0].interfaces = {{"GigabitEthernet0/0/1", "10.1.1.1/24",
                                 config.ipv6 ? "2001:db8:1:0:200:ff:fe00:1/64" : "", ""},
                                {"GigabitEthernet0/0/2", "10.2.2.1/24",
                                 config.ipv6 ? "2001:db8:2:0:200:ff:fe00:3/64" : "", ""}};
    spec.nodes[1].name = "B";
    spec.nodes[1].interfaces = {{"GigabitEthernet0/0/1", "10.1.1.2/24",
                                 config.ipv6 ? "2001:db8:1:0:200:ff:fe00:2/64" : "", ""}};
    spec.nodes[2].name = "S";
    spec.nodes[2].interfaces = {{"GigabitEthernet0/0/1", "10.2.2.2/24",
                                 config.ipv6 ? "2001:db8:2:0:200:ff:fe00:4/64" : "", ""}};
    for (NtpTopologySpec::Node& node : spec.nodes)
    {
        node.discipline = config.discipline;
        node.precision = config.precision;
    }
    spec.nodes[0].frequency = config.driftA;
    spec.nodes[1].frequency = config.driftB;
    spec.nodes[1].offset = config.offsetB;
    for (int i : {0, 1})
    {
        spec.nodes[i].wander = config.wander;
        spec.nodes[i].phaseNoise = config.phaseNoise;
    }
    NtpTopologySpec::Link& ab
        = spec.AddLink({"A", "GigabitEthernet0/0/1"}, {"B", "GigabitEthernet0/0/1"}, config.delay);
    ab.delayForward = config.delay - config.asymmetry / 2;
    ab.delayBackward = config.delay + config.asymmetry / 2;
    ab.loss = config.loss;
    spec.AddLink({"A", "GigabitEthernet0/0/2"}, {"S", "GigabitEthernet0/0/1"}, 0.001);
    NtpTopology topology;
    if (const std::string error = topology.Build(spec); !error.empty())
    {
        result.configured = false;
        result.error = error;
        Simulator::Destroy();
        return result;
    }
    Ptr<Node> a = topology.GetNode("A");
    Ptr<Node> b = topology.GetNode("B");
    Ptr<NtpLinkChannel> link = topology.GetLink("A", "GigabitEthernet0/0/1");
    if (config.jitter > 0)
    {
        // One variable for both directions, drawn in packet order: the
        // scenario's jitter as validated (a variable per direction, as
        // scenario files have, draws other numbers).
        std::ostringstream jitter;
        jitter << "ns3::ExponentialRandomVariable[Mean=" << config.jitter << "]";
        link->SetAttribute("Jitter", StringValue(jitter.str()));
    }
    Address peerAddress = config.peerSourceAddress ? Address(Ipv4Address("10.2.2.1"))
                                                   : Address(Ipv4Address("10.1.1.1"));
    if (config.ipv6)
    {
        peerAddress = config.peerSourceAddress ? Ipv6Address("2001:db8:2:0:200:ff:fe00:3")
                                               : Ipv6Address("2001:db8:1:0:200:ff:fe00:1");
    }

    NtpPeerHelper ntp;
    Ptr<NtpService> serviceA = ntp.GetService(a);
    Ptr<NtpService> serviceB = ntp.GetService(b);
    for (Ptr<NtpService> service : {serviceA, serviceB})
    {
        service->SetAttribute("AllowWeakAlgorithms", BooleanValue(config.weakAlgorithms));
    }
    serviceA->SetAttribute("PassiveSeedModesOnly", BooleanValue(!config.passiveAnyMode));

    // The routers are configured as engineers do it: the seed's procedure,
    // as CLI text.
    std::ostringstream textA;
    std::ostringstream textB;
    for (std::ostringstream* text : {&textA, &textB})
    {
        *text << "system-view\n";
        if (config.weakAlgorithms)
        {
            *text << "undo crypto weak-algorithm disable\n";
        }
    }
    if (config.auth != "none")
    {
        textA << "ntp-service authentication-keyid 1 authentication-mode " << config.auth << " "
              << PasswordFor(config.auth, false) << "\n";
        textB << "ntp-service authentication-keyid 1 authentication-mode " << config.auth << " "
              << PasswordFor(config.auth, config.keyMismatch) << "\n";
    }
    if (config.passiveSourceInterface)
    {
        textA << "ntp-service " << (config.ipv6 ? "ipv6 " : "")
              << "source-interface GigabitEthernet0/0/2\n";
    }
    textA << "ntp-service refclock-master " << config.stratumA << "\n";
    textB << "ntp-service unicast-peer " << (config.ipv6 ? "ipv6 " : "")
          << PrintAddress(peerAddress);
    if (!config.ipv6 && config.ntpVersion != 3)
    {
        textB << " version " << config.ntpVersion;
    }
    if (config.auth != "none")
    {
        textB << " authentication-keyid 1";
    }
    textB << " minpoll " << config.minpoll << " maxpoll " << config.maxpoll << "\n";
    for (std::ostringstream* text : {&textA, &textB})
    {
        *text << "commit\nreturn\n";
    }
    if (config.ipv6 && config.ntpVersion != 3 && config.ntpVersion != 4)
    {
        result.error = "version " + std::to_string(config.ntpVersion)
                     + " cannot be set for an IPv6 peer (IPv6 peers speak NTPv4; accepted: 4)";
    }
    else
    {
        result.transcriptA = NtpPeerHelper::Configure(a, textA.str());
        result.transcriptB = NtpPeerHelper::Configure(b, textB.str());
        // A refused line says "Error: ..."; the first one is the answer.
        for (const std::string* transcript : {&result.transcriptA, &result.transcriptB})
        {
            const size_t at = transcript->find("Error: ");
            if (result.error.empty() && at != std::string::npos)
            {
                result.error = transcript->substr(at + 7, transcript->find('\n', at) - at - 7);
            }
        }
    }
    if (!result.error.empty())
    {
        result.configured = false;
        Simulator::Destroy();
        return result;
    }
    // The streams the scenario has always had: its figures are the ones
    // validated against ntpd.
    ntp.AssignStreams(NodeContainer(a, b), 100);
    link->AssignStreams(200);

    if (!config.pcapPrefix.empty())
    {
        PointToPointHelper pcap;
        pcap.EnablePcap(config.pcapPrefix,
                        NetDeviceContainer(link->GetDevice(0), link->GetDevice(1)), false);
    }
    serviceA->TraceConnectWithoutContext("Refused",
                                         MakeBoundCallback(&CountRefused, &result.refused));
    serviceB->TraceConnectWithoutContext("Refused",
                                         MakeBoundCallback(&CountRefused, &result.refused));
    serviceB->TraceConnectWithoutContext("ClockState",
                                         MakeBoundCallback(&NoteSyncState, &result.syncStateTime));
    serviceA->TraceConnectWithoutContext(
        "Mobilized", MakeBoundCallback(&CountMobilized, &result.passiveMobilized));
    serviceB->TraceConnectWithoutContext(
        "Tx", MakeBoundCallback(&NoteVersionSent, &result.versionsSentB));

    std::ofstream loopStats;
    if (!config.loopStatsPath.empty())
    {
        loopStats.open(config.loopStatsPath);
        serviceB->TraceConnectWithoutContext("LoopStats",
                                             MakeBoundCallback(&WriteLoopStats, &loopStats));
    }
    Recorder recorder(config, ntp.GetClock(a), ntp.GetClock(b), serviceB);
    recorder.Start();
    if (config.beforeRun)
    {
        config.beforeRun(a, b);
    }
    std::optional<NtpProgress> progress;
    if (config.progress)
    {
        progress.emplace("ntp-peer-mode", config.simTime);
    }
    Simulator::Stop(Seconds(config.simTime));
    Simulator::Run();

    const ntp::Engine* engineA = serviceA->GetEngine();
    const ntp::Engine* engineB = serviceB->GetEngine();
    if (engineA == nullptr || engineB == nullptr)
    {
        // The checks above should make this impossible; never dereference a
        // service that did not start.
        result.configured = false;
        result.error
            = "the NTP services did not start (simTime " + std::to_string(config.simTime) + " s)";
        Simulator::Destroy();
        return result;
    }
    const auto& systemB = engineB->System();
    bool bSelectedA = false;
    if (systemB.systemPeer)
    {
        const ntp::Association* chosen = engineB->FindAssociation(*systemB.systemPeer);
        bSelectedA = chosen && chosen->Config().remote.address == ToCoreAddress(peerAddress);
    }
    result.synchronized = bSelectedA && serviceB->IsSynchronized();
    result.finalTrueOffset = ntp.GetClock(b)->GetOffsetTo(ntp.GetClock(a));
    result.rmsTrueOffset = recorder.Rms();
    result.within1msTime = recorder.WithinTime();
    result.maxAbsTrueOffsetLastQuarter = recorder.MaxAbs();
    for (const ntp::Association* association : engineB->Associations())
    {
        if (!association->Filter().LastUsed().IsZero())
        {
            result.finalEstimatedOffset = -association->Filter().Offset();
        }
    }
    result.finalFrequencyCorrection = ntp.GetClock(b)->GetFrequencyCorrection();
    result.packetsTx = serviceB->GetPacketsSent();
    result.packetsRx = serviceB->GetPacketsReceived();
    result.packetsTxA = serviceA->GetPacketsSent();
    result.packetsRxA = serviceA->GetPacketsReceived();
    result.authFailures = engineA->Counters().authFailures + engineB->Counters().authFailures;
    result.stratumA = engineA->System().stratum;
    result.stratumB = systemB.stratum;
    if (engineA->System().systemPeer)
    {
        const ntp::Association* chosen = engineA->FindAssociation(*engineA->System().systemPeer);
        result.aSynchronizedToB
            = chosen && chosen->GetMode() != ntp::AssociationMode::LocalReference;
    }
    result.steps = engineB->Counters().steps;
    result.finalPollB = systemB.poll;
    Simulator::Destroy();
    return result;
}

std::string
ToJson(const NtpPeerModeResult& r, const NtpPeerModeConfig& c)
{
    // Keys in a fixed, readable order (ordered_json); an estimate that does
    // not exist is null, never a made-up 0.
    auto optional = [](const std::optional<double>& v)
    {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json o;
    o["configured"] = r.configured;
    if (!r.configured)
    {
        o["error"] = r.error;
    }
    o["synchronized"] = r.synchronized;
    o["discipline"] = c.discipline;
    o["sync_state_time_s"] = optional(r.syncStateTime);
    o["within_1ms_time_s"] = optional(r.within1msTime);
    o["final_true_offset_s"] = r.finalTrueOffset;
    o["rms_true_offset_s"] = r.rmsTrueOffset;
    o["max_abs_true_offset_last_quarter_s"] = r.maxAbsTrueOffsetLastQuarter;
    o["final_est_offset_s"] = optional(r.finalEstimatedOffset);
    o["final_frequency_correction_ppm"] = r.finalFrequencyCorrection * 1e6;
    o["packets_tx"] = r.packetsTx;
    o["packets_rx"] = r.packetsRx;
    o["packets_tx_a"] = r.packetsTxA;
    o["packets_rx_a"] = r.packetsRxA;
    o["packets_sent"] = {{"A", r.packetsTxA}, {"B", r.packetsTx}};
    o["auth_failures"] = r.authFailures;
    o["refused"] = nlohmann::ordered_json::object();
    for (const auto& [reason, count] : r.refused)
    {
        o["refused"][reason] = count;
    }
    o["stratum_a"] = r.stratumA;
    o["stratum_b"] = r.stratumB;
    o["a_synchronized_to_b"] = r.aSynchronizedToB;
    o["steps"] = r.steps;
    o["final_poll_b"] = r.finalPollB;
    o["passive_associations_mobilized"] = r.passiveMobilized;
    o["ntp_version"] = c.ntpVersion;
    o["versions_sent_b"] = nlohmann::ordered_json::array();
    for (int version : r.versionsSentB)
    {
        o["versions_sent_b"].push_back(version);
    }
    o["sim_time_s"] = c.simTime;
    o["auth"] = c.auth;
    o["ip_version"] = c.ipv6 ? 6 : 4;
    return o.dump();
}

} // namespace ns3
