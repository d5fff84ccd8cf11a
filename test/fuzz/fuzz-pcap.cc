/*
 * Fuzz target: `ntp-peer-wire decode`'s capture reader, libpcap reading the
 * input from a memory stream (fmemopen) and our link-layer, IP and UDP
 * parsing of each frame it returns. Every datagram lies inside the input
 * (payload no larger than it) and every frame is either a datagram or
 * counted as skipped.
 */
#include "pcap-reader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const ntp::wire::CaptureContents contents = ntp::wire::ParseCapture(data, size);
    if (contents.datagrams.size() + contents.skipped != contents.frames)
    {
        std::abort();
    }
    for (const auto& datagram : contents.datagrams)
    {
        if (datagram.payload.size() > size || datagram.frame == 0
            || datagram.frame > contents.frames)
        {
            std::abort();
        }
    }
    return 0;
}
