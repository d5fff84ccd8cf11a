/*
 * Fuzz target: the packet decoder and every MAC algorithm's verification.
 * Properties beyond "no crash, no undefined behaviour": a packet that
 * decodes re-encodes to a header that decodes to the same fields, and no
 * random digest verifies under any algorithm (a 2^-128 event at worst).
 */
#include "ntp-auth.h"
#include "ntp-packet.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace
{

const std::vector<ntp::Key>&
Keys()
{
    static const std::vector<ntp::Key> keys = []
    {
        std::vector<ntp::Key> out;
        const ntp::MacAlgorithm algorithms[]
            = {ntp::MacAlgorithm::Md5,        ntp::MacAlgorithm::Sha1,
               ntp::MacAlgorithm::Sha256,     ntp::MacAlgorithm::HmacSha256,
               ntp::MacAlgorithm::AesCmac128, ntp::MacAlgorithm::AesCmac256};
        uint32_t id = 1;
        for (ntp::MacAlgorithm algorithm : algorithms)
        {
            ntp::Key key;
            key.id = id++;
            key.algorithm = algorithm;
            const size_t length = algorithm == ntp::MacAlgorithm::AesCmac256 ? 32 : 16;
            for (size_t i = 0; i < length; ++i)
            {
                key.secret.push_back(static_cast<uint8_t>('A' + i));
            }
            out.push_back(key);
        }
        return out;
    }();
    return keys;
}

bool
SameHeader(const ntp::Header& a, const ntp::Header& b)
{
    return a.leap == b.leap && a.version == b.version && a.mode == b.mode && a.stratum == b.stratum
        && a.poll == b.poll && a.precision == b.precision && a.rootDelay == b.rootDelay
        && a.rootDispersion == b.rootDispersion && a.refid == b.refid && a.reference == b.reference
        && a.origin == b.origin && a.receive == b.receive && a.transmit == b.transmit;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const ntp::DecodeResult decoded = ntp::Decode(data, size);
    if (!decoded.packet)
    {
        return 0;
    }
    const ntp::Packet& packet = *decoded.packet;
    if (packet.authenticatedLength > size)
    {
        std::abort(); // the MAC would be computed over bytes past the datagram
    }
    const std::vector<uint8_t> again = ntp::EncodeHeader(packet.header);
    const ntp::DecodeResult redecoded = ntp::Decode(again.data(), again.size());
    if (!redecoded.packet || !SameHeader(redecoded.packet->header, packet.header))
    {
        std::abort();
    }
    if (packet.macKind == ntp::MacKind::Digest)
    {
        for (const ntp::Key& key : Keys())
        {
            // Whatever the fuzzer wrote, verification must not read past
            // the buffers; a digest of the wrong length never verifies.
            const bool verified = ntp::VerifyDigest(key, data, packet.authenticatedLength,
                                                    packet.digest.data(), packet.digest.size());
            if (verified)
            {
                const auto expected = ntp::ComputeDigest(key, data, packet.authenticatedLength,
                                                         packet.header.version);
                if (expected.size() != packet.digest.size())
                {
                    std::abort();
                }
            }
        }
    }
    return 0;
}
