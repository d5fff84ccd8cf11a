// Unit tests of ntp-peer-wire's parts that need no socket and no daemon:
// capture parsing (every link type, damaged files), the JSON reports, text
// parsing, options, MAC checks on the shared reference vectors, the virtual
// clock.
#define BOOST_TEST_DYN_LINK
// clang-format off
#define BOOST_TEST_MODULE ntp-peer-wire
// clang-format on
#include "decode-command.h"
#include "disciplined-clock.h"
#include "json-output.h"
#include "mac-corruption.h"
#include "ntp-auth.h"
#include "ntp-packet.h"
#include "options.h"
#include "pcap-reader.h"
#include "summary.h"
#include "text-util.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

using namespace ntp;
using namespace ntp::wire;

namespace
{

std::vector<uint8_t>
Hex(const std::string& text)
{
    auto bytes = ParseHex(text);
    BOOST_REQUIRE(bytes.has_value());
    return *bytes;
}

void
Append(std::vector<uint8_t>& out, const std::vector<uint8_t>& more)
{
    out.insert(out.end(), more.begin(), more.end());
}

void
Be16(std::vector<uint8_t>& out, uint16_t v)
{
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}

void
Le32(std::vector<uint8_t>& out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
    {
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

void
Be32(std::vector<uint8_t>& out, uint32_t v)
{
    for (int i = 3; i >= 0; --i)
    {
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

/// UDP datagram 127.0.0.1:11123 -> 127.0.0.2:11124 in IPv4 (checksums left zero).
std::vector<uint8_t>
Ipv4Udp(const std::vector<uint8_t>& payload, uint16_t fragment = 0)
{
    std::vector<uint8_t> p = {0x45, 0x00};
    Be16(p, static_cast<uint16_t>(20 + 8 + payload.size()));
    Be16(p, 0x1234);
    Be16(p, fragment);
    p.push_back(64);
    p.push_back(17);
    Be16(p, 0);
    Append(p, {127, 0, 0, 1, 127, 0, 0, 2});
    Be16(p, 11123);
    Be16(p, 11124);
    Be16(p, static_cast<uint16_t>(8 + payload.size()));
    Be16(p, 0);
    Append(p, payload);
    return p;
}

/// The same over IPv6 ::1 -> ::2 with a destination-options header first.
std::vector<uint8_t>
Ipv6Udp(const std::vector<uint8_t>& payload)
{
    std::vector<uint8_t> p = {0x60, 0, 0, 0};
    Be16(p, static_cast<uint16_t>(8 + 8 + payload.size()));
    p.push_back(60); // destination options
    p.push_back(64);
    std::vector<uint8_t> address(16, 0);
    address[15] = 1;
    Append(p, address);
    address[15] = 2;
    Append(p, address);
    Append(p, {17, 0, 1, 4, 0, 0, 0, 0}); // 8-byte options header, next UDP
    Be16(p, 123);
    Be16(p, 11124);
    Be16(p, static_cast<uint16_t>(8 + payload.size()));
    Be16(p, 0);
    Append(p, payload);
    return p;
}

std::vector<uint8_t>
ClassicPcap(uint32_t linkType, const std::vector<std::vector<uint8_t>>& frames,
            bool bigEndian = false, bool nanoseconds = false)
{
    std::vector<uint8_t> f;
    auto u32 = [&](uint32_t v)
    {
        bigEndian ? Be32(f, v) : Le32(f, v);
    };
    auto u16 = [&](uint16_t v)
    {
        if (bigEndian)
        {
            Be16(f, v);
        }
        else
        {
            f.push_back(static_cast<uint8_t>(v));
            f.push_back(static_cast<uint8_t>(v >> 8));
        }
    };
    u32(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
    u16(2);
    u16(4);
    u32(0);
    u32(0);
    u32(65535);
    u32(linkType);
    for (const auto& frame : frames)
    {
        u32(1795675756);
        u32(nanoseconds ? 500000000 : 500000);
        u32(static_cast<uint32_t>(frame.size()));
        u32(static_cast<uint32_t>(frame.size()));
        Append(f, frame);
    }
    return f;
}

std::vector<uint8_t>
NtpPayload()
{
    // The reference mode-1 header of crypto-test-vectors.txt.
    return Hex("210206ec0000010000000200c0000201e6136a710000000000000000000000000000000000000000e61"
               "36a712d8c4800");
}

} // namespace

BOOST_AUTO_TEST_SUITE(capture)

BOOST_AUTO_TEST_CASE(classic_ethernet_both_byte_orders_and_resolutions)
{
    std::vector<uint8_t> ethernet(12, 0);
    Be16(ethernet, 0x0800);
    Append(ethernet, Ipv4Udp(NtpPayload()));
    for (bool big : {false, true})
    {
        for (bool nano : {false, true})
        {
            const CaptureContents c = ParseCapture(ClassicPcap(1, {ethernet}, big, nano));
            BOOST_TEST(!c.error);
            BOOST_REQUIRE_EQUAL(c.datagrams.size(), 1u);
            const CapturedDatagram& d = c.datagrams[0];
            BOOST_TEST(d.from.ToString() == "127.0.0.1:11123");
            BOOST_TEST(d.to.ToString() == "127.0.0.2:11124");
            BOOST_TEST(d.payload == NtpPayload());
            BOOST_TEST(std::fabs(d.time - 1795675756.5) < 1e-6);
        }
    }
}

BOOST_AUTO_TEST_CASE(vlan_linux_cooked_raw_and_null)
{
    std::vector<uint8_t> vlan(12, 0);
    Be16(vlan, 0x8100);
    Be16(vlan, 7);
    Be16(vlan, 0x86dd);
    Append(vlan, Ipv6Udp(NtpPayload()));
    std::vector<uint8_t> sll(14, 0);
    Be16(sll, 0x0800);
    Append(sll, Ipv4Udp(NtpPayload()));
    std::vector<uint8_t> sll2;
    Be16(sll2, 0x86dd);
    sll2.resize(20, 0);
    Append(sll2, Ipv6Udp(NtpPayload()));
    std::vector<uint8_t> null = {2, 0, 0, 0};
    Append(null, Ipv4Udp(NtpPayload()));
    std::vector<uint8_t> ppp = {0x00, 0x21}; // as ns-3's PointToPointNetDevice writes
    Append(ppp, Ipv4Udp(NtpPayload()));
    std::vector<uint8_t> pppHdlc = {0xff, 0x03, 0x00, 0x57};
    Append(pppHdlc, Ipv6Udp(NtpPayload()));
    std::vector<uint8_t> loop = {0, 0, 0, 24}; // OpenBSD loopback: AF_INET6, network order
    Append(loop, Ipv6Udp(NtpPayload()));
    // The file's LINKTYPE_ values; libpcap maps some to other DLT_ values (101 to DLT_RAW).
    const std::vector<std::pair<uint32_t, std::vector<uint8_t>>> cases
        = {{1, vlan},
           {113, sll},
           {276, sll2},
           {101, Ipv4Udp(NtpPayload())},
           {12, Ipv4Udp(NtpPayload())},
           {14, Ipv4Udp(NtpPayload())},
           {228, Ipv4Udp(NtpPayload())},
           {229, Ipv6Udp(NtpPayload())},
           {0, null},
           {108, loop},
           {9, ppp},
           {50, pppHdlc}};
    for (const auto& [linkType, frame] : cases)
    {
        BOOST_TEST_CONTEXT("link type " << linkType)
        {
            const CaptureContents c = ParseCapture(ClassicPcap(linkType, {frame}));
            BOOST_REQUIRE_EQUAL(c.datagrams.size(), 1u);
            BOOST_TEST(c.datagrams[0].payload == NtpPayload());
            BOOST_TEST(c.datagrams[0].to.port == 11124);
        }
    }
    const CaptureContents v6 = ParseCapture(ClassicPcap(229, {Ipv6Udp(NtpPayload())}));
    BOOST_TEST(v6.datagrams[0].from.ToString() == "[::1]:123");
}

BOOST_AUTO_TEST_CASE(pcapng_with_nanosecond_resolution)
{
    std::vector<uint8_t> f;
    // Section header block (little-endian).
    Le32(f, 0x0a0d0d0a);
    Le32(f, 28);
    Le32(f, 0x1a2b3c4d);
    Append(f, {1, 0, 0, 0});
    Append(f, std::vector<uint8_t>(8, 0xff));
    Le32(f, 28);
    // Interface description block: raw IP, if_tsresol = 9 (nanoseconds).
    Le32(f, 1);
    Le32(f, 32);
    Append(f, {101, 0, 0, 0});
    Le32(f, 65535);
    Append(f, {9, 0, 1, 0, 9, 0, 0, 0}); // option 9, length 1, value 9, padding
    Append(f, {0, 0, 0, 0});             // opt_endofopt
    Le32(f, 32);
    // Enhanced packet block.
    const std::vector<uint8_t> frame = Ipv4Udp(NtpPayload());
    const uint64_t stamp = 1795675756500000000ULL;
    const uint32_t padded = static_cast<uint32_t>((frame.size() + 3) & ~size_t{3});
    Le32(f, 6);
    Le32(f, 32 + padded);
    Le32(f, 0);
    Le32(f, static_cast<uint32_t>(stamp >> 32));
    Le32(f, static_cast<uint32_t>(stamp));
    Le32(f, static_cast<uint32_t>(frame.size()));
    Le32(f, static_cast<uint32_t>(frame.size()));
    Append(f, frame);
    f.resize(f.size() + (padded - frame.size()), 0);
    Le32(f, 32 + padded);
    const CaptureContents c = ParseCapture(f);
    BOOST_TEST(!c.error);
    BOOST_REQUIRE_EQUAL(c.datagrams.size(), 1u);
    BOOST_TEST(c.datagrams[0].payload == NtpPayload());
    BOOST_TEST(std::fabs(c.datagrams[0].time - 1795675756.5) < 1e-3);
}

BOOST_AUTO_TEST_CASE(damaged_files_and_frames)
{
    BOOST_TEST(ParseCapture(std::vector<uint8_t>()).error.has_value());
    BOOST_TEST(ParseCapture(Hex("00112233445566778899")).error.has_value());
    // A record claiming more bytes than the file has: an error, frames before it kept.
    std::vector<uint8_t> good = ClassicPcap(101, {Ipv4Udp(NtpPayload())});
    std::vector<uint8_t> cut = ClassicPcap(101, {Ipv4Udp(NtpPayload()), Ipv4Udp(NtpPayload())});
    cut.resize(cut.size() - 10);
    const CaptureContents c = ParseCapture(cut);
    BOOST_TEST(c.error.has_value());
    BOOST_TEST(c.datagrams.size() == 1u);
    // Fragments, non-UDP and short frames are skipped, never read past.
    std::vector<uint8_t> tcp = Ipv4Udp(NtpPayload());
    tcp[9] = 6;
    const std::vector<uint8_t> fragment = Ipv4Udp(NtpPayload(), 0x2000);
    std::vector<uint8_t> shortUdp = Ipv4Udp(NtpPayload());
    shortUdp.resize(30);
    const CaptureContents skipped
        = ParseCapture(ClassicPcap(101, {tcp, fragment, shortUdp, {0x45}, {}, {0x60, 0, 0}}));
    BOOST_TEST(!skipped.error);
    BOOST_TEST(skipped.frames == 6u);
    BOOST_TEST(skipped.skipped == 6u);
    // Every prefix of a valid file parses without crashing.
    for (size_t n = 0; n < good.size(); ++n)
    {
        ParseCapture(good.data(), n);
    }
    const CaptureContents missing = ReadCapture("/nonexistent-dir/x.pcap");
    BOOST_REQUIRE(missing.error.has_value());
    BOOST_TEST(missing.error->find("cannot open /nonexistent-dir/x.pcap") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(session_report_json)
{
    SessionSummary s;
    s.command = "peer";
    s.offset = 1.5e-6;
    s.jitter = NAN;
    s.reach = 0377;
    s.stratum = 3;
    s.refid = "127.0.0.2";
    s.lastSendError = "bad \"thing\"\n\x01\xff"; // not UTF-8: written as U+FFFD
    s.refused["auth-bad-mac"] = 2;
    s.duration = 7;
    AssociationSnapshot a;
    a.id = 1;
    a.mode = "symmetric-active";
    a.stratum = 2;
    a.demobilized = true;
    a.demobilizedWhy = "unreachable";
    s.associations.push_back(a);
    const std::string text = SummaryJson(s);
    // One line, compact: the shell tests grep "name":value.
    BOOST_TEST(text.find('\n') == std::string::npos);
    BOOST_TEST(text.find("\"stratum\":3,") != std::string::npos);
    // Written order: the top-level stratum comes before the association's,
    // as test/interop/lib.sh's json_get expects.
    BOOST_TEST(text.find("\"stratum\":3") < text.find("\"stratum\":2"));
    BOOST_TEST(text.rfind("{\"command\":\"peer\",\"synchronized\":false,", 0) == 0u);
    const nlohmann::json j = nlohmann::json::parse(text);
    BOOST_TEST(j["offset_s"].get<double>() == 1.5e-6);
    BOOST_TEST(j["delay_s"].is_null());
    BOOST_TEST(j["jitter_s"].is_null()); // JSON has no NaN
    BOOST_TEST(j["peer"].is_null());
    BOOST_TEST(j["reach"].is_number_unsigned());
    BOOST_TEST(j["reach"].get<int>() == 255);
    BOOST_TEST(j["duration_s"].get<double>() == 7.0);
    BOOST_TEST(j["time_to_sync_s"].is_null());
    BOOST_TEST(j["synchronized"].is_boolean());
    BOOST_TEST(j["refused"]["auth-bad-mac"].get<int>() == 2);
    BOOST_TEST(j["last_send_error"].get<std::string>() == "bad \"thing\"\n\x01\xef\xbf\xbd");
    BOOST_TEST(j["associations"][0]["demobilized"].get<std::string>() == "unreachable");
    BOOST_TEST(j["associations"][0]["offset_s"].is_null());
}

BOOST_AUTO_TEST_CASE(decode_report_json)
{
    DecodeOptions options;
    options.hex = ToHex(NtpPayload());
    options.json = true;
    std::ostringstream out;
    std::ostringstream err;
    BOOST_TEST(RunDecode(options, out, err) == 0);
    const std::string text = out.str();
    BOOST_TEST(text.find('\n') == text.size() - 1);
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
    // The members in the order the shell tests match them in.
    std::vector<std::string> keys;
    for (const auto& [key, value] : j["packets"][0].items())
    {
        keys.push_back(key);
    }
    const std::vector<std::string> expected
        = {"index",     "where", "length", "version", "mode",     "leap",       "stratum", "poll",
           "precision", "refid", "origin", "receive", "transmit", "extensions", "mac"};
    BOOST_TEST(keys == expected, boost::test_tools::per_element());
    BOOST_TEST(j["packets"][0]["mode"].get<std::string>() == "symmetric-active");
    BOOST_TEST(j["packets"][0]["poll"].get<int>() == 6);
    BOOST_TEST(j["packets"][0]["precision"].get<int>() == -20);
    BOOST_TEST(j["packets"][0]["mac"].get<std::string>() == "none");
    BOOST_TEST(j["ntp_packets"].get<int>() == 1);
    BOOST_TEST(j["malformed"].get<int>() == 0);
    BOOST_TEST(j["crypto_naks"].is_number_unsigned());
}

BOOST_AUTO_TEST_CASE(hex_numbers_refids_host_ports)
{
    BOOST_TEST(ToHex(Hex("0x00 ff:10-AB")) == "00ff10ab");
    BOOST_TEST(!ParseHex("abc").has_value());
    BOOST_TEST(!ParseHex("zz").has_value());
    int64_t value = 0;
    auto error = ParseInteger("20", 0, 17, value);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(*error == "20 is out of range (accepted: 0..17)");
    BOOST_TEST(ParseInteger("3x", 0, 17, value).has_value());
    BOOST_TEST(RefidToString(0x7f000002, 3) == "127.0.0.2");
    BOOST_TEST(RefidToString(0x4c4f434c, 16) == "LOCL");
    BOOST_TEST(RefidToString(0x47505300, 1) == "GPS");
    HostPort hp;
    BOOST_TEST(!ParseHostPort("127.0.0.1:11123", hp));
    BOOST_TEST(hp.address->ToString() == "127.0.0.1");
    BOOST_TEST(*hp.port == 11123);
    BOOST_TEST(!ParseHostPort("[::1]:11123", hp));
    BOOST_TEST(hp.address->IsV6());
    BOOST_TEST(!ParseHostPort("::1", hp));
    BOOST_TEST(!hp.port.has_value());
    BOOST_TEST(!ParseHostPort(":11123", hp));
    BOOST_TEST(!hp.address.has_value());
    BOOST_TEST(ParseHostPort("localhost:11123", hp).has_value());
    BOOST_TEST(ParseHostPort("127.0.0.1:0", hp).has_value());
    BOOST_TEST(ParseHostPort("[::1", hp).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(peer_defaults_and_values)
{
    const CommandLine line
        = ParseCommandLine({"peer", "127.0.0.2", "--port", "11124", "--bind=127.0.0.1:11123",
                            "--minpoll", "0", "--maxpoll", "1", "--json"});
    BOOST_REQUIRE(!line.error);
    BOOST_TEST((line.command == Command::Peer));
    BOOST_TEST(line.session.remote.ToString() == "127.0.0.2:11124");
    BOOST_TEST(line.session.minpoll == 0);
    BOOST_TEST(line.session.maxpoll == 1);
    BOOST_TEST(line.session.json);
    BOOST_TEST(line.session.version == 4);
    BOOST_TEST(DefaultStepout(0) == 8.0);
    BOOST_TEST(DefaultStepout(1) == 16.0);
    BOOST_TEST(DefaultStepout(10) == 300.0);
}

BOOST_AUTO_TEST_CASE(every_option_reaches_its_field)
{
    const CommandLine peer = ParseCommandLine({"peer",
                                               "::1",
                                               "--key-file",
                                               "k",
                                               "--key-format=chrony",
                                               "--key-id",
                                               "7",
                                               "--version",
                                               "3",
                                               "--duration",
                                               "12.5",
                                               "--verbose",
                                               "--stop-after-sync",
                                               "3",
                                               "--seed",
                                               "42",
                                               "--stepout",
                                               "9",
                                               "--drift",
                                               "-12.5",
                                               "--initial-offset",
                                               "-0.25",
                                               "--unreach",
                                               "5",
                                               "--local-stratum",
                                               "4",
                                               "--corrupt-mac",
                                               "rx",
                                               "--allow-unauthenticated"});
    BOOST_REQUIRE_MESSAGE(!peer.error, peer.error.value_or(""));
    const SessionOptions& o = peer.session;
    BOOST_TEST(!o.passive);
    BOOST_TEST(o.remote.ToString() == "[::1]:123");
    BOOST_TEST(o.keyFile == "k");
    BOOST_TEST((o.keyFormat == KeyFileFormat::Chrony));
    BOOST_TEST(o.keyId == 7u);
    BOOST_TEST(o.version == 3);
    BOOST_TEST(o.duration == 12.5);
    BOOST_TEST(o.verbose);
    BOOST_TEST(!o.json);
    BOOST_TEST(o.stopAfterSync.value_or(0) == 3.0);
    BOOST_TEST(o.seed == 42u);
    BOOST_TEST(o.stepout.value_or(0) == 9.0);
    BOOST_TEST(o.driftPpm.value_or(0) == -12.5);
    BOOST_TEST(o.initialOffset == -0.25);
    BOOST_TEST(o.unreach == 5);
    BOOST_TEST(o.localStratum == 4);
    BOOST_TEST(!o.corruptMac.tx);
    BOOST_TEST(o.corruptMac.rx);
    BOOST_TEST(o.allowUnauthenticated);

    const CommandLine passive = ParseCommandLine({"passive", "--bind", ":11125", "--maxpoll=8"});
    BOOST_REQUIRE_MESSAGE(!passive.error, passive.error.value_or(""));
    BOOST_TEST((passive.command == Command::Passive));
    BOOST_TEST(passive.session.passive);
    BOOST_TEST(!passive.session.bind.address.has_value());
    BOOST_TEST(passive.session.bind.port.value_or(0) == 11125);
    BOOST_TEST(passive.session.maxpoll == 8);
    BOOST_TEST(!passive.session.stepout.has_value());

    const CommandLine decode = ParseCommandLine(
        {"decode", "--pcap", "f.pcapng", "--port=11124", "--key-file", "k", "--json"});
    BOOST_REQUIRE_MESSAGE(!decode.error, decode.error.value_or(""));
    BOOST_TEST((decode.command == Command::Decode));
    BOOST_TEST(decode.decode.pcapFile == "f.pcapng");
    BOOST_TEST(decode.decode.port.value_or(0) == 11124);
    BOOST_TEST(decode.decode.keyFile == "k");
    BOOST_TEST(decode.decode.json);
    BOOST_TEST((ParseCommandLine({"decode", "--hex", "00", "--help"}).command == Command::Help));
}

BOOST_AUTO_TEST_CASE(errors_name_the_accepted_values)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{}, "no command given (accepted: peer, passive, decode, help)"},
        {{"serve"}, "unknown command 'serve' (accepted: peer, passive, decode, help)"},
        {{"peer", "127.0.0.1", "--minpoll", "20"},
         "--minpoll: 20 is out of range (accepted: 0..17)"},
        {{"peer", "127.0.0.1", "--minpoll"}, "--minpoll: needs a value (accepted: 0..17)"},
        {{"peer", "127.0.0.1", "--minpoll=", "--json"},
         "--minpoll: needs a value (accepted: 0..17)"},
        {{"peer", "127.0.0.1", "--version", "5"}, "--version: 5 is out of range (accepted: 1..4)"},
        {{"peer", "127.0.0.1", "--corrupt-mac", "up"},
         "--corrupt-mac: up is not a direction (accepted: tx, rx, both)"},
        {{"peer", "127.0.0.1", "--bind", "127.0.0.1:99999"},
         "--bind: port 99999 is out of range (accepted: 1..65535)"},
        {{"peer", "127.0.0.1", "--json=yes"}, "--json: takes no value (got 'yes')"},
        {{"peer", "127.0.0.1", "--key-file="}, "--key-file: needs a file name"},
        {{"peer", "127.0.0.1", "127.0.0.2"},
         "'peer' needs exactly one peer ADDRESS (got 2); DNS names are not resolved: give an "
         "IPv4 or IPv6 literal"},
        {{"serve", "peer", "127.0.0.1"},
         "unknown command 'serve' (accepted: peer, passive, decode, help)"},
        {{"peer", "127.0.0.1", "--minpoll", "3", "--maxpoll", "2"},
         "--minpoll 3 is greater than --maxpoll 2"},
        {{"peer", "127.0.0.1", "--key-id", "1"}, "--key-id 1 needs --key-file"},
        {{"peer", "ntp.example"}, "peer address 'ntp.example' is not an IPv4 or IPv6 literal"},
        {{"passive"}, "'passive' needs --bind ADDR[:PORT]"},
        {{"passive", "--bind", ":11123", "--key-id", "1"},
         "unknown option --key-id for 'passive' (accepted: --bind, --key-file, --key-format, "
         "--minpoll, "
         "--maxpoll, --duration, --json, --verbose, --seed, --stepout, --drift, --initial-offset, "
         "--unreach, "
         "--corrupt-mac, --local-stratum, --stop-after-sync, --allow-unauthenticated)"},
        {{"decode"}, "'decode' needs exactly one of --pcap FILE or --hex HEX"},
        {{"decode", "--hex", "00", "--key-format", "x"},
         "--key-format: x is not a key file format (accepted: auto, ntpd, chrony)"},
        {{"decode", "--hex", "00", "stray"}, "'decode' takes no positional argument (got 'stray')"},
        {{"decode", "--hex", "00", "--", "--x"},
         "unknown option --x for 'decode' (accepted: --key-file, --key-format, --pcap, --hex, "
         "--port, --json)"},
        {{"peer", "127.0.0.1", "--json", "--json"}, "--json is given twice"},
        {{"peer", "127.0.0.1", "--minpoll", "3", "--minpoll=4"}, "--minpoll is given twice"},
    };
    for (const auto& [args, message] : cases)
    {
        const CommandLine line = ParseCommandLine(args);
        BOOST_REQUIRE(line.error.has_value());
        BOOST_TEST(*line.error == message);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mac)

BOOST_AUTO_TEST_CASE(reference_vectors_verify_and_flipped_bits_do_not)
{
    // crypto-test-vectors.txt: the self-made mode-1 header under key "ntpkey1234" and 000102..0f.
    const std::vector<uint8_t> header = NtpPayload();
    const std::string ascii = "ntpkey1234";
    struct Case
    {
        MacAlgorithm algorithm;
        std::vector<uint8_t> secret;
        std::string digest;
    };

    const std::vector<Case> cases = {
        {MacAlgorithm::Md5, {ascii.begin(), ascii.end()}, "6403722da74983b71cbe2769528502d1"},
        {MacAlgorithm::Sha1,
         {ascii.begin(), ascii.end()},
         "5aeef150548d9a29c71025131ea620fbdaf03022"},
        {MacAlgorithm::Sha256,
         {ascii.begin(), ascii.end()},
         "ca0ac34dbe058299ab77bcdbd1b535630a90df5e"},
        {MacAlgorithm::AesCmac128, Hex("000102030405060708090a0b0c0d0e0f"),
         "22f1544da5ba305f3db743a360ab3bd3"},
    };
    for (const Case& c : cases)
    {
        BOOST_TEST_CONTEXT(ToString(c.algorithm))
        {
            KeyStore keys;
            Key key;
            key.id = 7;
            key.algorithm = c.algorithm;
            key.secret = c.secret;
            BOOST_REQUIRE(!keys.Add(key));
            std::vector<uint8_t> packet = header;
            AppendMac(packet, 7, Hex(c.digest));
            std::string why;
            BOOST_TEST(
                (CheckMac(&keys, packet.data(), packet.size(), why) == MacVerdict::Verified));
            BOOST_TEST(
                (CheckMac(nullptr, packet.data(), packet.size(), why) == MacVerdict::NotChecked));
            BOOST_TEST(FlipMacBit(packet));
            BOOST_TEST((CheckMac(&keys, packet.data(), packet.size(), why) == MacVerdict::Failed));
            KeyStore other;
            key.id = 8;
            BOOST_REQUIRE(!other.Add(key));
            BOOST_TEST(
                (CheckMac(&other, packet.data(), packet.size(), why) == MacVerdict::UnknownKey));
        }
    }
    std::vector<uint8_t> plain = header;
    BOOST_TEST(!FlipMacBit(plain));
    BOOST_TEST(plain == header);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(virtual_clock)

BOOST_AUTO_TEST_CASE(closed_form_corrections)
{
    DisciplinedClock clock(0.5);
    BOOST_TEST(std::fabs(clock.Correction() - 0.5) < 1e-6);
    clock.Step(-0.25);
    BOOST_TEST(std::fabs(clock.Correction() - 0.25) < 1e-6);
    // A slew with a tiny time constant is all applied a few milliseconds later.
    clock.Slew(SlewChannel::Adjtime, PhaseSlew{-0.25, 1e-4, 0});
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    BOOST_TEST(std::fabs(clock.Correction()) < 1e-6);
    // A new slew replaces the rest of the previous one (Clock contract).
    clock.Slew(SlewChannel::Adjtime, PhaseSlew{1.0, 1e6, 0});
    clock.Slew(SlewChannel::Adjtime, PhaseSlew{0.0, 1.0, 0});
    BOOST_TEST(std::fabs(clock.Correction()) < 1e-5);
    clock.SetFrequency(100e-6, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double drift = clock.Correction();
    BOOST_TEST(drift > 1.5e-6);
    BOOST_TEST(drift < 1e-4);
    // Now() is the host clock plus the correction, in NTP time.
    const int64_t host = HostRealtimeNs();
    const double difference
        = clock.At(host) - Timestamp::FromUnix(host / 1000000000, host % 1000000000);
    BOOST_TEST(std::fabs(difference - clock.Correction()) < 1e-6);
}

BOOST_AUTO_TEST_SUITE_END()
