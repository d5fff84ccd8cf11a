// Checks the ntpd and chrony key file parsers, format detection and errors.
#define BOOST_TEST_DYN_LINK
#include "ntp-keyfile.h"
#include "test-util.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ntp;
using namespace ntp::test;

namespace
{

bool
Contains(const Error& error, const std::string& part)
{
    return error.has_value() && error->find(part) != std::string::npos;
}

/// Asserts the parse failed with no keys and an error naming `line` and `part`.
void
CheckError(const std::string& text, KeyFileFormat format, int line, const std::string& part)
{
    const KeyFileResult result = ParseKeyFile(text, format);
    BOOST_TEST_CONTEXT("text: " << text)
    {
        BOOST_REQUIRE(result.error.has_value());
        BOOST_TEST_INFO("error: " << *result.error);
        BOOST_TEST(Contains(result.error, "line " + std::to_string(line) + ":"));
        BOOST_TEST_INFO("error: " << *result.error);
        BOOST_TEST(Contains(result.error, part));
        BOOST_TEST(result.keys.empty());
    }
}

const std::string kAes128Hex = "2b7e151628aed2a6abf7158809cf4f3c";
const std::string kAes256Hex = "14028e7d173c2f4e170f3796c32cc59918dd5523b7d79bc57636883fc582b583";

const std::string kNtpdSample = "# ntp.keys as written by ntp-keygen\n"
                                "\n"
                                "1 M abcdefgh            # md5, ASCII\n"
                                "2 MD5 L\";Nw<`.I<f4U0)247\"i\n"
                                "3 SHA1 d885b386ceea93eb92cd7b94b98dc28e3e3113dd\n"
                                "4 AES128CMAC "
                              + kAes128Hex
                              + "\n"
                                "5 aes-256-cmac "
                              + kAes256Hex
                              + "\n"
                                "6 sha256 shortasciikey\n"
                                "7 HMAC-SHA256 ntpkey1234\n"
                                "8 AES-128-CMAC 0123456789abcdef\n"
                                "\t65535   aes256cmac  "
                              + kAes256Hex + "\n";

const std::string kChronySample = "# chrony.keys\n"
                                  "1 ASCII:abcdefgh\n"
                                  "2 MD5 HEX:0C0E84CF\n"
                                  "3 SHA1 plainkey\n"
                                  "4 AES128 HEX:"
                                + kAes128Hex
                                + "\n"
                                  "5 AES256 HEX:"
                                + kAes256Hex
                                + "\n"
                                  "\n"
                                  "10 SHA256 ASCII:averyveryverylongasciikey12345\n"
                                  "11 HMAC-SHA256 HEX:0102030405\n"
                                  "4294967295 barekey\n";

} // namespace

BOOST_AUTO_TEST_SUITE(keyfile)

BOOST_AUTO_TEST_CASE(format_names)
{
    BOOST_TEST((ParseKeyFileFormat("auto") == KeyFileFormat::Auto));
    BOOST_TEST((ParseKeyFileFormat("ntpd") == KeyFileFormat::Ntpd));
    BOOST_TEST((ParseKeyFileFormat("Chrony") == KeyFileFormat::Chrony));
    BOOST_TEST(!ParseKeyFileFormat("ntpsec").has_value());
}

BOOST_AUTO_TEST_CASE(ntpd_sample)
{
    for (KeyFileFormat format : {KeyFileFormat::Ntpd, KeyFileFormat::Auto})
    {
        const KeyFileResult result = ParseKeyFile(kNtpdSample, format);
        BOOST_TEST_INFO("error: " << result.error.value_or(""));
        BOOST_REQUIRE(!result.error.has_value());
        BOOST_REQUIRE_EQUAL(result.keys.size(), 9u);
        const std::vector<Key>& k = result.keys;
        BOOST_TEST(k[0].id == 1u);
        BOOST_TEST(k[0].algorithm == MacAlgorithm::Md5);
        BOOST_TEST(k[0].secret == Bytes("abcdefgh"));
        BOOST_TEST(k[1].secret == Bytes("L\";Nw<`.I<f4U0)247\"i"));
        BOOST_TEST(k[2].algorithm == MacAlgorithm::Sha1);
        BOOST_TEST(k[2].secret == FromHex("d885b386ceea93eb92cd7b94b98dc28e3e3113dd"));
        BOOST_TEST(k[3].algorithm == MacAlgorithm::AesCmac128);
        BOOST_TEST(k[3].secret == FromHex(kAes128Hex));
        BOOST_TEST(k[4].algorithm == MacAlgorithm::AesCmac256);
        BOOST_TEST(k[4].secret == FromHex(kAes256Hex));
        BOOST_TEST(k[5].algorithm == MacAlgorithm::Sha256);
        BOOST_TEST(k[5].secret == Bytes("shortasciikey"));
        BOOST_TEST(k[6].algorithm == MacAlgorithm::HmacSha256);
        BOOST_TEST(k[6].hmacLength == 20u);
        BOOST_TEST(k[7].algorithm == MacAlgorithm::AesCmac128);
        BOOST_TEST(k[7].secret == Bytes("0123456789abcdef"));
        BOOST_TEST(k[8].id == 65535u);
        BOOST_TEST(k[8].algorithm == MacAlgorithm::AesCmac256);
    }
}

