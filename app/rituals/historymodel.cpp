#include "historymodel.h"

#include "session.h"

#include "errors.h"

using namespace hearth;

QString consistencySentence(const Consistency &c)
{
    if (c.periods.empty())
        return QObject::tr("Not kept yet: its first time is still ahead.");
    const int total = int(c.periods.size());
    if (c.unit == "month")
        return total == 1 ? QObject::tr("Kept %1 of the last month").arg(c.kept())
                          : QObject::tr("Kept %1 of the last %2 months").arg(c.kept()).arg(total);
    return total == 1 ? QObject::tr("Kept %1 of the last week").arg(c.kept())
                      : QObject::tr("Kept %1 of the last %2 weeks").arg(c.kept()).arg(total);
}

HistoryModel::HistoryModel(QObject *parent) : HistoryModel(Session::instance(), parent) {}

HistoryModel::HistoryModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &HistoryModel::refresh);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgendaItem &item = m_items[std::size_t(index.row())];
    const QString zone = m_session->myTimeZone();
    switch (role) {
    case LocalStartRole: return QString::fromStdString(item.localStart);
    case Qt::DisplayRole:
    case DateTextRole: return m_session->dayLabel(item.startUtc, zone);
    case TimeTextRole: return m_session->timeIn(item.startUtc, zone);
    case StatusRole: return QString::fromStdString(item.status);
    case NoteRole: return item.record ? QString::fromStdString(item.record->note) : QString();
    case RatingRole: return item.record ? item.record->rating : 0;
    case ReasonRole: return item.record ? QString::fromStdString(item.record->reason) : QString();
    case MovedRole: return item.moved;
    }
    return {};
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return {{LocalStartRole, "localStart"}, {DateTextRole, "dateText"},
            {TimeTextRole, "timeText"},     {StatusRole, "status"},
            {NoteRole, "note"},             {RatingRole, "rating"},
            {ReasonRole, "reason"},         {MovedRole, "moved"}};
}

void HistoryModel::setRitualId(const QString &id)
{
    if (id == m_ritualId)
        return;
    m_ritualId = id;
    emit ritualIdChanged();
    refresh();
}

void HistoryModel::refresh()
{
    std::vector<AgendaItem> items;
    QString sentence;
    QVariantList periods;
    if (m_session && m_session->book() && !m_ritualId.isEmpty()) {
        try {
            const Millis now = m_session->nowMs();
            for (auto &item : m_session->book()->history(m_ritualId.toStdString(),
                                                         now - kDays * 24 * 3600'000LL, now))
                if (item.status != "due")
                    items.push_back(std::move(item));
            const Consistency c = m_session->book()->consistency(m_ritualId.toStdString(), now);
            sentence = consistencySentence(c);
            for (const auto &p : c.periods)
                periods.append(QVariantMap{{QStringLiteral("label"), QString::fromStdString(p.label)},
                                           {QStringLiteral("scheduled"), p.scheduled},
                                           {QStringLiteral("done"), p.done},
                                           {QStringLiteral("kept"), p.kept()}});
        } catch (const Error &e) {
            qWarning("Could not read the history: %s", e.what());
        }
    }
    beginResetModel();
    m_items = std::move(items);
    m_consistencyText = sentence;
    m_periods = periods;
    endResetModel();
    emit countChanged();
}
