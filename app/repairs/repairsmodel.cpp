#include "repairsmodel.h"

#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"
#include "schedule.h"

#include <nlohmann/json.hpp>

#include <QDate>
#include <QDateTime>
#include <QTimeZone>
#include <QJSValue>
#include <QLocale>

#include <algorithm>
#include <set>

using namespace hearth;
using nlohmann::json;

namespace {

constexpr qint64 kMinute = 60'000;

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string str(const QString &s)
{
    return s.toStdString();
}

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

QString memberName(const Session &session, const std::string &memberId)
{
    if (!session.book() || !session.book()->hasProfile() || memberId.empty())
        return {};
    const Profile p = session.book()->profile();
    if (memberId == p.me.id)
        return session.myName();
    if (memberId == p.partner.id)
        return session.partnerName();
    return {};
}

bool isMe(const Session &session, const std::string &memberId)
{
    if (!session.book() || !session.book()->hasProfile())
        return false;
    return session.book()->profile().me.id == memberId;
}

QVariant toVariant(const json &value)
{
    switch (value.type()) {
    case json::value_t::string: return qstr(value.get<std::string>());
    case json::value_t::boolean: return value.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return qint64(value.get<std::int64_t>());
    case json::value_t::number_float: return value.get<double>();
    case json::value_t::array: {
        QVariantList list;
        for (const json &item : value)
            list << toVariant(item);
        return list;
    }
    case json::value_t::object: {
        QVariantMap map;
        for (const auto &[key, item] : value.items())
            map.insert(qstr(key), toVariant(item));
        return map;
    }
    default: return {};
    }
}

json fromVariant(const QVariant &input)
{
    QVariant value = input;
    if (value.canConvert<QJSValue>() && value.metaType() == QMetaType::fromType<QJSValue>())
        value = value.value<QJSValue>().toVariant();
    switch (value.metaType().id()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr: return nullptr;
    case QMetaType::QString: return str(value.toString());
    case QMetaType::Bool: return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return value.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return qint64(d);
        return d;
    }
    case QMetaType::QStringList: {
        json out = json::array();
        for (const QString &s : value.toStringList())
            out.push_back(str(s));
        return out;
    }
    case QMetaType::QVariantList: {
        json out = json::array();
        for (const QVariant &item : value.toList())
            out.push_back(fromVariant(item));
        return out;
    }
    case QMetaType::QVariantMap: {
        json out = json::object();
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            out[str(it.key())] = fromVariant(it.value());
        return out;
    }
    default: break;
    }
    if (value.canConvert<QVariantList>())
        return fromVariant(QVariant(value.toList()));
    return str(value.toString());
}

} // namespace repairtext

RepairsModel::RepairsModel(QObject *parent) : RepairsModel(Session::instance(), parent) {}

RepairsModel::RepairsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &RepairsModel::refresh);
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
    const RepairView &r = row.repair;
    switch (role) {
    case RepairIdRole: return qstr(r.id);
    case Qt::DisplayRole:
    case TitleRole: return qstr(r.title);
    case DateTextRole: return row.dateText;
    case IntensityRole: return r.intensity;
    case IntensityLabelRole: return qstr(std::string(m_session->content().intensityLabel(r.intensity)));
    case TopicsRole: return row.topicLabels;
    case StatusRole: return qstr(r.status);
    case StatusTextRole: return repairtext::statusText(qstr(r.status));
    case TimeToRepairTextRole: return row.timeToRepairText;
    case StartedByMeRole: return repairtext::isMe(*m_session, r.startedBy);
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
    refresh();
}

void RepairsModel::setStatusFilter(const QString &status)
{
    if (status == m_statusFilter)
        return;
    m_statusFilter = status;
    emit filterChanged();
    refresh();
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
    } catch (const Error &) {
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
    } catch (const Error &) {
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
    } catch (const Error &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

void RepairsModel::refresh()
{
    std::vector<RepairView> all;
    std::vector<RepairView> shown;
    RepairSummary summary;
    std::vector<Commitment> kept;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Repairs repairs(*m_session->store(), m_session->content());
            all = repairs.log();
            if (m_topicFilter.isEmpty() && m_statusFilter.isEmpty())
                shown = all;
            else
                shown = repairs.log(str(m_topicFilter), str(m_statusFilter));
            summary = repairs.summary();
            kept = repairs.commitments();
        } catch (const Error &e) {
            qWarning("Could not read the repairs: %s", e.what());
        }
    }

    beginResetModel();
    m_rows.clear();
    for (RepairView &r : shown) {
        Row row;
        row.dateText = repairtext::when(*m_session, r.happenedAt);
        row.timeToRepairText = repairtext::timeToRepair(r);
        for (const std::string &t : r.topics)
            row.topicLabels << topicLabel(qstr(t));
        row.repair = std::move(r);
        m_rows.push_back(std::move(row));
    }
    endResetModel();

    m_totalCount = int(all.size());
    m_newestRepairId = all.empty() ? QString() : qstr(all.front().id);
    const auto open = std::find_if(all.begin(), all.end(),
                                   [](const RepairView &r) { return r.status != "repaired"; });
    m_openRepairId = open == all.end() ? QString() : qstr(open->id);

    m_perMonth.clear();
    if (!summary.perMonth.empty()) {
        const QDate now = QDateTime::fromMSecsSinceEpoch(m_session->nowMs(), QTimeZone::utc()).date();
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
            m_perMonth << QVariantMap{{QStringLiteral("month"), key},
                                      {QStringLiteral("label"), locale.toString(month, QStringLiteral("MMM"))},
                                      {QStringLiteral("longLabel"), locale.toString(month, QStringLiteral("MMMM yyyy"))},
                                      {QStringLiteral("count"), n}};
        }
    }
    m_medianText = summary.medianTimeToRepair > 0
                       ? tr("Median time to repair: %1").arg(repairtext::duration(summary.medianTimeToRepair))
                       : QString();

    m_commitments.clear();
    for (const Commitment &c : kept) {
        const auto repair = std::find_if(all.begin(), all.end(),
                                         [&](const RepairView &r) { return r.id == c.repairId; });
        const QString status = qstr(c.status);
        m_commitments << QVariantMap{
            {QStringLiteral("id"), qstr(c.id)},
            {QStringLiteral("text"), qstr(c.text)},
            {QStringLiteral("memberName"), repairtext::memberName(*m_session, c.memberId)},
            {QStringLiteral("mine"), repairtext::isMe(*m_session, c.memberId)},
            {QStringLiteral("createdText"), m_session->dayLabel(c.createdAt, m_session->myTimeZone())},
            {QStringLiteral("createdAt"), qint64(c.createdAt)},
            {QStringLiteral("status"), status},
            {QStringLiteral("statusText"), status == u"kept" ? tr("Kept")
                                           : status == u"retired" ? tr("Set aside")
                                                                  : tr("Keeping to it")},
            {QStringLiteral("repairId"), qstr(c.repairId)},
            {QStringLiteral("repairTitle"), repair == all.end() ? QString() : qstr(repair->title)},
            {QStringLiteral("repairDateText"),
             repair == all.end() ? QString() : m_session->dayLabel(repair->happenedAt, m_session->myTimeZone())}};
    }
    emit countChanged();
}
