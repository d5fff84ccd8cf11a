/*
 * A stable sort for the handful of elements the protocol sorts per sample
 * (eight filter stages, a few selection survivors): insertion sort, which
 * allocates nothing, where std::stable_sort asks for a temporary buffer on
 * every call.
 */
#ifndef NTP_CORE_SMALL_SORT_H
#define NTP_CORE_SMALL_SORT_H

#include <iterator>
#include <utility>

namespace ntp
{

/// Sorts [first, last) by `less`, keeping equal elements in their order.
template<typename Iterator, typename Less>
void
StableSortSmall(Iterator first, Iterator last, Less less)
{
    if (first == last)
    {
        return;
    }
    for (Iterator i = std::next(first); i != last; ++i)
    {
        auto moving = std::move(*i);
        Iterator j = i;
        for (; j != first && less(moving, *std::prev(j)); --j)
        {
            *j = std::move(*std::prev(j));
        }
        *j = std::move(moving);
    }
}

} // namespace ntp

#endif // NTP_CORE_SMALL_SORT_H
