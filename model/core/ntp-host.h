/*
 * The narrow interfaces through which the core talks to whatever hosts it:
 * a simulator node, a process with UDP sockets, a unit test. A new host
 * implements these five and nothing else.
 */
#ifndef NTP_CORE_HOST_H
#define NTP_CORE_HOST_H

#include "ntp-address.h"
#include "ntp-steering.h"
#include "ntp-time.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ntp
{

/**
 * The local clock the core reads and steers. Corrections are handed over in
 * closed form so a host never needs an event per second: ntpd's once-a-second
 * adjustment of offset/tau is, summed, an exponential decay of the residual,
 * and the kernel PLL's per-second phase update is one too.
 */
class Clock
{
  public:
    virtual ~Clock() = default;

    /// Current local time.
    virtual Timestamp Now() = 0;

    /// Jumps the clock by `offset` seconds (positive: forward).
    virtual void Step(double offset) = 0;

    /**
     * Starts `slew` on `channel` (adjtime() or the kernel PLL's phase, which
     * run side by side), replacing what is left of the previous slew on that
     * channel. See PhaseSlew (ntp-steering.h) for the closed form.
     */
    virtual void Slew(SlewChannel channel, const PhaseSlew& slew) = 0;

    /**
     * Sets the frequency correction in s/s (positive: the clock runs faster)
     * from `delay` seconds on; until then the previous one stays in force.
     */
    virtual void SetFrequency(double frequency, double delay) = 0;
};

class Transport
{
  public:
    virtual ~Transport() = default;

    /**
     * Sends a datagram. `from.address` may be unspecified: the host picks the
     * source address (routing); `from.port` is the local port to send from.
     */
    virtual void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
        = 0;
};

class Timer
{
  public:
    using Id = uint64_t;

    virtual ~Timer() = default;

    /// Runs `callback` after `delay` seconds; returns a non-zero id.
    virtual Id Schedule(double delay, std::function<void()> callback) = 0;

    /// Cancels a pending callback; unknown or fired ids are ignored.
    virtual void Cancel(Id id) = 0;
};

/// Seeded randomness (poll jitter, timestamp fuzz): hosts make runs repeatable.
class Random
{
  public:
    virtual ~Random() = default;

    /// Uniform in [0, 1).
    virtual double Uniform() = 0;
};

/// Why a received packet did not produce a sample.
enum class RefuseReason
{
    Malformed,          ///< failed decoding (see DecodeError)
    NoAssociation,      ///< mode 2 or 4 packet matching no association (RFC: DSCRD)
    ModeMismatch,       ///< packet mode not accepted by the matching association
    PolicyDeclined,     ///< mode 1 from an unknown source and the policy is to ignore it
    InvalidTimestamp,   ///< transmit timestamp zero
    Duplicate,          ///< transmit timestamp equals the last one seen
    Bogus,              ///< origin timestamp is not our last transmit: spoofed or replayed
    NotYetSynchronized, ///< origin zero: the peer has not heard from us yet
    AuthMissing,        ///< authentication required, packet has no MAC
    AuthUnknownKey,     ///< MAC with a key id we do not have
    AuthUntrustedKey,   ///< MAC with a key we have but do not trust
    AuthWrongKey,       ///< MAC with a key other than the association's
    AuthBadMac,         ///< MAC does not verify
    CryptoNak,          ///< the peer could not authenticate our packet
    PeerUnsynchronized, ///< leap 3 or stratum 16: the peer has no time to give
    BadHeader,          ///< root distance over MAXDISP or reference time after transmit time
    KissOfDeath,        ///< stratum 0 kiss code (RATE, DENY, RSTR, ...)
    PassiveConflict,    ///< mode 2 packet on a passive association (RFC: ERR)
    PassiveAlgorithm    ///< mode 1 signed with a MAC algorithm that may not mobilize
};

std::string ToString(RefuseReason reason);

/// Every authentication-related refusal, including crypto-NAKs.
bool IsAuthFailure(RefuseReason reason);

enum class ClockState
{
    Nset, ///< never set
    Fset, ///< frequency set from a drift value, time not yet
    Spik, ///< spike detected, waiting for the stepout interval
    Freq, ///< measuring the frequency directly
    Sync  ///< normal PLL/FLL operation
};

std::string ToString(ClockState state);

class Association;

/// A clock update the discipline made (RFC 5905 clock_update / local_clock).
struct ClockUpdateEvent
{
    double offset{0};      ///< combined offset handed to the discipline (s)
    double clockOffset{0}; ///< phase left to remove after the update (ntpd loopstats' offset)
    double frequency{0};   ///< frequency correction after the update (s/s)
    double jitter{0};      ///< clock jitter (s)
    double wander{0};      ///< frequency wander (s/s)
    ClockState state{ClockState::Nset};
    int poll{0}; ///< system poll exponent after the update
    bool stepped{false};
};

/**
 * Hears every event of the core. All methods have empty defaults so a host
 * overrides only what it traces.
 */
class Observer
{
  public:
    virtual ~Observer() = default;

    virtual void OnRefused(const Endpoint& /*from*/, const Association* /*association*/,
                           RefuseReason /*reason*/, const std::string& /*detail*/)
    {
    }

    virtual void OnTransmit(const Association& /*association*/, const Endpoint& /*to*/) {}

    /// A sample entered an association's clock filter.
    virtual void OnSample(const Association& /*association*/, double /*offset*/, double /*delay*/,
                          double /*dispersion*/)
    {
    }

    /// The association's filtered estimate changed.
    virtual void OnPeerUpdate(const Association& /*association*/) {}

    virtual void OnClockUpdate(const ClockUpdateEvent& /*update*/) {}

    virtual void OnClockStateChange(ClockState /*from*/, ClockState /*to*/) {}

    virtual void OnStep(double /*offset*/) {}

    /// |offset| above the panic threshold: the update was refused.
    virtual void OnPanic(double /*offset*/) {}

    virtual void OnPollChange(const Association* /*association, nullptr for the system*/,
                              int /*oldPoll*/, int /*newPoll*/)
    {
    }

    virtual void OnReachChange(const Association& /*association*/, uint8_t /*reach*/) {}

    virtual void OnMobilize(const Association& /*association*/) {}

    virtual void OnDemobilize(const Association& /*association*/, const std::string& /*why*/) {}

    /// nullptr: no system peer any more.
    virtual void OnSystemPeerChange(const Association* /*association*/) {}
};

} // namespace ntp

#endif // NTP_CORE_HOST_H
