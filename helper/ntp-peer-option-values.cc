// Option values as text and output-path checks (see ntp-peer-option-values.h).
#include "ntp-peer-option-values.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{
namespace ntpoptions
{

std::optional<double>
ParseFiniteReal(const std::string& text)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value) || errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<long long>
ParseDecimal(const std::string& text)
{
    const size_t digitsFrom = !text.empty() && text[0] == '-' ? 1 : 0;
    if (text.size() == digitsFrom
        || text.find_first_not_of("0123456789", digitsFrom) != std::string::npos)
    {
        return std::nullopt;
    }
    errno = 0;
    const long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<unsigned long long>
ParseUnsignedDecimal(const std::string& text)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return std::nullopt;
    }
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<bool>
ParseFlag(const std::string& text)
{
    if (text.empty() || text == "true" || text == "1")
    {
        return true;
    }
    if (text == "false" || text == "0")
    {
        return false;
    }
    return std::nullopt;
}

std::string
FormatNumber(double value)
{
    char text[64];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    {
        std::snprintf(text, sizeof text, "%.0f", value);
    }
    else
    {
        std::snprintf(text, sizeof text, "%.10g", value);
    }
    return text;
}

std::string
Join(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& word : words)
    {
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

std::string
DirectoryOf(const std::string& path)
{
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
    {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::optional<std::string>
WhyNotWritable(const std::string& path)
{
    struct stat status
    {
    };
    if (::stat(path.c_str(), &status) == 0)
    {
        if (S_ISDIR(status.st_mode))
        {
            return std::string("is a directory");
        }
        if (::access(path.c_str(), W_OK) != 0)
        {
            return std::string("cannot be overwritten: ") + std::strerror(errno);
        }
        return std::nullopt;
    }
    if (errno != ENOENT)
    {
        return std::string("cannot be created: ") + std::strerror(errno);
    }
    const std::string directory = DirectoryOf(path);
    if (::stat(directory.c_str(), &status) != 0)
    {
        return "cannot be created: directory " + directory + ": " + std::strerror(errno);
    }
    if (!S_ISDIR(status.st_mode))
    {
        return "cannot be created: " + directory + " is not a directory";
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0)
    {
        return "cannot be created in " + directory + ": " + std::strerror(errno);
    }
    return std::nullopt;
}

} // namespace ntpoptions
} // namespace ns3
