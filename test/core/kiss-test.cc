/*
 * Kiss-o'-death, as ntpd's receive() handles it (ntp_proto.c,
 * kiss_code_check and the RATE branch): only a server's answer with leap 3
 * and stratum 0 is a kiss; it must answer our last request (origin check);
 * RATE raises the association's minpoll to the poll it asks for, for good,
 * and holds the next request back by ntpd's throttle; other codes are
 * dropped without demobilizing. The expected times below come from that
 * code: after a RATE kiss asking for poll 10, poll_update() sets the
 * throttle to (NTP_SHIFT + 1) * 2^10 s, lets NTP_SHIFT - 1 polls of it pass,
 * and adds ntp_minpkt (2 s) while the throttle exceeds one poll: the next
 * request leaves 2 * 1024 + 2 s after the kiss; later ones 2^10 s apart,
 * stretched by at most ntpd's random 255/4096.
 */
#include "engine-fixtures.h"
#include "state-fingerprint.h"

#include <boost/test/unit_test.hpp>

using namespace ntp;
using namespace ntp::test;

namespace
{

const IpAddress kServer = Ip("10.0.0.9");

/// A alone, a client of a server that does not exist: the test plays it.
struct ClientOfSilentServer
{
    explicit ClientOfSilentServer(AssociationMode mode = AssociationMode::Client) :
        network(loop, 3), a(loop, network, "10.0.0.1", 0.0, 0.0, Parameters(), 11)
    {
        AssociationConfig config;
        config.mode = mode;
        config.remote = Endpoint{kServer, kNtpPort};
        BOOST_REQUIRE(!a.engine->AddAssociation(config));
        a.engine->Start();
    }

    /// Times (true s) at which A sent to the server.
    std::vector<double> Requests() const
    {
        std::vector<double> times;
        for (const auto& record : network.sent)
        {
            if (record.to.address == kServer)
            {
                times.push_back(record.time);
            }
        }
        return times;
    }

    /// The header of A's last request.
    Header LastRequest() const
    {
        for (auto it = network.sent.rbegin(); it != network.sent.rend(); ++it)
        {
            if (it->to.address == kServer)
            {
                return Decode(it->bytes).packet->header;
            }
        }
        BOOST_FAIL("A sent nothing");
        throw std::logic_error("unreachable");
    }

    /// A kiss from the server, answering A's last request unless `origin` is given.
    void Kiss(const std::string& code, int poll, Mode mode = Mode::Server,
              std::optional<Timestamp> origin = std::nullopt)
    {
        Header h;
        h.mode = mode;
        h.leap = Leap::Unsynchronized;
        h.stratum = 0;
        h.poll = static_cast<int8_t>(poll);
        h.refid = (uint32_t(uint8_t(code[0])) << 24) | (uint32_t(uint8_t(code[1])) << 16)
                | (uint32_t(uint8_t(code[2])) << 8) | uint32_t(uint8_t(code[3]));
        h.origin = origin ? *origin : LastRequest().transmit;
        h.receive = a.clock.Now() + -0.001;
        h.transmit = a.clock.Now() + -0.0009;
        network.Inject(Endpoint{kServer, kNtpPort}, Endpoint{Ip("10.0.0.1"), kNtpPort},
                       EncodeUnauthenticated(h));
    }

    const Association& TheAssociation() const
    {
        return *a.engine->Associations().front();
    }

    uint64_t Refused(RefuseReason reason) const
    {
        const auto& refused = a.engine->Counters().refused;
        const auto it = refused.find(reason);
        return it == refused.end() ? 0 : it->second;
    }

    EventLoop loop;
    VirtualNetwork network;
    VirtualNode a;
};

} // namespace

BOOST_AUTO_TEST_SUITE(kiss)

