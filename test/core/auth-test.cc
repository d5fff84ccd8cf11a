// Checks ntp-auth against every vector in crypto-test-vectors.txt and the
// verification and key store rules.
#define BOOST_TEST_DYN_LINK
#include "ntp-auth.h"
#include "test-util.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <string>
#include <vector>

using namespace ntp;
using namespace ntp::test;

namespace
{

std::vector<uint8_t>
Repeat(uint8_t value, size_t count)
{
    return std::vector<uint8_t>(count, value);
}

Key
MakeKey(MacAlgorithm algorithm, const std::vector<uint8_t>& secret, uint32_t id = 1)
{
    Key key;
    key.id = id;
    key.algorithm = algorithm;
    key.secret = secret;
    return key;
}

std::string
Digest(const Key& key, const std::vector<uint8_t>& data)
{
    return ToHex(ComputeDigest(key, data.data(), data.size()));
}

std::string
HmacFull(const std::vector<uint8_t>& key, const std::vector<uint8_t>& data)
{
    return ToHex(HmacSha256Full(key.data(), key.size(), data.data(), data.size()));
}

// ntpsec macencrypt.c and chrony hash.c keys and data.
const std::string kChronyHashKey = "abcdefghijklmnopqrstuvwxyz";
const std::string kChronyHashData = "12345678910";
const std::string kChronyCmacData = "abcdefghijklmnopqrstuvwxyz0123456789";

// The self-made mode-1 header of crypto-test-vectors.txt.
const std::string kModeOneHeader
    = "210206ec0000010000000200c0000201e6136a71000000000000000000000000"
      "0000000000000000e6136a712d8c4800";

/// AES-CMAC as OpenSSL's EVP_MAC computes it: the reference KeyedMac's own
/// construction (ntp-auth-mac.cc) is held against.
std::string
OpenSslCmac(const std::vector<uint8_t>& key, const std::vector<uint8_t>& data)
{
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr);
    EVP_MAC_CTX* ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
    std::string cipher = key.size() == 16 ? "AES-128-CBC" : "AES-256-CBC";
    OSSL_PARAM params[]
        = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher.data(), 0),
           OSSL_PARAM_construct_end()};
    uint8_t out[16];
    size_t outLength = 0;
    const bool ok = ctx && EVP_MAC_init(ctx, key.data(), key.size(), params) == 1
                 && EVP_MAC_update(ctx, data.data(), data.size()) == 1
                 && EVP_MAC_final(ctx, out, &outLength, sizeof(out)) == 1;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    return ok ? ToHex(std::vector<uint8_t>(out, out + outLength)) : "openssl failed";
}

/// Deterministic bytes (a linear congruential sequence) for differential tests.
std::vector<uint8_t>
Pattern(size_t length, uint32_t seed)
{
    std::vector<uint8_t> bytes(length);
    for (uint8_t& b : bytes)
    {
        seed = seed * 1664525u + 1013904223u;
        b = static_cast<uint8_t>(seed >> 24);
    }
    return bytes;
}

const std::string kRfc4493Key = "2b7e151628aed2a6abf7158809cf4f3c";
const std::string kRfc4493Message
    = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
      "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

/// How many messages of 0..300 bytes `key`'s KeyedMac signs otherwise than
/// `reference` does, one KeyedMac reused for all of them.
template<typename Reference>
size_t
MismatchesAgainst(const Key& key, Reference reference)
{
    const std::unique_ptr<KeyedMac> mac = KeyedMac::Create(key);
    if (!mac)
    {
        return 301;
    }
    size_t mismatches = 0;
    for (size_t length = 0; length <= 300; ++length)
    {
        const std::vector<uint8_t> data = Pattern(length, 1000 + length);
        uint8_t out[kMaxDigestLength];
        const size_t produced = mac->Compute(data.data(), length, 4, out);
        mismatches += ToHex(std::vector<uint8_t>(out, out + produced)) != reference(data);
    }
    return mismatches;
}

