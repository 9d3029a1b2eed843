#pragma once

#include "practicelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// One list of the therapist's dashboard across couples: what is overdue (oldest first), due
/// this week (soonest first), recently done (newest first), or the reflections newly shared.
class PracticeDashboardModel : public PracticeListModel {
    Q_OBJECT
    QML_ELEMENT
    /// "overdue", "due", "done" or "reflections".
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY kindChanged)
    /// At most this many rows (0: all).
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY kindChanged)
    /// How many there are of the kind, whatever `limit` says.
    Q_PROPERTY(int total READ total NOTIFY countChanged)

public:
    enum Role {
        RowIdRole = Qt::UserRole + 1,
        SpaceIdRole,
        CoupleNameRole,
        PartnerNameRole,
        TitleRole,
        DueOnRole,
        WhenTextRole,
        StatusRole,
        ExcerptRole,
        AnswersRole,
    };
    Q_ENUM(Role)

    explicit PracticeDashboardModel(QObject *parent = nullptr);
    PracticeDashboardModel(PracticeSession *session, QObject *parent);

    [[nodiscard]] QString kind() const { return m_kind; }
    void setKind(const QString &kind);
    [[nodiscard]] int limit() const { return m_limit; }
    void setLimit(int limit);
    [[nodiscard]] int total() const { return m_total; }

signals:
    void kindChanged();

protected:
    [[nodiscard]] QList<QVariantMap> build() override;

private:
    QString m_kind = QStringLiteral("overdue");
    int m_limit = 0;
    int m_total = 0;
};
