/*
 * Fuzz target: key files in ntpd's and chrony's formats, and the automatic
 * choice between them. Every key a parse returns must pass ValidateKey: the
 * parser never hands the engine a key it would refuse.
 */
#include "ntp-auth.h"
#include "ntp-keyfile.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (ntp::KeyFileFormat format :
         {ntp::KeyFileFormat::Auto, ntp::KeyFileFormat::Ntpd, ntp::KeyFileFormat::Chrony})
    {
        const ntp::KeyFileResult result = ntp::ParseKeyFile(text, format);
        if (result.error)
        {
            if (result.error->empty())
            {
                std::abort(); // an error must say what is wrong
            }
            continue;
        }
        for (const ntp::Key& key : result.keys)
        {
            if (ntp::ValidateKey(key))
            {
                std::abort();
            }
        }
    }
    return 0;
}
