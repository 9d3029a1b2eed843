#include "agreements.h"

#include "acceptance.h"
#include "contentlibrary.h"
#include "database.h"
#include "errors.h"
#include "fairreveal.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"
#include "textcheck.h"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <tuple>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kColumns =
    "id, situation, action, proposedBy, proposedAt, status, revisitText, reviewOn, repairId";

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

/// What an acceptance (core/acceptance.h), and a mark to revisit, record of the agreement's
/// text: a later change of either part no longer matches it.
std::string fingerprintOf(const Agreement &a)
{
    return detail::textFingerprint(a.situation, a.action);
}

/// A real calendar date written "YYYY-MM-DD".
bool isDate(const std::string &text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    const date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    return ymd.ok();
}

/// A review date: "" for none, else a date after `today` (both "YYYY-MM-DD", which sort as text).
void checkReviewDate(const std::string &reviewOn, const std::string &today)
{
    if (reviewOn.empty())
        return;
    if (!isDate(reviewOn))
        throw ValidationError("reviewOn", "Give the review date as YYYY-MM-DD, like " + today + ".");
    if (reviewOn <= today)
        throw ValidationError("reviewOn", "Choose a review date after today.");
}

/// An agreement as its row and its acceptances say.
Agreement readRow(Store &store, const Statement &st)
{
    Agreement a;
    a.id = st.text(0);
    a.situation = st.text(1);
    a.action = st.text(2);
    a.proposedBy = st.text(3);
    a.proposedAt = st.integer(4);
    const std::string storedStatus = st.text(5);
    const std::string revisitText = st.text(6);
    a.reviewOn = st.text(7);
    a.repairId = st.text(8);
    const std::string text = fingerprintOf(a);
    // Agreed only when the one who did not propose it agreed to exactly what it says now: an
    // edit that crossed the agreement (both offline) leaves it proposed (core/agreements.h).
    // "To revisit" holds for the text it was marked on: agreeing to a new wording is the
    // revisit done, without writing the status, so a retirement made meanwhile stays.
    const auto agreed = detail::validAcceptance(store, "agreement", a.id, a.proposedBy, text);
    if (agreed) {
        a.agreedBy = agreed->memberId;
        a.agreedAt = agreed->at;
    }
    if (storedStatus == "retired")
        a.status = "retired";
    else if (!agreed)
        a.status = "proposed";
    else if (storedStatus == "revisit" && revisitText == text)
        a.status = "revisit";
    else
        a.status = "active";
    return a;
}

std::string reviewToldKey(const Agreement &a)
{
    return "agreement_review_told_" + a.id + "_" + a.reviewOn;
}

} // namespace

Agreements::Agreements(Store &store, const ContentLibrary &content) : m_store(store), m_content(content)
{
}

std::string Agreements::me()
{
    return fair::memberId(m_store);
}

std::string Agreements::today()
{
    std::string zone = RitualBook(m_store).profile().me.timeZone;
    if (!isValidTimeZone(zone))
        zone = "UTC";
    return utcToLocal(m_store.clock().nowMs(), zone).substr(0, 10);
}

namespace {

/// The situation and action of a draft, trimmed and checked.
std::pair<std::string, std::string> checkedText(const AgreementDraft &draft)
{
    detail::checkUtf8("situation", draft.situation);
    detail::checkUtf8("action", draft.action);
    std::string situation = trimmed(draft.situation);
    std::string action = trimmed(draft.action);
    if (situation.empty())
        throw ValidationError("situation", "Say when this applies, like \"When I'm running late\".");
    if (fair::characters(situation) > Agreements::kMaxSituation)
        throw ValidationError("situation", "Keep the situation to "
                                               + std::to_string(Agreements::kMaxSituation)
                                               + " characters.");
    if (action.empty())
        throw ValidationError("action", "Say what you will do then, like \"I text you before six\".");
    if (fair::characters(action) > Agreements::kMaxAction)
        throw ValidationError("action", "Keep what you will do to "
                                            + std::to_string(Agreements::kMaxAction)
                                            + " characters.");
    return {std::move(situation), std::move(action)};
}

std::int64_t notRetired(Store &store)
{
    return store.db()
        .queryInt("SELECT count(*) FROM agreement WHERE cl % 2 = 1 "
                  "AND coalesce(status, '') <> 'retired'")
        .value_or(0);
}

} // namespace

