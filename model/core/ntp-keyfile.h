/*
 * Parsers for the two key file formats in use:
 *  - ntpd (ntp.keys): "keyid type key [# comment]", id 1..65535, type
 *    M/MD5, SHA1, SHA256, AES128CMAC, ...; a key of 20 characters or less is
 *    ASCII, a longer one is hexadecimal.
 *  - chrony (chrony.keys): "id [type] key", id 1..2^32-1, type MD5 (default),
 *    SHA1, SHA256, AES128, AES256; key "ASCII:text", "HEX:digits" or bare ASCII.
 * Both also accept HMAC-SHA256 as an ntp-peer extension.
 */
#ifndef NTP_CORE_KEYFILE_H
#define NTP_CORE_KEYFILE_H

#include "ntp-auth.h"

#include <string>
#include <vector>

namespace ntp
{

enum class KeyFileFormat
{
    Auto,
    Ntpd,
    Chrony
};

struct KeyFileResult
{
    std::vector<Key> keys;
    /// Empty on success; else "line N: problem (accepted: ...)".
    Error error;
};

/// Parses key file text. Auto picks the format from unambiguous markers and
/// reports an error when the text could mean different keys in the two formats.
KeyFileResult ParseKeyFile(const std::string& text, KeyFileFormat format = KeyFileFormat::Auto);

/// Reads and parses a file; a missing or unreadable file is an error naming the path.
KeyFileResult LoadKeyFile(const std::string& path, KeyFileFormat format = KeyFileFormat::Auto);

/// Parses "auto", "ntpd" or "chrony".
std::optional<KeyFileFormat> ParseKeyFileFormat(const std::string& name);

} // namespace ntp

#endif // NTP_CORE_KEYFILE_H