BOOST_AUTO_TEST_CASE(chrony_sample)
{
    for (KeyFileFormat format : {KeyFileFormat::Chrony, KeyFileFormat::Auto})
    {
        const KeyFileResult result = ParseKeyFile(kChronySample, format);
        BOOST_TEST_INFO("error: " << result.error.value_or(""));
        BOOST_REQUIRE(!result.error.has_value());
        BOOST_REQUIRE_EQUAL(result.keys.size(), 8u);
        const std::vector<Key>& k = result.keys;
        BOOST_TEST(k[0].algorithm == MacAlgorithm::Md5); // default type
        BOOST_TEST(k[0].secret == Bytes("abcdefgh"));
        BOOST_TEST(k[1].algorithm == MacAlgorithm::Md5);
        BOOST_TEST(k[1].secret == FromHex("0c0e84cf"));
        BOOST_TEST(k[2].algorithm == MacAlgorithm::Sha1);
        BOOST_TEST(k[2].secret == Bytes("plainkey"));
        BOOST_TEST(k[3].algorithm == MacAlgorithm::AesCmac128);
        BOOST_TEST(k[3].secret == FromHex(kAes128Hex));
        BOOST_TEST(k[4].algorithm == MacAlgorithm::AesCmac256);
        BOOST_TEST(k[4].secret == FromHex(kAes256Hex));
        // chrony never reads a bare or ASCII: key as hex, however long.
        BOOST_TEST(k[5].id == 10u);
        BOOST_TEST(k[5].secret == Bytes("averyveryverylongasciikey12345"));
        BOOST_TEST(k[6].algorithm == MacAlgorithm::HmacSha256);
        BOOST_TEST(k[6].secret == FromHex("0102030405"));
        BOOST_TEST(k[7].id == 4294967295u);
        BOOST_TEST(k[7].algorithm == MacAlgorithm::Md5);
        BOOST_TEST(k[7].secret == Bytes("barekey"));
    }
}

BOOST_AUTO_TEST_CASE(comments_blank_lines_and_crlf)
{
    const KeyFileResult result = ParseKeyFile(
        "# only a comment\r\n\r\n   \r\n1 SHA1 secret#trailing\r\n", KeyFileFormat::Ntpd);
    BOOST_REQUIRE(!result.error.has_value());
    BOOST_REQUIRE_EQUAL(result.keys.size(), 1u);
    BOOST_TEST(result.keys[0].secret == Bytes("secret"));

    const KeyFileResult empty = ParseKeyFile("# nothing\n\n");
    BOOST_TEST(!empty.error.has_value());
    BOOST_TEST(empty.keys.empty());
}

BOOST_AUTO_TEST_CASE(auto_detects_chrony_markers)
{
    // A long key that ntpd would read as hex is ASCII once the file is known to be chrony.
    const std::string longKey = "0123456789abcdef0123456789";
    const std::string markers[]
        = {"1 ASCII:abc\n", "1 MD5 HEX:abcd\n", "1 abc\n", "1 AES128 HEX:" + kAes128Hex + "\n"};
    for (const std::string& marker : markers)
    {
        BOOST_TEST_CONTEXT("marker " << marker)
        {
            const KeyFileResult result = ParseKeyFile(marker + "2 SHA1 " + longKey + "\n");
            BOOST_REQUIRE(!result.error.has_value());
            BOOST_REQUIRE_EQUAL(result.keys.size(), 2u);
            BOOST_TEST(result.keys[1].secret == Bytes(longKey));
        }
    }
}

BOOST_AUTO_TEST_CASE(auto_detects_ntpd_markers)
{
    const std::string longKey = "0123456789abcdef0123456789";
    const std::string markers[] = {"1 M abc\n",
                                   "1 m abc\n",
                                   "1 AES128CMAC 0123456789abcdef\n",
                                   "1 AES-128-CMAC 0123456789abcdef\n",
                                   "1 AES256CMAC " + kAes256Hex + "\n",
                                   "1 AES-256-CMAC " + kAes256Hex + "\n"};
    for (const std::string& marker : markers)
    {
        BOOST_TEST_CONTEXT("marker " << marker)
        {
            const KeyFileResult result = ParseKeyFile(marker + "2 SHA1 " + longKey + "\n");
            BOOST_REQUIRE(!result.error.has_value());
            BOOST_REQUIRE_EQUAL(result.keys.size(), 2u);
            BOOST_TEST(result.keys[1].secret == FromHex(longKey));
        }
    }
}

