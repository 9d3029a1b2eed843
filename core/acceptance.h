#pragma once

// Internal to core: how a shared signal (core/signalbook.cpp) and an agreement
// (core/agreements.cpp) record that a partner agreed to them (docs/decisions.md §21).
//
// Each member's acceptance of an item is a couple row of its own, `acceptance`, with the id
// "<entity>:<rowId>:<memberId>", holding a fingerprint of the text that member agreed to. An
// item counts (a signal "ours", an agreement active) only while the acceptance of a member who
// did not propose its current text has the fingerprint of that text. One row per member means
// that a stale acceptance from one partner's offline device never overwrites the other
// partner's valid one: merge keeps the later write of each row, and the rows are apart.

#include "clock.h"
#include "database.h"
#include "reveal.h"
#include "store.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hearth::detail {

/// What an acceptance records of the text it saw: any later change of either part no longer
/// matches it. The parts are joined as a JSON list, so no choice of characters inside them makes
/// two different texts alike.
inline std::string textFingerprint(const std::string &first, const std::string &second)
{
    return reveal::fingerprint(nlohmann::json::array({first, second}).dump());
}

inline std::string acceptanceId(const std::string &entity, const std::string &rowId,
                                const std::string &memberId)
{
    return entity + ":" + rowId + ":" + memberId;
}

struct Acceptance {
    std::string memberId;
    Millis at = 0;
};

/// The acceptance that makes the item agreed, if any: by a member other than `proposedBy`, of
/// the text whose fingerprint is `fingerprint`.
inline std::optional<Acceptance> validAcceptance(Store &store, const std::string &entity,
                                                 const std::string &rowId,
                                                 const std::string &proposedBy,
                                                 const std::string &fingerprint)
{
    auto st = store.db().cached(
        "SELECT memberId, at FROM acceptance WHERE entity = ?1 AND rowId = ?2 AND cl % 2 = 1 "
        "AND memberId <> ?3 AND fingerprint = ?4 ORDER BY at DESC, memberId LIMIT 1");
    st->bind(1, entity).bind(2, rowId).bind(3, proposedBy).bind(4, fingerprint);
    if (!st->step())
        return std::nullopt;
    return Acceptance{st->text(0), st->integer(1)};
}

/// `memberId` accepts the item as its text reads now (`fingerprint`); a therapist's policy is
/// accepted in the `care` scope (core/care.h).
inline Mutation acceptanceMutation(const std::string &entity, const std::string &rowId,
                                   const std::string &memberId, const std::string &fingerprint,
                                   Millis at, const std::string &scope = "couple")
{
    return Mutation{Mutation::Kind::Upsert, "acceptance", acceptanceId(entity, rowId, memberId),
                    scope,
                    {{"entity", entity}, {"rowId", rowId}, {"memberId", memberId},
                     {"fingerprint", fingerprint}, {"at", at}}};
}

/// Withdraws every acceptance of the item known here, as when a partner suggests another text:
/// were the text to come back to one accepted before, the other partner is asked again. An
/// acceptance that crosses this (both offline) is of an older text and no longer matches.
inline std::vector<Mutation> withdrawals(Store &store, const std::string &entity,
                                         const std::string &rowId)
{
    std::vector<Mutation> out;
    auto st = store.db().cached("SELECT id FROM acceptance WHERE entity = ?1 AND rowId = ?2 "
                                "AND cl % 2 = 1 AND coalesce(fingerprint, '') <> '' ORDER BY id");
    st->bind(1, entity).bind(2, rowId);
    while (st->step())
        out.push_back(Mutation{Mutation::Kind::Update, "acceptance", st->text(0), "",
                               {{"fingerprint", ""}, {"at", 0}}});
    return out;
}

} // namespace hearth::detail
