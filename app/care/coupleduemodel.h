#pragma once

#include "couplelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// What the therapist gave me to do that Today shows: my due dates not done yet (mine alone and
/// the couple's), from two weeks overdue to a week ahead, oldest first, each with its label
/// ("Due today", "Due Thursday", "2 days overdue"). Empty while the link is not active.
class CoupleDueModel : public CoupleListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int overdueCount READ overdueCount NOTIFY countChanged)
    Q_PROPERTY(int dueTodayCount READ dueTodayCount NOTIFY countChanged)
    /// The link is active (else the model is empty and Today shows nothing of it).
    Q_PROPERTY(bool linked READ linked NOTIFY countChanged)
    Q_PROPERTY(QString therapistName READ therapistName NOTIFY countChanged)

public:
    /// How far back an overdue date still shows on Today, and how far ahead one coming does.
    static constexpr int kOverdueDays = 14;
    static constexpr int kAheadDays = 7;

    enum Role {
        KeyRole = Qt::UserRole + 1,
        AssignmentIdRole,
        OccurrenceRole,
        TitleRole,
        DueOnRole,
        DueLabelRole,
        OverdueRole,
        DueTodayRole,
        ForCoupleRole,
        WhoTextRole,
        MinutesRole,
    };
    Q_ENUM(Role)

    explicit CoupleDueModel(QObject *parent = nullptr);
    CoupleDueModel(Session *session, QObject *parent);

    [[nodiscard]] int overdueCount() const;
    [[nodiscard]] int dueTodayCount() const;
    [[nodiscard]] bool linked() const { return m_linked; }
    [[nodiscard]] QString therapistName() const { return m_therapistName; }

    void refresh() override;

private:
    bool m_linked = false;
    QString m_therapistName;
};
