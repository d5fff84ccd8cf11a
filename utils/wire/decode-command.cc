#include "decode-command.h"

#include "json-output.h"
#include "ntp-keyfile.h"
#include "ntp-packet.h"
#include "pcap-reader.h"
#include "text-util.h"

#include <cstdio>
#include <sstream>

namespace ntp::wire
{

namespace
{

struct Counts
{
    size_t packets{0};
    size_t malformed{0};
    size_t withMac{0};
    size_t verified{0};
    size_t failed{0};
    size_t notChecked{0};
    size_t cryptoNaks{0};
};

std::string
Fixed(double value, int decimals)
{
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, value);
    return buf;
}

/// One packet, decoded and checked, as a text line and as a JSON object.
Json
Describe(size_t index, const std::string& where, const uint8_t* data, size_t length,
         const KeyStore* keys, Counts& counts, std::ostream& text)
{
    ++counts.packets;
    Json json = {{"index", index}, {"where", where}, {"length", length}};
    text << "#" << index << " " << where << " " << length << " bytes: ";
    const DecodeResult decoded = Decode(data, length);
    if (!decoded.packet)
    {
        ++counts.malformed;
        const std::string why = ToString(decoded.error) + ": " + decoded.detail;
        text << "MALFORMED " << why << "\n";
        json["malformed"] = why;
        return json;
    }
    const Packet& p = *decoded.packet;
    const Header& h = p.header;
    text << "v" << int(h.version) << " " << ToString(h.mode) << " leap " << int(h.leap)
         << " stratum " << int(h.stratum) << " poll " << int(h.poll) << " precision "
         << int(h.precision) << " root-delay " << Fixed(ShortToSeconds(h.rootDelay), 6)
         << " root-disp " << Fixed(ShortToSeconds(h.rootDispersion), 6) << " refid "
         << RefidToString(h.refid, h.stratum) << " ref " << h.reference.ToHex() << " org "
         << h.origin.ToHex() << " rec " << h.receive.ToHex() << " xmt " << h.transmit.ToHex();
    if (!p.extensions.empty())
    {
        text << " extensions " << p.extensions.size();
    }
    json["version"] = h.version;
    json["mode"] = ToString(h.mode);
    json["leap"] = static_cast<unsigned>(h.leap);
    json["stratum"] = h.stratum;
    json["poll"] = h.poll;
    json["precision"] = h.precision;
    json["refid"] = RefidToString(h.refid, h.stratum);
    json["origin"] = h.origin.ToHex();
    json["receive"] = h.receive.ToHex();
    json["transmit"] = h.transmit.ToHex();
    json["extensions"] = p.extensions.size();

    std::string why;
    const MacVerdict verdict = CheckMac(keys, data, length, why);
    switch (verdict)
    {
    case MacVerdict::NoMac:
        text << "; no MAC";
        break;
    case MacVerdict::CryptoNak:
        ++counts.cryptoNaks;
        text << "; crypto-NAK";
        break;
    default:
        ++counts.withMac;
        text << "; MAC key " << p.keyId << " (" << p.digest.size()
             << "-byte digest): " << ToString(verdict);
        if (!why.empty())
        {
            text << " (" << why << ")";
        }
        json["key_id"] = p.keyId;
        json["digest_length"] = p.digest.size();
        break;
    }
    counts.verified += verdict == MacVerdict::Verified;
    counts.failed += verdict == MacVerdict::Failed || verdict == MacVerdict::UnknownKey;
    counts.notChecked += verdict == MacVerdict::NotChecked;
    json["mac"] = ToString(verdict);
    if (!why.empty())
    {
        json["mac_detail"] = why;
    }
    text << "\n";
    return json;
}

} // namespace

std::string
ToString(MacVerdict verdict)
{
    switch (verdict)
    {
    case MacVerdict::NoMac:
        return "none";
    case MacVerdict::CryptoNak:
        return "crypto-nak";
    case MacVerdict::NotChecked:
        return "not checked";
    case MacVerdict::Verified:
        return "verified";
    case MacVerdict::UnknownKey:
        return "REFUSED, unknown key";
    case MacVerdict::Failed:
        return "REFUSED";
    }
    return "unknown";
}