/// Checks the digests of the first 0, 16, 40 and 64 bytes of RFC 4493's
/// message (the lengths RFC 4493 and SP 800-38B give examples for).
void
CheckMessagePrefixes(const Key& key, const std::vector<std::pair<size_t, std::string>>& cases)
{
    const std::vector<uint8_t> message = FromHex(kRfc4493Message);
    for (const auto& [length, expected] : cases)
    {
        BOOST_TEST_CONTEXT("message length " << length)
        {
            const std::vector<uint8_t> part(message.begin(), message.begin() + length);
            BOOST_TEST(Digest(key, part) == expected);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(names_round_trip)
{
    for (MacAlgorithm a :
         {MacAlgorithm::Md5, MacAlgorithm::Sha1, MacAlgorithm::Sha256, MacAlgorithm::HmacSha256,
          MacAlgorithm::AesCmac128, MacAlgorithm::AesCmac256})
    {
        BOOST_TEST((ParseMacAlgorithm(ToString(a)) == a));
    }
    BOOST_TEST(ToString(MacAlgorithm::AesCmac128) == "aes-128-cmac");
    BOOST_TEST(ToString(MacAlgorithm::HmacSha256) == "hmac-sha256");
}

BOOST_AUTO_TEST_CASE(daemon_aliases)
{
    BOOST_TEST((ParseMacAlgorithm("M") == MacAlgorithm::Md5));
    BOOST_TEST((ParseMacAlgorithm("MD5") == MacAlgorithm::Md5));
    BOOST_TEST((ParseMacAlgorithm("SHA1") == MacAlgorithm::Sha1));
    BOOST_TEST((ParseMacAlgorithm("SHA256") == MacAlgorithm::Sha256));
    BOOST_TEST((ParseMacAlgorithm("HMAC-SHA256") == MacAlgorithm::HmacSha256));
    BOOST_TEST((ParseMacAlgorithm("AES128") == MacAlgorithm::AesCmac128));
    BOOST_TEST((ParseMacAlgorithm("aes128cmac") == MacAlgorithm::AesCmac128));
    BOOST_TEST((ParseMacAlgorithm("AES-128-CMAC") == MacAlgorithm::AesCmac128));
    BOOST_TEST((ParseMacAlgorithm("AES256") == MacAlgorithm::AesCmac256));
    BOOST_TEST((ParseMacAlgorithm("AES256CMAC") == MacAlgorithm::AesCmac256));
    BOOST_TEST((ParseMacAlgorithm("Aes-256-Cmac") == MacAlgorithm::AesCmac256));
    BOOST_TEST(!ParseMacAlgorithm("sha512").has_value());
    BOOST_TEST(!ParseMacAlgorithm("").has_value());
    BOOST_TEST(AcceptedMacAlgorithmNames().find("aes-256-cmac") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(weak_algorithms)
{
    BOOST_TEST(IsWeak(MacAlgorithm::Md5));
    BOOST_TEST(IsWeak(MacAlgorithm::Sha1));
    BOOST_TEST(!IsWeak(MacAlgorithm::Sha256));
    BOOST_TEST(!IsWeak(MacAlgorithm::HmacSha256));
    BOOST_TEST(!IsWeak(MacAlgorithm::AesCmac128));
    BOOST_TEST(!IsWeak(MacAlgorithm::AesCmac256));
}

BOOST_AUTO_TEST_CASE(digest_lengths)
{
    BOOST_TEST(DigestLength(MakeKey(MacAlgorithm::Md5, Bytes("k"))) == 16u);
    BOOST_TEST(DigestLength(MakeKey(MacAlgorithm::Sha1, Bytes("k"))) == 20u);
    BOOST_TEST(DigestLength(MakeKey(MacAlgorithm::Sha256, Bytes("k"))) == 20u);
    Key hmac = MakeKey(MacAlgorithm::HmacSha256, Bytes("k"));
    BOOST_TEST(DigestLength(hmac) == 20u);
    hmac.hmacLength = 16;
    BOOST_TEST(DigestLength(hmac) == 16u);
    BOOST_TEST(DigestLength(MakeKey(MacAlgorithm::AesCmac128, Repeat(0, 16))) == 16u);
    BOOST_TEST(DigestLength(MakeKey(MacAlgorithm::AesCmac256, Repeat(0, 32))) == 16u);
}

BOOST_AUTO_TEST_CASE(md5_ntpsec_vector)
{
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Md5, Bytes("abcdefgh")), Bytes("ijklmnopqrstuvwx"))
               == "0c0e84cf0bb7a8688e5238dbbc1c3953");
}

BOOST_AUTO_TEST_CASE(md5_sha1_sha256_chrony_vectors)
{
    const std::vector<uint8_t> secret = Bytes(kChronyHashKey);
    const std::vector<uint8_t> data = Bytes(kChronyHashData);
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Md5, secret), data)
               == "fc24971b5266dc46efe0e8084689b688");
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Sha1, secret), data)
               == "d885b386ceea93eb92cd7b94b98dc28e3e3113dd");
    // On the wire (NTPv4) only the first 20 of the 32 SHA-256 bytes are sent.
    const std::string full = "0e3514e7157a1dddea1178d341f6b93ea04296733c54740bfa6b9e2959ad69d3";
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Sha256, secret), data) == full.substr(0, 40));
}

