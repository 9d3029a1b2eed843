#pragma once

#include "practicecouplelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// One couple's assignments, newest first, each with where every partner it is for stands on
/// each due date: to do, done (and when), overdue.
class PracticeAssignmentsModel : public PracticeCoupleListModel {
    Q_OBJECT
    QML_ELEMENT

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

protected:
    [[nodiscard]] QList<QVariantMap> buildFor(hearth::Care &care, const People &people) override;
};
