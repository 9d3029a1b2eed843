#include "fairreveal.h"

#include "errors.h"
#include "reveal.h"
#include "store.h"

#include <algorithm>
#include <vector>

namespace hearth::fair {

using nlohmann::json;

namespace {

/// The kinds of sealed answers, and which of a row's columns make "the same question" that two
/// partners answer.
struct SealedKind {
    const char *entity;
    const char *sameQuestion; ///< SQL: a's and b's columns that must match
};

constexpr SealedKind kKinds[] = {
    {"checkin_answer", "b.checkinId = a.checkinId"},
    {"repair_step", "b.repairId = a.repairId AND b.stepId = a.stepId"},
};

std::string revealId(std::string_view entity, const std::string &rowId)
{
    return std::string(entity) + ":" + rowId;
}

} // namespace

std::string memberId(Store &store)
{
    const auto member = store.meta("member_id");
    if (!member)
        throw StorageError("This profile has not been set up yet.");
    return *member;
}

std::string textOf(const json &row, const char *field)
{
    const auto it = row.find(field);
    return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t numberOf(const json &row, const char *field)
{
    const auto it = row.find(field);
    return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::size_t characters(const std::string &text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool hasText(const std::string &text)
{
    return text.find_first_not_of(" \t\r\n\v\f") != std::string::npos;
}

bool answered(const json &value)
{
    if (value.is_string())
        return hasText(value.get_ref<const std::string &>());
    if (value.is_array() || value.is_object())
        return std::any_of(value.begin(), value.end(), [](const json &v) { return answered(v); });
    return !value.is_null();
}

void submit(Store &store, std::string_view entity, const std::string &rowId, json fields,
            const json &payload, const std::string &conversation, const std::string &memberId,
            bool shared)
{
    const reveal::AnswerKey key = reveal::AnswerKey::generate();
    const std::string sealed = reveal::seal(payload.dump(), key, conversation, memberId);
    const std::string fingerprint = reveal::fingerprint(sealed);
    fields["memberId"] = memberId;
    fields["sealed"] = sealed;
    fields["fingerprint"] = fingerprint;
    fields["submittedAt"] = store.clock().nowMs();
    // One apply: the sealed answer and its key carry the same stamp, so on every device of the
    // author the winning key is the one that opens the winning answer.
    const json keyFields = {{"entity", entity}, {"rowId", rowId}, {"key", key.text()},
                            {"fingerprint", fingerprint}};
    std::vector<Mutation> batch = {
        {Mutation::Kind::Upsert, std::string(entity), rowId, "couple", std::move(fields)},
        {Mutation::Kind::Upsert, "reveal_secret", revealId(entity, rowId), "private", keyFields},
    };
    // A shared answer is for the partner to read at once: its key is published with it.
    if (shared)
        batch.push_back({Mutation::Kind::Upsert, "reveal_key", revealId(entity, rowId), "couple", keyFields});
    store.apply(batch);
    revealDue(store);
}

std::optional<json> open(Store &store, std::string_view entity, const SealedRow &row,
                         const std::string &conversation, bool mine)
{
    // Mine opens with my secret; once revealed, also with the published key: a device of mine
    // that never held the secret (one that joined later, say) still reads what I answered.
    const std::string id = revealId(entity, row.id);
    auto keyRow = mine ? store.row("reveal_secret", id) : std::nullopt;
    if (!keyRow || textOf(*keyRow, "fingerprint") != row.fingerprint)
        keyRow = store.row("reveal_key", id);
    if (!keyRow || textOf(*keyRow, "fingerprint") != row.fingerprint)
        return std::nullopt;
    try {
        json opened = json::parse(reveal::open(row.sealed, reveal::AnswerKey::fromText(textOf(*keyRow, "key")),
                                               conversation, row.memberId));
        if (opened.is_object())
            return opened;
    } catch (const ProtocolError &) {
        // Damaged or forged: it stays unopened, and is never shown as text.
    } catch (const json::exception &) {
    }
    return std::nullopt;
}

std::size_t revealDue(Store &store)
{
    const auto me = store.meta("member_id");
    if (!me)
        return 0; // a device that has not joined a couple yet has nothing to reveal
    std::vector<Mutation> publish;
    for (const SealedKind &kind : kKinds) {
        struct Due {
            std::string id;
            std::string fingerprint;
        };
        std::vector<Due> due;
        {
            // My answers whose partner answer is there too.
            const std::string table = kind.entity;
            auto st = store.db().cached(
                "SELECT a.id, a.fingerprint FROM " + table + " a WHERE a.cl % 2 = 1 AND a.memberId = ?1 "
                "AND EXISTS (SELECT 1 FROM " + table + " b WHERE " + kind.sameQuestion
                + " AND b.cl % 2 = 1 AND b.memberId <> ?1)");
            st->bind(1, *me);
            while (st->step())
                due.push_back({st->text(0), st->text(1)});
        }
        for (const Due &d : due) {
            const std::string id = revealId(kind.entity, d.id);
            const auto secret = store.row("reveal_secret", id);
            // My key for exactly this revision (another device of mine may have edited it since).
            if (!secret || textOf(*secret, "fingerprint") != d.fingerprint)
                continue;
            const auto published = store.row("reveal_key", id);
            if (published && textOf(*published, "fingerprint") == d.fingerprint)
                continue;
            publish.push_back({Mutation::Kind::Upsert, "reveal_key", id, "couple",
                               {{"entity", kind.entity}, {"rowId", d.id},
                                {"key", textOf(*secret, "key")}, {"fingerprint", d.fingerprint}}});
        }
    }
    if (!publish.empty())
        store.apply(publish);
    return publish.size();
}

} // namespace hearth::fair
