#include "checkinflow.h"

#include "jsonvariant.h"
#include "session.h"

#include "checkins.h"
#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace hearth;
using nlohmann::json;

namespace {

/// "choose a number from 1 to 5" -> "Choose a number from 1 to 5."
QString sentence(QString text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return text;
    text[0] = text[0].toUpper();
    if (!text.endsWith(u'.') && !text.endsWith(u'?') && !text.endsWith(u'!'))
        text += u'.';
    return text;
}

/// The core names the question at the start of its message ("\"How are you?\": ..."), which
/// the field beside it does not need to repeat.
QString withoutPrompt(const QString &message, const std::string &prompt)
{
    const QString prefix = u'"' + qstr(prompt) + QStringLiteral("\": ");
    return sentence(message.startsWith(prefix) ? message.mid(prefix.size()) : message);
}

/// My member id and my partner's, from the profile.
std::pair<std::string, std::string> members(Session &session)
{
    const Profile profile = session.book()->profile();
    return {profile.me.id, profile.partner.id};
}

/// The parts of a feeling statement `value` leaves empty, by their labels: none when it is not
/// begun at all (the core's rule: once any part is written, all of them must be).
QStringList emptyParts(const Question &question, const json &value)
{
    QStringList empty;
    if (question.kind != QuestionKind::FeelingStatement || !fair::answered(value))
        return empty;
    for (const StatementPart &part : question.parts)
        if (!value.is_object() || !fair::answered(value.value(part.id, json())))
            empty.append(qstr(part.label));
    return empty;
}

/// "“about” is still empty", "“about” and “I need” are still empty".
QString stillEmpty(const QStringList &labels)
{
    QStringList quoted;
    for (const QString &label : labels)
        quoted.append(QStringLiteral("“%1”").arg(label));
    if (quoted.size() == 1)
        return CheckInFlow::tr("%1 is still empty").arg(quoted.first());
    const QString last = quoted.takeLast();
    return CheckInFlow::tr("%1 and %2 are still empty").arg(quoted.join(QStringLiteral(", ")), last);
}

} // namespace

namespace checkin {

json knownAnswers(const QuestionSet &set, const json &answers)
{
    json out = json::object();
    if (!answers.is_object())
        return out;
    for (const auto &item : answers.items())
        if (set.question(item.key()))
            out[item.key()] = item.value();
    return out;
}

QVariantMap questionMap(const Session &session, const Question &question)
{
    QVariantList needs;
    for (const std::string &id : question.needs) {
        const Need *need = session.content().need(id);
        needs.append(QVariantMap{{QStringLiteral("id"), qstr(id)},
                                 {QStringLiteral("label"), need ? qstr(need->label) : qstr(id)},
                                 {QStringLiteral("description"), need ? qstr(need->description) : QString()}});
    }
    QVariantList parts;
    for (const StatementPart &part : question.parts)
        parts.append(QVariantMap{{QStringLiteral("id"), qstr(part.id)},
                                 {QStringLiteral("label"), qstr(part.label)},
                                 {QStringLiteral("placeholder"), qstr(part.placeholder)}});
    return {{QStringLiteral("id"), qstr(question.id)},
            {QStringLiteral("kind"), qstr(std::string(questionKindName(question.kind)))},
            {QStringLiteral("prompt"), qstr(question.prompt)},
            {QStringLiteral("help"), qstr(question.help)},
            {QStringLiteral("required"), question.required},
            {QStringLiteral("min"), question.min},
            {QStringLiteral("max"), question.max},
            {QStringLiteral("minLabel"), qstr(question.minLabel)},
            {QStringLiteral("maxLabel"), qstr(question.maxLabel)},
            {QStringLiteral("measure"), qstr(std::string(measureName(question.measure)))},
            {QStringLiteral("maxLength"), question.maxLength},
            {QStringLiteral("placeholder"), qstr(question.placeholder)},
            {QStringLiteral("needs"), needs},
            {QStringLiteral("maxChoices"), question.maxChoices},
            {QStringLiteral("count"), question.count},
            {QStringLiteral("parts"), parts}};
}

QString statusText(const CheckInView &view, const QString &partnerName, QString *key)
{
    auto say = [key](const char *k, const QString &text) {
        if (key)
            *key = QString::fromLatin1(k);
        return text;
    };
    if (view.finishedAt > 0)
        return say("finished", QObject::tr("Finished"));
    if (view.revealed)
        return say("ready", QObject::tr("Ready to read together"));
    if (view.mineSubmitted && view.partnerSubmitted)
        return say("opening", QObject::tr("You've both answered — opening soon"));
    if (view.mineSubmitted)
        return say("waiting", QObject::tr("Waiting for %1").arg(partnerName));
    if (view.partnerSubmitted)
        return say("partnerAnswered", QObject::tr("%1 has answered — your turn").arg(partnerName));
    return say("yourTurn", QObject::tr("Your turn"));
}

} // namespace checkin

