#include "repairsmodel.h"

#include "jsonvariant.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"
#include "schedule.h"

#include <nlohmann/json.hpp>

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <set>

using namespace hearth;
using nlohmann::json;

namespace {

constexpr qint64 kMinute = 60'000;

QVariantMap idLabel(const std::string &id, const std::string &label)
{
    return {{QStringLiteral("id"), qstr(id)}, {QStringLiteral("label"), qstr(label)}};
}

/// The months from `first` to `last` ("YYYY-MM"), inclusive.
QList<QDate> monthsBetween(QDate first, QDate last)
{
    QList<QDate> out;
    for (QDate m = first; m <= last; m = m.addMonths(1))
        out << m;
    return out;
}

} // namespace

namespace repairtext {

QString statusText(const QString &status)
{
    if (status == u"open")
        return QObject::tr("Open");
    if (status == u"cooling")
        return QObject::tr("Cooling off");
    if (status == u"talking")
        return QObject::tr("Talking");
    if (status == u"repaired")
        return QObject::tr("Repaired");
    return status;
}

QString duration(qint64 ms)
{
    const qint64 minutes = std::max<qint64>(1, (ms + kMinute / 2) / kMinute);
    if (minutes < 60)
        return minutes == 1 ? QObject::tr("1 minute") : QObject::tr("%1 minutes").arg(minutes);
    const qint64 hours = (minutes + 30) / 60;
    if (hours < 48)
        return hours == 1 ? QObject::tr("1 hour") : QObject::tr("%1 hours").arg(hours);
    const qint64 days = (hours + 12) / 24;
    return QObject::tr("%1 days").arg(days);
}

QString timeToRepair(const RepairView &repair)
{
    if (repair.status != "repaired" || repair.timeToRepair() <= 0)
        return {};
    return QObject::tr("Repaired in %1").arg(duration(repair.timeToRepair()));
}

QString when(const Session &session, qint64 utcMs)
{
    const QString zone = session.myTimeZone();
    return QObject::tr("%1, %2").arg(session.dayLabel(utcMs, zone), session.timeIn(utcMs, zone));
}

QString commitmentStatus(const QString &status)
{
    if (status == u"kept")
        return QObject::tr("Kept");
    if (status == u"retired")
        return QObject::tr("Set aside");
    return QObject::tr("Keeping to it");
}

Members Members::of(const Session *session)
{
    Members out;
    if (!session || !session->book())
        return out;
    try {
        if (!session->book()->hasProfile())
            return out;
        const Profile p = session->book()->profile();
        out.me = p.me.id;
        out.partner = p.partner.id;
        out.myName = session->myName();
        out.partnerName = session->partnerName();
    } catch (const std::exception &e) {
        qWarning("Could not read the profile: %s", e.what());
        return {};
    }
    return out;
}

QString Members::name(const std::string &memberId) const
{
    if (memberId.empty())
        return {};
    if (memberId == me)
        return myName;
    if (memberId == partner)
        return partnerName;
    return {};
}

} // namespace repairtext

RepairsModel::RepairsModel(QObject *parent) : RepairsModel(Session::instance(), parent) {}

RepairsModel::RepairsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    // A burst of changes (a sync merging many rows, a step shared and the status moved) is read
    // once, on the next turn of the event loop.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &RepairsModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

int RepairsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RepairsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case RepairIdRole: return row.id;
    case Qt::DisplayRole:
    case TitleRole: return row.title;
    case DateTextRole: return row.dateText;
    case IntensityRole: return row.intensity;
    case IntensityLabelRole: return row.intensityLabel;
    case TopicsRole: return row.topicLabels;
    case StatusRole: return row.status;
    case StatusTextRole: return row.statusText;
    case TimeToRepairTextRole: return row.timeToRepairText;
    case StartedByMeRole: return row.startedByMe;
    }
    return {};
}

QHash<int, QByteArray> RepairsModel::roleNames() const
{
    return {{RepairIdRole, "repairId"},
            {TitleRole, "title"},
            {DateTextRole, "dateText"},
            {IntensityRole, "intensity"},
            {IntensityLabelRole, "intensityLabel"},
            {TopicsRole, "topics"},
            {StatusRole, "status"},
            {StatusTextRole, "statusText"},
            {TimeToRepairTextRole, "timeToRepairText"},
            {StartedByMeRole, "startedByMe"}};
}

