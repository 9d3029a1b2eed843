#include "todaymodel.h"

#include "session.h"

#include "checkins.h"
#include "errors.h"
#include "store.h"
#include "ritualbook.h"

using namespace hearth;

TodayModel::TodayModel(QObject *parent) : TodayModel(Session::instance(), parent) {}

TodayModel::TodayModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &TodayModel::refresh);
    // Statuses move from due to missed, and days roll over, without any write.
    m_minuteTimer.setInterval(60'000);
    connect(&m_minuteTimer, &QTimer::timeout, this, &TodayModel::refresh);
    m_minuteTimer.start();
    refresh();
}

int TodayModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant TodayModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgendaItem &item = m_items[std::size_t(index.row())];
    const QString myZone = m_session->myTimeZone();
    switch (role) {
    case RitualIdRole: return QString::fromStdString(item.ritualId);
    case Qt::DisplayRole:
    case TitleRole: return QString::fromStdString(item.title);
    case KindRole: return QString::fromStdString(item.kind);
    case LocalStartRole: return QString::fromStdString(item.localStart);
    case StartMsRole: return qint64(item.startUtc);
    case DayLabelRole: return m_session->dayLabel(item.startUtc, myZone);
    case TimeTextRole: return m_session->timeIn(item.startUtc, myZone);
    case PartnerTimeTextRole: return m_session->partnerTimeText(item.startUtc);
    case StatusRole: return QString::fromStdString(item.status);
    case MovedRole: return item.moved;
    case DurationMinutesRole: return item.durationMinutes;
    case NoteRole: return item.record ? QString::fromStdString(item.record->note) : QString();
    case RatingRole: return item.record ? item.record->rating : 0;
    case IsTodayRole: return item.startUtc < m_todayEnd;
    case HasCheckInRole: return m_withCheckIn.count(item.ritualId) > 0;
    case CheckInIdRole: {
        const std::string id = item.ritualId + "@" + item.localStart;
        return m_startedCheckIns.count(id) ? QString::fromStdString(id) : QString();
    }
    }
    return {};
}

QHash<int, QByteArray> TodayModel::roleNames() const
{
    return {{RitualIdRole, "ritualId"},
            {TitleRole, "title"},
            {KindRole, "kind"},
            {LocalStartRole, "localStart"},
            {StartMsRole, "startMs"},
            {DayLabelRole, "dayLabel"},
            {TimeTextRole, "timeText"},
            {PartnerTimeTextRole, "partnerTimeText"},
            {StatusRole, "status"},
            {MovedRole, "moved"},
            {DurationMinutesRole, "durationMinutes"},
            {NoteRole, "note"},
            {RatingRole, "rating"},
            {IsTodayRole, "isToday"},
            {HasCheckInRole, "hasCheckIn"},
            {CheckInIdRole, "checkInId"}};
}

void TodayModel::setDaysAhead(int days)
{
    days = std::clamp(days, 0, 60);
    if (days == m_daysAhead)
        return;
    m_daysAhead = days;
    emit daysAheadChanged();
    refresh();
}

int TodayModel::dueToday() const
{
    return int(std::count_if(m_items.begin(), m_items.end(),
                             [this](const AgendaItem &i) { return i.startUtc < m_todayEnd; }));
}

int TodayModel::doneToday() const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [this](const AgendaItem &i) {
        return i.startUtc < m_todayEnd && i.status == "done";
    }));
}

void TodayModel::refresh()
{
    std::vector<AgendaItem> items;
    std::set<std::string> withCheckIn;
    std::set<std::string> startedCheckIns;
    qint64 todayEnd = 0;
    if (m_session && m_session->book() && m_session->hasProfile()) {
        try {
            const std::string zone = m_session->myTimeZone().toStdString();
            const Millis now = m_session->nowMs();
            const Millis start = startOfLocalDay(now, zone);
            todayEnd = startOfLocalDay(start + 36 * 3600'000LL, zone);
            Millis end = todayEnd;
            for (int i = 0; i < m_daysAhead; ++i)
                end = startOfLocalDay(end + 36 * 3600'000LL, zone);
            items = m_session->book()->agenda(start, end);
            CheckIns checkIns(*m_session->store(), m_session->content());
            for (const AgendaItem &item : items) {
                if (!withCheckIn.count(item.ritualId) && checkIns.setForRitual(item.ritualId))
                    withCheckIn.insert(item.ritualId);
                // An occurrence's check-in has the occurrence's id (CheckIns::start).
                const std::string id = item.ritualId + "@" + item.localStart;
                if (withCheckIn.count(item.ritualId) && m_session->store()->row("checkin", id))
                    startedCheckIns.insert(id);
            }
        } catch (const Error &e) {
            qWarning("Could not read today's rituals: %s", e.what());
        }
    }
    beginResetModel();
    m_items = std::move(items);
    m_withCheckIn = std::move(withCheckIn);
    m_startedCheckIns = std::move(startedCheckIns);
    m_todayEnd = todayEnd;
    endResetModel();
    emit countChanged();
}