CheckInFlow::CheckInFlow(QObject *parent) : CheckInFlow(Session::instance(), parent) {}

CheckInFlow::CheckInFlow(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &CheckInFlow::refresh);
}

void CheckInFlow::setCheckinId(const QString &id)
{
    if (id == m_checkinId)
        return;
    m_checkinId = id;
    m_errors.clear();
    // Nothing of the check-in shown before stays, even when reading the new one fails.
    m_state = State{};
    emit checkinIdChanged();
    emit errorsChanged();
    refresh();
}

bool CheckInFlow::canSubmit() const
{
    return m_state.canEdit && m_state.missing.isEmpty() && m_state.unfinished.isEmpty();
}

int CheckInFlow::maxReply()
{
    return int(CheckIns::kMaxReply);
}

const QuestionSet *CheckInFlow::questionSet() const
{
    if (!m_session || !m_session->book() || m_state.setId.isEmpty())
        return nullptr;
    return m_session->content().questionSet(str(m_state.setId));
}

void CheckInFlow::refresh()
{
    // A slot (Session::dataChanged): nothing may escape into Qt's event loop. A check-in that
    // cannot be read now keeps what was shown.
    State next;
    try {
        next = read();
    } catch (const Error &e) {
        qWarning("Could not read the check-in: %s", e.what());
        return;
    } catch (const std::exception &e) {
        qWarning("Could not read the check-in: %s", e.what());
        return;
    }
    const bool comparisonMoved = next.comparison != m_state.comparison;
    const bool repliesMoved = next.replies != m_state.replies;
    m_state = std::move(next);
    emit changed();
    if (comparisonMoved)
        emit comparisonChanged();
    if (repliesMoved)
        emit repliesChanged();
}

CheckInFlow::State CheckInFlow::read() const
{
    State s;
    if (!m_session || !m_session->book() || !m_session->hasProfile() || m_checkinId.isEmpty())
        return s;
    CheckIns checkIns(*m_session->store(), m_session->content());
    const std::optional<CheckInView> view = checkIns.view(str(m_checkinId));
    if (!view)
        return s;
    const auto [me, partner] = members(*m_session);
    const QString zone = m_session->myTimeZone();
    s.exists = true;
    s.setId = qstr(view->setId);
    const QuestionSet *set = m_session->content().questionSet(view->setId);
    s.title = set ? qstr(set->title) : tr("A check-in this version of Hearth doesn't know");
    s.purpose = set ? qstr(set->purpose)
                    : tr("Its questions (“%1”) come from a newer version of Hearth. "
                         "Update Hearth to read it.").arg(s.setId);
    s.durationMinutes = set ? set->durationMinutes : 0;
    s.fromRitual = !view->ritualId.empty();
    const QString day = m_session->dayLabel(view->startedAt, zone);
    s.startedText = view->startedBy == me ? tr("You started it · %1").arg(day)
                                          : tr("%1 started it · %2").arg(m_session->partnerName(), day);
    s.draft = jsonToVariant(view->myDraft).toMap();
    s.mineSubmitted = view->mineSubmitted;
    s.partnerSubmitted = view->partnerSubmitted;
    s.revealed = view->revealed;
    s.finished = view->finishedAt > 0;
    // Compared in what the set still asks: an answer to a question a newer set dropped can
    // neither be shown nor sent again.
    s.draftDiffers = view->mineSubmitted
                     && (set ? checkin::knownAnswers(*set, view->myDraft)
                                   != checkin::knownAnswers(*set, view->myAnswers)
                             : view->myDraft != view->myAnswers);
    s.canEdit = !s.finished && !(s.mineSubmitted && s.partnerSubmitted) && !m_session->readOnly()
                && set != nullptr;
    s.statusText = checkin::statusText(*view, m_session->partnerName(), &s.status);
    if (set) {
        for (const Question &question : set->questions) {
            s.questions.append(checkin::questionMap(*m_session, question));
            const auto it = view->myDraft.find(question.id);
            const json value = it == view->myDraft.end() ? json() : *it;
            if (question.required && !fair::answered(value)) {
                s.missing.append(qstr(question.id));
                continue;
            }
            const QStringList empty = emptyParts(question, value);
            if (!empty.isEmpty())
                s.unfinished.insert(qstr(question.id),
                                    tr("Finish the sentence: %1.").arg(stillEmpty(empty)));
        }
        s.submitHint = hintFor(s, *set);
    }
    if (s.revealed) {
        s.comparison = comparisonFor(*view, set);
        s.replies = repliesFor(*view, me);
    }
    return s;
}