BOOST_AUTO_TEST_CASE(auto_rejects_mixed_markers)
{
    CheckError("1 M abc\n# x\n2 ASCII:abc\n", KeyFileFormat::Auto, 3, "explicitly");
    CheckError("1 AES128 HEX:" + kAes128Hex + "\n2 AES128CMAC " + kAes128Hex + "\n",
               KeyFileFormat::Auto, 2, "ntpd");
}

BOOST_AUTO_TEST_CASE(auto_unmarked_short_keys_agree)
{
    const std::string text = "1 MD5 abcdefgh\n2 SHA256 twentycharacterskey!\n3 HMAC-SHA256 k\n";
    const KeyFileResult automatic = ParseKeyFile(text);
    const KeyFileResult ntpd = ParseKeyFile(text, KeyFileFormat::Ntpd);
    const KeyFileResult chrony = ParseKeyFile(text, KeyFileFormat::Chrony);
    BOOST_REQUIRE(!automatic.error.has_value());
    BOOST_REQUIRE(!ntpd.error.has_value());
    BOOST_REQUIRE(!chrony.error.has_value());
    BOOST_REQUIRE_EQUAL(automatic.keys.size(), 3u);
    for (size_t i = 0; i < 3; ++i)
    {
        BOOST_TEST(automatic.keys[i].secret == ntpd.keys[i].secret);
        BOOST_TEST(automatic.keys[i].secret == chrony.keys[i].secret);
        BOOST_TEST(automatic.keys[i].algorithm == ntpd.keys[i].algorithm);
    }
    BOOST_TEST(automatic.keys[1].secret == Bytes("twentycharacterskey!"));
}

BOOST_AUTO_TEST_CASE(auto_unmarked_long_key_is_ambiguous)
{
    const std::string text = "1 MD5 abc\n\n2 SHA1 d885b386ceea93eb92cd7b94b98dc28e3e3113dd\n";
    CheckError(text, KeyFileFormat::Auto, 3, "explicitly");
    CheckError(text, KeyFileFormat::Auto, 3, "ntpd");

    // Choosing the format resolves it both ways.
    const KeyFileResult ntpd = ParseKeyFile(text, KeyFileFormat::Ntpd);
    BOOST_REQUIRE(!ntpd.error.has_value());
    BOOST_TEST(ntpd.keys[1].secret == FromHex("d885b386ceea93eb92cd7b94b98dc28e3e3113dd"));
    const KeyFileResult chrony = ParseKeyFile(text, KeyFileFormat::Chrony);
    BOOST_REQUIRE(!chrony.error.has_value());
    BOOST_TEST(chrony.keys[1].secret == Bytes("d885b386ceea93eb92cd7b94b98dc28e3e3113dd"));
}

BOOST_AUTO_TEST_CASE(bad_ids)
{
    CheckError("1 MD5 a\n0 MD5 abc\n", KeyFileFormat::Ntpd, 2, "1..65535");
    CheckError("1 MD5 a\n\n65536 MD5 abc\n", KeyFileFormat::Ntpd, 3, "1..65535");
    CheckError("x1 MD5 abc\n", KeyFileFormat::Ntpd, 1, "not a number");
    CheckError("-1 MD5 abc\n", KeyFileFormat::Ntpd, 1, "1..65535");
    CheckError("0 MD5 abc\n", KeyFileFormat::Chrony, 1, "1..4294967295");
    CheckError("4294967296 MD5 abc\n", KeyFileFormat::Chrony, 1, "1..4294967295");
    CheckError("123456789012345678901 MD5 abc\n", KeyFileFormat::Chrony, 1, "1..4294967295");

    // 65536 is fine for chrony.
    const KeyFileResult chrony = ParseKeyFile("65536 MD5 abc\n", KeyFileFormat::Chrony);
    BOOST_REQUIRE(!chrony.error.has_value());
    BOOST_TEST(chrony.keys[0].id == 65536u);
}

