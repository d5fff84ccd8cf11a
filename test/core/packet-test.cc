#include "ntp-auth.h"
#include "ntp-packet.h"
#include "test-util.h"

#include <boost/test/unit_test.hpp>

using namespace ntp;
using ntp::test::FromHex;
using ntp::test::ToHex;

namespace
{

// The mode-1 header of shared/reference/crypto-test-vectors.txt: LI 0, VN 4,
// mode 1, stratum 2, poll 6, precision -20, root delay 0x100, root dispersion
// 0x200, refid 192.0.2.1, reference e6136a71.00000000, origin 0, receive 0,
// transmit e6136a71.2d8c4800.
const char* kGoldenHeader = "210206ec0000010000000200c0000201e6136a710000000000000000"
                            "000000000000000000000000e6136a712d8c4800";

Header
GoldenHeader()
{
    Header h;
    h.leap = Leap::NoWarning;
    h.version = 4;
    h.mode = Mode::SymmetricActive;
    h.stratum = 2;
    h.poll = 6;
    h.precision = -20;
    h.rootDelay = 0x100;
    h.rootDispersion = 0x200;
    h.refid = 0xc0000201;
    h.reference = Timestamp::FromParts(0xe6136a71, 0);
    h.transmit = Timestamp::FromParts(0xe6136a71, 0x2d8c4800);
    return h;
}

} // namespace

BOOST_AUTO_TEST_SUITE(packet)

BOOST_AUTO_TEST_CASE(golden_header_bytes)
{
    BOOST_TEST(ToHex(EncodeHeader(GoldenHeader())) == kGoldenHeader);
}

BOOST_AUTO_TEST_CASE(golden_header_decodes_field_by_field)
{
    const auto bytes = FromHex(kGoldenHeader);
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    const Header& h = r.packet->header;
    BOOST_TEST(h.version == 4);
    BOOST_TEST(static_cast<int>(h.mode) == 1);
    BOOST_TEST(h.stratum == 2);
    BOOST_TEST(h.poll == 6);
    BOOST_TEST(h.precision == -20);
    BOOST_TEST(h.rootDelay == 0x100U);
    BOOST_TEST(h.rootDispersion == 0x200U);
    BOOST_TEST(h.refid == 0xc0000201U);
    BOOST_TEST(h.transmit.Raw() == 0xe6136a712d8c4800ULL);
    BOOST_TEST(h.origin.IsZero());
    BOOST_TEST((r.packet->macKind == MacKind::None));
}

BOOST_AUTO_TEST_CASE(round_trip_with_mac)
{
    Key key;
    key.id = 1;
    key.algorithm = MacAlgorithm::Md5;
    const std::string secret = "ntpkey1234";
    key.secret.assign(secret.begin(), secret.end());
    std::vector<uint8_t> bytes = EncodeUnauthenticated(GoldenHeader());
    AppendMac(bytes, key.id, ComputeDigest(key, bytes.data(), bytes.size()));
    // 48 + 4 + 16 bytes; the digest is the reference MD5 vector.
    BOOST_TEST(bytes.size() == 68U);
    BOOST_TEST(ToHex(bytes).substr(96)
               == "00000001"
                  "6403722da74983b71cbe2769528502d1");
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    BOOST_TEST((r.packet->macKind == MacKind::Digest));
    BOOST_TEST(r.packet->keyId == 1U);
    BOOST_TEST(r.packet->authenticatedLength == 48U);
    BOOST_TEST(ToHex(EncodeHeader(r.packet->header)) == kGoldenHeader);
}

BOOST_AUTO_TEST_CASE(twenty_byte_digest_is_a_mac)
{
    std::vector<uint8_t> bytes = EncodeUnauthenticated(GoldenHeader());
    AppendMac(bytes, 7, std::vector<uint8_t>(20, 0xab));
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    BOOST_TEST(r.packet->digest.size() == 20U);
    BOOST_TEST(r.packet->extensions.empty());
}

BOOST_AUTO_TEST_CASE(extension_fields_are_skipped_before_the_mac)
{
    ExtensionField field;
    field.type = 0x0104; // RFC 8915 NTS unique identifier type, content opaque here
    field.value.assign(32, 0x5a);
    std::vector<uint8_t> bytes = EncodeUnauthenticated(GoldenHeader(), {field});
    BOOST_TEST(bytes.size() == 48U + 36U);
    AppendMac(bytes, 9, std::vector<uint8_t>(16, 0x11));
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    BOOST_REQUIRE(r.packet->extensions.size() == 1U);
    BOOST_TEST(r.packet->extensions[0].type == 0x0104);
    BOOST_TEST(r.packet->authenticatedLength == 84U);
    BOOST_TEST(r.packet->keyId == 9U);
}

