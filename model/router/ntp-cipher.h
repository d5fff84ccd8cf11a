/*
 * The cipher form of key passwords: what "display current-configuration"
 * shows instead of a plaintext password and what
 * "ntp-service authentication-keyid K authentication-mode M cipher TEXT"
 * takes back. Routers store and display passwords encrypted; this is the
 * model's own form of that, not any vendor's.
 *
 * The form, version 1:
 *
 *   $npc1$ BASE64URL( TAG(16) || BODY(n) )         (no spaces, no padding)
 *
 *   TAG  = first 16 bytes of HMAC-SHA256(K_tag, password)
 *   BODY = password XOR keystream, keystream block i (32 bytes) =
 *          HMAC-SHA256(K_enc, TAG || uint32_be(i)), i = 0, 1, ...
 *   K_tag, K_enc: the ASCII strings "ntp-peer cipher v1 tag" and
 *          "ntp-peer cipher v1 stream" (fixed: see below)
 *
 * That is a synthetic-IV construction (the tag doubles as the IV):
 *  - deterministic: the same password always gives the same text, so two
 *    configurations that hold the same keys print the same lines and diff
 *    cleanly (a random IV would make every display differ);
 *  - reversible: the body decrypts with the keystream the tag selects;
 *  - checked: after decryption the tag is computed again and must match, so
 *    a text with any character changed (or truncated, or extended) is
 *    refused instead of yielding a wrong password that would silently break
 *    authentication with the peer;
 *  - printable: base64url (RFC 4648 section 5: A-Z a-z 0-9 - _) without
 *    padding, decoded strictly (a non-canonical encoding is refused too).
 *
 * n is the password's length, 1..255 (the router's range), so a text is
 * 6 + 23..362 characters long.
 *
 * What it is NOT: secret. The keys are fixed and in this source, as a
 * router's are in its firmware; the form keeps passwords off screens and out
 * of casual copies of a configuration, nothing more.
 *
 * A vendor's cipher text (Huawei "%^%#...%^%#", "%$%$...%$%$", "%@%@...%@%@",
 * H3C/Comware "$c$3$...", Juniper "$9$...", Cisco type 6/7) is encrypted
 * with the vendor's device keys and cannot be decrypted here; every refusal
 * says so and names the form expected.
 */
#ifndef NTP_CIPHER_H
#define NTP_CIPHER_H

#include <optional>
#include <string>

namespace ns3
{

/// "$npc1$": every text of this model's cipher form starts with it.
extern const char* const kNtpCipherPrefix;

/// The cipher form of `password` (meant for 1..255 characters; any length
/// encodes, but only 1..255 decodes, as the router accepts).
std::string NtpCipherEncode(const std::string& password);

/**
 * The password behind a cipher text, or nullopt with `*error` (if not null)
 * saying why: not this model's prefix (naming the vendor form it looks like,
 * if any), bad base64url, a length outside 1..255 characters of password, or
 * a checksum that does not match (the text was changed). Every message adds
 * that a real vendor's cipher text cannot be decrypted here.
 */
std::optional<std::string> NtpCipherDecode(const std::string& text, std::string* error);

/// The name of the vendor cipher form `text` looks like ("" if none): for
/// messages, and so a CLI can tell a foreign cipher from a typing error.
std::string NtpCipherVendorForm(const std::string& text);

} // namespace ns3

#endif // NTP_CIPHER_H
