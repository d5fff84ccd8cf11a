#include "mac-corruption.h"

#include "ntp-packet.h"

namespace ntp::wire
{

bool
FlipMacBit(std::vector<uint8_t>& bytes)
{
    const DecodeResult decoded = Decode(bytes);
    if (!decoded.packet || decoded.packet->macKind != MacKind::Digest
        || decoded.packet->digest.empty())
    {
        return false;
    }
    // The digest is the packet's tail: its last byte is the packet's last byte.
    bytes.back() ^= 0x01;
    return true;
}

void
CorruptingTransport::Send(const Endpoint& from, const Endpoint& to,
                          const std::vector<uint8_t>& bytes)
{
    std::vector<uint8_t> copy = bytes;
    if (FlipMacBit(copy))
    {
        ++m_corrupted;
    }
    m_inner.Send(from, to, copy);
}

} // namespace ntp::wire
