#include "ritualsmodel.h"

#include "historymodel.h"
#include "session.h"

#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"

using namespace hearth;

RitualsModel::RitualsModel(QObject *parent) : RitualsModel(Session::instance(), parent) {}

RitualsModel::RitualsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &RitualsModel::refresh);
    refresh();
}

int RitualsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RitualsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case RitualIdRole: return QString::fromStdString(row.ritual.id);
    case Qt::DisplayRole:
    case TitleRole: return QString::fromStdString(row.ritual.title);
    case KindRole: return QString::fromStdString(row.ritual.kind);
    case PurposeRole: return QString::fromStdString(row.ritual.purpose);
    case ScheduleTextRole: return row.scheduleText;
    case StatusRole: return QString::fromStdString(std::string(toString(row.ritual.status)));
    case NextTextRole: return row.nextText;
    case ConsistencyTextRole: return row.consistencyText;
    case KeptRole: return row.kept;
    case PeriodsRole: return row.periods;
    }
    return {};
}

QHash<int, QByteArray> RitualsModel::roleNames() const
{
    return {{RitualIdRole, "ritualId"},   {TitleRole, "title"},
            {KindRole, "kind"},           {PurposeRole, "purpose"},
            {ScheduleTextRole, "scheduleText"}, {StatusRole, "status"},
            {NextTextRole, "nextText"},   {ConsistencyTextRole, "consistencyText"},
            {KeptRole, "kept"},           {PeriodsRole, "periods"}};
}

void RitualsModel::setIncludeArchived(bool include)
{
    if (include == m_includeArchived)
        return;
    m_includeArchived = include;
    emit includeArchivedChanged();
    refresh();
}

void RitualsModel::refresh()
{
    std::vector<Row> rows;
    if (m_session && m_session->book()) {
        try {
            RitualBook &book = *m_session->book();
            const Millis now = m_session->nowMs();
            const QString zone = m_session->myTimeZone();
            for (Ritual &r : book.rituals(m_includeArchived)) {
                Row row;
                try {
                    row.scheduleText = QString::fromStdString(describe(r.schedule));
                    if (r.status == RitualStatus::Active) {
                        const auto next = expand(r.schedule, now, now + 400LL * 24 * 3600'000, 1);
                        if (!next.empty())
                            row.nextText =
                                tr("Next: %1 at %2")
                                    .arg(m_session->dayLabel(next.front().startUtc, zone),
                                         m_session->timeIn(next.front().startUtc, zone));
                    } else {
                        row.nextText =
                            r.status == RitualStatus::Paused ? tr("Paused") : tr("Archived");
                    }
                    const Consistency c = book.consistency(r.id, now);
                    row.consistencyText = consistencySentence(c);
                    row.kept = c.kept();
                    row.periods = int(c.periods.size());
                } catch (const Error &e) {
                    // One unreadable schedule is shown as such; the others still list.
                    row.scheduleText = tr("This schedule cannot be read on this device: %1")
                                           .arg(QString::fromStdString(e.what()));
                }
                row.ritual = std::move(r);
                rows.push_back(std::move(row));
            }
        } catch (const Error &e) {
            qWarning("Could not read the rituals: %s", e.what());
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}
