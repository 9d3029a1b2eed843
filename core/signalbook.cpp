#include "signalbook.h"

#include "acceptance.h"
#include "contentlibrary.h"
#include "database.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"
#include "store.h"
#include "textcheck.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <tuple>

namespace hearth {

namespace {

constexpr const char *kSignalColumns = "id, word, meaning, proposedBy, proposedAt, status";
constexpr const char *kMessageColumns =
    "id, kind, signalId, text, meaning, untilAt, sentBy, sentAt, reply, replyText, replyUntil, "
    "repliedAt";

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

/// What an acceptance records of the signal's text (core/acceptance.h).
std::string fingerprintOf(const SharedSignal &s)
{
    return detail::textFingerprint(s.word, s.meaning);
}

/// A word compared as a person would: the same letters in any case (ASCII, and the accented
/// Latin letters of U+00C0 to U+00DE, which lower by adding 0x20 to their second UTF-8 byte).
std::string folded(std::string_view word)
{
    std::string out(word);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 0x20);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) // not U+00D7, the multiplication sign
                out[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return out;
}

/// A signal as its row and its acceptances say.
SharedSignal readSignal(Store &store, const Statement &st)
{
    SharedSignal s;
    s.id = st.text(0);
    s.word = st.text(1);
    s.meaning = st.text(2);
    s.proposedBy = st.text(3);
    s.proposedAt = st.integer(4);
    const std::string storedStatus = st.text(5);
    // Ours only when the one who did not propose it accepted exactly what it says now; an edit
    // that crossed the acceptance leaves it proposed (core/signalbook.h). The stored status says
    // only proposed or retired, so an acceptance never races a retirement.
    if (storedStatus == "retired") {
        s.status = "retired";
    } else if (const auto accepted = detail::validAcceptance(store, "signal", s.id, s.proposedBy,
                                                             fingerprintOf(s))) {
        s.status = "ours";
        s.acceptedBy = accepted->memberId;
        s.acceptedAt = accepted->at;
    } else {
        s.status = "proposed";
    }
    return s;
}

SignalMessage readMessage(const Statement &st)
{
    SignalMessage m;
    m.id = st.text(0);
    m.kind = st.text(1);
    m.signalId = st.text(2);
    m.text = st.text(3);
    m.meaning = st.text(4);
    m.untilAt = st.integer(5);
    m.sentBy = st.text(6);
    m.sentAt = st.integer(7);
    m.reply = st.text(8);
    m.replyText = st.text(9);
    m.replyUntil = st.integer(10);
    m.repliedAt = st.integer(11);
    return m;
}

/// A time named with "pausing until" or "not now, at": after now, within kMaxUntil.
void checkUntil(Millis untilAt, Millis now)
{
    if (untilAt <= 0)
        throw ValidationError("until", "Say until when: a time within the next 24 hours.");
    if (untilAt <= now)
        throw ValidationError("until", "Choose a time later than now.");
    if (untilAt > now + SignalBook::kMaxUntil)
        throw ValidationError("until", "Choose a time within the next 24 hours.");
}

std::string dismissedKey(const std::string &id) { return "signal_dismissed_" + id; }
std::string toldKey(const std::string &id) { return "signal_told_" + id; }
std::string replyToldKey(const std::string &id) { return "signal_reply_told_" + id; }

} // namespace

SignalBook::SignalBook(Store &store, const ContentLibrary &content) : m_store(store), m_content(content)
{
}

std::string SignalBook::me()
{
    return fair::memberId(m_store);
}

