/*
 * The tool's JSON, written with nlohmann-json: one object on one line.
 */
#ifndef NTP_WIRE_JSON_OUTPUT_H
#define NTP_WIRE_JSON_OUTPUT_H

#include <nlohmann/json.hpp>
#include <string>

namespace ntp::wire
{

/**
 * Members stay in the order they are added: a report's top-level scalars come
 * before the nested objects that repeat their names, as the shell tests
 * expect when they take the first match of a name (test/interop/lib.sh), and
 * a decoded packet's members keep the order the tests match them in.
 */
using Json = nlohmann::ordered_json;

/// Compact, on one line. Text that is not UTF-8 is written with U+FFFD
/// instead of throwing: a report must come out whatever a peer sent.
inline std::string
DumpJson(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace ntp::wire

#endif // NTP_WIRE_JSON_OUTPUT_H
