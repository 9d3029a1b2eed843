#pragma once

#include "couplelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// Every assignment from the therapist that stands (withdrawn ones are left out), for the care
/// page: the current ones first, by their next open due date, then the done ones (every due date
/// done by everyone it is for), newest first. Empty while the link is not active.
class CoupleAssignmentsModel : public CoupleListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int currentCount READ currentCount NOTIFY countChanged)
    Q_PROPERTY(int doneCount READ doneCount NOTIFY countChanged)

public:
    enum Role {
        AssignmentIdRole = Qt::UserRole + 1,
        TitleRole,
        FormatLabelRole,
        WhoTextRole,
        NextDueLabelRole,
        NextOccurrenceRole,
        ProgressTextRole,
        DoneRole,
        OverdueRole,
        GroupLabelRole,
        FirstInGroupRole,
    };
    Q_ENUM(Role)

    explicit CoupleAssignmentsModel(QObject *parent = nullptr);
    CoupleAssignmentsModel(Session *session, QObject *parent);

    [[nodiscard]] int currentCount() const;
    [[nodiscard]] int doneCount() const { return count() - currentCount(); }

    void refresh() override;
};
