#include "checkinsmodel.h"

#include "checkinflow.h"
#include "jsonvariant.h"
#include "session.h"

#include "checkins.h"
#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"

#include <QDate>
#include <QLocale>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

using namespace hearth;

namespace {

/// "2026-03-02" -> "2 Mar", for the chart's axis.
QString weekLabel(const std::string &weekOf)
{
    const QDate date = QDate::fromString(qstr(weekOf), Qt::ISODate);
    return date.isValid() ? QLocale().toString(date, QStringLiteral("d MMM")) : qstr(weekOf);
}

QVariantList points(const std::vector<CheckInTrends::Point> &series)
{
    QVariantList out;
    for (const CheckInTrends::Point &p : series)
        out.append(QVariantMap{{QStringLiteral("weekOf"), qstr(p.weekOf)},
                               {QStringLiteral("label"), weekLabel(p.weekOf)},
                               {QStringLiteral("average"), p.average},
                               {QStringLiteral("answers"), p.answers}});
    return out;
}

} // namespace

CheckInsModel::CheckInsModel(QObject *parent) : CheckInsModel(Session::instance(), parent) {}

CheckInsModel::CheckInsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &CheckInsModel::refresh);
    refresh();
}

int CheckInsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CheckInsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case CheckinIdRole: return row.checkinId;
    case Qt::DisplayRole:
    case TitleRole: return row.title;
    case SetIdRole: return row.setId;
    case DateTextRole: return row.dateText;
    case StartedAtRole: return row.startedAt;
    case StartedByMeRole: return row.startedByMe;
    case HasDraftRole: return row.hasDraft;
    case MineSubmittedRole: return row.mineSubmitted;
    case PartnerSubmittedRole: return row.partnerSubmitted;
    case RevealedRole: return row.revealed;
    case FinishedRole: return row.finished;
    case StatusRole: return row.status;
    case StatusTextRole: return row.statusText;
    case FromRitualRole: return row.fromRitual;
    }
    return {};
}

QHash<int, QByteArray> CheckInsModel::roleNames() const
{
    return {{CheckinIdRole, "checkinId"},
            {TitleRole, "title"},
            {SetIdRole, "setId"},
            {DateTextRole, "dateText"},
            {StartedAtRole, "startedAt"},
            {StartedByMeRole, "startedByMe"},
            {HasDraftRole, "hasDraft"},
            {MineSubmittedRole, "mineSubmitted"},
            {PartnerSubmittedRole, "partnerSubmitted"},
            {RevealedRole, "revealed"},
            {FinishedRole, "finished"},
            {StatusRole, "status"},
            {StatusTextRole, "statusText"},
            {FromRitualRole, "fromRitual"}};
}

int CheckInsModel::openCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &r) { return !r.finished; }));
}

QString CheckInsModel::newestOpenId() const
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [](const Row &r) { return !r.finished; });
    return it == m_rows.end() ? QString() : it->checkinId;
}

QVariantMap CheckInsModel::start(const QString &setId, const QString &ritualId,
                                 const QString &localStart)
{
    auto failed = [](const QString &message) { return QVariantMap{{QStringLiteral("error"), message}}; };
    if (!m_session || !m_session->book())
        return failed(m_session ? m_session->openError() : tr("No profile is open."));
    try {
        const std::string id = CheckIns(*m_session->store(), m_session->content())
                                   .start(str(setId), str(ritualId), str(localStart));
        return {{QStringLiteral("checkinId"), qstr(id)}};
    } catch (const Error &e) {
        return failed(qstr(e.what()));
    } catch (const std::exception &e) {
        return failed(tr("Something went wrong: %1").arg(qstr(e.what())));
    }
}

