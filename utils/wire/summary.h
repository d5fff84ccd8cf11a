/*
 * The report a peer or passive run prints at its end: one JSON object
 * (--json) or a few human-readable lines.
 */
#ifndef NTP_WIRE_SUMMARY_H
#define NTP_WIRE_SUMMARY_H

#include "reporter.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntp::wire
{

struct SessionSummary
{
    std::string command; ///< "peer" or "passive"
    bool synchronized{false};
    /// Of the system peer, else of the association the run is about (see session.cc).
    std::optional<double> offset;
    std::optional<double> delay;
    std::optional<double> jitter;
    std::optional<std::string> peer; ///< that association's remote address
    uint8_t reach{0};
    int stratum{16};
    std::string refid;
    int poll{0};
    double rootDelay{0};
    double rootDispersion{0};
    std::string clockState;
    double clockCorrection{0}; ///< virtual clock minus host clock (s)
    double frequencyPpm{0};
    uint64_t steps{0};
    uint64_t packetsTx{0};
    uint64_t packetsRx{0};
    uint64_t authFailures{0};
    uint64_t accepted{0};         ///< passed every test of their association
    uint64_t statelessReplies{0}; ///< symmetric-active packets answered without state
    uint64_t clientsServed{0};    ///< mode-3 requests answered
    uint64_t passiveEvicted{0};   ///< unauthenticated entries evicted for authenticated peers
    std::map<std::string, uint64_t> refused;
    uint64_t sendErrors{0};
    std::string lastSendError;
    uint64_t oversized{0};
    uint64_t kernelDropped{0}; ///< lost in a full receive buffer before we could read them
    uint64_t macsCorruptedTx{0};
    uint64_t macsCorruptedRx{0};
    uint64_t passiveMobilized{0};
    uint64_t passiveDemobilized{0};
    double duration{0};
    bool interrupted{false};
    std::optional<double> timeToFirstUpdate;
    std::optional<double> timeToSync;
    std::vector<AssociationSnapshot> associations;
};

std::string SummaryJson(const SessionSummary& summary);

std::string SummaryText(const SessionSummary& summary);

} // namespace ntp::wire

#endif // NTP_WIRE_SUMMARY_H
