// Single translation unit that provides main() for the core unit tests.
#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE ntp-peer-core
#include <boost/test/unit_test.hpp>
