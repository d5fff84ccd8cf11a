/*
 * The router display commands (formats and choices in ntp-router-display.h).
 */
#include "ntp-router-display.h"

#include "ns3/node-list.h"
#include "ntp-cipher.h"
#include "ntp-select.h"
#include "ntp-service.h"
#include "ntp-socket-set.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

/// The refid a local clock sends ("LOCL", ntpd's LOCAL driver).
constexpr uint32_t kLocalClockRefid
    = (uint32_t('L') << 24) | (uint32_t('O') << 16) | (uint32_t('C') << 8) | uint32_t('L');
/// How routers name the local clock as a source (ntpd's LOCAL driver, unit 0).
constexpr char kLocalClockAddress[] = "127.127.1.0";
/// The tick rate "display ntp-service status" reports the correction against.
constexpr double kNominalTickHz = 100.0;

/// `value` with `decimals` decimals, never "-0.00".
std::string
Fixed(double value, int decimals)
{
    if (std::fabs(value) < 0.5 * std::pow(10.0, -decimals))
    {
        value = 0;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string
Milliseconds(double seconds, int decimals)
{
    return Fixed(seconds * 1e3, decimals) + " ms";
}

std::string
PowerOfTwo(int exponent)
{
    return "2^" + std::to_string(exponent);
}

std::string
LocalModeName(ntp::AssociationMode mode)
{
    switch (mode)
    {
    case ntp::AssociationMode::SymmetricActive:
        return "sym_active";
    case ntp::AssociationMode::SymmetricPassive:
        return "sym_passive";
    case ntp::AssociationMode::Client:
    case ntp::AssociationMode::LocalReference:
        break;
    }
    return "client";
}

/// The mode a peer answers an association of `mode` with.
std::string
PeerModeName(ntp::AssociationMode mode)
{
    switch (mode)
    {
    case ntp::AssociationMode::SymmetricActive:
        return "sym_passive";
    case ntp::AssociationMode::SymmetricPassive:
        return "sym_active";
    case ntp::AssociationMode::Client:
        return "server";
    case ntp::AssociationMode::LocalReference:
        break;
    }
    return "unspec";
}

std::string
LeapName(ntp::Leap leap)
{
    switch (leap)
    {
    case ntp::Leap::NoWarning:
        return "synchronized";
    case ntp::Leap::AddSecond:
        return "leap add";
    case ntp::Leap::DeleteSecond:
        return "leap delete";
    case ntp::Leap::Unsynchronized:
        break;
    }
    return "unsynchronized";
}

/// An ASCII refid (kiss code, reference clock name): upper case letters,
/// digits and spaces, NUL-padded on the right.
bool
AsciiRefid(uint32_t refid, std::string& code)
{
    code.clear();
    bool ended = false;
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        const char c = static_cast<char>((refid >> shift) & 0xff);
        if (c == '\0')
        {
            ended = true;
            continue;
        }
        const unsigned char u = static_cast<unsigned char>(c);
        if (ended || !(std::isupper(u) || std::isdigit(u) || c == ' '))
        {
            return false;
        }
        code += c;
    }
    return !code.empty();
}

/// IPv6 addresses this node knows: the only ones an MD5-hash refid can be
/// matched against.
std::vector<ntp::IpAddress>
KnownIpv6Addresses(const ntp::Engine& engine)
{
    std::vector<ntp::IpAddress> known;
    for (const ntp::Association* association : engine.Associations())
    {
        for (const ntp::IpAddress* address :
             {&association->Config().remote.address, &association->ListenAddress(),
              &association->ObservedLocalAddress(), &association->Config().localAddress})
        {
            if (address->IsV6())
            {
                known.push_back(*address);
            }
        }
    }
    for (const ntp::SourceAddress& source : engine.GetParameters().sourceAddresses)
    {
        if (source.address.IsV6())
        {
            known.push_back(source.address);
        }
    }
    return known;
}

std::string
FormatRefid(uint32_t refid, int stratum, const std::vector<ntp::IpAddress>& knownIpv6)
{
    if (refid == kLocalClockRefid)
    {
        return "LOCAL(0)";
    }
    std::string code;
    if ((stratum <= 1 || stratum >= ntp::kMaxStratum) && AsciiRefid(refid, code))
    {
        return code;
    }
    for (const ntp::IpAddress& address : knownIpv6)
    {
        if (address.ToRefid() == refid)
        {
            return address.ToString();
        }
    }
    return ntp::IpAddress::V4(refid).ToString();
}

/// Which associations pass the fitness tests, and what the core's selection
/// makes of them at display time (ntp::Engine::ViewSelection: the engine's
/// own tests, so the display cannot disagree with what the engine does).
struct SelectionView
{
    std::set<uint32_t> sane;
    std::set<uint32_t> truechimers;
    std::set<uint32_t> survivors;
};

SelectionView
ViewSelection(const ntp::Engine& engine, ntp::Timestamp now)
{
    const ntp::Engine::SelectionView core = engine.ViewSelection(now);
    SelectionView view;
    view.sane.insert(core.fit.begin(), core.fit.end());
    view.truechimers.insert(core.result.truechimers.begin(), core.result.truechimers.end());
    view.survivors.insert(core.result.survivors.begin(), core.result.survivors.end());
    return view;
}

std::string
ClockStatus(const ntp::Engine& engine, const ntp::Association& association,
            const SelectionView& view, ntp::Timestamp now)
{
    const uint32_t id = association.Id();
    std::string status = association.IsEphemeral() ? "dynamic" : "configured";
    if (engine.System().systemPeer == id)
    {
        status += ", master";
    }
    else if (view.survivors.count(id) != 0)
    {
        status += ", selected";
    }
    else if (view.truechimers.count(id) != 0)
    {
        status += ", candidate";
    }
    status += view.sane.count(id) != 0 ? ", sane" : ", insane";
    const bool valid
        = !association.Filter().LastUsed().IsZero()
       && association.Filter().DispersionAt(now) < engine.GetParameters().maxDispersion;
    status += valid ? ", valid" : ", invalid";
    return status;
}

std::string
InterfaceName(const NtpInterfaceNamer& interfaces, int32_t index)
{
    const std::string name = interfaces ? interfaces(index) : std::string();
    return name.empty() ? std::to_string(index) : name;
}

std::string
InstanceName(const NtpInstanceNamer& instances, uint32_t instance)
{
    return instances ? instances(instance) : std::string();
}

/// The configured peer behind a configured association.
const NtpPeerOptions*
FindConfiguredPeer(const NtpServiceConfiguration& config, const ntp::Association& association,
                   const std::string& instance)
{
    if (association.IsEphemeral() || association.GetMode() == ntp::AssociationMode::LocalReference)
    {
        return nullptr;
    }
    const ntp::Endpoint& remote = association.Config().remote;
    for (const NtpPeerOptions& peer : config.peers)
    {
        if (ToCoreAddress(peer.address) == remote.address && peer.port == remote.port
            && peer.vpnInstance == instance)
        {
            return &peer;
        }
    }
    return nullptr;
}

std::string
PeerInterface(const NtpServiceConfiguration& config, const ntp::Association& association,
              const std::string& instance, const NtpInterfaceNamer& interfaces)
{
    if (association.GetMode() == ntp::AssociationMode::LocalReference)
    {
        return "wildcard";
    }
    const NtpPeerOptions* peer = FindConfiguredPeer(config, association, instance);
    if (peer != nullptr && peer->sourceInterface >= 0)
    {
        return InterfaceName(interfaces, peer->sourceInterface);
    }
    const bool ipv6 = association.Config().remote.address.IsV6();
    for (const NtpSourceInterface& source : config.sourceInterfaces)
    {
        if (source.ipv6 == ipv6 && source.vpnInstance == instance && source.interface >= 0)
        {
            return InterfaceName(interfaces, source.interface);
        }
    }
    return "wildcard";
}

/// Whole seconds from `then` to `now`, "-" when `then` never happened.
std::string
SecondsSince(ntp::Timestamp then, ntp::Timestamp now)
{
    if (then.IsZero())
    {
        return "-";
    }
    return std::to_string(static_cast<long long>(std::floor(std::max(0.0, now - then))));
}

std::string
FilterLine(const ntp::Association& association, ntp::Timestamp now,
           const ntp::Parameters& parameters, char what)
{
    std::string line;
    for (const ntp::FilterSample& stage : association.Filter().Stages())
    {
        line += line.empty() ? "" : " ";
        if (what == 'd')
        {
            line += Fixed(stage.valid ? stage.delay * 1e3 : 0.0, 2);
        }
        else if (what == 'o')
        {
            line += Fixed(stage.valid ? stage.offset * 1e3 : 0.0, 4);
        }
        else
        {
            // Aged like the filter ages it, up to MAXDISP (an empty stage).
            const double dispersion
                = stage.valid
                    ? std::min(stage.dispersion + parameters.phi * std::max(0.0, now - stage.time),
                               parameters.maxDispersion)
                    : parameters.maxDispersion;
            line += Fixed(dispersion * 1e3, 2);
        }
    }
    return line;
}

std::string
SessionBlock(const ntp::Engine& engine, const ntp::Association& association,
             const NtpServiceConfiguration& config, const NtpInstanceNamer& instances,
             const NtpInterfaceNamer& interfaces, bool verbose, ntp::Timestamp now,
             const SelectionView& view, const std::vector<ntp::IpAddress>& knownIpv6)
{
    const ntp::Parameters& parameters = engine.GetParameters();
    const bool local = association.GetMode() == ntp::AssociationMode::LocalReference;
    const std::string instance
        = local ? std::string() : InstanceName(instances, association.Config().remote.instance);
    const ntp::ClockFilter& filter = association.Filter();
    const std::string source
        = local ? std::string(kLocalClockAddress) : association.Config().remote.address.ToString();
    const std::string currentPoll
        = std::to_string(1LL << std::max(0, association.Poll().IntervalPoll()));
    const std::string sinceLast
        = SecondsSince(local ? filter.LastEvaluated() : association.LastReceive(), now);
    const std::string offset = Milliseconds(filter.Offset(), 4);
    const std::string delay = Milliseconds(filter.Delay(), 2);
    const std::string dispersion = Milliseconds(filter.DispersionAt(now), 2);

    std::ostringstream out;
    out << " clock source: " << source << "\n"
        << " clock stratum: " << association.Stratum() << "\n"
        << " clock status: " << ClockStatus(engine, association, view, now) << "\n"
        << " reference clock ID: "
        << FormatRefid(association.Refid(), association.Stratum(), knownIpv6) << "\n";
    if (!verbose)
    {
        out << " reach: " << int(association.Poll().Reach()) << "\n"
            << " current poll: " << currentPoll << "\n"
            << " now: " << sinceLast << "\n"
            << " offset: " << offset << "\n"
            << " delay: " << delay << "\n"
            << " disper: " << dispersion << "\n";
        return out.str();
    }
    const ntp::Association::OnWireState onWire = association.OnWire();
    const ntp::Timestamp transmit
        = onWire.localTransmit.IsZero() ? association.lastTransmit : onWire.localTransmit;
    out << " VPN instance: " << (instance.empty() ? "Not specified" : instance) << "\n"
        << " local mode: " << LocalModeName(association.GetMode())
        << ", local poll: " << association.Poll().HostPoll() << ", current poll: " << currentPoll
        << "\n"
        << " peer mode: " << PeerModeName(association.GetMode())
        << ", peer poll: " << association.Poll().PeerPoll() << ", now: " << sinceLast << "\n"
        << " offset: " << offset << ", delay: " << delay << ", disper: " << dispersion << "\n"
        << " root delay: " << Milliseconds(association.RootDelay(), 2)
        << ", root disper: " << Milliseconds(association.RootDispersion(), 2) << "\n"
        << " reach: " << int(association.Poll().Reach())
        << ", sync dist: " << Fixed(association.RootDistance(now, parameters), 3)
        << ", sync state: " << LeapName(association.PeerLeap()) << "\n"
        << " precision: " << PowerOfTwo(association.PeerPrecision())
        << ", version: " << int(association.Config().version)
        << ", peer interface: " << PeerInterface(config, association, instance, interfaces) << "\n"
        << " reftime: "
        << FormatNtpDisplayTime(local ? filter.LastEvaluated() : association.ReferenceTime())
        << "\n"
        << " orgtime: " << FormatNtpDisplayTime(onWire.remoteTransmit) << "\n"
        << " rcvtime: " << FormatNtpDisplayTime(onWire.localReceive) << "\n"
        << " xmttime: " << FormatNtpDisplayTime(transmit) << "\n"
        << " filter delay: " << FilterLine(association, now, parameters, 'd') << "\n"
        << " filter offset: " << FilterLine(association, now, parameters, 'o') << "\n"
        << " filter disper: " << FilterLine(association, now, parameters, 'e') << "\n";
    return out.str();
}

} // namespace

