/*
 * NtpLinkHelper (issue #12): links over NtpLinkChannel built like
 * PointToPointHelper's. Frames are sent straight through the devices (no
 * IP), one at a time, so every arrival time is known to the nanosecond:
 * serialization at the device's rate, then the direction's delay, then
 * its jitter draw.
 */
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

constexpr uint16_t kIpv4 = 0x0800; ///< a protocol PointToPointNetDevice can frame
constexpr uint32_t kPayload = 98;  ///< bytes; 100 on the wire with the 2-byte PPP header

/// What arrived at one end: one-way time of each frame, by packet uid.
struct Arrivals
{
    std::map<uint64_t, Time> sent; ///< by the other end
    std::vector<Time> oneWay;
    std::set<uint64_t> arrived; ///< uids

    /// For each frame sent, in sending order: did it arrive?
    std::vector<bool> Pattern() const
    {
        std::vector<bool> pattern;
        for (const auto& [uid, when] : sent)
        {
            pattern.push_back(arrived.count(uid) > 0);
        }
        return pattern;
    }
};

void
Send(Ptr<NetDevice> from, Ptr<NetDevice> to, Arrivals* arrivals)
{
    Ptr<Packet> packet = Create<Packet>(kPayload);
    arrivals->sent[packet->GetUid()] = Simulator::Now();
    from->Send(packet, to->GetAddress(), kIpv4);
}

void
Receive(Arrivals* arrivals, Ptr<NetDevice>, Ptr<const Packet> packet, uint16_t, const Address&,
        const Address&, NetDevice::PacketType)
{
    // The channel delivers a copy, which keeps the uid.
    arrivals->oneWay.push_back(Simulator::Now() - arrivals->sent.at(packet->GetUid()));
    arrivals->arrived.insert(packet->GetUid());
}

/// Two nodes joined by `link`; frames both ways every `spacing`, `count` each.
struct LinkRun
{
    NetDeviceContainer devices;
    Arrivals atB; ///< forward: a -> b
    Arrivals atA; ///< backward

    LinkRun(NtpLinkHelper& link, uint32_t count, Time spacing, int64_t stream = -1)
    {
        NodeContainer nodes;
        nodes.Create(2);
        devices = link.Install(nodes);
        if (stream >= 0)
        {
            NtpLinkHelper::AssignStreams(devices, stream);
        }
        nodes.Get(1)->RegisterProtocolHandler(MakeBoundCallback(&Receive, &atB), kIpv4,
                                              devices.Get(1));
        nodes.Get(0)->RegisterProtocolHandler(MakeBoundCallback(&Receive, &atA), kIpv4,
                                              devices.Get(0));
        for (uint32_t i = 0; i < count; ++i)
        {
            // The two directions half a spacing apart: each device sends
            // into an idle line, so nothing waits in a queue.
            Simulator::Schedule(spacing * i, &Send, devices.Get(0), devices.Get(1), &atB);
            Simulator::Schedule(spacing * i + spacing / 2, &Send, devices.Get(1), devices.Get(0),
                                &atA);
        }
        Simulator::Stop(spacing * (count + 10));
        Simulator::Run();
    }

    ~LinkRun()
    {
        Simulator::Destroy();
    }
};

/// Serialization time of one frame at `rate`.
Time
FrameTime(const std::string& rate)
{
    return DataRate(rate).CalculateBytesTxTime(kPayload + 2);
}

class LinkDelayTestCase : public TestCase
{
  public:
    LinkDelayTestCase() :
        TestCase("each direction's frames take its delay (plus serialization, plus its own "
                 "jitter only)")
    {
    }