QString CheckInFlow::hintFor(const State &s, const QuestionSet &set) const
{
    if (!s.canEdit)
        return {};
    auto promptOf = [&](const QString &id) {
        const Question *question = set.question(str(id));
        return question ? qstr(question->prompt) : id;
    };
    if (s.missing.size() == 1)
        return tr("Answer “%1” to submit.").arg(promptOf(s.missing.first()));
    if (s.missing.size() > 1)
        return tr("%1 questions still need an answer before you submit.").arg(s.missing.size());
    if (s.unfinished.size() == 1) {
        const QString id = s.unfinished.firstKey();
        return tr("“%1”: %2 Finish it or clear it to submit.")
            .arg(promptOf(id), s.unfinished.value(id).toString());
    }
    if (s.unfinished.size() > 1)
        return tr("%1 sentences are not finished yet: finish or clear them to submit.")
            .arg(s.unfinished.size());
    return {};
}

/// Per question answered by either of us, in the set's order (then any question a newer
/// version of the set dropped): {questionId, prompt, kind, mine, partner}. `mine` and `partner`
/// are answerDisplay() maps; `prompt` is the wording the answer was given, which a newer version
/// of the set may have changed since. The replies are apart (repliesFor): a new one leaves this
/// as it was.
QVariantList CheckInFlow::comparisonFor(const CheckInView &view, const QuestionSet *set) const
{
    std::vector<std::string> ids;
    if (set)
        for (const Question &question : set->questions)
            ids.push_back(question.id);
    for (const json *answers : {&view.myAnswers, &view.partnerAnswers})
        for (const auto &item : answers->items())
            if (std::find(ids.begin(), ids.end(), item.key()) == ids.end())
                ids.push_back(item.key());

    auto promptOf = [&](const std::string &id, const Question *question) {
        for (const json *prompts : {&view.myPrompts, &view.partnerPrompts}) {
            const auto it = prompts->find(id);
            if (it != prompts->end() && it->is_string() && !it->get_ref<const std::string &>().empty())
                return qstr(it->get<std::string>());
        }
        return question ? qstr(question->prompt) : qstr(id);
    };

    QVariantList out;
    for (const std::string &id : ids) {
        const json mine = view.myAnswers.value(id, json());
        const json partner = view.partnerAnswers.value(id, json());
        if (!fair::answered(mine) && !fair::answered(partner))
            continue;
        const Question *question = set ? set->question(id) : nullptr;
        out.append(QVariantMap{
            {QStringLiteral("questionId"), qstr(id)},
            {QStringLiteral("prompt"), promptOf(id, question)},
            {QStringLiteral("kind"), question ? qstr(std::string(questionKindName(question->kind))) : QString()},
            {QStringLiteral("mine"), answerDisplay(question, mine)},
            {QStringLiteral("partner"), answerDisplay(question, partner)}});
    }
    return out;
}

QVariantMap CheckInFlow::repliesFor(const CheckInView &view, const std::string &me) const
{
    QVariantMap out;
    for (const CheckInReply &r : view.replies) {
        const bool toMine = r.answerOf == me;
        const bool byMe = r.memberId == me;
        const QString answerOf = toMine ? QStringLiteral("me") : QStringLiteral("partner");
        const QString key = answerOf + u'/' + qstr(r.questionId);
        QVariantList list = out.value(key).toList();
        list.append(QVariantMap{
            {QStringLiteral("id"), qstr(r.id)},
            {QStringLiteral("memberName"), byMe ? m_session->myName() : m_session->partnerName()},
            {QStringLiteral("colour"), byMe ? m_session->myColour() : m_session->partnerColour()},
            {QStringLiteral("kind"), qstr(r.kind)},
            {QStringLiteral("text"), qstr(r.text)},
            {QStringLiteral("mine"), byMe},
            {QStringLiteral("answerOf"), answerOf}});
        out.insert(key, list);
    }
    return out;
}