namespace {

/// Checks a word and meaning (trimmed) for a signal other than `exceptId`.
void checkSignalText(Store &store, const std::string &word, const std::string &meaning,
                     const std::string &exceptId)
{
    detail::checkUtf8("word", word);
    detail::checkUtf8("meaning", meaning);
    if (word.empty())
        throw ValidationError("word", "Give the signal a word or gesture.");
    if (fair::characters(word) > SignalBook::kMaxWord)
        throw ValidationError("word", "Keep the word short: up to "
                                          + std::to_string(SignalBook::kMaxWord) + " characters.");
    if (meaning.empty())
        throw ValidationError("meaning", "Say what it means, so you both read it the same way.");
    if (fair::characters(meaning) > SignalBook::kMaxMeaning)
        throw ValidationError("meaning", "Say what it means in up to "
                                             + std::to_string(SignalBook::kMaxMeaning)
                                             + " characters.");
    auto st = store.db().cached(
        "SELECT id, word FROM signal WHERE cl % 2 = 1 AND coalesce(status, '') <> 'retired'");
    const std::string wanted = folded(word);
    while (st->step()) {
        if (st->text(0) != exceptId && folded(st->text(1)) == wanted)
            throw ValidationError("word", "You have a signal \"" + st->text(1)
                                              + "\" already: choose another word, or change "
                                                "that one.");
    }
}

} // namespace

std::string SignalBook::propose(const std::string &word, const std::string &meaning)
{
    const std::string w = trimmed(word);
    const std::string m = trimmed(meaning);
    checkSignalText(m_store, w, m, {});
    const auto active = m_store.db().queryInt(
        "SELECT count(*) FROM signal WHERE cl % 2 = 1 AND coalesce(status, '') <> 'retired'");
    if (active.value_or(0) >= static_cast<std::int64_t>(kMaxSignals))
        throw ValidationError("word", "You have " + std::to_string(kMaxSignals)
                                          + " signals already: retire one you no longer use "
                                            "first.");
    const Profile profile = RitualBook(m_store).profile();
    const std::string id = m_store.newId();
    // "status" only ever says proposed or retired: whether a signal is ours is read from the
    // acceptance (readSignal), so an acceptance never races a retirement for this field.
    m_store.apply(Mutation{Mutation::Kind::Upsert, "signal", id, "couple",
                           {{"spaceId", profile.space.id}, {"word", w}, {"meaning", m},
                            {"proposedBy", profile.me.id}, {"proposedAt", m_store.clock().nowMs()},
                            {"status", "proposed"}}});
    return id;
}

void SignalBook::accept(const std::string &signalId)
{
    const auto s = signal(signalId);
    if (!s)
        throw ValidationError("signal", "There is no such signal.");
    if (s->status == "retired")
        throw ValidationError("signal", "This signal is retired.");
    if (s->status == "ours")
        throw ValidationError("signal", "You have both agreed on this signal already.");
    const std::string member = me();
    if (s->proposedBy == member)
        throw ValidationError("signal", "You proposed this one: it is your partner's to accept.");
    // My own row: a stale acceptance from another device of mine overwrites only what I said,
    // never my partner's acceptance (core/acceptance.h).
    m_store.apply(detail::acceptanceMutation("signal", signalId, member, fingerprintOf(*s),
                                             m_store.clock().nowMs()));
}

void SignalBook::suggestChange(const std::string &signalId, const std::string &word,
                               const std::string &meaning)
{
    const auto s = signal(signalId);
    if (!s)
        throw ValidationError("signal", "There is no such signal.");
    if (s->status == "retired")
        throw ValidationError("signal", "This signal is retired.");
    const std::string w = trimmed(word);
    const std::string m = trimmed(meaning);
    checkSignalText(m_store, w, m, signalId);
    if (w == s->word && m == s->meaning)
        throw ValidationError("word", "That is how the signal reads now: change the word or "
                                      "its meaning.");
    // The new text waits for the partner: the acceptances known here are withdrawn (were the
    // text to come back to an earlier one, it is asked again), and one that crosses this edit
    // (both offline) is of another text, so it no longer matches (readSignal). Both partners
    // suggesting at once: each field keeps its later write, so the later suggestion wins whole.
    const std::string member = me();
    std::vector<Mutation> batch = {
        Mutation{Mutation::Kind::Update, "signal", signalId, "",
                 {{"word", w}, {"meaning", m}, {"proposedBy", member},
                  {"proposedAt", m_store.clock().nowMs()}}}};
    for (Mutation &withdrawn : detail::withdrawals(m_store, "signal", signalId))
        batch.push_back(std::move(withdrawn));
    m_store.apply(batch);
}

