/*
 * Suite ntp-router-cipher: the model's cipher form of key passwords
 * (model/router/ntp-cipher.h): round trips, determinism, and refusal of
 * every changed, cut or foreign text with the message that a real vendor's
 * cipher text cannot be decrypted here.
 */
#include "ns3/ntp-peer-module.h"
#include "ns3/test.h"

#include <cctype>
#include <random>
#include <set>
#include <string>

using namespace ns3;

namespace
{

const std::string kVendorMessage = "a real vendor's cipher text cannot be decrypted here";

/// 6 characters of prefix, unpadded base64url of a 16-byte tag and the password.
size_t
CipherLength(size_t passwordLength)
{
    return 6 + ((16 + passwordLength) * 8 + 5) / 6;
}

class CipherRoundTripTestCase : public TestCase
{
  public:
    CipherRoundTripTestCase() :
        TestCase("cipher: printable passwords of 1..255 characters round-trip, deterministically")
    {
    }

  private:
    void Check(const std::string& password)
    {
        const std::string text = NtpCipherEncode(password);
        NS_TEST_ASSERT_MSG_EQ(text.rfind(kNtpCipherPrefix, 0), 0, "prefix of " + text);
        NS_TEST_ASSERT_MSG_EQ(text.size(), CipherLength(password.size()), "length of " + text);
        for (char c : text)
        {
            NS_TEST_ASSERT_MSG_EQ((std::isgraph(static_cast<unsigned char>(c)) != 0), true,
                                  "printable, no spaces: " + text);
        }
        NS_TEST_ASSERT_MSG_EQ(NtpCipherEncode(password), text, "deterministic");
        std::string error;
        const std::optional<std::string> decoded = NtpCipherDecode(text, &error);
        NS_TEST_ASSERT_MSG_EQ(decoded.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(decoded.value_or(""), password, "round trip of " + text);
    }

    void DoRun() override
    {
        // Every printable character alone and as a whole 255-character password.
        for (char c = 0x20; c <= 0x7e; ++c)
        {
            Check(std::string(1, c));
            Check(std::string(255, c));
        }
        // Four random printable passwords of every length 1..255.
        std::mt19937 random(12345);
        std::uniform_int_distribution<int> printable(0x20, 0x7e);
        std::set<std::string> texts;
        for (size_t length = 1; length <= 255; ++length)
        {
            for (int i = 0; i < 4; ++i)
            {
                std::string password;
                for (size_t k = 0; k < length; ++k)
                {
                    password += static_cast<char>(printable(random));
                }
                Check(password);
                texts.insert(NtpCipherEncode(password));
            }
        }
        // 1020 different passwords (the chance of a repeat is negligible
        // from length 2 on) give 1020 different texts, less repeats of length 1.
        NS_TEST_ASSERT_MSG_GT(texts.size(), 1010u, "different passwords, different texts");
        NS_TEST_ASSERT_MSG_NE(NtpCipherEncode("Ntp-Key-1234"), NtpCipherEncode("Ntp-Key-1235"),
                              "one character apart");
    }
};

class CipherCorruptionTestCase : public TestCase
{
  public:
    CipherCorruptionTestCase() :
        TestCase("cipher: every single-character change, cut or extension is refused")
    {
    }

  private:
    void ExpectRefused(const std::string& text, const std::string& what)
    {
        std::string error;
        const std::optional<std::string> decoded = NtpCipherDecode(text, &error);
        NS_TEST_ASSERT_MSG_EQ(decoded.has_value(), false, what + ": " + text);
        NS_TEST_ASSERT_MSG_NE(error.find(kVendorMessage), std::string::npos, error);
    }

    void DoRun() override
    {
        for (const std::string& password :
             {std::string("a"), std::string("Ntp-Key-1234"), std::string(16, 'k'),
              std::string("0123456789abcdef0123456789ABCDEF"), std::string(255, '~')})
        {
            const std::string text = NtpCipherEncode(password);
            for (size_t at = 0; at < text.size(); ++at)
            {
                for (char c = 0x20; c <= 0x7e; ++c)
                {
                    if (c != text[at])
                    {
                        std::string changed = text;
                        changed[at] = c;
                        ExpectRefused(changed, "character " + std::to_string(at) + " changed");
                    }
                }
                ExpectRefused(text.substr(0, at) + text.substr(at + 1),
                              "character " + std::to_string(at) + " removed");
            }
            ExpectRefused(text + "A", "one character added");
            ExpectRefused(text.substr(0, text.size() - 1), "cut");
        }
    }
};

class CipherForeignTextTestCase : public TestCase
{
  public:
    CipherForeignTextTestCase() :
        TestCase("cipher: vendor and malformed texts are refused, saying why")
    {
    }

  private:
    void Expect(const std::string& text, const std::string& reason)
    {
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(NtpCipherDecode(text, &error).has_value(), false, text);
        NS_TEST_ASSERT_MSG_NE(error.find(kVendorMessage), std::string::npos, error);
        NS_TEST_ASSERT_MSG_NE(error.find(reason), std::string::npos, error);
        NS_TEST_ASSERT_MSG_EQ(NtpCipherDecode(text, nullptr).has_value(), false, "no error wanted");
    }

    void DoRun() override
    {
        Expect("%^%#`Hs!X6.rO:4p5H0H`TXA_p;XSX/NS*9gKFDu9=$%^%#", "Huawei VRP");
        Expect("%$%$dP9rW;6~Ms}e-x!e#G|L3v(H%$%$", "Huawei VRP");
        Expect("%@%@Pz3!,'LbR4q\\p9C\"d(6E%@%@", "Huawei VRP");
        Expect("$c$3$Fx3n0QeRZaZpT7HvWcDwn4+Eq9Y=", "H3C Comware");
        Expect("$9$dYwgJjHqfT3Ars", "Juniper");
        Expect("0822455D0A16", "Cisco type 7");
        Expect("$1$abcd$efghijkl", "one-way");
        Expect("Ntp-Key-1234", "does not start with $npc1$");
        Expect("$npc1$", "not a checksum and a password");
        Expect("$npc1$AAAA", "not a checksum and a password");
        Expect("$npc1$abc+def/", "base64url");
        Expect("$npc1$abc def", "base64url");
        Expect("$npc2$" + NtpCipherEncode("x").substr(6), "does not start with $npc1$");
        Expect(NtpCipherEncode(""), "not a checksum and a password");
        Expect(NtpCipherEncode(std::string(256, 'x')), "not a checksum and a password");
        NS_TEST_ASSERT_MSG_EQ(NtpCipherVendorForm(NtpCipherEncode("x")), "", "ours is no vendor's");
    }
};

class RouterCipherTestSuite : public TestSuite
{
  public:
    RouterCipherTestSuite() : TestSuite("ntp-router-cipher", UNIT)
    {
        AddTestCase(new CipherRoundTripTestCase, TestCase::QUICK);
        AddTestCase(new CipherCorruptionTestCase, TestCase::QUICK);
        AddTestCase(new CipherForeignTextTestCase, TestCase::QUICK);
    }
};

RouterCipherTestSuite g_routerCipherTestSuite;

} // namespace