void CheckInsModel::refresh()
{
    std::vector<Row> rows;
    // What the trends are computed from: they change only when a submitted answer, a reveal or
    // my time zone does, not with every draft saved while answering.
    std::size_t signature = 0;
    auto mix = [&signature](const std::string &text) {
        signature ^= std::hash<std::string>{}(text) + 0x9e3779b97f4a7c15ULL + (signature << 6)
                     + (signature >> 2);
    };
    if (m_session && m_session->book() && m_session->hasProfile()) {
        try {
            CheckIns checkIns(*m_session->store(), m_session->content());
            const std::string me = m_session->book()->profile().me.id;
            const QString zone = m_session->myTimeZone();
            mix((zone + m_session->myName() + m_session->myColour() + m_session->partnerName()
                 + m_session->partnerColour())
                    .toStdString());
            for (const std::string &id : checkIns.ids()) {
                const std::optional<CheckInView> view = checkIns.view(id);
                if (!view)
                    continue;
                const QuestionSet *set = m_session->content().questionSet(view->setId);
                Row row;
                row.checkinId = qstr(id);
                row.setId = qstr(view->setId);
                row.title = set ? qstr(set->title) : tr("A check-in from a newer Hearth");
                row.startedAt = view->startedAt;
                row.dateText = m_session->dayLabel(view->startedAt, zone);
                row.startedByMe = view->startedBy == me;
                row.hasDraft = !view->myDraft.empty();
                row.mineSubmitted = view->mineSubmitted;
                row.partnerSubmitted = view->partnerSubmitted;
                row.revealed = view->revealed;
                row.finished = view->finishedAt > 0;
                row.fromRitual = !view->ritualId.empty();
                row.statusText = checkin::statusText(*view, m_session->partnerName(), &row.status);
                rows.push_back(std::move(row));
                mix(id + (view->mineSubmitted ? "+" : "-") + (view->revealed ? "+" : "-")
                    + view->myAnswers.dump() + view->partnerAnswers.dump());
            }
        } catch (const Error &e) {
            // A slot (Session::dataChanged): nothing may escape into Qt's event loop. A list that
            // cannot be read now keeps what it showed.
            qWarning("Could not read the check-ins: %s", e.what());
            return;
        } catch (const std::exception &e) {
            qWarning("Could not read the check-ins: %s", e.what());
            return;
        }
    }

    const bool sameIds = rows.size() == m_rows.size()
                         && std::equal(rows.begin(), rows.end(), m_rows.begin(),
                                       [](const Row &a, const Row &b) { return a.checkinId == b.checkinId; });
    const bool countMoved = rows.size() != m_rows.size();
    const int openBefore = openCount();
    const QString newestBefore = newestOpenId();
    if (sameIds) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i] == m_rows[i])
                continue;
            m_rows[i] = std::move(rows[i]);
            const QModelIndex changed = index(int(i));
            emit dataChanged(changed, changed);
        }
    } else {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }

    QVariantList sets;
    if (m_session && m_session->book()) {
        for (const QuestionSet &set : m_session->content().questionSets()) {
            const auto open = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &r) {
                return !r.finished && r.setId == qstr(set.id);
            });
            sets.append(QVariantMap{{QStringLiteral("id"), qstr(set.id)},
                                    {QStringLiteral("title"), qstr(set.title)},
                                    {QStringLiteral("purpose"), qstr(set.purpose)},
                                    {QStringLiteral("durationMinutes"), set.durationMinutes},
                                    {QStringLiteral("questionCount"), int(set.questions.size())},
                                    {QStringLiteral("openCheckinId"),
                                     open == m_rows.end() ? QString() : open->checkinId}});
        }
    }
    const bool setsMoved = sets != m_sets;
    m_sets = sets;
    if (countMoved || setsMoved || openBefore != openCount() || newestBefore != newestOpenId())
        emit countChanged();

    if (signature != m_trendsSignature || m_trends.isEmpty())
        refreshTrends(signature);
}