BOOST_AUTO_TEST_CASE(aes128_cmac_rfc4493)
{
    CheckMessagePrefixes(MakeKey(MacAlgorithm::AesCmac128, FromHex(kRfc4493Key)),
                         {{0, "bb1d6929e95937287fa37d129b756746"},
                          {16, "070a16b46b4d4144f79bdd9dd04a287c"},
                          {40, "dfa66747de9ae63030ca32611497c827"},
                          {64, "51f0bebf7e3b9d92fc49741779363cfe"}});
}

BOOST_AUTO_TEST_CASE(aes256_cmac_sp800_38b)
{
    // NIST SP 800-38B appendix D.3 (AES-256), on the same message.
    CheckMessagePrefixes(
        MakeKey(MacAlgorithm::AesCmac256, FromHex("603deb1015ca71be2b73aef0857d7781"
                                                  "1f352c073b6108d72d9810a30914dff4")),
        {{0, "028962f61b7bf89efc6b551f4667d983"},
         {16, "28a7023f452e8f82bd4bf28d8c37c35c"},
         {40, "aaf3d8f1de5640c232f5b169b9c911e6"},
         {64, "e1992190549f6ed5696a2c056c315410"}});
}

BOOST_AUTO_TEST_CASE(keyed_macs_match_openssl_evp_mac)
{
    // KeyedMac spells out HMAC and CMAC over OpenSSL's primitives; OpenSSL's
    // EVP_MAC must agree on every message length 0..300 (empty, partial,
    // complete and multi-block last blocks; inner hashes of one to six
    // blocks), for keys shorter than, equal to and longer than SHA-256's
    // 64-byte block.
    for (const size_t keyLength : {1, 20, 32, 64, 65, 131})
    {
        const Key key = MakeKey(MacAlgorithm::HmacSha256, Pattern(keyLength, 7 + keyLength));
        const auto openSsl = [&key](const std::vector<uint8_t>& data)
        {
            return ToHex(HmacSha256Full(key.secret.data(), key.secret.size(), data.data(),
                                        data.size()))
                .substr(0, 2 * key.hmacLength);
        };
        BOOST_TEST(MismatchesAgainst(key, openSsl) == 0u,
                   "hmac-sha256 key of " << keyLength << " bytes");
    }
    for (const MacAlgorithm algorithm : {MacAlgorithm::AesCmac128, MacAlgorithm::AesCmac256})
    {
        const Key key
            = MakeKey(algorithm, Pattern(algorithm == MacAlgorithm::AesCmac128 ? 16 : 32, 99));
        const auto openSsl = [&key](const std::vector<uint8_t>& data)
        {
            return OpenSslCmac(key.secret, data);
        };
        BOOST_TEST(MismatchesAgainst(key, openSsl) == 0u, ToString(algorithm));
    }
}