std::string Agreements::propose(const AgreementDraft &draft)
{
    auto [situation, action] = checkedText(draft);
    checkReviewDate(draft.reviewOn, today());
    if (!draft.repairId.empty() && !m_store.row("repair", draft.repairId))
        throw ValidationError("repairId", "There is no such repair.");
    if (notRetired(m_store) >= static_cast<std::int64_t>(kMaxAgreements))
        throw ValidationError("situation", "You keep " + std::to_string(kMaxAgreements)
                                               + " agreements already: retire one you no longer "
                                                 "need first.");
    const Profile profile = RitualBook(m_store).profile();
    const std::string id = m_store.newId();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "agreement", id, "couple",
                           {{"spaceId", profile.space.id}, {"situation", situation},
                            {"action", action}, {"proposedBy", profile.me.id},
                            {"proposedAt", m_store.clock().nowMs()}, {"status", "proposed"},
                            {"revisitText", ""}, {"reviewOn", draft.reviewOn},
                            {"repairId", draft.repairId}}});
    return id;
}

AgreementDraft Agreements::fromCommitment(const std::string &commitmentId)
{
    const std::vector<Commitment> all = Repairs(m_store, m_content).commitments();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const Commitment &c) { return c.id == commitmentId; });
    if (it == all.end())
        throw ValidationError("commitment", "There is no such plan among your commitments.");
    AgreementDraft draft;
    std::string title;
    if (const auto repair = m_store.row("repair", it->repairId))
        title = trimmed(fair::textOf(*repair, "title"));
    // The repair's name says which kind of moment the plan is for; the couple rewords it.
    draft.situation = title.empty() ? std::string() : "After: " + title;
    draft.action = trimmed(it->text);
    draft.repairId = it->repairId;
    return draft;
}

void Agreements::agree(const std::string &agreementId)
{
    const auto found = agreement(agreementId);
    if (!found)
        throw ValidationError("agreement", "There is no such agreement.");
    const Agreement &a = *found;
    if (a.status == "retired")
        throw ValidationError("agreement", "This agreement is retired.");
    if (a.status != "proposed")
        throw ValidationError("agreement", "You have both agreed to this already.");
    const std::string member = me();
    if (a.proposedBy == member)
        throw ValidationError("agreement", "You proposed this one: it is your partner's to agree to.");
    // My own acceptance row, and never the status: a new wording of one marked to revisit reads
    // active once agreed to (readRow), and a retirement the other partner made meanwhile,
    // offline, stays a retirement.
    m_store.apply(detail::acceptanceMutation("agreement", agreementId, member, fingerprintOf(a),
                                             m_store.clock().nowMs()));
}

void Agreements::suggestChange(const std::string &agreementId, const AgreementDraft &draft)
{
    const auto a = agreement(agreementId);
    if (!a)
        throw ValidationError("agreement", "There is no such agreement.");
    if (a->status == "retired")
        throw ValidationError("agreement", "This agreement is retired.");
    auto [situation, action] = checkedText(draft);
    // A review date left as it was is not asked to lie after today again (it may be due today).
    if (draft.reviewOn != a->reviewOn)
        checkReviewDate(draft.reviewOn, today());
    if (situation == a->situation && action == a->action) {
        if (draft.reviewOn == a->reviewOn)
            throw ValidationError("situation", "That is how it reads now: change what it says.");
        // Only the date changes: not a change of what was agreed.
        m_store.apply(Mutation{Mutation::Kind::Update, "agreement", agreementId, "",
                               {{"reviewOn", draft.reviewOn}}});
        return;
    }
    // The new text waits for the partner's agreement: the acceptances known here are withdrawn
    // (were the text to come back to an earlier one, it is asked again). Both changing it at
    // once, offline: each field keeps its later write, so the later text wins whole, proposed by
    // its writer; an agreement that crosses it is of another text and no longer matches
    // (readRow). The review date is written only when it changes, so a date my partner set
    // meanwhile is not put back.
    json fields = {{"situation", situation}, {"action", action}, {"proposedBy", me()},
                   {"proposedAt", m_store.clock().nowMs()}};
    if (draft.reviewOn != a->reviewOn)
        fields["reviewOn"] = draft.reviewOn;
    std::vector<Mutation> batch = {
        Mutation{Mutation::Kind::Update, "agreement", agreementId, "", std::move(fields)}};
    for (Mutation &withdrawn : detail::withdrawals(m_store, "agreement", agreementId))
        batch.push_back(std::move(withdrawn));
    m_store.apply(batch);
}

