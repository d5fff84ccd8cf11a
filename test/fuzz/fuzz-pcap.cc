/*
 * Fuzz target: the pcap/pcapng reader of `ntp-peer-wire decode`. Every
 * datagram it returns lies inside the file (payload no larger than the file)
 * and every frame is either a datagram or counted as skipped.
 */
#include "pcap-reader.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::vector<uint8_t> file(data, data + size);
    const ntp::wire::CaptureContents contents = ntp::wire::ParseCapture(file);
    if (contents.error)
    {
        return 0;
    }
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
