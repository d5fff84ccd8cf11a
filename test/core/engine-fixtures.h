/*
 * Engine fixtures shared by the core's engine and security tests: keys,
 * association configurations, and the two-router scenario on a virtual host.
 */
#ifndef NTP_TEST_ENGINE_FIXTURES_H
#define NTP_TEST_ENGINE_FIXTURES_H

#include "ntp-engine.h"
#include "virtual-host.h"

#include <boost/test/unit_test.hpp>

namespace ntp::test
{

inline Key
MakeKey(uint32_t id, MacAlgorithm algorithm, const std::string& secret)
{
    Key key;
    key.id = id;
    key.algorithm = algorithm;
    key.secret.assign(secret.begin(), secret.end());
    return key;
}

inline AssociationConfig
PeerConfig(const std::string& address, uint32_t keyId = 0)
{
    AssociationConfig c;
    c.mode = AssociationMode::SymmetricActive;
    c.remote = Endpoint{Ip(address), kNtpPort};
    c.keyId = keyId;
    return c;
}

inline AssociationConfig
LocalReference(int stratum)
{
    AssociationConfig c;
    c.mode = AssociationMode::LocalReference;
    c.localStratum = stratum;
    return c;
}

/**
 * The router scenario: A uses its own clock as reference at stratum 2 and
 * has no peer configured; B is a proactive (symmetric active) peer of A.
 */
struct TwoRouters
{
    explicit TwoRouters(double offsetB = 0.1, double driftB = 50e-6, double delay = 0.005,
                        const Parameters& parameters = Parameters()) :
        network(loop, 7),
        a(loop, network, "10.0.0.1", 0.0, 0.0, parameters, 11),
        b(loop, network, "10.0.0.2", offsetB, driftB, parameters, 22)
    {
        network.SetDelay("10.0.0.1", "10.0.0.2", delay);
        network.SetDelay("10.0.0.2", "10.0.0.1", delay);
        BOOST_REQUIRE(!a.engine->AddAssociation(LocalReference(2)));
    }

    void Start()
    {
        a.engine->Start();
        b.engine->Start();
    }

    /// B minus A, from ground truth.
    double TrueOffset() const
    {
        return b.clock.TrueOffset() - a.clock.TrueOffset();
    }

    EventLoop loop;
    VirtualNetwork network;
    VirtualNode a;
    VirtualNode b;
};

/// ntpd with "disable auth": any symmetric-active packet mobilizes a passive association.
inline Parameters
WithoutAuth()
{
    Parameters p;
    p.authenticate = false;
    return p;
}

inline size_t
PassiveCount(const Engine& engine)
{
    size_t n = 0;
    for (const Association* association : engine.Associations())
    {
        n += association->GetMode() == AssociationMode::SymmetricPassive ? 1 : 0;
    }
    return n;
}

} // namespace ntp::test

#endif // NTP_TEST_ENGINE_FIXTURES_H