/// One answer, ready to show: {answered, text (all of it in words), value (a scale's number or
/// -1), min, max, minLabel, maxLabel, items (needs' labels, appreciations), parts ([{label,
/// text}] of a feeling statement)}. Without its question (a newer set dropped it) the answer's
/// shape decides.
QVariantMap CheckInFlow::answerDisplay(const Question *question, const json &value) const
{
    QVariantMap out{{QStringLiteral("answered"), fair::answered(value)},
                    {QStringLiteral("text"), QString()},
                    {QStringLiteral("value"), -1},
                    {QStringLiteral("min"), question ? question->min : 0},
                    {QStringLiteral("max"), question ? question->max : 0},
                    {QStringLiteral("minLabel"), question ? qstr(question->minLabel) : QString()},
                    {QStringLiteral("maxLabel"), question ? qstr(question->maxLabel) : QString()},
                    {QStringLiteral("items"), QStringList()},
                    {QStringLiteral("parts"), QVariantList()}};
    if (!fair::answered(value)) {
        out[QStringLiteral("text")] = tr("No answer");
        return out;
    }
    if (value.is_number()) {
        const int number = int(std::lround(value.get<double>()));
        out[QStringLiteral("value")] = number;
        out[QStringLiteral("text")] = question ? tr("%1 of %2").arg(number).arg(question->max)
                                               : QString::number(number);
        return out;
    }
    if (value.is_string()) {
        out[QStringLiteral("text")] = qstr(value.get<std::string>());
        return out;
    }
    if (value.is_array()) {
        const bool needs = question && question->kind == QuestionKind::Needs;
        QStringList items;
        for (const json &item : value) {
            if (!item.is_string() || !fair::hasText(item.get_ref<const std::string &>()))
                continue;
            const Need *need = needs ? m_session->content().need(item.get<std::string>()) : nullptr;
            items.append(need ? qstr(need->label) : qstr(item.get<std::string>()));
        }
        out[QStringLiteral("items")] = items;
        out[QStringLiteral("text")] = items.join(needs ? QStringLiteral(", ") : QStringLiteral("\n"));
        return out;
    }
    if (value.is_object()) {
        QVariantList parts;
        QStringList words;
        auto add = [&](const QString &label, const json &text) {
            if (!text.is_string() || !fair::hasText(text.get_ref<const std::string &>()))
                return;
            parts.append(QVariantMap{{QStringLiteral("label"), label},
                                     {QStringLiteral("text"), qstr(text.get<std::string>())}});
            words.append(label + u' ' + qstr(text.get<std::string>()));
        };
        if (question) {
            for (const StatementPart &part : question->parts)
                add(qstr(part.label), value.value(part.id, json()));
        } else {
            for (const auto &item : value.items())
                add(qstr(item.key()), item.value());
        }
        out[QStringLiteral("parts")] = parts;
        out[QStringLiteral("text")] = words.join(u' ');
    }
    return out;
}

void CheckInFlow::setError(const QString &key, const QString &message)
{
    if (message.isEmpty() ? !m_errors.contains(key) : m_errors.value(key).toString() == message)
        return;
    if (message.isEmpty())
        m_errors.remove(key);
    else
        m_errors.insert(key, message);
    emit errorsChanged();
}

void CheckInFlow::clearError(const QString &key)
{
    setError(key, {});
}

QString CheckInFlow::attempt(const QString &fallbackKey, bool byQuestion,
                             const std::function<void()> &action)
{
    if (!m_session || !m_session->book())
        return m_session ? m_session->openError() : tr("No profile is open.");
    try {
        action();
        setError(fallbackKey, {});
        return {};
    } catch (const ValidationError &e) {
        const QuestionSet *set = questionSet();
        const Question *question = set && byQuestion ? set->question(e.field()) : nullptr;
        const QString message = qstr(e.what());
        if (question) {
            setError(qstr(question->id), withoutPrompt(message, question->prompt));
        } else {
            setError(fallbackKey, sentence(message));
        }
        return message;
    } catch (const Error &e) {
        setError(fallbackKey, qstr(e.what()));
        return qstr(e.what());
    } catch (const std::exception &e) {
        const QString message = tr("Something went wrong: %1").arg(qstr(e.what()));
        setError(fallbackKey, message);
        return message;
    }
}