BOOST_AUTO_TEST_CASE(aes128_cmac_ntpsec_vectors)
{
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::AesCmac128, Bytes("0123456789abcdef")),
                      Bytes("ijklmnopqrstuvwx"))
               == "b0a1cfd27f690c43a75d6c55914b1514");

    // The ntpsec null_trunc packet: e3, 39 zero bytes, then a transmit time.
    std::vector<uint8_t> packet{0xe3};
    packet.resize(40, 0);
    const std::vector<uint8_t> xmt = FromHex("e6136a712d8c4800");
    packet.insert(packet.end(), xmt.begin(), xmt.end());
    BOOST_REQUIRE_EQUAL(packet.size(), 48u);
    BOOST_TEST(
        Digest(MakeKey(MacAlgorithm::AesCmac128, FromHex("0fd2287c1e97a50cb9d3cb9f80debcb6")),
               packet)
        == "01c167a4df28f25a4794bf00c8b35469");
}

BOOST_AUTO_TEST_CASE(aes_cmac_chrony_vectors)
{
    const std::vector<uint8_t> data = Bytes(kChronyCmacData);
    BOOST_TEST(
        Digest(MakeKey(MacAlgorithm::AesCmac128, FromHex("fc24971b5266dc46efe0e8084689b688")), data)
        == "af3cfec266710804d4af5b162b11f485");
    BOOST_TEST(
        Digest(MakeKey(MacAlgorithm::AesCmac256, FromHex("14028e7d173c2f4e170f3796c32cc599"
                                                         "18dd5523b7d79bc57636883fc582b583")),
               data)
        == "fef794961404110b87e4d43f81b3b22d");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_full)
{
    BOOST_TEST(HmacFull(Repeat(0x0b, 20), Bytes("Hi There"))
               == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    BOOST_TEST(HmacFull(Bytes("Jefe"), Bytes("what do ya want for nothing?"))
               == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    BOOST_TEST(HmacFull(Repeat(0xaa, 20), Repeat(0xdd, 50))
               == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    std::vector<uint8_t> tc4Key;
    for (uint8_t b = 0x01; b <= 0x19; ++b)
    {
        tc4Key.push_back(b);
    }
    BOOST_TEST(HmacFull(tc4Key, Repeat(0xcd, 50))
               == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    BOOST_TEST(
        HmacFull(Repeat(0xaa, 131), Bytes("Test Using Larger Than Block-Size Key - Hash Key First"))
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    BOOST_TEST(HmacFull(Repeat(0xaa, 131),
                        Bytes("This is a test using a larger than block-size key and a larger "
                              "than block-size data. The key needs to be hashed before being "
                              "used by the HMAC algorithm."))
               == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_truncated)
{
    // TC5 is the RFC's own truncation case: 128 bits.
    Key tc5 = MakeKey(MacAlgorithm::HmacSha256, Repeat(0x0c, 20));
    tc5.hmacLength = 16;
    BOOST_TEST(Digest(tc5, Bytes("Test With Truncation")) == "a3b6167473100ee06e0c796c2955552b");

    // The default 20-byte output is the leading part of the full HMAC (TC1).
    const Key tc1 = MakeKey(MacAlgorithm::HmacSha256, Repeat(0x0b, 20));
    BOOST_TEST(Digest(tc1, Bytes("Hi There")) == "b0344c61d8db38535ca8afceaf0bf12b881dc200");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_through_keyed_mac)
{
    // The packet path (KeyedMac, 20 bytes) on the RFC 4231 cases, including
    // the 131-byte keys that RFC 2104 hashes first.
    const std::pair<std::vector<uint8_t>, std::vector<uint8_t>> cases[] = {
        {Repeat(0x0b, 20), Bytes("Hi There")},
        {Bytes("Jefe"), Bytes("what do ya want for nothing?")},
        {Repeat(0xaa, 20), Repeat(0xdd, 50)},
        {Repeat(0xaa, 131), Bytes("Test Using Larger Than Block-Size Key - Hash Key First")},
    };
    const char* expected[]
        = {"b0344c61d8db38535ca8afceaf0bf12b881dc200", "5bdcc146bf60754e6a042426089575c75a003f08",
           "773ea91e36800e46854db8ebd09181a72959098b", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc621"};
    for (size_t i = 0; i < std::size(cases); ++i)
    {
        BOOST_TEST(Digest(MakeKey(MacAlgorithm::HmacSha256, cases[i].first), cases[i].second)
                   == expected[i]);
    }
}

BOOST_AUTO_TEST_CASE(hmac_is_not_prefixed_sha256)
{
    // hmac-sha256 and sha256 share a hash but must give different MACs.
    const std::vector<uint8_t> secret = Bytes("ntpkey1234");
    const std::vector<uint8_t> header = FromHex(kModeOneHeader);
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::HmacSha256, secret), header)
               != Digest(MakeKey(MacAlgorithm::Sha256, secret), header));
}

BOOST_AUTO_TEST_CASE(mode1_header_vectors)
{
    const std::vector<uint8_t> header = FromHex(kModeOneHeader);
    BOOST_REQUIRE_EQUAL(header.size(), 48u);
    const std::vector<uint8_t> secret = Bytes("ntpkey1234");
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Md5, secret), header)
               == "6403722da74983b71cbe2769528502d1");
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Sha1, secret), header)
               == "5aeef150548d9a29c71025131ea620fbdaf03022");
    BOOST_TEST(Digest(MakeKey(MacAlgorithm::Sha256, secret), header)
               == "ca0ac34dbe058299ab77bcdbd1b535630a90df5e");

    const std::string hmac = "87c3ee8efa5a11e254c792b57de75c6760bb9a9c3fde57a8eda2d95f08cec5ab";
    BOOST_TEST(HmacFull(secret, header) == hmac);
    for (size_t length : {size_t{16}, size_t{20}})
    {
        Key key = MakeKey(MacAlgorithm::HmacSha256, secret);
        key.hmacLength = length;
        BOOST_TEST(Digest(key, header) == hmac.substr(0, 2 * length));
    }

    BOOST_TEST(
        Digest(MakeKey(MacAlgorithm::AesCmac128, FromHex("000102030405060708090a0b0c0d0e0f")),
               header)
        == "22f1544da5ba305f3db743a360ab3bd3");
}

