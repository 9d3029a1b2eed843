#pragma once

// Updating a list model's rows in place, shared by the signal and agreement models: rows that are
// gone are removed, rows that stay are moved to their new place and said to have changed only
// when they did, new ones are inserted; so a list's delegates and scroll position stay.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace usmodel {

/// What the model has to tell its views, with the row (or rows) concerned.
enum class RowOp { BeginRemove, EndRemove, BeginMove, EndMove, BeginInsert, EndInsert, Changed };

/// Makes `shown` equal to `wanted` (rows with an `id` and ==), calling `notify(op, first, last)`
/// around each step: for BeginMove `first` is where the row is and `last` where it goes (as
/// beginMoveRows' destinationChild).
template <class Row, class Notify>
void syncRows(std::vector<Row> &shown, std::vector<Row> wanted, Notify &&notify)
{
    auto hasId = [](const std::vector<Row> &list, const auto &id) {
        return std::any_of(list.begin(), list.end(), [&](const Row &r) { return r.id == id; });
    };
    for (int i = int(shown.size()) - 1; i >= 0; --i) {
        if (hasId(wanted, shown[std::size_t(i)].id))
            continue;
        notify(RowOp::BeginRemove, i, i);
        shown.erase(shown.begin() + i);
        notify(RowOp::EndRemove, i, i);
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        Row &row = wanted[i];
        const int at = int(i);
        if (i < shown.size() && shown[i].id == row.id) {
            if (!(shown[i] == row)) {
                shown[i] = std::move(row);
                notify(RowOp::Changed, at, at);
            }
            continue;
        }
        const auto found = std::find_if(shown.begin() + std::ptrdiff_t(i), shown.end(),
                                        [&](const Row &r) { return r.id == row.id; });
        if (found != shown.end()) {
            const int from = int(found - shown.begin());
            notify(RowOp::BeginMove, from, at);
            Row moved = std::move(*found);
            shown.erase(found);
            shown.insert(shown.begin() + std::ptrdiff_t(i), std::move(moved));
            notify(RowOp::EndMove, from, at);
            if (!(shown[i] == row)) {
                shown[i] = std::move(row);
                notify(RowOp::Changed, at, at);
            }
            continue;
        }
        notify(RowOp::BeginInsert, at, at);
        shown.insert(shown.begin() + std::ptrdiff_t(i), std::move(row));
        notify(RowOp::EndInsert, at, at);
    }
    if (shown.size() > wanted.size()) {
        const int first = int(wanted.size());
        const int last = int(shown.size()) - 1;
        notify(RowOp::BeginRemove, first, last);
        shown.resize(wanted.size());
        notify(RowOp::EndRemove, first, last);
    }
}

} // namespace usmodel
