#include "scenario-sampler.h"

#include <fstream>
#include <iomanip>

namespace ns3
{

namespace
{
constexpr int64_t kReadingNoiseStream = 20000;
} // namespace

void
NtpScenarioSampler::Start()
{
    const size_t samples = static_cast<size_t>(m_duration) + 1;
    times.reserve(samples);
    for (const std::string& name : m_topology.NodeNames())
    {
        Ptr<Node> node = m_topology.GetNode(name);
        Track track{NtpPeerHelper::GetClock(node),
                    NtpPeerHelper::GetService(node),
                    &offsets[name],
                    &synchronized[name],
                    &withinOfPeer[name],
                    &offsetsToPeer[name],
                    &estimatedOffsets[name],
                    &polls[name],
                    &states[name],
                    &readingErrors[name],
                    CreateObject<NormalRandomVariable>()};
        // A stream of its own, far from the topology's (nodes from 100,
        // links from 1000, attackers from 5000): the run draws what it
        // always drew, with or without --out.
        track.readingNoise->SetAttribute("Mean", DoubleValue(0));
        track.readingNoise->SetAttribute("Variance", DoubleValue(1));
        track.readingNoise->SetStream(kReadingNoiseStream + static_cast<int64_t>(m_tracks.size()));
        track.offsets->reserve(samples);
        track.synchronized->reserve(samples);
        track.within->reserve(samples);
        m_indexOf[node->GetId()] = m_tracks.size();
        m_tracks.push_back(track);
    }
    Simulator::Schedule(Seconds(0), &NtpScenarioSampler::Sample, this);
}

void
NtpScenarioSampler::Sample()
{
    times.push_back(Simulator::Now().GetSeconds());
    // Each clock is read once; a difference of two clocks is the
    // difference of their offsets to true time at the same instant.
    for (const Track& track : m_tracks)
    {
        track.offsets->push_back(track.clock->GetOffset());
    }
    for (const Track& track : m_tracks)
    {
        track.synchronized->push_back(track.service->IsSynchronized());
        Ptr<Node> peer = track.service->GetSystemPeerNode();
        const auto index = peer ? m_indexOf.find(peer->GetId()) : m_indexOf.end();
        const double toPeer = index != m_indexOf.end()
                                ? track.offsets->back() - m_tracks[index->second].offsets->back()
                                : std::nan("");
        track.within->push_back(std::fabs(toPeer) < 1e-3);
        if (m_detailed)
        {
            track.toPeer->push_back(toPeer);
            const ntp::Engine* engine = track.service->GetEngine();
            track.estimated->push_back(engine ? engine->System().offset : 0.0);
            track.polls->push_back(engine ? engine->System().poll : 0);
            track.states->push_back(engine ? std::optional(engine->GetDiscipline().State())
                                           : std::nullopt);
            track.readingErrors->push_back(track.clock->ReadingError(track.readingNoise));
        }
    }
    if (Simulator::Now().GetSeconds() + 1 <= m_duration)
    {
        Simulator::Schedule(Seconds(1), &NtpScenarioSampler::Sample, this);
    }
}

void
NtpScenarioSampler::WriteCsv(const std::filesystem::path& directory) const
{
    for (const std::string& name : m_topology.NodeNames())
    {
        std::ofstream csv(directory / (name + ".csv"));
        csv << "time_s,offset_to_true_time_s,offset_to_system_peer_s,estimated_offset_s,poll,"
               "state,synchronized,reading_error_s\n";
        csv << std::setprecision(12);
        for (size_t i = 0; i < times.size(); ++i)
        {
            const double toPeer = offsetsToPeer.at(name)[i];
            csv << times[i] << "," << offsets.at(name)[i] << ",";
            if (!std::isnan(toPeer))
            {
                csv << toPeer;
            }
            const auto& state = states.at(name)[i];
            csv << "," << estimatedOffsets.at(name)[i] << "," << polls.at(name)[i] << ","
                << (state ? ntp::ToString(*state) : std::string("none")) << ","
                << (synchronized.at(name)[i] ? 1 : 0) << "," << readingErrors.at(name)[i] << "\n";
        }
    }
}

} // namespace ns3