void SignalBook::retire(const std::string &signalId)
{
    const auto s = signal(signalId);
    if (!s)
        throw ValidationError("signal", "There is no such signal.");
    if (s->status == "retired")
        return;
    m_store.apply(Mutation{Mutation::Kind::Update, "signal", signalId, "", {{"status", "retired"}}});
}

std::vector<SharedSignal> SignalBook::sharedSignals()
{
    std::vector<SharedSignal> out;
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kSignalColumns
                                      + " FROM signal WHERE cl % 2 = 1");
        while (st->step())
            out.push_back(readSignal(m_store, *st));
    }
    const std::string member = me();
    // Proposed and waiting for me, proposed and waiting for my partner, ours, retired.
    const auto group = [&](const SharedSignal &s) {
        if (s.status == "proposed")
            return s.proposedBy != member ? 0 : 1;
        return s.status == "ours" ? 2 : 3;
    };
    std::sort(out.begin(), out.end(), [&](const SharedSignal &a, const SharedSignal &b) {
        return std::make_tuple(group(a), folded(a.word), a.id)
               < std::make_tuple(group(b), folded(b.word), b.id);
    });
    return out;
}

std::optional<SharedSignal> SignalBook::signal(const std::string &signalId)
{
    auto st = m_store.db().cached(std::string("SELECT ") + kSignalColumns
                                  + " FROM signal WHERE id = ?1 AND cl % 2 = 1");
    st->bind(1, signalId);
    if (!st->step())
        return std::nullopt;
    return readSignal(m_store, *st);
}

std::string SignalBook::send(const std::string &kind, const std::string &signalId, Millis untilAt)
{
    const Millis now = m_store.clock().nowMs();
    std::string text;
    std::string meaning;
    std::string sentSignal;
    if (kind == "own") {
        if (signalId.empty())
            throw ValidationError("signal", "Choose which of your signals to send.");
        const auto s = signal(signalId);
        if (!s)
            throw ValidationError("signal", "There is no such signal.");
        if (s->status != "ours")
            throw ValidationError("signal", "\"" + s->word + "\" can be sent once you have both "
                                                             "agreed on it.");
        text = s->word;
        meaning = s->meaning;
        sentSignal = s->id;
        untilAt = 0;
    } else {
        const SignalKind *def = m_content.signalKind(kind);
        if (!def)
            throw ValidationError("kind", kind.empty() ? std::string("Choose a signal to send.")
                                                       : "There is no signal \"" + kind + "\" to send.");
        if (def->asksTime)
            checkUntil(untilAt, now);
        else
            untilAt = 0;
        text = def->label;
    }
    const Profile profile = RitualBook(m_store).profile();
    const std::string id = m_store.newId();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "signal_message", id, "couple",
                           {{"spaceId", profile.space.id}, {"kind", kind}, {"signalId", sentSignal},
                            {"text", text}, {"meaning", meaning}, {"untilAt", untilAt},
                            {"sentBy", profile.me.id}, {"sentAt", now}, {"reply", ""},
                            {"replyText", ""}, {"replyUntil", 0}, {"repliedAt", 0}}});
    return id;
}

void SignalBook::reply(const std::string &messageId, const std::string &replyId, Millis untilAt)
{
    const auto m = message(messageId);
    if (!m)
        throw ValidationError("message", "There is no such message.");
    if (m->sentBy == me())
        throw ValidationError("message", "You sent this one: it is your partner's to answer.");
    if (m->answered())
        throw ValidationError("message", "This one is answered already.");
    const QuickReply *def = m_content.quickReply(replyId);
    if (!def)
        throw ValidationError("reply", replyId.empty() ? std::string("Choose a reply.")
                                                       : "There is no reply \"" + replyId + "\".");
    const Millis now = m_store.clock().nowMs();
    if (def->asksTime)
        checkUntil(untilAt, now);
    else
        untilAt = 0;
    // The four fields go in one mutation, stamped together. Two devices of mine answering the
    // same message while both are offline: the later reply wins every field (last writer wins),
    // so the row never mixes one reply's words with the other's time.
    m_store.apply(Mutation{Mutation::Kind::Update, "signal_message", messageId, "",
                           {{"reply", def->id}, {"replyText", def->label}, {"replyUntil", untilAt},
                            {"repliedAt", now}}});
}