BOOST_AUTO_TEST_CASE(bad_types)
{
    CheckError("1 SHA512 abc\n", KeyFileFormat::Ntpd, 1, "accepted: M, MD5, SHA1");
    CheckError("1 SHA512 abc\n", KeyFileFormat::Ntpd, 1, "AES128CMAC");
    // Each format rejects the other's type names.
    CheckError("1 AES128 " + kAes128Hex + "\n", KeyFileFormat::Ntpd, 1,
               "unsupported key type 'AES128'");
    CheckError("1 M abc\n", KeyFileFormat::Chrony, 1, "unsupported key type 'M'");
    for (const char* type :
         {"SHA384", "SHA512", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512", "MD4", "RMD160"})
    {
        CheckError("1 MD5 abc\n2 " + std::string(type) + " HEX:abcd\n", KeyFileFormat::Auto, 2,
                   "accepted: MD5, SHA1, SHA256, AES128, AES256, HMAC-SHA256");
    }
}

BOOST_AUTO_TEST_CASE(bad_hex)
{
    // Odd length and non-hex characters in an ntpd key longer than 20 characters.
    CheckError("1 SHA1 d885b386ceea93eb92cd7b94b98dc28e3e3113d\n", KeyFileFormat::Ntpd, 1, "odd");
    CheckError("1 SHA1 d885b386ceea93eb92cd7b94b98dc28e3e3113zz\n", KeyFileFormat::Ntpd, 1, "'z'");
    CheckError("1 MD5 abc\n2 MD5 HEX:abc\n", KeyFileFormat::Chrony, 2, "odd");
    CheckError("1 MD5 HEX:zz\n", KeyFileFormat::Chrony, 1, "hex digits");
    CheckError("1 MD5 HEX:\n", KeyFileFormat::Chrony, 1, "empty");
}

BOOST_AUTO_TEST_CASE(wrong_cmac_key_length)
{
    CheckError("1 MD5 a\n3 AES128CMAC 0123456789\n", KeyFileFormat::Ntpd, 2,
               "aes-128-cmac key 3 must be exactly 16 bytes, got 10");
    CheckError("7 AES256 HEX:" + kAes128Hex + "\n", KeyFileFormat::Chrony, 1,
               "aes-256-cmac key 7 must be exactly 32 bytes, got 16");
    CheckError("7 AES128 ASCII:short\n", KeyFileFormat::Auto, 1, "exactly 16 bytes, got 5");
}

BOOST_AUTO_TEST_CASE(duplicate_ids)
{
    CheckError("1 MD5 abc\n2 SHA1 abc\n# c\n1 SHA256 other\n", KeyFileFormat::Ntpd, 4,
               "duplicate key id 1");
    CheckError("5 ASCII:abc\n5 ASCII:def\n", KeyFileFormat::Auto, 2, "line 1");
}

BOOST_AUTO_TEST_CASE(wrong_field_count)
{
    CheckError("1 MD5 abc extra\n", KeyFileFormat::Ntpd, 1, "keyid type key");
    CheckError("1 abc\n", KeyFileFormat::Ntpd, 1, "got 2 fields");
    CheckError("1\n", KeyFileFormat::Chrony, 1, "id [type] key");
    CheckError("1 MD5 abc extra\n", KeyFileFormat::Chrony, 1, "got 4 fields");
}

BOOST_AUTO_TEST_CASE(first_error_stops_and_clears_keys)
{
    const KeyFileResult result
        = ParseKeyFile("1 MD5 abc\n2 MD5 def\n3 BOGUS ghi\n4 MD5 jkl\n", KeyFileFormat::Ntpd);
    BOOST_REQUIRE(result.error.has_value());
    BOOST_TEST(Contains(result.error, "line 3:"));
    BOOST_TEST(result.keys.empty());
}

BOOST_AUTO_TEST_CASE(load_key_file)
{
    const KeyFileResult missing = LoadKeyFile("/nonexistent/dir/ntp.keys");
    BOOST_TEST(Contains(missing.error, "/nonexistent/dir/ntp.keys"));
    BOOST_TEST(missing.keys.empty());

    const KeyFileResult directory = LoadKeyFile("/");
    BOOST_TEST(Contains(directory.error, "'/'"));

    char path[] = "/tmp/ntp-keyfile-testXXXXXX";
    const int fd = mkstemp(path);
    BOOST_REQUIRE(fd >= 0);
    close(fd);
    {
        std::ofstream out(path);
        out << kChronySample;
    }
    const KeyFileResult loaded = LoadKeyFile(path);
    BOOST_TEST(!loaded.error.has_value());
    BOOST_TEST(loaded.keys.size() == 8u);

    {
        std::ofstream out(path);
        out << "1 MD5 abc\n0 MD5 abc\n";
    }
    const KeyFileResult bad = LoadKeyFile(path, KeyFileFormat::Ntpd);
    BOOST_TEST(Contains(bad.error, std::string(path) + ": line 2:"));
    std::remove(path);
}

BOOST_AUTO_TEST_SUITE_END()