BOOST_AUTO_TEST_CASE(verify_accepts_and_rejects)
{
    const std::vector<uint8_t> header = FromHex(kModeOneHeader);
    const std::vector<Key> keys = {
        MakeKey(MacAlgorithm::Md5, Bytes("ntpkey1234")),
        MakeKey(MacAlgorithm::Sha1, Bytes("ntpkey1234")),
        MakeKey(MacAlgorithm::Sha256, Bytes("ntpkey1234")),
        MakeKey(MacAlgorithm::HmacSha256, Bytes("ntpkey1234")),
        MakeKey(MacAlgorithm::AesCmac128, FromHex("000102030405060708090a0b0c0d0e0f")),
        MakeKey(MacAlgorithm::AesCmac256, Repeat(0x42, 32)),
    };
    for (const Key& key : keys)
    {
        BOOST_TEST_CONTEXT("algorithm " << ToString(key.algorithm))
        {
            std::vector<uint8_t> mac = ComputeDigest(key, header.data(), header.size());
            BOOST_REQUIRE_EQUAL(mac.size(), DigestLength(key));
            BOOST_TEST(VerifyDigest(key, header.data(), header.size(), mac.data(), mac.size()));

            // One flipped bit in the MAC.
            std::vector<uint8_t> flipped = mac;
            flipped[flipped.size() / 2] ^= 0x08;
            BOOST_TEST(
                !VerifyDigest(key, header.data(), header.size(), flipped.data(), flipped.size()));

            // One flipped bit in the packet.
            std::vector<uint8_t> packet = header;
            packet[47] ^= 0x01;
            BOOST_TEST(!VerifyDigest(key, packet.data(), packet.size(), mac.data(), mac.size()));

            // A correct prefix or a longer buffer is not the expected length.
            BOOST_TEST(
                !VerifyDigest(key, header.data(), header.size(), mac.data(), mac.size() - 4));
            std::vector<uint8_t> longer = mac;
            longer.push_back(0);
            BOOST_TEST(
                !VerifyDigest(key, header.data(), header.size(), longer.data(), longer.size()));
            BOOST_TEST(!VerifyDigest(key, header.data(), header.size(), mac.data(), 0));

            // Same algorithm, other secret.
            Key other = key;
            other.secret.back() ^= 0x01;
            BOOST_TEST(!VerifyDigest(other, header.data(), header.size(), mac.data(), mac.size()));
        }
    }
}