BOOST_AUTO_TEST_CASE(short_extension_is_padded_to_16_bytes)
{
    ExtensionField field;
    field.type = 0x2005;
    field.value = {1, 2, 3};
    const auto bytes = EncodeUnauthenticated(GoldenHeader(), {field});
    // RFC 7822: the minimum field is 16 bytes: 4 of type/length, 12 of body.
    BOOST_TEST(bytes.size() == 64U);
    BOOST_TEST(bytes[51] == 16);
}

BOOST_AUTO_TEST_CASE(crypto_nak)
{
    std::vector<uint8_t> bytes = EncodeUnauthenticated(GoldenHeader());
    AppendCryptoNak(bytes);
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    BOOST_TEST((r.packet->macKind == MacKind::CryptoNak));
    // A 4-byte trailer with a non-zero key id is neither.
    bytes[51] = 1;
    BOOST_TEST((Decode(bytes).error == DecodeError::BadMacLength));
}

BOOST_AUTO_TEST_CASE(kiss_codes)
{
    Header h = GoldenHeader();
    h.stratum = 0;
    h.refid = 0x52415445; // "RATE"
    BOOST_TEST(h.KissCode() == "RATE");
    h.stratum = 1;
    BOOST_TEST(h.KissCode().empty());
}

BOOST_AUTO_TEST_CASE(hostile_inputs_are_refused_with_a_reason)
{
    auto bytes = FromHex(kGoldenHeader);
    BOOST_TEST((Decode(bytes.data(), 47).error == DecodeError::TooShort));
    auto odd = bytes;
    odd.push_back(0);
    BOOST_TEST((Decode(odd).error == DecodeError::BadLength));
    auto v0 = bytes;
    v0[0] = 0x01; // version 0
    BOOST_TEST((Decode(v0).error == DecodeError::BadVersion));
    auto v5 = bytes;
    v5[0] = 0x29; // version 5
    BOOST_TEST((Decode(v5).error == DecodeError::BadVersion));
    auto control = bytes;
    control[0] = 0x26; // mode 6
    BOOST_TEST((Decode(control).error == DecodeError::BadMode));
    auto stratum = bytes;
    stratum[1] = 17;
    BOOST_TEST((Decode(stratum).error == DecodeError::BadStratum));
    // An extension field claiming more bytes than there are.
    auto ext = bytes;
    const uint8_t field[] = {0x01, 0x04, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ext.insert(ext.end(), field, field + 16);
    const DecodeResult r = Decode(ext);
    BOOST_TEST((r.error == DecodeError::BadExtension));
    BOOST_TEST(r.detail.find("256") != std::string::npos);
    // An extension field of length 0 cannot loop forever.
    auto zero = bytes;
    zero.insert(zero.end(), 32, 0);
    BOOST_TEST((Decode(zero).error == DecodeError::BadExtension));
    // 8 trailing bytes are neither an extension field nor a MAC.
    auto eight = bytes;
    eight.insert(eight.end(), 8, 0);
    BOOST_TEST((Decode(eight).error == DecodeError::BadExtension));
}

BOOST_AUTO_TEST_CASE(ntpv3_accepts_long_digests)
{
    // chrony sends the full SHA-256 digest (32 bytes) for NTPv3 packets.
    auto bytes = FromHex(kGoldenHeader);
    bytes[0] = 0x19; // VN 3, mode 1
    AppendMac(bytes, 3, std::vector<uint8_t>(32, 0x77));
    const DecodeResult r = Decode(bytes);
    BOOST_REQUIRE(r.packet.has_value());
    BOOST_TEST(r.packet->digest.size() == 32U);
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash)
{
    // Deterministic pseudo-random datagrams of every length up to 200 bytes.
    uint32_t state = 12345;
    for (int round = 0; round < 20000; ++round)
    {
        std::vector<uint8_t> bytes(state % 201);
        for (auto& b : bytes)
        {
            state = state * 1103515245 + 12345;
            b = static_cast<uint8_t>(state >> 16);
        }
        const DecodeResult r = Decode(bytes);
        BOOST_TEST((r.packet.has_value() == (r.error == DecodeError::None)));
    }
}

BOOST_AUTO_TEST_SUITE_END()
