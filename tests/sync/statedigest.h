#pragma once

// What two replicas must agree on, for the sync tests.

#include "database.h"
#include "entity.h"
#include "store.h"

#include <string>

namespace hearth::test {

/// Every row of every entity table whose scope is shared (couple or care), with its values and
/// clocks: equal on two partners' devices once they have synced. (Store::stateHash covers
/// private rows too, which only one person's own devices share.)
inline std::string sharedDigest(Store &store)
{
    std::string out;
    for (const EntityDef &def : entities()) {
        auto st = store.db().cached("SELECT * FROM " + quoteIdentifier(def.table)
                                    + " WHERE scope != 'private' ORDER BY id");
        while (st->step()) {
            for (int i = 0; i < st->columnCount(); ++i)
                out += (st->isNull(i) ? std::string("~") : st->text(i)) + "|";
            out += "\n";
        }
    }
    return out;
}

} // namespace hearth::test