  private:
    void DoRun() override
    {
        NtpLinkHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("8Mbps")); // 1 us per byte
        link.SetChannelAttribute("ForwardDelay", TimeValue(MilliSeconds(3)));
        link.SetChannelAttribute("BackwardDelay", TimeValue(MilliSeconds(7)));
        const double mean = 0.001; // s, backward jitter
        link.SetChannelAttribute("BackwardJitter",
                                 StringValue("ns3::ExponentialRandomVariable[Mean=0.001]"));
        const uint32_t count = 2000;
        LinkRun run(link, count, MilliSeconds(40), 300);
        const Time frame = FrameTime("8Mbps");
        NS_TEST_ASSERT_MSG_EQ(frame, MicroSeconds(100), "100 bytes at 8 Mbps");
        NS_TEST_ASSERT_MSG_EQ(run.atB.oneWay.size(), count, "every forward frame arrives");
        NS_TEST_ASSERT_MSG_EQ(run.atA.oneWay.size(), count, "every backward frame arrives");
        // Forward: no jitter, so exactly serialization plus 3 ms.
        for (const Time& t : run.atB.oneWay)
        {
            NS_TEST_ASSERT_MSG_EQ(t, frame + MilliSeconds(3), "forward one-way time");
        }
        // Backward: 7 ms plus an exponential draw of mean 1 ms: never less,
        // and the mean of 2000 draws within 4.5 standard errors
        // (mean / sqrt(2000) = 22 us) of 1 ms.
        double sum = 0;
        Time least = Time::Max();
        for (const Time& t : run.atA.oneWay)
        {
            const Time extra = t - frame - MilliSeconds(7);
            least = std::min(least, extra);
            sum += extra.GetSeconds();
        }
        const double measured = sum / count;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(least, Time(0), "jitter only adds delay");
        NS_TEST_ASSERT_MSG_EQ_TOL(measured, mean, 4.5 * mean / std::sqrt(count),
                                  "backward jitter's mean");
        std::printf("forward %.1f us each; backward 7 ms + %.1f us of jitter on average (mean "
                    "1000 us, standard error %.1f us), least %.3f us\n",
                    (frame + MilliSeconds(3)).GetSeconds() * 1e6, measured * 1e6,
                    mean / std::sqrt(count) * 1e6, least.GetSeconds() * 1e6);
        // The first node of the container sends forward.
        Ptr<NtpLinkChannel> channel = NtpLinkHelper::GetChannel(run.devices.Get(0));
        NS_TEST_ASSERT_MSG_EQ(channel->GetSender(true), run.devices.Get(0),
                              "the first device sends forward");
        NS_TEST_ASSERT_MSG_EQ(channel, NtpLinkHelper::GetChannel(run.devices.Get(1)),
                              "one channel");
    }
};

class LinkLossTestCase : public TestCase
{
  public:
    LinkLossTestCase() :
        TestCase("loss: each direction loses a binomial share; same streams, same frames lost")
    {
    }

  private:
    void DoRun() override
    {
        const double p = 0.2;
        const uint32_t n = 10000;
        NtpLinkHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("1Gbps")); // never a queue
        link.SetChannelAttribute("Loss", DoubleValue(p));
        link.SetChannelAttribute("ForwardDelay", TimeValue(MicroSeconds(10)));
        link.SetChannelAttribute("BackwardDelay", TimeValue(MicroSeconds(10)));
        std::vector<std::vector<bool>> forward;
        std::vector<std::vector<bool>> backward;
        for (int64_t stream : {400, 400, 500})
        {
            LinkRun run(link, n, MilliSeconds(1), stream);
            forward.push_back(run.atB.Pattern());
            backward.push_back(run.atA.Pattern());
        }
        // Lost frames per direction: binomial(n, p), mean n p = 2000,
        // standard deviation sqrt(n p (1 - p)) = 40; within 4.5 of them.
        const double sigma = std::sqrt(n * p * (1 - p));
        auto lost = [](const std::vector<bool>& pattern)
        {
            return static_cast<double>(std::count(pattern.begin(), pattern.end(), false));
        };
        NS_TEST_ASSERT_MSG_EQ(forward[0].size(), n, "every forward frame sent");
        NS_TEST_ASSERT_MSG_EQ_TOL(lost(forward[0]), n * p, 4.5 * sigma, "forward losses");
        NS_TEST_ASSERT_MSG_EQ_TOL(lost(backward[0]), n * p, 4.5 * sigma, "backward losses");
        std::printf("lost %.0f forward and %.0f backward of %u each (expected %.0f +- %.0f); "
                    "another stream: %.0f and %.0f\n",
                    lost(forward[0]), lost(backward[0]), n, n * p, sigma, lost(forward[2]),
                    lost(backward[2]));
        // The loss draws come from the channel's stream, frame by frame.
        const bool sameForward = forward[0] == forward[1];
        const bool sameBackward = backward[0] == backward[1];
        const bool other = forward[0] != forward[2] && backward[0] != backward[2];
        NS_TEST_ASSERT_MSG_EQ(sameForward, true, "same stream, same forward frames lost");
        NS_TEST_ASSERT_MSG_EQ(sameBackward, true, "same stream, same backward frames lost");
        NS_TEST_ASSERT_MSG_EQ(other, true, "another stream, other frames lost");
    }
};

