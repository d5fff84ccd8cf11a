/*
 * The core's Random: a seeded std::mt19937_64, so that poll jitter and
 * timestamp fuzz repeat from run to run with the same --seed.
 */
#ifndef NTP_WIRE_SEEDED_RANDOM_H
#define NTP_WIRE_SEEDED_RANDOM_H

#include "ntp-host.h"

#include <cstdint>
#include <random>

namespace ntp::wire
{

class SeededRandom : public Random
{
  public:
    explicit SeededRandom(uint64_t seed)
        : m_engine(seed)
    {
    }

    double Uniform() override
    {
        return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine);
    }

  private:
    std::mt19937_64 m_engine;
};

} // namespace ntp::wire

#endif // NTP_WIRE_SEEDED_RANDOM_H