BOOST_AUTO_TEST_CASE(rate_kiss_raises_minpoll_and_holds_the_next_request_back)
{
    ClientOfSilentServer r;
    r.loop.RunUntil(100);
    BOOST_REQUIRE(!r.Requests().empty());
    const double kissTime = r.loop.Now();
    r.Kiss("RATE", 10);
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 1U);
    BOOST_TEST(r.TheAssociation().Poll().Options().minpoll == 10);
    BOOST_TEST(r.TheAssociation().Poll().HostPoll() == 10);
    BOOST_TEST(r.TheAssociation().Poll().Reach() == 0); // a kiss does not reach

    r.loop.RunUntil(kissTime + 6 * 1024);
    std::vector<double> after;
    for (double t : r.Requests())
    {
        if (t > kissTime)
        {
            after.push_back(t);
        }
    }
    BOOST_REQUIRE(after.size() >= 3U);
    // ntpd's clock counts whole seconds: allow one either side.
    BOOST_TEST(std::abs(after[0] - (kissTime + 2 * 1024 + 2)) <= 1.0);
    for (size_t i = 1; i < after.size(); ++i)
    {
        const double gap = after[i] - after[i - 1];
        BOOST_TEST(gap >= 1024.0 - 1);
        BOOST_TEST(gap <= 1024.0 * (1 + 255.0 / 4096) + 1);
    }
}

BOOST_AUTO_TEST_CASE(rate_kiss_never_lowers_minpoll)
{
    ClientOfSilentServer r;
    r.loop.RunUntil(100);
    r.Kiss("RATE", 4); // asks for less than minpoll 6: ntpd keeps minpoll
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 1U);
    BOOST_TEST(r.TheAssociation().Poll().Options().minpoll == 6);
    BOOST_TEST(r.TheAssociation().Poll().HostPoll() == 6);
}

BOOST_AUTO_TEST_CASE(kiss_that_answers_nothing_we_sent_is_bogus_and_changes_nothing)
{
    // An off-path attacker cannot know our transmit time.
    // (Its timestamps are kept, as for any bogus packet, which is why the
    // state is not compared whole: see Association::CheckOnWire.)
    ClientOfSilentServer r;
    r.loop.RunUntil(100);
    const size_t requests = r.Requests().size();
    r.Kiss("RATE", 12, Mode::Server, r.a.clock.Now() + -7.25);
    BOOST_TEST(r.Refused(RefuseReason::Bogus) == 1U);
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 0U);
    BOOST_TEST(r.TheAssociation().Poll().Options().minpoll == 6);
    BOOST_TEST(r.TheAssociation().Poll().HostPoll() == 6);
    r.loop.RunUntil(100 + 2 * 64 * (1 + 255.0 / 4096) + 1);
    BOOST_TEST(r.Requests().size() >= requests + 2); // still at 64 s
}

BOOST_AUTO_TEST_CASE(deny_kiss_is_dropped_without_demobilizing)
{
    ClientOfSilentServer r;
    r.loop.RunUntil(100);
    const size_t requests = r.Requests().size();
    r.Kiss("DENY", 6);
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 1U);
    BOOST_TEST(r.a.engine->Associations().size() == 1U);
    BOOST_TEST(r.a.observer.demobilized == 0);
    r.loop.RunUntil(100 + 4 * 64);
    BOOST_TEST(r.Requests().size() > requests); // still polling
}

BOOST_AUTO_TEST_CASE(stratum_zero_rate_in_symmetric_mode_is_no_kiss)
{
    // kiss_code_check() wants MODE_SERVER: a symmetric peer's stratum-0
    // packet is a peer without time (refused by the header tests), and
    // its poll is only the peer's advertised poll, not a new minpoll.
    ClientOfSilentServer r(AssociationMode::SymmetricActive);
    r.loop.RunUntil(100);
    r.Kiss("RATE", 12, Mode::SymmetricPassive);
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 0U);
    BOOST_TEST(r.Refused(RefuseReason::PeerUnsynchronized) == 1U);
    BOOST_TEST(r.TheAssociation().Poll().Options().minpoll == 6);
}

BOOST_AUTO_TEST_CASE(mode_4_kiss_to_a_symmetric_association_is_refused_by_mode)
{
    ClientOfSilentServer r(AssociationMode::SymmetricActive);
    r.loop.RunUntil(100);
    const std::string before = Fingerprint(*r.a.engine);
    r.Kiss("RATE", 12);
    BOOST_TEST(r.Refused(RefuseReason::KissOfDeath) == 0U);
    BOOST_TEST(r.TheAssociation().Poll().Options().minpoll == 6);
    BOOST_TEST(Fingerprint(*r.a.engine) == before);
}

BOOST_AUTO_TEST_SUITE_END()
