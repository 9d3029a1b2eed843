#include "checkinflow.h"

#include "session.h"

#include "checkins.h"
#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"

#include <QJSValue>
#include <QJsonArray>
#include <QJsonDocument>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace hearth;
using nlohmann::json;

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

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
    const QString prefix = u'"' + q(prompt) + QStringLiteral("\": ");
    return sentence(message.startsWith(prefix) ? message.mid(prefix.size()) : message);
}

/// My member id and my partner's, from the profile.
std::pair<std::string, std::string> members(Session &session)
{
    const Profile profile = session.book()->profile();
    return {profile.me.id, profile.partner.id};
}

/// A scale's number as the core wants it: QML hands every number over as a double.
json wholeNumbers(json value)
{
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::abs(d) < 1e15)
            return json(static_cast<std::int64_t>(d));
    }
    return value;
}

} // namespace

namespace checkin {

QVariant toVariant(const json &value)
{
    const QByteArray text = QByteArray::fromStdString(json::array({value}).dump());
    return QJsonDocument::fromJson(text).array().at(0).toVariant();
}

json toJson(const QVariant &input)
{
    QVariant value = input;
    if (value.userType() == qMetaTypeId<QJSValue>())
        value = value.value<QJSValue>().toVariant();
    const QJsonArray wrapped{QJsonValue::fromVariant(value)};
    const json parsed =
        json::parse(QJsonDocument(wrapped).toJson(QJsonDocument::Compact).toStdString(), nullptr, false);
    return parsed.is_array() && !parsed.empty() ? parsed.at(0) : json();
}

QVariantMap questionMap(const Session &session, const Question &question)
{
    QVariantList needs;
    for (const std::string &id : question.needs) {
        const Need *need = session.content().need(id);
        needs.append(QVariantMap{{QStringLiteral("id"), q(id)},
                                 {QStringLiteral("label"), need ? q(need->label) : q(id)},
                                 {QStringLiteral("description"), need ? q(need->description) : QString()}});
    }
    QVariantList parts;
    for (const StatementPart &part : question.parts)
        parts.append(QVariantMap{{QStringLiteral("id"), q(part.id)},
                                 {QStringLiteral("label"), q(part.label)},
                                 {QStringLiteral("placeholder"), q(part.placeholder)}});
    return {{QStringLiteral("id"), q(question.id)},
            {QStringLiteral("kind"), q(std::string(questionKindName(question.kind)))},
            {QStringLiteral("prompt"), q(question.prompt)},
            {QStringLiteral("help"), q(question.help)},
            {QStringLiteral("required"), question.required},
            {QStringLiteral("min"), question.min},
            {QStringLiteral("max"), question.max},
            {QStringLiteral("minLabel"), q(question.minLabel)},
            {QStringLiteral("maxLabel"), q(question.maxLabel)},
            {QStringLiteral("measure"), q(std::string(measureName(question.measure)))},
            {QStringLiteral("maxLength"), question.maxLength},
            {QStringLiteral("placeholder"), q(question.placeholder)},
            {QStringLiteral("needs"), needs},
            {QStringLiteral("maxChoices"), question.maxChoices},
            {QStringLiteral("count"), question.count},
            {QStringLiteral("parts"), parts}};
}

bool answered(const json &value)
{
    if (value.is_null())
        return false;
    if (value.is_string())
        return !value.get_ref<const std::string &>().empty();
    if (value.is_array() || value.is_object())
        return std::any_of(value.begin(), value.end(), [](const json &v) { return answered(v); });
    return true;
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
    emit checkinIdChanged();
    emit errorsChanged();
    refresh();
}

bool CheckInFlow::canEdit() const
{
    return m_exists && !m_finished && !(m_mineSubmitted && m_partnerSubmitted) && m_session
           && !m_session->readOnly() && questionSet() != nullptr;
}

QString CheckInFlow::submitHint() const
{
    if (!m_exists || !canEdit())
        return {};
    if (m_missing.isEmpty())
        return {};
    if (m_missing.size() == 1) {
        for (const QVariant &question : m_questions) {
            const QVariantMap map = question.toMap();
            if (map.value(QStringLiteral("id")).toString() == m_missing.first())
                return tr("Answer “%1” to submit.").arg(map.value(QStringLiteral("prompt")).toString());
        }
    }
    return tr("%1 questions still need an answer before you submit.").arg(m_missing.size());
}

int CheckInFlow::maxReply()
{
    return int(CheckIns::kMaxReply);
}

const QuestionSet *CheckInFlow::questionSet() const
{
    if (!m_session || !m_session->book() || m_setId.isEmpty())
        return nullptr;
    return m_session->content().questionSet(m_setId.toStdString());
}

void CheckInFlow::refresh()
{
    m_exists = false;
    m_setId.clear();
    m_title.clear();
    m_purpose.clear();
    m_startedText.clear();
    m_status.clear();
    m_statusText.clear();
    m_durationMinutes = 0;
    m_fromRitual = false;
    m_questions.clear();
    m_draft.clear();
    m_mineSubmitted = m_partnerSubmitted = m_revealed = m_finished = m_draftDiffers = false;
    m_missing.clear();
    m_comparison.clear();

    if (m_session && m_session->book() && m_session->hasProfile() && !m_checkinId.isEmpty()) {
        try {
            CheckIns checkIns(*m_session->store(), m_session->content());
            if (const std::optional<CheckInView> view = checkIns.view(m_checkinId.toStdString())) {
                const auto [me, partner] = members(*m_session);
                const QString zone = m_session->myTimeZone();
                m_exists = true;
                m_setId = q(view->setId);
                const QuestionSet *set = questionSet();
                m_title = set ? q(set->title) : tr("A check-in this version of Hearth doesn't know");
                m_purpose = set ? q(set->purpose)
                                : tr("Its questions (“%1”) come from a newer version of Hearth. "
                                     "Update Hearth to read it.").arg(m_setId);
                m_durationMinutes = set ? set->durationMinutes : 0;
                m_fromRitual = !view->ritualId.empty();
                const QString day = m_session->dayLabel(view->startedAt, zone);
                m_startedText = view->startedBy == me
                                    ? tr("You started it · %1").arg(day)
                                    : tr("%1 started it · %2").arg(m_session->partnerName(), day);
                m_draft = checkin::toVariant(view->myDraft).toMap();
                m_mineSubmitted = view->mineSubmitted;
                m_partnerSubmitted = view->partnerSubmitted;
                m_revealed = view->revealed;
                m_finished = view->finishedAt > 0;
                m_draftDiffers = view->mineSubmitted && view->myDraft != view->myAnswers;
                m_statusText = checkin::statusText(*view, m_session->partnerName(), &m_status);
                if (set) {
                    for (const Question &question : set->questions) {
                        m_questions.append(checkin::questionMap(*m_session, question));
                        const auto it = view->myDraft.find(question.id);
                        if (question.required && (it == view->myDraft.end() || !checkin::answered(*it)))
                            m_missing.append(q(question.id));
                    }
                }
                if (m_revealed)
                    m_comparison = comparisonFor(*view, set, me);
            }
        } catch (const Error &e) {
            qWarning("Could not read the check-in: %s", e.what());
        }
    }
    emit changed();
}

/// Per question answered by either of us, in the set's order (then any question a newer
/// version of the set dropped): {questionId, prompt, kind, mine, partner, replies}. `mine` and
/// `partner` are answerDisplay() maps, each with its `replies`; `prompt` is the wording the
/// answer was given, which a newer version of the set may have changed since.
QVariantList CheckInFlow::comparisonFor(const CheckInView &view, const QuestionSet *set,
                                        const std::string &me) const
{
    std::vector<std::string> ids;
    if (set)
        for (const Question &question : set->questions)
            ids.push_back(question.id);
    for (const json *answers : {&view.myAnswers, &view.partnerAnswers})
        for (const auto &item : answers->items())
            if (std::find(ids.begin(), ids.end(), item.key()) == ids.end())
                ids.push_back(item.key());

    auto replyMaps = [&](const std::string &questionId, int side /* 0 all, 1 mine, 2 partner */) {
        QVariantList out;
        for (const CheckInReply &r : view.replies) {
            if (r.questionId != questionId)
                continue;
            const bool toMine = r.answerOf == me;
            if ((side == 1 && !toMine) || (side == 2 && toMine))
                continue;
            const bool byMe = r.memberId == me;
            out.append(QVariantMap{
                {QStringLiteral("id"), q(r.id)},
                {QStringLiteral("memberName"), byMe ? m_session->myName() : m_session->partnerName()},
                {QStringLiteral("colour"), byMe ? m_session->myColour() : m_session->partnerColour()},
                {QStringLiteral("kind"), q(r.kind)},
                {QStringLiteral("text"), q(r.text)},
                {QStringLiteral("mine"), byMe},
                {QStringLiteral("answerOf"), toMine ? QStringLiteral("me") : QStringLiteral("partner")}});
        }
        return out;
    };
    auto promptOf = [&](const std::string &id, const Question *question) {
        for (const json *prompts : {&view.myPrompts, &view.partnerPrompts}) {
            const auto it = prompts->find(id);
            if (it != prompts->end() && it->is_string() && !it->get_ref<const std::string &>().empty())
                return q(it->get<std::string>());
        }
        return question ? q(question->prompt) : q(id);
    };

    QVariantList out;
    for (const std::string &id : ids) {
        const json mine = view.myAnswers.value(id, json());
        const json partner = view.partnerAnswers.value(id, json());
        if (!checkin::answered(mine) && !checkin::answered(partner))
            continue;
        const Question *question = set ? set->question(id) : nullptr;
        QVariantMap mineMap = answerDisplay(question, mine);
        mineMap[QStringLiteral("replies")] = replyMaps(id, 1);
        QVariantMap partnerMap = answerDisplay(question, partner);
        partnerMap[QStringLiteral("replies")] = replyMaps(id, 2);
        out.append(QVariantMap{
            {QStringLiteral("questionId"), q(id)},
            {QStringLiteral("prompt"), promptOf(id, question)},
            {QStringLiteral("kind"), question ? q(std::string(questionKindName(question->kind))) : QString()},
            {QStringLiteral("mine"), mineMap},
            {QStringLiteral("partner"), partnerMap},
            {QStringLiteral("replies"), replyMaps(id, 0)}});
    }
    return out;
}

/// One answer, ready to show: {answered, text (all of it in words), value (a scale's number or
/// -1), min, max, minLabel, maxLabel, items (needs' labels, appreciations), parts ([{label,
/// text}] of a feeling statement)}. Without its question (a newer set dropped it) the answer's
/// shape decides.
QVariantMap CheckInFlow::answerDisplay(const Question *question, const json &value) const
{
    QVariantMap out{{QStringLiteral("answered"), checkin::answered(value)},
                    {QStringLiteral("text"), QString()},
                    {QStringLiteral("value"), -1},
                    {QStringLiteral("min"), question ? question->min : 0},
                    {QStringLiteral("max"), question ? question->max : 0},
                    {QStringLiteral("minLabel"), question ? q(question->minLabel) : QString()},
                    {QStringLiteral("maxLabel"), question ? q(question->maxLabel) : QString()},
                    {QStringLiteral("items"), QStringList()},
                    {QStringLiteral("parts"), QVariantList()}};
    if (!checkin::answered(value)) {
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
        out[QStringLiteral("text")] = q(value.get<std::string>());
        return out;
    }
    if (value.is_array()) {
        const bool needs = question && question->kind == QuestionKind::Needs;
        QStringList items;
        for (const json &item : value) {
            if (!item.is_string() || item.get_ref<const std::string &>().empty())
                continue;
            const Need *need = needs ? m_session->content().need(item.get<std::string>()) : nullptr;
            items.append(need ? q(need->label) : q(item.get<std::string>()));
        }
        out[QStringLiteral("items")] = items;
        out[QStringLiteral("text")] = items.join(needs ? QStringLiteral(", ") : QStringLiteral("\n"));
        return out;
    }
    if (value.is_object()) {
        QVariantList parts;
        QStringList words;
        auto add = [&](const QString &label, const json &text) {
            if (!text.is_string() || text.get_ref<const std::string &>().empty())
                return;
            parts.append(QVariantMap{{QStringLiteral("label"), label},
                                     {QStringLiteral("text"), q(text.get<std::string>())}});
            words.append(label + u' ' + q(text.get<std::string>()));
        };
        if (question) {
            for (const StatementPart &part : question->parts)
                add(q(part.label), value.value(part.id, json()));
        } else {
            for (const auto &item : value.items())
                add(q(item.key()), item.value());
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
        const QString message = q(e.what());
        if (question) {
            setError(q(question->id), withoutPrompt(message, question->prompt));
        } else {
            setError(fallbackKey, sentence(message));
        }
        return message;
    } catch (const Error &e) {
        setError(fallbackKey, q(e.what()));
        return q(e.what());
    } catch (const std::exception &e) {
        const QString message = tr("Something went wrong: %1").arg(q(e.what()));
        setError(fallbackKey, message);
        return message;
    }
}

QString CheckInFlow::saveAnswer(const QString &questionId, const QVariant &value)
{
    const std::string id = m_checkinId.toStdString();
    const std::string question = questionId.toStdString();
    return attempt(questionId, true, [&] {
        CheckIns checkIns(*m_session->store(), m_session->content());
        const std::optional<CheckInView> view = checkIns.view(id);
        if (!view)
            throw ValidationError("checkin", tr("There is no such check-in.").toStdString());
        if (view->mineSubmitted && view->partnerSubmitted)
            throw ValidationError("checkin", tr("You have both answered: the answers stay as you "
                                                "submitted them.").toStdString());
        json draft = view->myDraft;
        const json answer = wholeNumbers(checkin::toJson(value));
        if (checkin::answered(answer))
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
        CheckIns(*m_session->store(), m_session->content()).submit(m_checkinId.toStdString());
    });
    if (error.isEmpty()) {
        if (!m_errors.isEmpty()) {
            m_errors.clear();
            emit errorsChanged();
        }
        return error;
    }
    // The core names the first empty one; the page marks them all.
    for (const QString &missing : std::as_const(m_missing))
        setError(missing, tr("This one needs an answer before you submit."));
    return error;
}

QString CheckInFlow::restoreSubmitted()
{
    return attempt(QStringLiteral("checkin"), false, [&] {
        CheckIns checkIns(*m_session->store(), m_session->content());
        const std::optional<CheckInView> view = checkIns.view(m_checkinId.toStdString());
        if (!view || !view->mineSubmitted)
            throw ValidationError("checkin", tr("You haven't submitted answers to go back to.").toStdString());
        if (view->myDraft != view->myAnswers)
            checkIns.saveDraft(view->id, view->myAnswers);
    });
}

QString CheckInFlow::reply(const QString &answerOf, const QString &questionId, const QString &kind,
                           const QString &text)
{
    const QString key = QStringLiteral("reply/%1/%2").arg(answerOf, questionId);
    return attempt(key, false, [&] {
        if (answerOf != QStringLiteral("me") && answerOf != QStringLiteral("partner"))
            throw ValidationError("answerOf", tr("A reply answers your answer or your partner's.").toStdString());
        const auto [me, partner] = members(*m_session);
        CheckIns(*m_session->store(), m_session->content())
            .reply(m_checkinId.toStdString(), answerOf == QStringLiteral("me") ? me : partner,
                   questionId.toStdString(), kind.toStdString(), text.trimmed().toStdString());
    });
}

QString CheckInFlow::finish()
{
    return attempt(QStringLiteral("checkin"), false, [&] {
        CheckIns(*m_session->store(), m_session->content()).finish(m_checkinId.toStdString());
    });
}
