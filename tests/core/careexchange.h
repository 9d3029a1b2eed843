#pragma once

// Care tests: stores exchanging their change logs as sync would, including a therapist's replica,
// which receives only `care` changes (the server refuses it every other scope).
#include "care.h"
#include "errors.h"
#include "fairreveal.h"
#include "needs.h"
#include "store.h"

#include <QTest>

#include <functional>
#include <string>
#include <vector>

namespace hearth::test {

inline constexpr Millis kDay = 86'400'000;
/// The therapist's member id in the couple's space.
inline const std::string kTherapist = "7e1a0c0ffee00001";
inline const CarePolicy kPolicy{"no-secrets", "What one of you tells me alone, I may bring to our sessions."};

/// Runs `write`, which must throw ValidationError naming `field`.
inline void refuses(const std::string &field, const std::function<void()> &write)
{
    try {
        write();
        QFAIL(("accepted what should be refused for " + field).c_str());
    } catch (const ValidationError &e) {
        QCOMPARE(e.field(), field);
    }
}

/// A reflection's answers: `text` to the one prompt.
inline nlohmann::json answer(const std::string &text)
{
    return nlohmann::json::array({{{"prompt", "What did you notice?"}, {"text", text}}});
}

/// A custom exercise as a therapist writes one; `who` as Exercise::who.
inline Exercise ownExercise(const std::string &who = {})
{
    Exercise e;
    e.title = "Two-minute check";
    e.purpose = "Notice how each of you is arriving at the end of the day.";
    e.who = who;
    e.minutes = 5;
    e.steps = {"Sit down together.", "Each says one word for how the day was."};
    e.prompts = {"What did you hear?"};
    return e;
}

/// Every store's whole log to every other (merging is idempotent): private rows only between
/// stores of the same member, only `care` rows to a therapist's replica; after each merge, what
/// the sync client runs. Twice, so that what a settle step wrote goes out too.
inline void exchangeCare(const std::vector<Store *> &stores)
{
    for (int round = 0; round < 2; ++round)
        for (Store *from : stores)
            for (Store *to : stores) {
                if (from == to)
                    continue;
                const bool samePerson = from->meta("member_id") == to->meta("member_id");
                const bool therapist = to->meta("sync.role").value_or("") == "therapist";
                std::vector<Change> changes;
                for (auto &[seq, change] : from->changeLog(0, 100000))
                    if ((change.scope != "private" || samePerson) && (!therapist || change.scope == "care"))
                        changes.push_back(change);
                to->merge(changes);
                fair::revealDue(*to);
                settleSharedCopies(*to);
                settleCare(*to);
            }
}

} // namespace hearth::test
