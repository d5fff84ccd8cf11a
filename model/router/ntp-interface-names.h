/*
 * Router interface names ("GigabitEthernet0/0/1", "LoopBack0", "Vlanif10")
 * for a node's ns-3 interfaces, and the abbreviations engineers type
 * ("GE0/0/1", "gi 0/0/1", "Loop0"). Names are given when the topology is
 * built (NtpPeerHelper::NameInterface); the CLI resolves what is typed to
 * the node's IPv4 interface index.
 */
#ifndef NTP_INTERFACE_NAMES_H
#define NTP_INTERFACE_NAMES_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class NtpInterfaceNames
{
  public:
    /**
     * Names an interface. The name is a known interface type and a number
     * ("GigabitEthernet0/0/1"); the type may be abbreviated as on the CLI.
     * Returns an error (empty on success): an unknown type, a malformed
     * number, or a name or index already given.
     */
    std::string Add(int32_t interface, const std::string& name);

    /// The interface a typed name means (any accepted abbreviation, any case,
    /// with or without a space between type and number); nullopt if none.
    std::optional<int32_t> Resolve(const std::string& typed) const;

    /// The canonical name of an interface; "" if it has none.
    std::string NameOf(int32_t interface) const;

    /// Splits a typed name into its canonical type and its number, e.g.
    /// "ge0/0/1" -> {"GigabitEthernet", "0/0/1"}; nullopt if it is not a name.
    static std::optional<std::pair<std::string, std::string>> Canonical(const std::string& typed);

    /// The interface types known, with their abbreviations, for messages.
    static std::string AcceptedTypes();

  private:
    std::map<std::string, int32_t> m_byName; ///< canonical name -> interface
    std::map<int32_t, std::string> m_byInterface;
};

} // namespace ns3

#endif // NTP_INTERFACE_NAMES_H