QString CheckInFlow::saveAnswer(const QString &questionId, const QVariant &value)
{
    const std::string id = str(m_checkinId);
    const std::string question = str(questionId);
    return attempt(questionId, true, [&] {
        CheckIns checkIns(*m_session->store(), m_session->content());
        const std::optional<CheckInView> view = checkIns.view(id);
        if (!view)
            throw ValidationError("checkin", str(tr("There is no such check-in.")));
        if (view->mineSubmitted && view->partnerSubmitted)
            throw ValidationError("checkin", str(tr("You have both answered: the answers stay as you "
                                                    "submitted them.")));
        // The core checks the whole draft: an answer to a question a newer version of the set
        // dropped would refuse every save from now on.
        const QuestionSet *set = m_session->content().questionSet(view->setId);
        json draft = set ? checkin::knownAnswers(*set, view->myDraft) : view->myDraft;
        const json answer = variantToJson(value);
        if (fair::answered(answer))
            draft[question] = answer;
        else
            draft.erase(question);
        if (draft == view->myDraft)
            return;
        checkIns.saveDraft(id, draft);
    });
}

QString CheckInFlow::submit()
{
    const QString error = attempt(QStringLiteral("checkin"), true, [&] {
        const std::string id = str(m_checkinId);
        CheckIns checkIns(*m_session->store(), m_session->content());
        // A draft begun under an older version of the set may still answer a question it has
        // dropped, which the core refuses: it is left out, once the rest is known to submit.
        if (const std::optional<CheckInView> view = checkIns.view(id);
            view && view->finishedAt == 0 && !(view->mineSubmitted && view->partnerSubmitted)) {
            if (const QuestionSet *set = m_session->content().questionSet(view->setId)) {
                const json known = checkin::knownAnswers(*set, view->myDraft);
                if (known != view->myDraft) {
                    checkAnswers(*set, known, true);
                    checkIns.saveDraft(id, known);
                }
            }
        }
        checkIns.submit(id);
    });
    if (error.isEmpty()) {
        if (!m_errors.isEmpty()) {
            m_errors.clear();
            emit errorsChanged();
        }
        return error;
    }
    // The core names the first that is wrong; the page marks them all.
    for (const QString &missing : std::as_const(m_state.missing))
        setError(missing, tr("This one needs an answer before you submit."));
    for (auto it = m_state.unfinished.cbegin(); it != m_state.unfinished.cend(); ++it)
        setError(it.key(), it.value().toString());
    return error;
}

QString CheckInFlow::restoreSubmitted()
{
    return attempt(QStringLiteral("checkin"), false, [&] {
        CheckIns checkIns(*m_session->store(), m_session->content());
        const std::optional<CheckInView> view = checkIns.view(str(m_checkinId));
        if (!view || !view->mineSubmitted)
            throw ValidationError("checkin", str(tr("You haven't submitted answers to go back to.")));
        // What I submitted stays as it is, with its prompts; the draft takes what the set still
        // asks of it.
        const QuestionSet *set = m_session->content().questionSet(view->setId);
        const json answers = set ? checkin::knownAnswers(*set, view->myAnswers) : view->myAnswers;
        if (view->myDraft != answers)
            checkIns.saveDraft(view->id, answers);
    });
}

QString CheckInFlow::reply(const QString &answerOf, const QString &questionId, const QString &kind,
                           const QString &text)
{
    const QString key = QStringLiteral("reply/%1/%2").arg(answerOf, questionId);
    return attempt(key, false, [&] {
        if (answerOf != QStringLiteral("me") && answerOf != QStringLiteral("partner"))
            throw ValidationError("answerOf", str(tr("A reply answers your answer or your partner's.")));
        const auto [me, partner] = members(*m_session);
        CheckIns(*m_session->store(), m_session->content())
            .reply(str(m_checkinId), answerOf == QStringLiteral("me") ? me : partner,
                   str(questionId), str(kind), str(text.trimmed()));
    });
}

QString CheckInFlow::finish()
{
    return attempt(QStringLiteral("checkin"), false, [&] {
        CheckIns(*m_session->store(), m_session->content()).finish(str(m_checkinId));
    });
}
