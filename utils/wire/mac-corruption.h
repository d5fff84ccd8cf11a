/*
 * Testing aid behind --corrupt-mac: flips one bit of a packet's MAC, as a
 * damaged or forged packet would carry, to show that both ends refuse it.
 * "tx" corrupts what we send (the peer must refuse it), "rx" what we receive
 * before the core sees it (we must refuse it).
 */
#ifndef NTP_WIRE_MAC_CORRUPTION_H
#define NTP_WIRE_MAC_CORRUPTION_H

#include "ntp-host.h"

#include <cstdint>
#include <vector>

namespace ntp::wire
{

struct MacCorruption
{
    bool tx{false};
    bool rx{false};
};

/// Flips the lowest bit of the digest's last byte; false if the packet has no digest.
bool FlipMacBit(std::vector<uint8_t>& bytes);

/// A Transport that corrupts the MAC of every authenticated packet it passes on.
class CorruptingTransport : public Transport
{
  public:
    explicit CorruptingTransport(Transport& inner) : m_inner(inner) {}

    void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes) override;

    uint64_t Corrupted() const
    {
        return m_corrupted;
    }

  private:
    Transport& m_inner;
    uint64_t m_corrupted{0};
};

} // namespace ntp::wire

#endif // NTP_WIRE_MAC_CORRUPTION_H
