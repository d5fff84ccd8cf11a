/*
 * A text image of everything a received packet could change in an engine:
 * system variables, the discipline, and every association's configuration,
 * on-wire state, header variables, filter and poll state. Two images are
 * equal exactly when no such state changed (counters are left out: hostile
 * packets are meant to be counted).
 */
#ifndef NTP_TEST_STATE_FINGERPRINT_H
#define NTP_TEST_STATE_FINGERPRINT_H

#include "ntp-engine.h"

#include <sstream>
#include <string>

namespace ntp::test
{

inline void
AppendAssociation(std::ostringstream& out, const Association& a)
{
    const AssociationConfig& c = a.Config();
    const Association::OnWireState wire = a.OnWire();
    out << "assoc " << a.Id() << " mode " << static_cast<int>(c.mode) << " remote "
        << c.remote.ToString() << " key " << c.keyId << " version " << c.version << " poll "
        << c.minpoll << ".." << c.maxpoll << " listen " << a.ListenAddress().ToString()
        << " observed " << a.ObservedLocalAddress().ToString() << "\n  org "
        << wire.remoteTransmit.Raw() << " rec " << wire.localReceive.Raw() << " xmt "
        << wire.localTransmit.Raw() << "\n  leap " << static_cast<int>(a.PeerLeap()) << " stratum "
        << a.Stratum() << " ppoll " << a.PeerPoll() << " precision " << a.PeerPrecision()
        << " rootdelay " << a.RootDelay() << " rootdisp " << a.RootDispersion() << " refid "
        << a.Refid() << " reftime " << a.ReferenceTime().Raw() << "\n  reach "
        << static_cast<int>(a.Poll().Reach()) << " hpoll " << a.Poll().HostPoll() << " unreach "
        << a.Poll().Unreach() << " burst " << a.Poll().InBurst() << " timer " << a.timer
        << " outdate " << a.lastTransmit.Raw() << " next " << a.nextPoll.Raw() << " scheduled "
        << a.scheduledPoll << "\n  filter " << a.Filter().Offset() << " " << a.Filter().Delay()
        << " " << a.Filter().Jitter() << " " << a.Filter().LastEvaluated().Raw() << " "
        << a.Filter().LastUsed().Raw();
    for (const FilterSample& stage : a.Filter().Stages())
    {
        out << " [" << stage.offset << " " << stage.delay << " " << stage.dispersion << " "
            << stage.time.Raw() << " " << stage.valid << "]";
    }
    out << "\n";
}

inline std::string
Fingerprint(const Engine& engine)
{
    std::ostringstream out;
    out.precision(17);
    const SystemVariables& s = engine.System();
    out << "system leap " << static_cast<int>(s.leap) << " stratum " << s.stratum << " poll "
        << s.poll << " rootdelay " << s.rootDelay << " rootdisp " << s.rootDispersion << " refid "
        << s.refid << " reftime " << s.referenceTime.Raw() << " offset " << s.offset << " jitter "
        << s.jitter << " peer " << (s.systemPeer ? static_cast<int64_t>(*s.systemPeer) : -1)
        << " update " << (s.lastUpdate ? s.lastUpdate->Raw() : 0) << "\n";
    const Discipline& d = engine.GetDiscipline();
    out << "discipline state " << static_cast<int>(d.State()) << " freq " << d.Frequency()
        << " jitter " << d.Jitter() << " wander " << d.Wander() << " count " << d.PollCounter()
        << " offset " << d.ClockOffset() << "\n";
    for (const Association* association : engine.Associations())
    {
        AppendAssociation(out, *association);
    }
    return out.str();
}

} // namespace ntp::test

#endif // NTP_TEST_STATE_FINGERPRINT_H