std::string
FormatNtpDisplayTime(ntp::Timestamp time)
{
    char hex[24];
    std::snprintf(hex, sizeof hex, "(%08X.%08X)", time.Seconds(), time.Fraction());
    if (time.IsZero())
    {
        return std::string("00:00:00.000 UTC Jan 01 1900") + hex;
    }
    // Pivot 2^31 s (2038): the era that puts the date within 68 years of it.
    const int64_t unixNanoseconds = time.ToUnixNanoseconds(int64_t{1} << 31);
    const std::time_t seconds = static_cast<std::time_t>(unixNanoseconds / 1000000000);
    const int milliseconds = static_cast<int>((unixNanoseconds % 1000000000) / 1000000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    static const char* const kMonths[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char text[64];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d.%03d UTC %s %02d %04d", utc.tm_hour,
                  utc.tm_min, utc.tm_sec, milliseconds, kMonths[utc.tm_mon], utc.tm_mday,
                  utc.tm_year + 1900);
    return text + std::string(hex);
}

ntp::Timestamp
NtpDisplayTime(const ntp::Engine& engine)
{
    // The engine reads its clock through its host and does not expose it:
    // find the service that runs it and read that node's clock the way the
    // service's host does (NtpCoreClock, without the reading noise).
    for (auto node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        for (uint32_t i = 0; i < (*node)->GetNApplications(); ++i)
        {
            Ptr<NtpService> service = DynamicCast<NtpService>((*node)->GetApplication(i));
            if (service && service->GetEngine() == &engine && service->GetClock())
            {
                Ptr<NtpClock> clock = service->GetClock();
                return ntp::Timestamp::FromUnix(static_cast<int64_t>(clock->GetEpochUnixSeconds()),
                                                0)
                     + clock->GetLocalSeconds();
            }
        }
    }
    ntp::Timestamp latest = engine.System().referenceTime;
    for (const ntp::Association* association : engine.Associations())
    {
        for (ntp::Timestamp t : {association->LastReceive(), association->lastTransmit,
                                 association->Filter().LastEvaluated()})
        {
            if (t.IsAfter(latest) || latest.IsZero())
            {
                latest = t;
            }
        }
    }
    return latest;
}

std::string
DisplaySessions(const ntp::Engine& engine, const NtpServiceConfiguration& config,
                const NtpInstanceNamer& instances, const NtpInterfaceNamer& interfaces,
                bool verbose)
{
    return DisplaySessions(engine, config, instances, interfaces, verbose, NtpDisplayTime(engine));
}

std::string
DisplaySessions(const ntp::Engine& engine, const NtpServiceConfiguration& config,
                const NtpInstanceNamer& instances, const NtpInterfaceNamer& interfaces,
                bool verbose, ntp::Timestamp now)
{
    const SelectionView view = ViewSelection(engine, now);
    const std::vector<ntp::IpAddress> knownIpv6 = KnownIpv6Addresses(engine);
    const std::vector<const ntp::Association*> associations = engine.Associations();
    std::string text;
    for (const ntp::Association* association : associations)
    {
        text += SessionBlock(engine, *association, config, instances, interfaces, verbose, now,
                             view, knownIpv6);
        text += "\n";
    }
    text += " Total sessions: " + std::to_string(associations.size()) + "\n";
    return text;
}

std::string
DisplayStatus(const ntp::Engine& engine)
{
    return DisplayStatus(engine, NtpDisplayTime(engine));
}

std::string
DisplayStatus(const ntp::Engine& engine, ntp::Timestamp now)
{
    const ntp::SystemVariables& system = engine.System();
    const ntp::Association* peer
        = system.systemPeer ? engine.FindAssociation(*system.systemPeer) : nullptr;
    std::string reference;
    if (peer != nullptr && peer->GetMode() == ntp::AssociationMode::LocalReference)
    {
        reference = "LOCAL(0)";
    }
    else if (peer != nullptr)
    {
        reference = peer->Config().remote.address.ToString();
    }
    else
    {
        reference = FormatRefid(system.refid, system.stratum, KnownIpv6Addresses(engine));
    }
    const double frequency = engine.GetDiscipline().Frequency();
    std::ostringstream out;
    out << " clock status: " << (engine.IsSynchronized() ? "synchronized" : "unsynchronized")
        << "\n"
        << " clock stratum: " << system.stratum << "\n"
        << " reference clock ID: " << reference << "\n"
        << " nominal frequency: " << Fixed(kNominalTickHz, 4) << " Hz\n"
        << " actual frequency: " << Fixed(kNominalTickHz * (1 + frequency), 4) << " Hz\n"
        << " clock precision: " << PowerOfTwo(engine.GetParameters().precision) << "\n"
        << " clock offset: " << Milliseconds(system.offset, 4) << "\n"
        << " root delay: " << Milliseconds(system.rootDelay, 2) << "\n"
        << " root dispersion: " << Milliseconds(system.rootDispersion, 2) << "\n"
        << " peer dispersion: "
        << Milliseconds(peer != nullptr ? peer->Filter().DispersionAt(now) : 0.0, 2) << "\n"
        << " reference time: " << FormatNtpDisplayTime(system.referenceTime) << "\n";
    return out.str();
}

} // namespace ns3
