/*
 * A router's command line for its NTP service: the text of
 * shared/reference/vrp-ntp-peer-mode.md, typed or pasted, in two-stage
 * configuration. Commands edit a candidate configuration; "commit" hands it
 * to NtpService::Commit, which applies all of it or nothing. This layer
 * parses and keeps the candidate; every rule is checked by the service, so
 * the CLI and the C++ configuration API can never disagree.
 *
 *   <Router>system-view
 *   [~Router]ntp-service unicast-peer 10.1.1.1 authentication-keyid 1
 *   [*Router]commit
 *   [~Router]return
 *
 * "~" marks a system view with nothing uncommitted, "*" one with edits.
 */
#ifndef NTP_ROUTER_CLI_H
#define NTP_ROUTER_CLI_H

#include "ns3/object.h"
#include "ntp-cli-parser.h"
#include "ntp-interface-names.h"
#include "ntp-router-config.h"

#include <optional>
#include <string>

namespace ns3
{

class NtpService;

class NtpRouterCli : public Object
{
  public:
    static TypeId GetTypeId();
    NtpRouterCli();

    /// The service the commands configure (NtpPeerHelper::Install sets it).
    void SetService(Ptr<NtpService> service);
    Ptr<NtpService> GetService() const;

    /// The node's interface names (NtpPeerHelper::NameInterface fills them).
    NtpInterfaceNames& InterfaceNames();
    const NtpInterfaceNames& InterfaceNames() const;

    /**
     * Runs one session: every line of `text` from the user view, as if typed,
     * until "quit" in the user view ends it.
     * Returns the transcript (prompts, echoed commands, output, errors). At
     * the end of the session uncommitted edits are discarded with a warning.
     */
    std::string Execute(const std::string& text);

    /// The candidate configuration (what commit would apply).
    const NtpServiceConfiguration& GetCandidate() const
    {
        return m_candidate;
    }

  protected:
    void DoDispose() override;

  private:
    enum class View
    {
        User,
        System
    };

    std::string Prompt() const;
    /// Runs one line; appends its output to `out`.
    void RunLine(const std::string& line, std::string& out);
    /// A configuration command (ntp-service, crypto, undo ...): edits a copy
    /// of the candidate, which replaces it if the service accepts it.
    std::optional<NtpCliError> Configure(NtpCliLine& line);
    std::optional<NtpCliError> NtpServiceCommand(NtpCliLine& line, bool undo,
                                                 NtpServiceConfiguration& config);
    std::optional<NtpCliError> KeyCommand(NtpCliLine& line, bool undo,
                                          NtpServiceConfiguration& config);
    std::optional<NtpCliError> SourceInterfaceCommand(NtpCliLine& line, bool undo, bool ipv6,
                                                      NtpServiceConfiguration& config);
    std::optional<NtpCliError> PeerCommand(NtpCliLine& line, bool undo, bool server,
                                           NtpServiceConfiguration& config);
    /// An interface name, typed as one word or as type and number.
    std::optional<int32_t> InterfaceArgument(NtpCliLine& line, NtpCliError& error) const;
    std::string Display(NtpCliLine& line, std::optional<NtpCliError>& error) const;
    void Commit(std::string& out);

    Ptr<NtpService> m_service;
    NtpInterfaceNames m_names;
    std::string m_hostname;
    View m_view{View::User};
    NtpServiceConfiguration m_candidate;
    bool m_dirty{false};
    bool m_ended{false}; ///< "quit" from the user view: the rest is not run
};

} // namespace ns3

#endif // NTP_ROUTER_CLI_H