void RepairsModel::setTopicFilter(const QString &topic)
{
    if (topic == m_topicFilter)
        return;
    m_topicFilter = topic;
    emit filterChanged();
    updateRows(filtered());
    emit countChanged();
}

void RepairsModel::setStatusFilter(const QString &status)
{
    if (status == m_statusFilter)
        return;
    m_statusFilter = status;
    emit filterChanged();
    updateRows(filtered());
    emit countChanged();
}

QVariantList RepairsModel::topics() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const Topic &t : m_session->content().topics())
        out << idLabel(t.id, t.label);
    return out;
}

QVariantList RepairsModel::statuses() const
{
    QVariantList out;
    for (const char *s : {"open", "cooling", "talking", "repaired"})
        out << QVariantMap{{QStringLiteral("id"), QString::fromLatin1(s)},
                           {QStringLiteral("label"), repairtext::statusText(QString::fromLatin1(s))}};
    return out;
}

QVariantList RepairsModel::intensityLevels() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const IntensityLevel &level : m_session->content().intensityLevels())
        out << QVariantMap{{QStringLiteral("value"), level.value},
                           {QStringLiteral("label"), qstr(level.label)}};
    return out;
}

QVariantList RepairsModel::guides() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const RepairGuide &g : m_session->content().repairGuides())
        out << QVariantMap{{QStringLiteral("id"), qstr(g.id)},
                           {QStringLiteral("title"), qstr(g.title)},
                           {QStringLiteral("purpose"), qstr(g.purpose)},
                           {QStringLiteral("kind"), qstr(std::string(repairGuideKindName(g.kind)))},
                           {QStringLiteral("durationMinutes"), g.durationMinutes}};
    return out;
}

QString RepairsModel::topicLabel(const QString &topicId) const
{
    if (!m_session)
        return topicId;
    const Topic *t = m_session->content().topic(str(topicId));
    return t ? qstr(t->label) : topicId;
}

QString RepairsModel::todayText() const
{
    if (!m_session || m_session->myTimeZone().isEmpty())
        return {};
    try {
        return qstr(utcToLocal(m_session->nowMs(), str(m_session->myTimeZone()))).left(10);
    } catch (const std::exception &) {
        return {};
    }
}

QString RepairsModel::nowTimeText() const
{
    if (!m_session)
        return {};
    return m_session->timeIn(m_session->nowMs(), m_session->myTimeZone());
}

qint64 RepairsModel::localToUtcMs(const QString &date, const QString &time) const
{
    if (!m_session)
        return 0;
    const QDate d = QDate::fromString(date, Qt::ISODate);
    const QTime t = QTime::fromString(time, QStringLiteral("HH:mm"));
    if (!d.isValid() || !t.isValid())
        return 0;
    try {
        return localToUtc(str(date + u'T' + time), str(m_session->myTimeZone()));
    } catch (const std::exception &) {
        return 0;
    }
}

