#pragma once

#include "practicelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// The therapist's couples, by name: where each link stands (the therapist's device still joining,
/// waiting for the partners to accept the policy and who did, active, ended by the couple), what
/// is overdue, due this week and newly shared, and when each last synced.
class PracticeCouplesModel : public PracticeListModel {
    Q_OBJECT
    QML_ELEMENT
    /// The first active couple's space id, else the first's ("" when there is none): what a page
    /// opens by default.
    Q_PROPERTY(QString firstSpaceId READ firstSpaceId NOTIFY countChanged)

public:
    enum Role {
        SpaceIdRole = Qt::UserRole + 1,
        NameRole,
        LinkStateRole,
        StateTextRole,
        ActiveRole,
        EndedRole,
        OverdueRole,
        DueRole,
        NewReflectionsRole,
        LastSyncTextRole,
        SyncErrorRole,
        PartnerNamesRole,
    };
    Q_ENUM(Role)

    explicit PracticeCouplesModel(QObject *parent = nullptr);
    PracticeCouplesModel(PracticeSession *session, QObject *parent);

    [[nodiscard]] QString firstSpaceId() const;

protected:
    [[nodiscard]] QList<QVariantMap> build() override;
};
