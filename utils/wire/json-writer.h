/*
 * A very small JSON writer for the tool's one-object reports. It writes
 * compact JSON on one line so shell tests can pick values with sed; it knows
 * nothing but objects, arrays, strings, numbers, booleans and null.
 */
#ifndef NTP_WIRE_JSON_WRITER_H
#define NTP_WIRE_JSON_WRITER_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntp::wire
{

class JsonWriter
{
  public:
    JsonWriter& BeginObject();
    JsonWriter& EndObject();
    JsonWriter& BeginArray();
    JsonWriter& EndArray();

    /// The name of the next member (inside an object only).
    JsonWriter& Key(const std::string& name);

    JsonWriter& String(const std::string& value);
    JsonWriter& Bool(bool value);
    JsonWriter& Int(int64_t value);
    JsonWriter& Uint(uint64_t value);
    /// Non-finite values become null: JSON has no NaN or infinity.
    JsonWriter& Double(double value);
    JsonWriter& Null();
    /// A number, or null when empty.
    JsonWriter& OptionalDouble(const std::optional<double>& value);

    /// The text written so far.
    const std::string& Text() const
    {
        return m_text;
    }

  private:
    void BeforeValue();

    std::string m_text;
    /// One entry per open container: true once it holds a first element.
    std::vector<bool> m_hasElement;
    bool m_afterKey{false};
};

/// `text` as a quoted JSON string with the required escapes.
std::string JsonQuote(const std::string& text);

} // namespace ntp::wire

#endif // NTP_WIRE_JSON_WRITER_H
