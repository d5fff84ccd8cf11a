#include "ntp-poll.h"

#include <boost/test/unit_test.hpp>

using namespace ntp;

BOOST_AUTO_TEST_SUITE(poll)

BOOST_AUTO_TEST_CASE(reach_register_shifts_once_per_poll)
{
    Parameters p;
    PollOptions o;
    PollProcess poll(o);
    poll.MarkReached();
    BOOST_TEST(poll.Reach() == 0x01);
    poll.OnTimer(6, true, p);
    poll.MarkReached();
    BOOST_TEST(poll.Reach() == 0x03);
    for (int i = 0; i < 6; ++i)
    {
        poll.OnTimer(6, true, p);
        poll.MarkReached();
    }
    BOOST_TEST(poll.Reach() == 0xff); // ntpq's "377"
}

BOOST_AUTO_TEST_CASE(an_empty_register_shifts_a_dummy_sample_each_poll)
{
    // ntpd transmit(): once the register is all zero (eight polls without
    // an answer) every poll shifts an infinite-dispersion sample in.
    Parameters p;
    PollProcess poll{PollOptions()};
    poll.MarkReached();
    for (int i = 0; i < 7; ++i)
    {
        BOOST_TEST(!poll.OnTimer(6, true, p).shiftDummySample);
    }
    const PollDecision empty = poll.OnTimer(6, true, p);
    BOOST_TEST(empty.shiftDummySample);
    BOOST_TEST(empty.becameUnreachable);
    BOOST_TEST(poll.OnTimer(6, true, p).shiftDummySample);
}

BOOST_AUTO_TEST_CASE(unreachable_persistent_association_backs_off_to_maxpoll)
{
    Parameters p; // ntpd UNREACH 10
    PollOptions o;
    o.minpoll = 6;
    o.maxpoll = 10;
    PollProcess poll(o);
    for (int i = 1; i < p.unreachLimit; ++i)
    {
        const auto d = poll.OnTimer(6, false, p);
        BOOST_TEST(!d.demobilize);
        BOOST_TEST(poll.HostPoll() == 6);
    }
    // ntpd: from the UNREACH-th poll without an answer on, each poll doubles
    // the interval.
    for (int expected = 7; expected <= 10; ++expected)
    {
        poll.OnTimer(6, false, p);
        BOOST_TEST(poll.HostPoll() == expected);
    }
    poll.OnTimer(6, false, p);
    BOOST_TEST(poll.HostPoll() == 10);
}

BOOST_AUTO_TEST_CASE(unreachable_ephemeral_association_is_demobilized)
{
    Parameters p;
    PollOptions o;
    o.demobilizable = true;
    PollProcess poll(o);
    poll.MarkReached();
    int polls = 0;
    bool demobilized = false;
    while (!demobilized && polls < 100)
    {
        demobilized = poll.OnTimer(6, false, p).demobilize;
        ++polls;
    }
    // ntpd: the 8th poll empties the register and is the first unreachable
    // one; the UNREACH-th (10th) unreachable poll demobilizes: 7 + 10 polls.
    BOOST_TEST(polls == 7 + p.unreachLimit);
}

BOOST_AUTO_TEST_CASE(reachable_association_follows_system_poll_within_its_range)
{
    Parameters p;
    PollOptions o;
    o.minpoll = 4;
    o.maxpoll = 8;
    PollProcess poll(o);
    poll.MarkReached();
    poll.OnTimer(10, true, p);
    BOOST_TEST(poll.HostPoll() == 8);
    poll.MarkReached();
    poll.OnTimer(3, true, p);
    BOOST_TEST(poll.HostPoll() == 4);
}

BOOST_AUTO_TEST_CASE(symmetric_peers_poll_at_the_lesser_poll)
{
    PollOptions o;
    o.minpoll = 6;
    o.maxpoll = 10;
    PollProcess poll(o);
    Parameters p;
    poll.MarkReached();
    poll.OnTimer(10, true, p);
    poll.SetPeerPoll(7);
    // ntpd polls at min(ppoll, hpoll) but advertises its own hpoll.
    BOOST_TEST(poll.IntervalPoll() == 7);
    BOOST_TEST(poll.WirePoll() == 10);
    // A peer never advertises less than our minpoll's worth.
    poll.SetPeerPoll(3);
    BOOST_TEST(poll.IntervalPoll() == 6);
}

BOOST_AUTO_TEST_CASE(poll_interval_jitter_and_floor)
{
    Parameters p; // jitter 255/4096 of the interval, at least 2 s apart
    PollOptions o;
    o.minpoll = 6;
    PollProcess poll(o);
    // ntpd: ((0x1000 | r) << 6) >> 12 for a random byte r: 64..67 s.
    BOOST_TEST(poll.NextInterval(0.0, p) == 64.0);
    BOOST_TEST(poll.NextInterval(0.999999, p) == (4351 * 64) / 4096);
    BOOST_TEST(poll.NextInterval(0.5, p) == (4224 * 64) / 4096);
    PollOptions fast;
    fast.minpoll = 0;
    fast.maxpoll = 0;
    BOOST_TEST(PollProcess(fast).NextInterval(0.0, p) == 2.0);
}

BOOST_AUTO_TEST_CASE(burst_sends_bcount_packets_two_seconds_apart)
{
    Parameters p; // BCOUNT 8, BTIME 2 s
    PollOptions o;
    o.burst = true;
    PollProcess poll(o);
    poll.MarkReached();
    poll.OnTimer(6, true, p); // starts a burst: this packet plus 7 more
    int packets = 1;
    while (poll.InBurst())
    {
        BOOST_TEST(poll.NextInterval(0.5, p) == 2.0);
        poll.OnTimer(6, true, p);
        ++packets;
    }
    BOOST_TEST(packets == 8);
}

BOOST_AUTO_TEST_SUITE_END()