void Agreements::setStatus(const std::string &agreementId, const std::string &status)
{
    if (status != "active" && status != "revisit" && status != "retired")
        throw ValidationError("status", "An agreement is active, to revisit or retired.");
    const auto found = agreement(agreementId);
    if (!found)
        throw ValidationError("agreement", "There is no such agreement.");
    const Agreement &a = *found;
    if (a.status == status)
        return;
    if (status != "retired") {
        // Active or to revisit only as both agreed to it; a retired one may come back so.
        if (a.agreedBy.empty())
            throw ValidationError("status", "It counts once you have both agreed to it as it "
                                            "reads: agree to it, or suggest a change.");
        if (a.status == "retired" && notRetired(m_store) >= static_cast<std::int64_t>(kMaxAgreements))
            throw ValidationError("status", "You keep " + std::to_string(kMaxAgreements)
                                                + " agreements already: retire one you no longer "
                                                  "need first.");
    }
    json fields = {{"status", status}};
    // To revisit is bound to the text it was marked on: once a new wording is agreed to, it reads
    // active again (readRow).
    if (status == "revisit")
        fields["revisitText"] = fingerprintOf(a);
    m_store.apply(Mutation{Mutation::Kind::Update, "agreement", agreementId, "", std::move(fields)});
}

void Agreements::setReviewDate(const std::string &agreementId, const std::string &reviewOn)
{
    const auto a = agreement(agreementId);
    if (!a)
        throw ValidationError("agreement", "There is no such agreement.");
    if (a->status == "retired")
        throw ValidationError("agreement", "This agreement is retired.");
    checkReviewDate(reviewOn, today());
    if (reviewOn == a->reviewOn)
        return;
    // Not a change of what was agreed: the agreement stays as it is.
    m_store.apply(Mutation{Mutation::Kind::Update, "agreement", agreementId, "", {{"reviewOn", reviewOn}}});
}

std::vector<Agreement> Agreements::list()
{
    std::vector<Agreement> out;
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kColumns
                                      + " FROM agreement WHERE cl % 2 = 1");
        while (st->step())
            out.push_back(readRow(m_store, *st));
    }
    const std::string day = today();
    const std::string member = me();
    for (Agreement &a : out)
        a.reviewDue = (a.status == "active" || a.status == "revisit") && !a.reviewOn.empty()
                      && a.reviewOn <= day;
    // Proposed (waiting for me, then for my partner; newest first), then active and to revisit
    // (review due, then by review date, none last), then retired (newest first).
    const auto key = [&](const Agreement &a) {
        if (a.status == "proposed")
            return std::make_tuple(a.proposedBy != member ? 0 : 1, std::string(), -a.proposedAt, a.id);
        if (a.status == "retired")
            return std::make_tuple(5, std::string(), -a.proposedAt, a.id);
        const int group = a.reviewDue ? 2 : a.reviewOn.empty() ? 4 : 3;
        return std::make_tuple(group, a.reviewOn, -a.proposedAt, a.id);
    };
    std::sort(out.begin(), out.end(),
              [&](const Agreement &a, const Agreement &b) { return key(a) < key(b); });
    return out;
}

std::optional<Agreement> Agreements::agreement(const std::string &agreementId)
{
    Agreement a;
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kColumns
                                      + " FROM agreement WHERE id = ?1 AND cl % 2 = 1");
        st->bind(1, agreementId);
        if (!st->step())
            return std::nullopt;
        a = readRow(m_store, *st);
    }
    a.reviewDue = (a.status == "active" || a.status == "revisit") && !a.reviewOn.empty()
                  && a.reviewOn <= today();
    return a;
}

std::vector<AgreementNotice> Agreements::takeReviewNotices()
{
    std::vector<AgreementNotice> out;
    for (Agreement &a : list())
        if (a.reviewDue && !m_store.meta(reviewToldKey(a)))
            out.push_back({std::move(a)});
    if (!out.empty()) {
        // Once per agreement and review date on this device; a new date gives a new reminder.
        const std::string now = std::to_string(m_store.clock().nowMs());
        Transaction tx(m_store.db());
        for (const AgreementNotice &n : out)
            m_store.setMeta(reviewToldKey(n.agreement), now);
        tx.commit();
    }
    return out;
}

} // namespace hearth
