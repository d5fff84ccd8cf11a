// Single translation unit that provides main() for the core unit tests.
#define BOOST_TEST_DYN_LINK
// clang-format off
#define BOOST_TEST_MODULE ntp-peer-core
// clang-format on
#include <boost/test/unit_test.hpp>
