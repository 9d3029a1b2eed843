#pragma once

#include "practicelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// One couple's assignments, newest first, each with where every partner it is for stands on
/// each due date: to do, done (and when), overdue.
class PracticeAssignmentsModel : public PracticeListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString spaceId READ spaceId WRITE setSpaceId NOTIFY spaceIdChanged)

public:
    enum Role {
        AssignmentIdRole = Qt::UserRole + 1,
        TitleRole,
        FormatLabelRole,
        AssigneeTextRole,
        ScheduleTextRole,
        NoteRole,
        AssignedTextRole,
        DoneCountRole,
        DueCountRole,
        OverdueCountRole,
        /// [{key, partnerName, colour, dueOn, dueText, status ("todo", "done", "overdue"),
        /// statusText, reflected}], by due date then partner.
        StatusesRole,
    };
    Q_ENUM(Role)

    explicit PracticeAssignmentsModel(QObject *parent = nullptr);
    PracticeAssignmentsModel(PracticeSession *session, QObject *parent);

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    void setSpaceId(const QString &spaceId);

signals:
    void spaceIdChanged();

protected:
    [[nodiscard]] QList<QVariantMap> build() override;

private:
    QString m_spaceId;
};
