#include "ntp-keyfile.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>

namespace ntp
{

namespace
{

constexpr uint64_t kNtpdMaxId = 65535;
constexpr uint64_t kChronyMaxId = 4294967295ULL;
// ntpd reads a longer key as hexadecimal, chrony always as ASCII.
constexpr size_t kNtpdMaxAsciiKey = 20;

/// One non-empty line with comments stripped, split on white space.
struct KeyLine
{
    size_t number;
    std::vector<std::string> fields;
};

struct TypeName
{
    const char* name;
    MacAlgorithm algorithm;
    bool formatOnly; ///< true if the other format does not know this name
};

constexpr TypeName kNtpdTypes[] = {
    {"M", MacAlgorithm::Md5, true},
    {"MD5", MacAlgorithm::Md5, false},
    {"SHA1", MacAlgorithm::Sha1, false},
    {"SHA256", MacAlgorithm::Sha256, false},
    {"AES128CMAC", MacAlgorithm::AesCmac128, true},
    {"AES-128-CMAC", MacAlgorithm::AesCmac128, true},
    {"AES256CMAC", MacAlgorithm::AesCmac256, true},
    {"AES-256-CMAC", MacAlgorithm::AesCmac256, true},
    {"HMAC-SHA256", MacAlgorithm::HmacSha256, false},
};

constexpr TypeName kChronyTypes[] = {
    {"MD5", MacAlgorithm::Md5, false},          {"SHA1", MacAlgorithm::Sha1, false},
    {"SHA256", MacAlgorithm::Sha256, false},    {"AES128", MacAlgorithm::AesCmac128, true},
    {"AES256", MacAlgorithm::AesCmac256, true}, {"HMAC-SHA256", MacAlgorithm::HmacSha256, false},
};

const char kNtpdSyntax[] = "keyid type key";
const char kChronySyntax[] = "id [type] key";

std::string
ToUpper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

bool
StartsWith(const std::string& text, const char* prefix)
{
    return text.compare(0, std::strlen(prefix), prefix) == 0;
}

std::string
LinePrefix(size_t number)
{
    return "line " + std::to_string(number) + ": ";
}

template<size_t N>
const TypeName*
FindType(const TypeName (&table)[N], const std::string& name)
{
    const std::string upper = ToUpper(name);
    for (const TypeName& type : table)
    {
        if (upper == type.name)
        {
            return &type;
        }
    }
    return nullptr;
}

template<size_t N>
std::string
TypeList(const TypeName (&table)[N])
{
    std::string list;
    for (const TypeName& type : table)
    {
        list += (list.empty() ? "" : ", ") + std::string(type.name);
    }
    return list;
}

std::vector<KeyLine>
SplitLines(const std::string& text)
{
    std::vector<KeyLine> lines;
    std::istringstream in(text);
    std::string raw;
    for (size_t number = 1; std::getline(in, raw); ++number)
    {
        raw = raw.substr(0, raw.find('#'));
        // istringstream splits on all white space, which also drops a CR of CRLF files.
        std::istringstream words(raw);
        KeyLine line{number, {}};
        for (std::string word; words >> word;)
        {
            line.fields.push_back(word);
        }
        if (!line.fields.empty())
        {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

Error
ParseId(const std::string& text, uint64_t maxId, uint32_t& id)
{
    const std::string accepted = " (accepted: 1.." + std::to_string(maxId) + ")";
    const bool digits = !text.empty()
                     && std::all_of(text.begin(), text.end(),
                                    [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits)
    {
        return "key id '" + text + "' is not a number" + accepted;
    }
    // More than 10 digits cannot fit the 32-bit range; this also avoids overflow.
    const std::string trimmed = text.substr(std::min(text.find_first_not_of('0'), text.size()));
    const uint64_t value = trimmed.size() > 10 ? maxId + 1 : std::stoull("0" + trimmed);
    if (value == 0 || value > maxId)
    {
        return "key id " + text + " is out of range" + accepted;
    }
    id = static_cast<uint32_t>(value);
    return std::nullopt;
}

Error
DecodeHex(const std::string& text, std::vector<uint8_t>& out)
{
    if (text.size() % 2 != 0)
    {
        return "hex key has an odd number of digits (" + std::to_string(text.size())
             + ") (accepted: an even number of hex digits 0-9, a-f, A-F)";
    }
    auto bad = std::find_if(text.begin(), text.end(),
                            [](unsigned char c) { return std::isxdigit(c) == 0; });
    if (bad != text.end())
    {
        return "hex key contains non-hex character '" + std::string(1, *bad)
             + "' (accepted: hex digits 0-9, a-f, A-F)";
    }
    out.clear();
    for (size_t i = 0; i < text.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(text.substr(i, 2), nullptr, 16)));
    }
    return std::nullopt;
}

template<size_t N>
Error
ParseType(const TypeName (&table)[N], const std::string& text, MacAlgorithm& algorithm)
{
    const TypeName* type = FindType(table, text);
    if (type == nullptr)
    {
        return "unsupported key type '" + text + "' (accepted: " + TypeList(table) + ")";
    }
    algorithm = type->algorithm;
    return std::nullopt;
}

Error
ParseNtpdFields(const KeyLine& line, Key& key)
{
    if (line.fields.size() != 3)
    {
        return "expected '" + std::string(kNtpdSyntax) + "', got "
             + std::to_string(line.fields.size()) + " fields (accepted: " + kNtpdSyntax + ")";
    }
    if (Error error = ParseId(line.fields[0], kNtpdMaxId, key.id))
    {
        return error;
    }
    if (Error error = ParseType(kNtpdTypes, line.fields[1], key.algorithm))
    {
        return error;
    }
    const std::string& text = line.fields[2];
    if (text.size() <= kNtpdMaxAsciiKey)
    {
        key.secret.assign(text.begin(), text.end());
        return std::nullopt;
    }
    if (Error error = DecodeHex(text, key.secret))
    {
        return "a key longer than " + std::to_string(kNtpdMaxAsciiKey)
             + " characters is read as hex: " + *error;
    }
    return std::nullopt;
}

Error
DecodeChronyKey(const std::string& text, std::vector<uint8_t>& secret)
{
    if (StartsWith(text, "HEX:"))
    {
        return DecodeHex(text.substr(4), secret);
    }
    // "ASCII:" and a bare key both mean the text itself.
    const std::string ascii = StartsWith(text, "ASCII:") ? text.substr(6) : text;
    secret.assign(ascii.begin(), ascii.end());
    return std::nullopt;
}

Error
ParseChronyFields(const KeyLine& line, Key& key)
{
    const size_t count = line.fields.size();
    if (count != 2 && count != 3)
    {
        return "expected '" + std::string(kChronySyntax) + "', got " + std::to_string(count)
             + " fields (accepted: " + kChronySyntax + ")";
    }
    if (Error error = ParseId(line.fields[0], kChronyMaxId, key.id))
    {
        return error;
    }
    key.algorithm = MacAlgorithm::Md5;
    if (count == 3)
    {
        if (Error error = ParseType(kChronyTypes, line.fields[1], key.algorithm))
        {
            return error;
        }
    }
    return DecodeChronyKey(line.fields[count - 1], key.secret);
}

/// Parses one line in the chosen format and validates the key.
Error
ParseLine(const KeyLine& line, KeyFileFormat format, Key& key)
{
    Error error
        = format == KeyFileFormat::Ntpd ? ParseNtpdFields(line, key) : ParseChronyFields(line, key);
    if (!error)
    {
        error = ValidateKey(key);
    }
    return error;
}

/// The first line carrying syntax only one format has, with a description.
struct Marker
{
    size_t line{0}; ///< 0: no such line
    std::string what;
};

Marker
FindChronyMarker(const std::vector<KeyLine>& lines)
{
    for (const KeyLine& line : lines)
    {
        const std::string& key = line.fields.back();
        if (line.fields.size() >= 2 && (StartsWith(key, "ASCII:") || StartsWith(key, "HEX:")))
        {
            return {line.number, "an ASCII:/HEX: key"};
        }
        if (line.fields.size() == 2)
        {
            return {line.number, "a line without a key type"};
        }
        const TypeName* type
            = line.fields.size() == 3 ? FindType(kChronyTypes, line.fields[1]) : nullptr;
        if (type != nullptr && type->formatOnly)
        {
            return {line.number, "the chrony-only type " + std::string(type->name)};
        }
    }
    return {};
}

Marker
FindNtpdMarker(const std::vector<KeyLine>& lines)
{
    for (const KeyLine& line : lines)
    {
        const TypeName* type
            = line.fields.size() >= 3 ? FindType(kNtpdTypes, line.fields[1]) : nullptr;
        if (type != nullptr && type->formatOnly)
        {
            return {line.number, "the ntpd-only type " + std::string(type->name)};
        }
    }
    return {};
}

/// With no marker both formats read the same keys unless a bare key is long:
/// ntpd then reads hex, chrony ASCII.
Error
CheckUnmarkedAmbiguity(const std::vector<KeyLine>& lines)
{
    for (const KeyLine& line : lines)
    {
        if (line.fields.size() == 3 && line.fields[2].size() > kNtpdMaxAsciiKey)
        {
            return LinePrefix(line.number) + "a key longer than " + std::to_string(kNtpdMaxAsciiKey)
                 + " characters is hex for ntpd but ASCII for chrony; choose the key file format "
                   "explicitly (accepted: ntpd, chrony)";
        }
    }
    return std::nullopt;
}

Error
DetectFormat(const std::vector<KeyLine>& lines, KeyFileFormat& format)
{
    const Marker chrony = FindChronyMarker(lines);
    const Marker ntpd = FindNtpdMarker(lines);
    if (chrony.line != 0 && ntpd.line != 0)
    {
        return LinePrefix(std::max(chrony.line, ntpd.line)) + "key file mixes ntpd syntax (line "
             + std::to_string(ntpd.line) + ": " + ntpd.what + ") and chrony syntax (line "
             + std::to_string(chrony.line) + ": " + chrony.what
             + "); choose the key file format explicitly (accepted: ntpd, chrony)";
    }
    if (ntpd.line != 0)
    {
        format = KeyFileFormat::Ntpd;
        return std::nullopt;
    }
    format = KeyFileFormat::Chrony;
    return chrony.line != 0 ? std::nullopt : CheckUnmarkedAmbiguity(lines);
}

Error
ParseLines(const std::vector<KeyLine>& lines, KeyFileFormat format, std::vector<Key>& keys)
{
    std::map<uint32_t, size_t> firstLine;
    for (const KeyLine& line : lines)
    {
        Key key;
        if (Error error = ParseLine(line, format, key))
        {
            return LinePrefix(line.number) + *error;
        }
        auto [it, inserted] = firstLine.emplace(key.id, line.number);
        if (!inserted)
        {
            return LinePrefix(line.number) + "duplicate key id " + std::to_string(key.id)
                 + " (first defined on line " + std::to_string(it->second)
                 + "; accepted: each id once)";
        }
        keys.push_back(std::move(key));
    }
    return std::nullopt;
}

struct FileCloser
{
    void operator()(std::FILE* f) const
    {
        std::fclose(f);
    }
};

Error
ReadFile(const std::string& path, std::string& text)
{
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
    {
        return "cannot open key file '" + path + "': " + std::strerror(errno);
    }
    char buffer[4096];
    size_t count;
    while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0)
    {
        text.append(buffer, count);
    }
    // A directory opens fine on Linux and only fails here.
    if (std::ferror(file.get()))
    {
        return "cannot read key file '" + path + "': " + std::strerror(errno);
    }
    return std::nullopt;
}

} // namespace

KeyFileResult
ParseKeyFile(const std::string& text, KeyFileFormat format)
{
    KeyFileResult result;
    const std::vector<KeyLine> lines = SplitLines(text);
    if (format == KeyFileFormat::Auto)
    {
        result.error = DetectFormat(lines, format);
    }
    if (!result.error)
    {
        result.error = ParseLines(lines, format, result.keys);
    }
    // A partly read key file must not half-configure authentication.
    if (result.error)
    {
        result.keys.clear();
    }
    return result;
}

KeyFileResult
LoadKeyFile(const std::string& path, KeyFileFormat format)
{
    std::string text;
    if (Error error = ReadFile(path, text))
    {
        return KeyFileResult{{}, error};
    }
    KeyFileResult result = ParseKeyFile(text, format);
    if (result.error)
    {
        result.error = path + ": " + *result.error;
    }
    return result;
}

std::optional<KeyFileFormat>
ParseKeyFileFormat(const std::string& name)
{
    const std::string upper = ToUpper(name);
    if (upper == "AUTO")
    {
        return KeyFileFormat::Auto;
    }
    if (upper == "NTPD")
    {
        return KeyFileFormat::Ntpd;
    }
    if (upper == "CHRONY")
    {
        return KeyFileFormat::Chrony;
    }
    return std::nullopt;
}

} // namespace ntp
