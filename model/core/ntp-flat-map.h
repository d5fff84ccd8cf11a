/*
 * A small sorted-vector map for the per-packet lookups of the engine and the
 * service (associations by id and by remote endpoint, the ground-truth node
 * of an endpoint). A router has a handful of associations, a hub some
 * thousands; in both cases the entries sit in one or a few cache lines,
 * where a std::map puts each in a node of its own. At 10^4 routers and more
 * every router's state is out of cache when its next packet comes, so each
 * node visited is a cache miss (see doc, Performance).
 *
 * The subset of std::map (and, with Multi, std::multimap) the module uses,
 * same iteration order. Inserting or erasing moves the later entries and
 * invalidates iterators; the values of the engine's map are unique_ptrs, so
 * the associations themselves never move.
 */
#ifndef NTP_CORE_FLAT_MAP_H
#define NTP_CORE_FLAT_MAP_H

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ntp
{

template<typename Key, typename Value, bool Multi = false>
class FlatMap
{
  public:
    using value_type = std::pair<Key, Value>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    iterator begin()
    {
        return m_entries.begin();
    }

    iterator end()
    {
        return m_entries.end();
    }

    const_iterator begin() const
    {
        return m_entries.begin();
    }

    const_iterator end() const
    {
        return m_entries.end();
    }

    size_t size() const
    {
        return m_entries.size();
    }

    bool empty() const
    {
        return m_entries.empty();
    }

    void clear()
    {
        m_entries.clear();
    }

    iterator find(const Key& key)
    {
        const iterator at = LowerBound(key);
        return at != end() && !(key < at->first) ? at : end();
    }

    const_iterator find(const Key& key) const
    {
        return const_cast<FlatMap*>(this)->find(key);
    }

    size_t count(const Key& key) const
    {
        const auto [first, last] = equal_range(key);
        return static_cast<size_t>(last - first);
    }

    Value& at(const Key& key)
    {
        const iterator at = find(key);
        if (at == end())
        {
            throw std::out_of_range("FlatMap::at");
        }
        return at->second;
    }

    const Value& at(const Key& key) const
    {
        return const_cast<FlatMap*>(this)->at(key);
    }

    /// Inserts unless the key is there (a map), or after its equals (a multimap).
    std::pair<iterator, bool> emplace(const Key& key, Value value)
    {
        if constexpr (Multi)
        {
            const iterator after = std::upper_bound(
                begin(), end(), key, [](const Key& k, const value_type& e) { return k < e.first; });
            return {m_entries.emplace(after, key, std::move(value)), true};
        }
        else
        {
            const iterator at = LowerBound(key);
            if (at != end() && !(key < at->first))
            {
                return {at, false};
            }
            return {m_entries.emplace(at, key, std::move(value)), true};
        }
    }

    /// The value of `key`, inserted default-constructed if missing (a map only).
    Value& operator[](const Key& key)
    {
        static_assert(!Multi, "a multimap has no operator[]");
        return emplace(key, Value()).first->second;
    }

    iterator erase(const_iterator position)
    {
        return m_entries.erase(position);
    }

    std::pair<iterator, iterator> equal_range(const Key& key)
    {
        const iterator first = LowerBound(key);
        iterator last = first;
        while (last != end() && !(key < last->first))
        {
            ++last;
        }
        return {first, last};
    }

    std::pair<const_iterator, const_iterator> equal_range(const Key& key) const
    {
        return const_cast<FlatMap*>(this)->equal_range(key);
    }

  private:
    iterator LowerBound(const Key& key)
    {
        return std::lower_bound(begin(), end(), key,
                                [](const value_type& e, const Key& k) { return e.first < k; });
    }

    std::vector<value_type> m_entries;
};

} // namespace ntp

#endif // NTP_CORE_FLAT_MAP_H
