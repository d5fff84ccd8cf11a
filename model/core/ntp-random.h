/*
 * A seeded Random for hosts without a random stream of their own (the socket
 * tool, the test host): the same seed gives the same run.
 */
#ifndef NTP_CORE_RANDOM_H
#define NTP_CORE_RANDOM_H

#include "ntp-host.h"

#include <cstdint>
#include <random>

namespace ntp
{

class SeededRandom : public Random
{
  public:
    explicit SeededRandom(uint64_t seed) : m_engine(seed) {}

    double Uniform() override
    {
        return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine);
    }

  private:
    std::mt19937_64 m_engine;
};

} // namespace ntp

#endif // NTP_CORE_RANDOM_H
