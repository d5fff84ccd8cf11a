#include "session.h"

#include "disciplined-clock.h"
#include "event-loop.h"
#include "mac-corruption.h"
#include "ntp-engine.h"
#include "ntp-keyfile.h"
#include "ntp-random.h"
#include "reporter.h"
#include "summary.h"
#include "udp-transport.h"

#include <algorithm>
#include <cmath>

namespace ntp::wire
{

namespace
{

// Datagrams handled per wake-up: a flood cannot starve the timers.
constexpr int kMaxDatagramsPerWake = 64;

Error
LoadKeys(const SessionOptions& options, KeyStore& keys)
{
    if (options.keyFile.empty())
    {
        return std::nullopt;
    }
    const KeyFileResult loaded = LoadKeyFile(options.keyFile, options.keyFormat);
    if (loaded.error)
    {
        return loaded.error; // names the file already
    }
    if (loaded.keys.empty())
    {
        return options.keyFile + ": no keys in the file";
    }
    std::string ids;
    for (const Key& key : loaded.keys)
    {
        if (auto error = keys.Add(key))
        {
            return options.keyFile + ": key " + std::to_string(key.id) + ": " + *error;
        }
        ids += (ids.empty() ? "" : ", ") + std::to_string(key.id);
    }
    if (options.keyId != 0 && keys.Find(options.keyId) == nullptr)
    {
        return "--key-id " + std::to_string(options.keyId) + " is not in " + options.keyFile
             + " (accepted: " + ids + ")";
    }
    return std::nullopt;
}

/// Adds the associations the options ask for: the symmetric-active peer
/// (`peer`) and the local reference (--local-stratum).
Error
Configure(const SessionOptions& options, uint16_t localPort, Engine& engine, uint32_t& configuredId)
{
    if (!options.passive)
    {
        AssociationConfig config;
        config.mode = AssociationMode::SymmetricActive;
        config.remote = options.remote;
        if (options.bind.address)
        {
            config.localAddress = *options.bind.address;
        }
        config.localPort = localPort;
        config.version = options.version;
        config.keyId = options.keyId;
        config.minpoll = options.minpoll;
        config.maxpoll = options.maxpoll;
        if (auto error = engine.AddAssociation(config, &configuredId))
        {
            return error;
        }
    }
    if (options.localStratum != 0)
    {
        AssociationConfig config;
        config.mode = AssociationMode::LocalReference;
        config.localStratum = options.localStratum;
        config.minpoll = options.minpoll;
        config.maxpoll = options.maxpoll;
        return engine.AddAssociation(config);
    }
    return std::nullopt;
}

/// The association the report is about: the system peer if there is one,
/// else the configured peer, else the passive association seen last.
const AssociationSnapshot*
Subject(const Engine& engine, const Reporter& reporter, uint32_t configuredId)
{
    const auto& snapshots = reporter.Snapshots();
    const auto find = [&snapshots](uint32_t id) -> const AssociationSnapshot*
    {
        auto it = snapshots.find(id);
        return it == snapshots.end() ? nullptr : &it->second;
    };
    const auto isLocal = [](const AssociationSnapshot* s)
    {
        return s != nullptr && s->mode == ToString(AssociationMode::LocalReference);
    };
    if (engine.System().systemPeer)
    {
        const AssociationSnapshot* s = find(*engine.System().systemPeer);
        if (s != nullptr && !isLocal(s))
        {
            return s;
        }
    }
    if (configuredId != 0)
    {
        return find(configuredId);
    }
    for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it)
    {
        if (!isLocal(&it->second))
        {
            return &it->second;
        }
    }
    return nullptr;
}

SessionSummary
Summarize(const SessionOptions& options, const Engine& engine, const Reporter& reporter,
          const DisciplinedClock& clock, const UdpTransport& transport,
          const CorruptingTransport& corrupting, uint64_t corruptedRx, uint32_t configuredId,
          const EventLoop& loop)
{
    SessionSummary s;
    s.command = options.passive ? "passive" : "peer";
    s.synchronized = engine.IsSynchronized();
    if (const AssociationSnapshot* subject = Subject(engine, reporter, configuredId))
    {
        s.offset = subject->offset;
        s.delay = subject->delay;
        s.jitter = subject->jitter;
        s.peer = subject->remote.ToString();
        s.reach = subject->demobilized ? 0 : subject->reach;
    }
    const SystemVariables& system = engine.System();
    s.stratum = system.stratum;
    s.refid = RefidToString(system.refid, system.stratum);
    const Association* systemPeer
        = system.systemPeer ? engine.FindAssociation(*system.systemPeer) : nullptr;
    if (systemPeer != nullptr && systemPeer->GetMode() == AssociationMode::LocalReference)
    {
        // The local reference's "LOCL" is a code, not an address, at any stratum.
        s.refid = RefidToString(system.refid, 0);
    }
    s.poll = system.poll;
    s.rootDelay = system.rootDelay;
    s.rootDispersion = system.rootDispersion;
    s.clockState = ToString(engine.GetDiscipline().State());
    s.clockCorrection = clock.Correction();
    s.frequencyPpm = clock.Frequency() * 1e6;
    const EngineCounters& counters = engine.Counters();
    s.steps = counters.steps;
    s.packetsTx = counters.sent;
    s.packetsRx = counters.received;
    s.authFailures = counters.authFailures;
    s.accepted = counters.accepted;
    s.statelessReplies = counters.statelessReplies;
    s.clientsServed = counters.clientsServed;
    s.passiveEvicted = counters.evicted;
    for (const auto& [reason, count] : counters.refused)
    {
        s.refused[ToString(reason)] = count;
    }
    s.sendErrors = transport.SendErrors();
    s.lastSendError = transport.LastError();
    s.oversized = transport.Oversized();
    s.kernelDropped = transport.KernelDropped();
    s.macsCorruptedTx = corrupting.Corrupted();
    s.macsCorruptedRx = corruptedRx;
    s.passiveMobilized = reporter.PassiveMobilized();
    s.passiveDemobilized = reporter.PassiveDemobilized();
    s.duration = loop.Elapsed();
    s.interrupted = loop.Interrupted();
    s.timeToFirstUpdate = reporter.TimeToFirstUpdate();
    s.timeToSync = reporter.TimeToSync();
    for (const auto& [id, snapshot] : reporter.Snapshots())
    {
        s.associations.push_back(snapshot);
    }
    return s;
}

} // namespace