std::vector<SignalMessage> SignalBook::messages(std::size_t limit)
{
    auto st = m_store.db().cached(std::string("SELECT ") + kMessageColumns
                                  + " FROM signal_message WHERE cl % 2 = 1 "
                                    "ORDER BY sentAt DESC, id LIMIT ?1");
    st->bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1'000'000)));
    std::vector<SignalMessage> out;
    while (st->step())
        out.push_back(readMessage(*st));
    return out;
}

std::optional<SignalMessage> SignalBook::message(const std::string &messageId)
{
    auto st = m_store.db().cached(std::string("SELECT ") + kMessageColumns
                                  + " FROM signal_message WHERE id = ?1 AND cl % 2 = 1");
    st->bind(1, messageId);
    if (!st->step())
        return std::nullopt;
    return readMessage(*st);
}

std::vector<SignalMessage> SignalBook::inbox()
{
    const std::string member = me();
    std::vector<SignalMessage> candidates;
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kMessageColumns
                                      + " FROM signal_message WHERE cl % 2 = 1 AND sentAt >= ?1 "
                                        "AND sentBy <> ?2 AND coalesce(reply, '') = '' "
                                        "ORDER BY sentAt DESC, id");
        st->bind(1, m_store.clock().nowMs() - kNoticeWindow).bind(2, member);
        while (st->step())
            candidates.push_back(readMessage(*st));
    }
    std::vector<SignalMessage> out;
    for (SignalMessage &m : candidates)
        if (!m_store.meta(dismissedKey(m.id)))
            out.push_back(std::move(m));
    return out;
}

void SignalBook::dismiss(const std::string &messageId)
{
    const auto m = message(messageId);
    if (!m)
        throw ValidationError("message", "There is no such message.");
    if (m->sentBy == me())
        throw ValidationError("message", "You sent this one: only a signal to you can be put aside.");
    // This device's own: nothing travels, so the partner never learns it was seen.
    m_store.setMeta(dismissedKey(messageId), std::to_string(m_store.clock().nowMs()));
}

std::vector<SignalNotice> SignalBook::takeNotices()
{
    const Millis now = m_store.clock().nowMs();
    const Millis since = now - kNoticeWindow;
    const std::string member = me();
    std::vector<SignalMessage> recent;
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kMessageColumns
                                      + " FROM signal_message WHERE cl % 2 = 1 "
                                        "AND (sentAt >= ?1 OR repliedAt >= ?1) ORDER BY sentAt, id");
        st->bind(1, since);
        while (st->step())
            recent.push_back(readMessage(*st));
    }
    std::vector<std::pair<Millis, SignalNotice>> due;
    std::vector<std::string> keys;
    for (SignalMessage &m : recent) {
        if (m.sentBy != member) {
            // A message my other device answered before this one saw it is no news any more, nor
            // one I put aside here.
            if (m.sentAt < since || m.answered() || m_store.meta(toldKey(m.id))
                || m_store.meta(dismissedKey(m.id)))
                continue;
            keys.push_back(toldKey(m.id));
            const Millis at = m.sentAt;
            due.push_back({at, {SignalNotice::Kind::Arrived, std::move(m)}});
        } else {
            // Mine, from this device or another of mine: only its answer is news.
            if (!m.answered() || m.repliedAt < since || m_store.meta(replyToldKey(m.id)))
                continue;
            keys.push_back(replyToldKey(m.id));
            const Millis at = m.repliedAt;
            due.push_back({at, {SignalNotice::Kind::Answered, std::move(m)}});
        }
    }
    if (!keys.empty()) {
        Transaction tx(m_store.db());
        for (const std::string &key : keys)
            m_store.setMeta(key, std::to_string(now));
        tx.commit();
    }
    std::stable_sort(due.begin(), due.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<SignalNotice> out;
    out.reserve(due.size());
    for (auto &item : due)
        out.push_back(std::move(item.second));
    return out;
}

} // namespace hearth