class LinkStreamsPcapTestCase : public TestCase
{
  public:
    LinkStreamsPcapTestCase() :
        TestCase("three streams per channel, each channel once; pcap of what each device sent "
                 "and received")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(3);
        NtpLinkHelper link;
        NetDeviceContainer ab = link.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer bc = link.Install(nodes.Get(1), nodes.Get(2));
        NetDeviceContainer all(ab, bc);
        // Both devices of both links given: each channel counted once.
        NS_TEST_ASSERT_MSG_EQ(NtpLinkHelper::AssignStreams(all, 10), 6, "3 streams x 2 channels");
        NS_TEST_ASSERT_MSG_EQ(NtpLinkHelper::AssignStreams(NetDeviceContainer(ab.Get(1)), 10), 3,
                              "one device: its channel's 3");
        // Flow control as PointToPointHelper's: a queue interface per device.
        NS_TEST_ASSERT_MSG_NE(ab.Get(0)->GetObject<NetDeviceQueueInterface>(), nullptr,
                              "flow control by default");
        link.DisableFlowControl();
        link.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("5p"));
        NetDeviceContainer ca = link.Install(nodes.Get(2), nodes.Get(0));
        NS_TEST_ASSERT_MSG_EQ(ca.Get(0)->GetObject<NetDeviceQueueInterface>(), nullptr,
                              "none after DisableFlowControl");
        Ptr<Queue<Packet>> queue = DynamicCast<PointToPointNetDevice>(ca.Get(1))->GetQueue();
        NS_TEST_ASSERT_MSG_EQ(queue->GetMaxSize(), QueueSize("5p"), "SetQueue's size");
        NS_TEST_ASSERT_MSG_EQ(
            DynamicCast<PointToPointNetDevice>(ab.Get(0))->GetQueue()->GetMaxSize(),
            QueueSize("100p"), "the queues made before keep ns-3's default");
        Simulator::Destroy();

        // A capture of a link with 10% loss: each end's file has what it
        // sent and what reached it, with the PPP link type.
        NtpLinkHelper lossy;
        lossy.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        lossy.SetChannelAttribute("Loss", DoubleValue(0.1));
        const std::string prefix = CreateTempDirFilename("ntp-link");
        NodeContainer pair;
        pair.Create(2);
        NetDeviceContainer devices = lossy.Install(pair);
        NtpLinkHelper::AssignStreams(devices, 600);
        lossy.EnablePcap(prefix, devices);
        Arrivals atB;
        Arrivals atA;
        pair.Get(1)->RegisterProtocolHandler(MakeBoundCallback(&Receive, &atB), kIpv4,
                                             devices.Get(1));
        pair.Get(0)->RegisterProtocolHandler(MakeBoundCallback(&Receive, &atA), kIpv4,
                                             devices.Get(0));
        const uint32_t count = 200;
        for (uint32_t i = 0; i < count; ++i)
        {
            Simulator::Schedule(MilliSeconds(20 * i), &Send, devices.Get(0), devices.Get(1), &atB);
            Simulator::Schedule(MilliSeconds(20 * i + 10), &Send, devices.Get(1), devices.Get(0),
                                &atA);
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        Simulator::Destroy();
        // ns-3's capture file names: PREFIX-NODE-DEVICE.pcap.
        std::string files[2];
        for (uint32_t i : {0u, 1u})
        {
            files[i] = prefix + "-" + std::to_string(pair.Get(i)->GetId()) + "-"
                     + std::to_string(devices.Get(i)->GetIfIndex()) + ".pcap";
        }
        // The devices' sniffer traces hold the files open: let them go.
        devices = NetDeviceContainer();
        pair = NodeContainer();
        for (const auto& [index, received] :
             {std::make_pair(0u, atA.oneWay.size()), std::make_pair(1u, atB.oneWay.size())})
        {
            const std::string& file = files[index];
            PcapFile pcap;
            pcap.Open(file, std::ios::in);
            NS_TEST_ASSERT_MSG_EQ(pcap.Fail(), false, "capture " << file);
            NS_TEST_ASSERT_MSG_EQ(pcap.GetDataLinkType(), 9u, "PPP link type");
            uint32_t records = 0;
            uint8_t buffer[2048];
            uint32_t sec = 0;
            uint32_t usec = 0;
            uint32_t inclLen = 0;
            uint32_t origLen = 0;
            uint32_t readLen = 0;
            while (true)
            {
                pcap.Read(buffer, sizeof buffer, sec, usec, inclLen, origLen, readLen);
                if (pcap.Fail() || pcap.Eof())
                {
                    break;
                }
                NS_TEST_ASSERT_MSG_EQ(origLen, kPayload + 2, "a frame with its PPP header");
                ++records;
            }
            NS_TEST_ASSERT_MSG_EQ(records, count + received,
                                  "the " << count << " frames sent and the " << received
                                         << " received");
        }
    }
};

class LinkHelperTestSuite : public TestSuite
{
  public:
    LinkHelperTestSuite() : TestSuite("ntp-peer-link-helper", UNIT)
    {
        AddTestCase(new LinkDelayTestCase, TestCase::QUICK);
        AddTestCase(new LinkLossTestCase, TestCase::QUICK);
        AddTestCase(new LinkStreamsPcapTestCase, TestCase::QUICK);
    }
};

LinkHelperTestSuite g_linkHelperTestSuite;

} // namespace