// CheckIns::trends opens every sealed answer again (refresh() just did, for the list). With 50
// weekly check-ins, both partners' answers revealed, the list and the trends together take about
// 35 ms in a debug build, the list alone half that (tst_checkinmodels measures it); the
// signature keeps the trends off the path of every draft save.
void CheckInsModel::refreshTrends(std::size_t signature)
{
    m_trendsSignature = signature;
    QVariantMap trends;
    int scaleMin = 0;
    int scaleMax = 0;
    QVariantList people;
    QVariantList weeks;
    QVariantList needs;
    int maxNeedCount = 0;
    bool hasData = false;
    if (m_session && m_session->book() && m_session->hasProfile()) {
        for (const QuestionSet &set : m_session->content().questionSets())
            for (const Question &question : set.questions)
                if (question.measure != Measure::None) {
                    scaleMin = scaleMax == 0 ? question.min : std::min(scaleMin, question.min);
                    scaleMax = std::max(scaleMax, question.max);
                }
        try {
            const CheckInTrends t = CheckIns(*m_session->store(), m_session->content())
                                        .trends(str(m_session->myTimeZone()));
            const std::string me = m_session->book()->profile().me.id;
            std::map<std::string, bool> weekSet;
            // need id -> times named per person, and the order the core gave (most named first).
            std::map<std::string, std::vector<int>> needCounts;
            std::vector<std::string> needOrder;
            for (std::size_t i = 0; i < t.people.size(); ++i) {
                const CheckInTrends::Person &person = t.people[i];
                const bool mine = person.memberId == me;
                QVariantList personNeeds;
                for (const auto &[needId, times] : person.needs) {
                    const Need *need = m_session->content().need(needId);
                    personNeeds.append(QVariantMap{{QStringLiteral("id"), qstr(needId)},
                                                   {QStringLiteral("label"), need ? qstr(need->label) : qstr(needId)},
                                                   {QStringLiteral("count"), times}});
                    auto &counts = needCounts[needId];
                    if (counts.empty()) {
                        counts.assign(t.people.size(), 0);
                        needOrder.push_back(needId);
                    }
                    counts[i] = times;
                }
                for (const auto *series : {&person.mood, &person.closeness, &person.stress})
                    for (const CheckInTrends::Point &p : *series) {
                        weekSet[p.weekOf] = true;
                        hasData = true;
                    }
                people.append(QVariantMap{
                    {QStringLiteral("memberId"), qstr(person.memberId)},
                    {QStringLiteral("name"), mine ? m_session->myName() : m_session->partnerName()},
                    {QStringLiteral("colour"), mine ? m_session->myColour() : m_session->partnerColour()},
                    {QStringLiteral("mine"), mine},
                    {QStringLiteral("mood"), points(person.mood)},
                    {QStringLiteral("closeness"), points(person.closeness)},
                    {QStringLiteral("stress"), points(person.stress)},
                    {QStringLiteral("needs"), personNeeds}});
            }
            for (const auto &[week, unused] : weekSet)
                weeks.append(QVariantMap{{QStringLiteral("weekOf"), qstr(week)},
                                         {QStringLiteral("label"), weekLabel(week)}});
            auto total = [&](const std::string &id) {
                const auto &c = needCounts[id];
                return std::accumulate(c.begin(), c.end(), 0);
            };
            std::stable_sort(needOrder.begin(), needOrder.end(),
                             [&](const std::string &a, const std::string &b) { return total(a) > total(b); });
            if (needOrder.size() > std::size_t(kTopNeeds))
                needOrder.resize(std::size_t(kTopNeeds));
            for (const std::string &id : needOrder) {
                const Need *need = m_session->content().need(id);
                QVariantList counts;
                for (int c : needCounts[id]) {
                    counts.append(c);
                    maxNeedCount = std::max(maxNeedCount, c);
                }
                needs.append(QVariantMap{{QStringLiteral("id"), qstr(id)},
                                         {QStringLiteral("label"), need ? qstr(need->label) : qstr(id)},
                                         {QStringLiteral("counts"), counts},
                                         {QStringLiteral("total"), total(id)}});
            }
        } catch (const Error &e) {
            // The trends shown stay; the next refresh tries again.
            qWarning("Could not read the check-in trends: %s", e.what());
            m_trendsSignature = 0;
            return;
        } catch (const std::exception &e) {
            qWarning("Could not read the check-in trends: %s", e.what());
            m_trendsSignature = 0;
            return;
        }
    }
    trends.insert(QStringLiteral("hasData"), hasData);
    trends.insert(QStringLiteral("scaleMin"), scaleMax > 0 ? scaleMin : 1);
    trends.insert(QStringLiteral("scaleMax"), scaleMax > 0 ? scaleMax : 5);
    trends.insert(QStringLiteral("weeks"), weeks);
    trends.insert(QStringLiteral("people"), people);
    trends.insert(QStringLiteral("needs"), needs);
    trends.insert(QStringLiteral("maxNeedCount"), maxNeedCount);
    if (trends != m_trends) {
        m_trends = trends;
        emit trendsChanged();
    }
}
