// FlatMap (ntp-flat-map.h) stands in for std::map and std::multimap in the
// engine and the service: it must give the same lookups and the same
// iteration order. Each case runs the same operations on FlatMap and on the
// standard container and compares the contents.
#define BOOST_TEST_DYN_LINK
#include "ntp-flat-map.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <stdexcept>
#include <vector>

using namespace ntp;

namespace
{

template<typename Flat, typename Standard>
void
CheckSameContents(const Flat& flat, const Standard& standard)
{
    std::vector<std::pair<int, int>> a(flat.begin(), flat.end());
    std::vector<std::pair<int, int>> b(standard.begin(), standard.end());
    BOOST_TEST(a == b);
}

} // namespace

BOOST_AUTO_TEST_SUITE(flat_map)

BOOST_AUTO_TEST_CASE(map_inserts_finds_and_erases_as_std_map_does)
{
    FlatMap<int, int> flat;
    std::map<int, int> standard;
    // Keys out of order, a repeated key (kept, as std::map keeps the first).
    for (int key : {5, 1, 9, 3, 5, 7, 1})
    {
        const bool inserted = flat.emplace(key, key * 10 + static_cast<int>(flat.size())).second;
        const bool inStandard
            = standard.emplace(key, key * 10 + static_cast<int>(standard.size())).second;
        BOOST_TEST(inserted == inStandard);
    }
    CheckSameContents(flat, standard);
    BOOST_TEST(flat.count(3) == 1U);
    BOOST_TEST(flat.count(4) == 0U);
    BOOST_TEST((flat.find(4) == flat.end()));
    BOOST_TEST(flat.at(9) == standard.at(9));
    BOOST_CHECK_THROW(flat.at(4), std::out_of_range);
    ++flat[4];
    ++standard[4];
    ++flat[9];
    ++standard[9];
    CheckSameContents(flat, standard);
    flat.erase(flat.find(5));
    standard.erase(standard.find(5));
    CheckSameContents(flat, standard);
}

BOOST_AUTO_TEST_CASE(multimap_keeps_equal_keys_in_insertion_order)
{
    // The engine relies on it: associations with the same remote endpoint
    // are matched lowest id (first mobilized) first.
    FlatMap<int, int, true> flat;
    std::multimap<int, int> standard;
    int id = 0;
    for (int key : {2, 1, 2, 3, 2, 1})
    {
        flat.emplace(key, ++id);
        standard.emplace(key, id);
    }
    CheckSameContents(flat, standard);
    const auto [first, last] = flat.equal_range(2);
    std::vector<int> ids;
    for (auto entry = first; entry != last; ++entry)
    {
        ids.push_back(entry->second);
    }
    BOOST_TEST(ids == (std::vector<int>{1, 3, 5}));
    BOOST_TEST(flat.count(2) == 3U);
    BOOST_TEST(flat.count(4) == 0U);
    const auto [none, noneEnd] = flat.equal_range(4);
    BOOST_TEST((none == noneEnd));
}

BOOST_AUTO_TEST_SUITE_END()