BOOST_AUTO_TEST_CASE(sha256_is_truncated_in_ntpv4_and_whole_in_ntpv3)
{
    // chrony's SHA256 vector: NTPv4 puts the first 20 bytes on the wire,
    // NTPv3 (no extension fields to confuse a MAC with) the whole 32 bytes,
    // as chrony does. Both verify; any other length does not.
    const std::vector<uint8_t> data = Bytes(kChronyHashData);
    const Key key = MakeKey(MacAlgorithm::Sha256, Bytes(kChronyHashKey));
    const std::vector<uint8_t> full
        = FromHex("0e3514e7157a1dddea1178d341f6b93ea04296733c54740bfa6b9e2959ad69d3");
    BOOST_TEST(DigestLength(key, 4) == 20U);
    BOOST_TEST(DigestLength(key, 3) == 32U);
    BOOST_TEST(ComputeDigest(key, data.data(), data.size(), 3) == full);
    BOOST_TEST(VerifyDigest(key, data.data(), data.size(), full.data(), full.size()));
    BOOST_TEST(VerifyDigest(key, data.data(), data.size(), full.data(), 20));
    BOOST_TEST(!VerifyDigest(key, data.data(), data.size(), full.data(), 24));
    BOOST_TEST(!VerifyDigest(key, data.data(), data.size(), full.data(), 16));
    // Other algorithms have one length in every version.
    const Key md5 = MakeKey(MacAlgorithm::Md5, Bytes(kChronyHashKey));
    BOOST_TEST(DigestLength(md5, 3) == 16U);
}

BOOST_AUTO_TEST_CASE(invalid_key_never_verifies)
{
    const std::vector<uint8_t> data = Bytes("data");
    const Key bad = MakeKey(MacAlgorithm::AesCmac128, Repeat(1, 10));
    BOOST_TEST(ComputeDigest(bad, data.data(), data.size()).empty());
    const std::vector<uint8_t> zeros(16, 0);
    BOOST_TEST(!VerifyDigest(bad, data.data(), data.size(), zeros.data(), zeros.size()));
}

