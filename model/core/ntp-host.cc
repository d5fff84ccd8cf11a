#include "ntp-host.h"

namespace ntp
{

std::string
ToString(RefuseReason reason)
{
    switch (reason)
    {
    case RefuseReason::Malformed:
        return "malformed";
    case RefuseReason::NoAssociation:
        return "no-association";
    case RefuseReason::ModeMismatch:
        return "mode-mismatch";
    case RefuseReason::PolicyDeclined:
        return "policy-declined";
    case RefuseReason::InvalidTimestamp:
        return "invalid-timestamp";
    case RefuseReason::Duplicate:
        return "duplicate";
    case RefuseReason::Bogus:
        return "bogus";
    case RefuseReason::NotYetSynchronized:
        return "not-yet-synchronized";
    case RefuseReason::AuthMissing:
        return "auth-missing";
    case RefuseReason::AuthUnknownKey:
        return "auth-unknown-key";
    case RefuseReason::AuthUntrustedKey:
        return "auth-untrusted-key";
    case RefuseReason::AuthWrongKey:
        return "auth-wrong-key";
    case RefuseReason::AuthBadMac:
        return "auth-bad-mac";
    case RefuseReason::CryptoNak:
        return "crypto-nak";
    case RefuseReason::PeerUnsynchronized:
        return "peer-unsynchronized";
    case RefuseReason::BadHeader:
        return "bad-header";
    case RefuseReason::KissOfDeath:
        return "kiss-of-death";
    case RefuseReason::PassiveConflict:
        return "passive-conflict";
    case RefuseReason::PassiveAlgorithm:
        return "passive-algorithm";
    }
    return "unknown";
}

bool
IsAuthFailure(RefuseReason reason)
{
    switch (reason)
    {
    case RefuseReason::AuthMissing:
    case RefuseReason::AuthUnknownKey:
    case RefuseReason::AuthUntrustedKey:
    case RefuseReason::AuthWrongKey:
    case RefuseReason::AuthBadMac:
    case RefuseReason::CryptoNak:
        return true;
    default:
        return false;
    }
}

std::string
ToString(ClockState state)
{
    switch (state)
    {
    case ClockState::Nset:
        return "NSET";
    case ClockState::Fset:
        return "FSET";
    case ClockState::Spik:
        return "SPIK";
    case ClockState::Freq:
        return "FREQ";
    case ClockState::Sync:
        return "SYNC";
    }
    return "unknown";
}

} // namespace ntp