MacVerdict
CheckMac(const KeyStore* keys, const uint8_t* data, size_t length, std::string& why)
{
    const DecodeResult decoded = Decode(data, length);
    if (!decoded.packet || decoded.packet->macKind == MacKind::None)
    {
        return MacVerdict::NoMac;
    }
    const Packet& p = *decoded.packet;
    if (p.macKind == MacKind::CryptoNak)
    {
        return MacVerdict::CryptoNak;
    }
    if (keys == nullptr)
    {
        return MacVerdict::NotChecked;
    }
    const Key* key = keys->Find(p.keyId);
    if (key == nullptr)
    {
        why = "key id " + std::to_string(p.keyId) + " is not in the key file";
        return MacVerdict::UnknownKey;
    }
    if (VerifyDigest(*key, data, p.authenticatedLength, p.digest.data(), p.digest.size()))
    {
        why = ToString(key->algorithm);
        return MacVerdict::Verified;
    }
    const size_t expected = DigestLength(*key);
    why = "does not verify with " + ToString(key->algorithm) + " key " + std::to_string(key->id);
    if (expected != p.digest.size())
    {
        why += ", which makes " + std::to_string(expected) + "-byte digests";
    }
    return MacVerdict::Failed;
}

int
RunDecode(const DecodeOptions& options, std::ostream& out, std::ostream& err)
{
    KeyStore keys;
    if (!options.keyFile.empty())
    {
        const KeyFileResult loaded = LoadKeyFile(options.keyFile, options.keyFormat);
        if (loaded.error)
        {
            err << "ntp-peer-wire: --key-file: " << *loaded.error
                << " (accepted: a readable key file in chrony's or ntpd's format)\n";
            return 2;
        }
        for (const Key& key : loaded.keys)
        {
            if (auto error = keys.Add(key))
            {
                err << "ntp-peer-wire: " << options.keyFile << ": key " << key.id << ": " << *error
                    << "\n";
                return 2;
            }
        }
    }
    const KeyStore* keyStore = options.keyFile.empty() ? nullptr : &keys;

    std::ostringstream text;
    Json packets = Json::array();
    Counts counts;
    size_t frames = 0;
    size_t skipped = 0;
    if (!options.hex.empty())
    {
        const auto bytes = ParseHex(options.hex);
        if (!bytes)
        {
            err << "ntp-peer-wire: --hex is not hexadecimal bytes (accepted: pairs of hex digits, "
                   "optionally separated by spaces, ':' or '-')\n";
            return 2;
        }
        packets.push_back(Describe(1, "hex", bytes->data(), bytes->size(), keyStore, counts, text));
    }
    else
    {
        const CaptureContents capture = ReadCapture(options.pcapFile);
        if (capture.error && capture.datagrams.empty())
        {
            err << "ntp-peer-wire: --pcap: " << *capture.error
                << " (accepted: a readable classic pcap or pcapng file)\n";
            return 2;
        }
        if (capture.error)
        {
            // A capture cut short (tcpdump killed mid-write) still has its frames.
            err << "ntp-peer-wire: warning: " << *capture.error
                << "; decoding the frames before it\n";
        }
        frames = capture.frames;
        skipped = capture.skipped;
        for (const CapturedDatagram& d : capture.datagrams)
        {
            if (options.port && d.from.port != *options.port && d.to.port != *options.port)
            {
                ++skipped;
                continue;
            }
            const std::string where
                = Fixed(d.time, 6) + " " + d.from.ToString() + " > " + d.to.ToString();
            packets.push_back(Describe(d.frame, where, d.payload.data(), d.payload.size(), keyStore,
                                       counts, text));
        }
    }
    if (options.json)
    {
        const Json json = {{"packets", std::move(packets)},
                           {"frames", frames},
                           {"skipped", skipped},
                           {"ntp_packets", counts.packets},
                           {"malformed", counts.malformed},
                           {"with_mac", counts.withMac},
                           {"verified", counts.verified},
                           {"failed", counts.failed},
                           {"not_checked", counts.notChecked},
                           {"crypto_naks", counts.cryptoNaks}};
        out << DumpJson(json) << std::endl;
    }
    else
    {
        out << text.str();
        out << "summary: " << counts.packets << " NTP packet(s), " << counts.malformed
            << " malformed, " << counts.withMac << " with a MAC: " << counts.verified
            << " verified, " << counts.failed << " refused, " << counts.notChecked
            << " not checked; " << counts.cryptoNaks << " crypto-NAK(s)";
        if (options.hex.empty())
        {
            out << "; " << frames << " frame(s), " << skipped << " not NTP/UDP or filtered out";
        }
        out << "\n";
    }
    return counts.malformed == 0 && counts.failed == 0 ? 0 : 1;
}

} // namespace ntp::wire
