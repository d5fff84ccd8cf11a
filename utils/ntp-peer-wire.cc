/*
 * ntp-peer-wire: the ntp-peer protocol core on POSIX UDP sockets, to check
 * it against real NTP daemons (chronyd, ntpd) and to decode captures.
 *
 *   ntp-peer-wire peer ADDRESS [options]       symmetric-active peer
 *   ntp-peer-wire passive --bind ADDR[:PORT]   mobilizes passive associations
 *   ntp-peer-wire decode (--pcap F | --hex H)  prints packets, verifies MACs
 *
 * The host clock is only read: the core steers a virtual clock of its own.
 */

#include "wire/decode-command.h"
#include "wire/options.h"
#include "wire/session.h"

#include <iostream>
#include <string>
#include <vector>

int
main(int argc, char** argv)
{
    using namespace ntp::wire;
    const std::vector<std::string> args(argv + 1, argv + argc);
    const CommandLine line = ParseCommandLine(args);
    if (line.error)
    {
        std::cerr << "ntp-peer-wire: " << *line.error << "\n"
                  << "Try 'ntp-peer-wire --help'.\n";
        return 2;
    }
    switch (line.command)
    {
    case Command::Help:
        std::cout << UsageText();
        return 0;
    case Command::Peer:
    case Command::Passive:
        return RunSession(line.session, std::cout, std::cerr);
    case Command::Decode:
        return RunDecode(line.decode, std::cout, std::cerr);
    }
    return 2;
}
