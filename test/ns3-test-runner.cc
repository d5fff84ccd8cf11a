// Runs the module's ns-3 TestSuites (Debian ships no test-runner):
//   ntp-peer-ns3-test --list | --suite=NAME [--verbose]
#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
