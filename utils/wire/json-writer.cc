#include "json-writer.h"

#include <cmath>
#include <cstdio>

namespace ntp::wire
{

std::string
JsonQuote(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out += buf;
            }
            else
            {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

void
JsonWriter::BeforeValue()
{
    if (m_afterKey)
    {
        m_afterKey = false;
        return;
    }
    if (!m_hasElement.empty())
    {
        if (m_hasElement.back())
        {
            m_text += ',';
        }
        m_hasElement.back() = true;
    }
}

JsonWriter&
JsonWriter::BeginObject()
{
    BeforeValue();
    m_text += '{';
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter&
JsonWriter::EndObject()
{
    m_text += '}';
    m_hasElement.pop_back();
    return *this;
}

JsonWriter&
JsonWriter::BeginArray()
{
    BeforeValue();
    m_text += '[';
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter&
JsonWriter::EndArray()
{
    m_text += ']';
    m_hasElement.pop_back();
    return *this;
}

JsonWriter&
JsonWriter::Key(const std::string& name)
{
    BeforeValue();
    m_text += JsonQuote(name);
    m_text += ':';
    m_afterKey = true;
    return *this;
}

JsonWriter&
JsonWriter::String(const std::string& value)
{
    BeforeValue();
    m_text += JsonQuote(value);
    return *this;
}

JsonWriter&
JsonWriter::Bool(bool value)
{
    BeforeValue();
    m_text += value ? "true" : "false";
    return *this;
}

JsonWriter&
JsonWriter::Int(int64_t value)
{
    BeforeValue();
    m_text += std::to_string(value);
    return *this;
}

JsonWriter&
JsonWriter::Uint(uint64_t value)
{
    BeforeValue();
    m_text += std::to_string(value);
    return *this;
}

JsonWriter&
JsonWriter::Double(double value)
{
    if (!std::isfinite(value))
    {
        return Null();
    }
    BeforeValue();
    // %.9g keeps nanoseconds of a seconds value and stays valid JSON
    // (never "inf", never a bare trailing dot).
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.9g", value);
    m_text += buf;
    return *this;
}

JsonWriter&
JsonWriter::Null()
{
    BeforeValue();
    m_text += "null";
    return *this;
}

JsonWriter&
JsonWriter::OptionalDouble(const std::optional<double>& value)
{
    return value ? Double(*value) : Null();
}

} // namespace ntp::wire
