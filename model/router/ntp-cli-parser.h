/*
 * The pieces of a router command line: words with their positions, keyword
 * matching as routers do it (any case, any unambiguous prefix), and the
 * errors a router prints with a caret under the offending position.
 */
#ifndef NTP_CLI_PARSER_H
#define NTP_CLI_PARSER_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/// Why a line was refused, as a router says it.
struct NtpCliError
{
    enum class Kind
    {
        Unrecognized, ///< "Unrecognized command found at '^' position."
        Wrong,        ///< "Wrong parameter found at '^' position."
        Incomplete,   ///< "Incomplete command found at '^' position."
        Ambiguous,    ///< "Ambiguous command found at '^' position."
        Semantic      ///< a rule: message says which and the accepted values
    };

    Kind kind{Kind::Semantic};
    size_t position{0};  ///< column in the line (the caret)
    std::string message; ///< Semantic only

    /// The line under the command: spaces, then '^' (empty for Semantic).
    std::string Caret(size_t indent) const;
    /// "Error: ..." as the router prints it.
    std::string Text() const;
};

/// A command line split into words, read from left to right.
class NtpCliLine
{
  public:
    explicit NtpCliLine(const std::string& line);

    bool AtEnd() const
    {
        return m_next >= m_words.size();
    }

    /// The next word (empty at the end) and where it starts.
    const std::string& Peek() const;
    size_t Position() const;

    /// Consumes the next word if it is (an unambiguous prefix of) `keyword`
    /// among `alternatives` (every keyword allowed here, `keyword` included).
    bool Accept(const std::string& keyword, const std::vector<std::string>& alternatives);

    /// Consumes the next word as one of `keywords` (exact or unambiguous
    /// prefix, any case); the keyword it matched, or an error.
    std::optional<std::string> Keyword(const std::vector<std::string>& keywords,
                                       NtpCliError& error);

    /// Consumes the next word as an integer in [min, max].
    std::optional<uint64_t> Integer(uint64_t min, uint64_t max, NtpCliError& error);

    /// Consumes the next word as it is.
    std::optional<std::string> Word(NtpCliError& error);

    /// The rest of the line must be empty.
    bool End(NtpCliError& error) const;

    /// An error at the word just consumed (or the next one).
    NtpCliError ErrorAtPrevious(NtpCliError::Kind kind) const;
    NtpCliError ErrorAtNext(NtpCliError::Kind kind) const;

  private:
    std::vector<std::string> m_words;
    std::vector<size_t> m_positions;
    size_t m_end{0}; ///< length of the line (the caret of an incomplete command)
    size_t m_next{0};
};

} // namespace ns3

#endif // NTP_CLI_PARSER_H
