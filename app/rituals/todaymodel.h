#pragma once

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <set>
#include <string>
#include <vector>

#include "ritualbook.h"

class Session;

/// Today and the next days: every due, done, skipped or missed occurrence of the active
/// rituals, in time order, with times in my zone and my partner's.
class TodayModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int daysAhead READ daysAhead WRITE setDaysAhead NOTIFY daysAheadChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int dueToday READ dueToday NOTIFY countChanged)
    Q_PROPERTY(int doneToday READ doneToday NOTIFY countChanged)

public:
    enum Role {
        RitualIdRole = Qt::UserRole + 1,
        TitleRole,
        KindRole,
        LocalStartRole,
        StartMsRole,
        DayLabelRole,
        TimeTextRole,
        PartnerTimeTextRole,
        StatusRole,
        MovedRole,
        DurationMinutesRole,
        NoteRole,
        RatingRole,
        IsTodayRole,
        HasCheckInRole, ///< the ritual's occurrences are answered as a check-in (CheckIns::setForRitual)
        CheckInIdRole,  ///< the check-in already started for this occurrence, or ""
    };
    Q_ENUM(Role)

    explicit TodayModel(QObject *parent = nullptr);
    TodayModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int daysAhead() const { return m_daysAhead; }
    void setDaysAhead(int days);
    [[nodiscard]] int count() const { return int(m_items.size()); }
    [[nodiscard]] int dueToday() const;
    [[nodiscard]] int doneToday() const;

    Q_INVOKABLE void refresh();

signals:
    void daysAheadChanged();
    void countChanged();

private:
    Session *m_session;
    std::vector<hearth::AgendaItem> m_items;
    std::set<std::string> m_withCheckIn; ///< ritual ids whose occurrences have check-in questions
    std::set<std::string> m_startedCheckIns; ///< ids of the check-ins started for listed occurrences
    qint64 m_todayEnd = 0;
    int m_daysAhead = 7;
    QTimer m_minuteTimer;
};