BOOST_AUTO_TEST_CASE(validate_key_messages)
{
    BOOST_TEST(!ValidateKey(MakeKey(MacAlgorithm::Md5, Bytes("secret"), 4294967295U)).has_value());

    Error error = ValidateKey(MakeKey(MacAlgorithm::Md5, Bytes("secret"), 0));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("1..4294967295") != std::string::npos);

    error = ValidateKey(MakeKey(MacAlgorithm::Sha1, {}, 7));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("empty") != std::string::npos);
    BOOST_TEST(error->find("key 7") != std::string::npos);

    error = ValidateKey(MakeKey(MacAlgorithm::AesCmac128, Repeat(1, 10), 3));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(*error == "aes-128-cmac key 3 must be exactly 16 bytes, got 10");

    error = ValidateKey(MakeKey(MacAlgorithm::AesCmac256, Repeat(1, 16), 4));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(*error == "aes-256-cmac key 4 must be exactly 32 bytes, got 16");

    Key hmac = MakeKey(MacAlgorithm::HmacSha256, Bytes("secret"), 5);
    hmac.hmacLength = 32;
    error = ValidateKey(hmac);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("16 or 20") != std::string::npos);
    BOOST_TEST(error->find("got 32") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(key_store_add_replace_remove)
{
    KeyStore store;
    BOOST_TEST(!store.Add(MakeKey(MacAlgorithm::Md5, Bytes("first"), 10)).has_value());
    BOOST_TEST(!store.Add(MakeKey(MacAlgorithm::Sha256, Bytes("other"), 11)).has_value());
    BOOST_TEST(store.Size() == 2u);

    BOOST_TEST(!store.Add(MakeKey(MacAlgorithm::Sha1, Bytes("second"), 10)).has_value());
    BOOST_TEST(store.Size() == 2u);
    BOOST_REQUIRE(store.Find(10) != nullptr);
    BOOST_TEST(store.Find(10)->algorithm == MacAlgorithm::Sha1);
    BOOST_TEST(store.Find(10)->secret == Bytes("second"));

    BOOST_TEST(store.Remove(10));
    BOOST_TEST(!store.Remove(10));
    BOOST_TEST(store.Find(10) == nullptr);
    BOOST_TEST(store.Size() == 1u);

    store.Clear();
    BOOST_TEST(store.Size() == 0u);
    BOOST_TEST(store.Find(11) == nullptr);
}

BOOST_AUTO_TEST_CASE(key_store_rejects_invalid_key_unchanged)
{
    KeyStore store;
    BOOST_REQUIRE(!store.Add(MakeKey(MacAlgorithm::AesCmac128, Repeat(7, 16), 3)).has_value());

    // An invalid replacement must not touch the existing key.
    Error error = store.Add(MakeKey(MacAlgorithm::AesCmac128, Repeat(9, 10), 3));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("key 3") != std::string::npos);
    BOOST_TEST(store.Size() == 1u);
    BOOST_TEST(store.Find(3)->secret == Repeat(7, 16));

    BOOST_TEST(store.Add(MakeKey(MacAlgorithm::Md5, Bytes("x"), 0)).has_value());
    BOOST_TEST(store.Add(MakeKey(MacAlgorithm::Md5, {}, 4)).has_value());
    BOOST_TEST(store.Size() == 1u);
    BOOST_TEST(store.Find(4) == nullptr);
}

BOOST_AUTO_TEST_CASE(key_store_trust)
{
    KeyStore store;
    Key untrusted = MakeKey(MacAlgorithm::Sha256, Bytes("abc"), 20);
    untrusted.trusted = false;
    BOOST_REQUIRE(!store.Add(MakeKey(MacAlgorithm::Sha256, Bytes("abc"), 1)).has_value());
    BOOST_REQUIRE(!store.Add(untrusted).has_value());

    BOOST_TEST(store.IsTrusted(1));
    BOOST_TEST(!store.IsTrusted(20));
    BOOST_TEST(!store.IsTrusted(99));

    BOOST_TEST(store.SetTrusted(20, true));
    BOOST_TEST(store.IsTrusted(20));
    BOOST_TEST(store.SetTrusted(1, false));
    BOOST_TEST(!store.IsTrusted(1));
    BOOST_TEST(!store.SetTrusted(99, true));
    BOOST_TEST(store.Find(99) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