Parameters
SessionParameters(const SessionOptions& o)
{
    Parameters p; // ntpd's constants (see ntp-parameters.h)
    p.minimumPoll = 0;
    p.defaultMinpoll = o.minpoll;
    p.defaultMaxpoll = o.maxpoll;
    p.passiveMaxpoll = o.maxpoll;
    // ntpd never polls sooner than 2 s; with --minpoll 0 the user asked for 1 s.
    p.minPacketInterval = std::min(p.minPacketInterval, std::ldexp(1.0, o.minpoll));
    p.stepout = o.stepout.value_or(DefaultStepout(o.maxpoll));
    if (o.driftPpm)
    {
        p.initialFrequency = *o.driftPpm * 1e-6;
    }
    p.unreachLimit = o.unreach;
    p.passivePolicy = PassivePolicy::Mobilize; // RFC 5905 NEWPS
    // ntpd's "enable auth", its default: only authenticated packets mobilize.
    p.authenticate = !o.allowUnauthenticated;
    // The passive end serves its own clock from the start, as chronyd's
    // "local" does; ntpd's LOCAL driver would wait out its 300 s orphan wait.
    p.localReferenceWait = 0;
    // This clock is steered in closed form by this process: no adjtime()
    // calls are in flight when an offset is measured.
    p.adjtimeLatency = 0;
    return p;
}

int
RunSession(const SessionOptions& options, std::ostream& out, std::ostream& err)
{
    const Parameters parameters = SessionParameters(options);
    if (auto error = parameters.Validate())
    {
        err << "ntp-peer-wire: " << *error << "\n";
        return 2;
    }

    EventLoop loop;
    DisciplinedClock clock(options.initialOffset);
    SeededRandom random(options.seed);
    Reporter reporter(loop, err, options.verbose);
    UdpTransport transport;
    CorruptingTransport corrupting(transport);

    Endpoint local;
    if (options.bind.address)
    {
        local.address = *options.bind.address;
    }
    local.port = options.bind.port.value_or(kNtpPort);

    HostInterfaces host;
    host.clock = &clock;
    host.transport = options.corruptMac.tx ? static_cast<Transport*>(&corrupting) : &transport;
    host.timer = &loop;
    host.random = &random;
    host.observer = &reporter;
    Engine engine(parameters, host);
    reporter.SetEngine(&engine);
    if (options.stopAfterSync)
    {
        const double delay = *options.stopAfterSync;
        reporter.SetOnSync([&loop, delay] { loop.Schedule(delay, [&loop] { loop.Stop(); }); });
    }
    // Configuration errors first: nothing is bound or sent before Start().
    uint32_t configuredId = 0;
    Error error = LoadKeys(options, engine.Keys());
    if (!error)
    {
        error = Configure(options, local.port, engine, configuredId);
    }
    if (error)
    {
        err << "ntp-peer-wire: " << *error << "\n";
        return 2;
    }
    const IpAddress::Family family
        = options.passive ? IpAddress::Family::V4 : options.remote.address.GetFamily();
    if (auto openError = transport.Open(local, family))
    {
        err << "ntp-peer-wire: " << *openError << "\n";
        return 1;
    }

    uint64_t corruptedRx = 0;
    loop.Watch(transport.Fd(),
               [&]
               {
                   Datagram datagram;
                   for (int i = 0; i < kMaxDatagramsPerWake && transport.Receive(datagram); ++i)
                   {
                       if (options.corruptMac.rx && FlipMacBit(datagram.bytes))
                       {
                           ++corruptedRx;
                       }
                       engine.Receive(datagram.bytes.data(), datagram.bytes.size(), datagram.from,
                                      datagram.to, clock.At(datagram.hostNs));
                   }
               });

    EventLoop::InstallSignalHandlers();
    reporter.Trace(std::string(options.passive ? "passive" : "peer") + " on "
                   + transport.Local().ToString()
                   + (options.passive ? "" : " toward " + options.remote.ToString()) + ", stepout "
                   + std::to_string(parameters.stepout) + " s");
    engine.Start();
    const bool ran = loop.Run(options.duration);
    engine.Stop();
    reporter.Refresh(engine);
    if (!ran)
    {
        err << "ntp-peer-wire: the event loop failed (poll)\n";
    }

    const SessionSummary summary = Summarize(options, engine, reporter, clock, transport,
                                             corrupting, corruptedRx, configuredId, loop);
    if (options.json)
    {
        out << SummaryJson(summary) << std::endl;
    }
    else
    {
        out << SummaryText(summary);
    }
    return ran ? 0 : 1;
}

} // namespace ntp::wire
