#pragma once

#include <QAbstractListModel>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <vector>

#include "ritualbook.h"

class Session;

/// One ritual's past occurrences, newest first, with its consistency over recent periods.
class HistoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString ritualId READ ritualId WRITE setRitualId NOTIFY ritualIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString consistencyText READ consistencyText NOTIFY countChanged)
    /// [{label, scheduled, done, kept}], oldest first, for the chart.
    Q_PROPERTY(QVariantList periods READ periods NOTIFY countChanged)

public:
    enum Role {
        LocalStartRole = Qt::UserRole + 1,
        DateTextRole,
        TimeTextRole,
        StatusRole,
        NoteRole,
        RatingRole,
        ReasonRole,
        MovedRole,
    };
    Q_ENUM(Role)

    explicit HistoryModel(QObject *parent = nullptr);
    HistoryModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString ritualId() const { return m_ritualId; }
    void setRitualId(const QString &id);
    [[nodiscard]] int count() const { return int(m_items.size()); }
    [[nodiscard]] QString consistencyText() const { return m_consistencyText; }
    [[nodiscard]] QVariantList periods() const { return m_periods; }

    Q_INVOKABLE void refresh();

    /// How far back the history reaches.
    static constexpr int kDays = 120;

signals:
    void ritualIdChanged();
    void countChanged();

private:
    Session *m_session;
    QString m_ritualId;
    std::vector<hearth::AgendaItem> m_items;
    QString m_consistencyText;
    QVariantList m_periods;
};

/// "Kept 8 of the last 10 weeks" for a consistency summary.
QString consistencySentence(const hearth::Consistency &c);