QVariantMap RepairsModel::start(const QString &title, qint64 happenedAtMs, int intensity,
                                const QVariantList &topicIds, const QString &guideId)
{
    QVariantMap errors;
    if (!m_session || !m_session->store()) {
        errors[QStringLiteral("form")] = m_session ? m_session->openError() : tr("Hearth is not open.");
        return errors;
    }
    // Every field is checked before anything is written, so the form can say all that is wrong
    // at once; core checks again and has the last word.
    const QString trimmed = title.trimmed();
    if (trimmed.isEmpty())
        errors[QStringLiteral("title")] = tr("Give it a short name, so you both know which one it is.");
    else if (fair::characters(str(trimmed)) > Repairs::kMaxTitle)
        errors[QStringLiteral("title")] = tr("Keep it to %1 characters.").arg(Repairs::kMaxTitle);
    if (happenedAtMs <= 0)
        errors[QStringLiteral("happenedAt")] = tr("Say when it happened: a date and a time.");
    else if (happenedAtMs > m_session->nowMs() + kMinute)
        errors[QStringLiteral("happenedAt")] = tr("When it happened can't be in the future.");
    if (intensity < 1 || intensity > 5)
        errors[QStringLiteral("intensity")] = tr("Choose how intense it felt, from 1 to 5.");
    RepairDraft draft;
    draft.title = str(trimmed);
    draft.happenedAt = happenedAtMs;
    draft.intensity = intensity;
    draft.guideId = guideId.isEmpty() ? std::string("aftermath") : str(guideId);
    std::set<std::string> seen;
    for (const QVariant &v : topicIds) {
        const std::string topic = str(v.toString());
        if (!m_session->content().topic(topic)) {
            errors[QStringLiteral("topics")] = tr("There is no topic “%1”.").arg(v.toString());
            break;
        }
        if (!seen.insert(topic).second) {
            errors[QStringLiteral("topics")] = tr("Each topic once.");
            break;
        }
        draft.topics.push_back(topic);
    }
    const RepairGuide *guide = m_session->content().repairGuide(draft.guideId);
    if (!guide)
        errors[QStringLiteral("guideId")] = tr("There is no guide called “%1”.").arg(guideId);
    else if (guide->kind != RepairGuideKind::Steps)
        errors[QStringLiteral("guideId")] =
            tr("“%1” is for the moment itself: open it from “Try a repair attempt”.").arg(qstr(guide->title));
    if (!errors.isEmpty())
        return errors;
    try {
        const std::string id = Repairs(*m_session->store(), m_session->content()).start(draft);
        return {{QStringLiteral("repairId"), qstr(id)}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

std::vector<RepairsModel::Row> RepairsModel::filtered() const
{
    std::vector<Row> out;
    const std::string topic = str(m_topicFilter);
    for (const Row &row : m_all) {
        if (!m_statusFilter.isEmpty() && row.status != m_statusFilter)
            continue;
        if (!topic.empty() && std::find(row.topicIds.begin(), row.topicIds.end(), topic) == row.topicIds.end())
            continue;
        out.push_back(row);
    }
    return out;
}

void RepairsModel::updateRows(std::vector<Row> rows)
{
    auto hasId = [](const std::vector<Row> &list, const QString &id) {
        return std::any_of(list.begin(), list.end(), [&](const Row &r) { return r.id == id; });
    };
    // Rows that are gone, from the end so the indexes stay right.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (hasId(rows, m_rows[std::size_t(i)].id))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.erase(m_rows.begin() + i);
        endRemoveRows();
    }
    // Now every row shown stays: put each in its place, bringing up one that moved and inserting
    // new ones, and say which changed.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Row &wanted = rows[i];
        if (i < m_rows.size() && m_rows[i].id == wanted.id) {
            if (!(m_rows[i] == wanted)) {
                m_rows[i] = std::move(wanted);
                emit dataChanged(index(int(i)), index(int(i)));
            }
            continue;
        }
        const auto found = std::find_if(m_rows.begin() + std::ptrdiff_t(i), m_rows.end(),
                                        [&](const Row &r) { return r.id == wanted.id; });
        if (found != m_rows.end()) {
            const int from = int(found - m_rows.begin());
            beginMoveRows({}, from, from, {}, int(i));
            Row moved = std::move(*found);
            m_rows.erase(found);
            m_rows.insert(m_rows.begin() + std::ptrdiff_t(i), std::move(moved));
            endMoveRows();
            if (!(m_rows[i] == wanted)) {
                m_rows[i] = std::move(wanted);
                emit dataChanged(index(int(i)), index(int(i)));
            }
            continue;
        }
        beginInsertRows({}, int(i), int(i));
        m_rows.insert(m_rows.begin() + std::ptrdiff_t(i), std::move(wanted));
        endInsertRows();
    }
    if (m_rows.size() > rows.size()) {
        beginRemoveRows({}, int(rows.size()), int(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
}

void RepairsModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<RepairView> all;
    RepairSummary summary;
    std::vector<Commitment> kept;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            members = repairtext::Members::of(m_session);
            Repairs repairs(*m_session->store(), m_session->content());
            all = repairs.log();
            summary = repairs.summary(str(m_session->myTimeZone()));
            kept = repairs.commitments();
        } catch (const std::exception &e) {
            qWarning("Could not read the repairs: %s", e.what());
        }
    }

    std::vector<Row> rows;
    rows.reserve(all.size());
    for (const RepairView &r : all) {
        Row row;
        row.id = qstr(r.id);
        row.title = qstr(r.title);
        row.dateText = repairtext::when(*m_session, r.happenedAt);
        row.intensity = r.intensity;
        row.intensityLabel = qstr(std::string(m_session->content().intensityLabel(r.intensity)));
        for (const std::string &t : r.topics)
            row.topicLabels << topicLabel(qstr(t));
        row.status = qstr(r.status);
        row.statusText = repairtext::statusText(row.status);
        row.timeToRepairText = repairtext::timeToRepair(r);
        row.startedByMe = members.isMe(r.startedBy);
        row.topicIds = r.topics;
        rows.push_back(std::move(row));
    }
    m_all = std::move(rows);
    const int countBefore = count();
    const int totalBefore = m_totalCount;
    updateRows(filtered());
    bool changed = countBefore != count() || totalBefore != int(m_all.size());

    auto set = [&](auto &member, auto value) {
        if (member == value)
            return;
        member = std::move(value);
        changed = true;
    };
    set(m_totalCount, int(m_all.size()));
    set(m_newestRepairId, m_all.empty() ? QString() : m_all.front().id);
    const auto open = std::find_if(m_all.begin(), m_all.end(),
                                   [](const Row &r) { return r.status != u"repaired"; });
    set(m_openRepairId, open == m_all.end() ? QString() : open->id);

    QVariantList perMonth;
    if (!summary.perMonth.empty()) {
        // This month in my zone, as the summary counts them.
        QDate now = QDate::fromString(todayText(), Qt::ISODate);
        if (!now.isValid())
            now = QDateTime::fromMSecsSinceEpoch(m_session->nowMs(), QTimeZone::utc()).date();
        const QDate thisMonth(now.year(), now.month(), 1);
        const QDate earliest = QDate::fromString(qstr(summary.perMonth.front().first) + QStringLiteral("-01"),
                                                 Qt::ISODate);
        QDate first = thisMonth.addMonths(-5);
        if (earliest.isValid() && earliest < first)
            first = std::max(earliest, thisMonth.addMonths(-11));
        QDate last = thisMonth;
        const QDate latest = QDate::fromString(qstr(summary.perMonth.back().first) + QStringLiteral("-01"),
                                               Qt::ISODate);
        if (latest.isValid() && latest > last)
            last = latest; // a clock behind the partner's: still show their month
        const QLocale locale;
        for (const QDate &month : monthsBetween(first, last)) {
            const QString key = month.toString(QStringLiteral("yyyy-MM"));
            int n = 0;
            for (const auto &[m, c] : summary.perMonth)
                if (qstr(m) == key)
                    n = c;
            perMonth << QVariantMap{{QStringLiteral("month"), key},
                                    {QStringLiteral("label"), locale.toString(month, QStringLiteral("MMM"))},
                                    {QStringLiteral("longLabel"), locale.toString(month, QStringLiteral("MMMM yyyy"))},
                                    {QStringLiteral("count"), n}};
        }
    }
    set(m_perMonth, std::move(perMonth));
    set(m_medianText, summary.medianTimeToRepair > 0
                          ? tr("Median time to repair: %1").arg(repairtext::duration(summary.medianTimeToRepair))
                          : QString());

    QVariantList commitments;
    for (const Commitment &c : kept) {
        const auto repair = std::find_if(all.begin(), all.end(),
                                         [&](const RepairView &r) { return r.id == c.repairId; });
        const QString status = qstr(c.status);
        commitments << QVariantMap{
            {QStringLiteral("id"), qstr(c.id)},
            {QStringLiteral("text"), qstr(c.text)},
            {QStringLiteral("memberName"), members.name(c.memberId)},
            {QStringLiteral("mine"), members.isMe(c.memberId)},
            {QStringLiteral("createdText"), m_session->dayLabel(c.createdAt, m_session->myTimeZone())},
            {QStringLiteral("createdAt"), qint64(c.createdAt)},
            {QStringLiteral("status"), status},
            {QStringLiteral("statusText"), repairtext::commitmentStatus(status)},
            {QStringLiteral("repairId"), qstr(c.repairId)},
            {QStringLiteral("repairTitle"), repair == all.end() ? QString() : qstr(repair->title)},
            {QStringLiteral("repairDateText"),
             repair == all.end() ? QString() : m_session->dayLabel(repair->happenedAt, m_session->myTimeZone())}};
    }
    set(m_commitments, std::move(commitments));
    if (changed)
        emit countChanged();
}
