#include "ntp-cli-parser.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{

std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

std::string
NtpCliError::Caret(size_t indent) const
{
    return kind == Kind::Semantic ? std::string() : std::string(indent + position, ' ') + "^";
}

std::string
NtpCliError::Text() const
{
    switch (kind)
    {
    case Kind::Unrecognized:
        return "Error: Unrecognized command found at '^' position.";
    case Kind::Wrong:
        return "Error: Wrong parameter found at '^' position.";
    case Kind::Incomplete:
        return "Error: Incomplete command found at '^' position.";
    case Kind::Ambiguous:
        return "Error: Ambiguous command found at '^' position.";
    case Kind::Semantic:
        break;
    }
    return "Error: " + message;
}

NtpCliLine::NtpCliLine(const std::string& line)
{
    size_t i = 0;
    while (i < line.size())
    {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
        {
            ++i;
        }
        if (i >= line.size())
        {
            break;
        }
        const size_t start = i;
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
        {
            ++i;
        }
        m_words.push_back(line.substr(start, i - start));
        m_positions.push_back(start);
    }
    // Trailing blanks do not move the caret of an incomplete command.
    m_end = m_words.empty() ? 0 : m_positions.back() + m_words.back().size() + 1;
}

const std::string&
NtpCliLine::Peek() const
{
    static const std::string none;
    return AtEnd() ? none : m_words[m_next];
}

size_t
NtpCliLine::Position() const
{
    return AtEnd() ? m_end : m_positions[m_next];
}

bool
NtpCliLine::Accept(const std::string& keyword, const std::vector<std::string>& alternatives)
{
    if (AtEnd())
    {
        return false;
    }
    NtpCliError ignored;
    NtpCliLine probe = *this;
    const auto matched = probe.Keyword(alternatives, ignored);
    if (matched && *matched == keyword)
    {
        *this = probe;
        return true;
    }
    return false;
}

std::optional<std::string>
NtpCliLine::Keyword(const std::vector<std::string>& keywords, NtpCliError& error)
{
    if (AtEnd())
    {
        error = ErrorAtNext(NtpCliError::Kind::Incomplete);
        return std::nullopt;
    }
    const std::string word = Lower(m_words[m_next]);
    std::vector<std::string> matches;
    for (const std::string& keyword : keywords)
    {
        if (Lower(keyword) == word)
        {
            ++m_next;
            return keyword;
        }
        if (Lower(keyword).compare(0, word.size(), word) == 0)
        {
            matches.push_back(keyword);
        }
    }
    if (matches.size() == 1)
    {
        ++m_next;
        return matches.front();
    }
    error = ErrorAtNext(matches.empty() ? NtpCliError::Kind::Unrecognized
                                        : NtpCliError::Kind::Ambiguous);
    return std::nullopt;
}

std::optional<uint64_t>
NtpCliLine::Integer(uint64_t min, uint64_t max, NtpCliError& error)
{
    if (AtEnd())
    {
        error = ErrorAtNext(NtpCliError::Kind::Incomplete);
        return std::nullopt;
    }
    const std::string& word = m_words[m_next];
    const bool digits
        = !word.empty() && word.size() <= 19
       && std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
    const uint64_t value = digits ? std::stoull(word) : 0;
    if (!digits || value < min || value > max)
    {
        error = ErrorAtNext(NtpCliError::Kind::Wrong);
        return std::nullopt;
    }
    ++m_next;
    return value;
}

std::optional<std::string>
NtpCliLine::Word(NtpCliError& error)
{
    if (AtEnd())
    {
        error = ErrorAtNext(NtpCliError::Kind::Incomplete);
        return std::nullopt;
    }
    return m_words[m_next++];
}

bool
NtpCliLine::End(NtpCliError& error) const
{
    if (!AtEnd())
    {
        error = ErrorAtNext(NtpCliError::Kind::Unrecognized);
        return false;
    }
    return true;
}

NtpCliError
NtpCliLine::ErrorAtPrevious(NtpCliError::Kind kind) const
{
    NtpCliError error;
    error.kind = kind;
    error.position = m_next == 0 ? 0 : m_positions[m_next - 1];
    return error;
}

NtpCliError
NtpCliLine::ErrorAtNext(NtpCliError::Kind kind) const
{
    NtpCliError error;
    error.kind = kind;
    error.position = Position();
    return error;
}

} // namespace ns3
