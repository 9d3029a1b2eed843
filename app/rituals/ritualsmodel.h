#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

#include "domain.h"

class Session;

/// The couple's rituals with their schedule in words, their next occurrence and how
/// consistently they were kept.
class RitualsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool includeArchived READ includeArchived WRITE setIncludeArchived NOTIFY
                   includeArchivedChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        RitualIdRole = Qt::UserRole + 1,
        TitleRole,
        KindRole,
        PurposeRole,
        ScheduleTextRole,
        StatusRole,
        NextTextRole,
        ConsistencyTextRole,
        KeptRole,
        PeriodsRole,
    };
    Q_ENUM(Role)

    explicit RitualsModel(QObject *parent = nullptr);
    RitualsModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] bool includeArchived() const { return m_includeArchived; }
    void setIncludeArchived(bool include);
    [[nodiscard]] int count() const { return int(m_rows.size()); }

    Q_INVOKABLE void refresh();

signals:
    void includeArchivedChanged();
    void countChanged();

private:
    struct Row {
        hearth::Ritual ritual;
        QString scheduleText;
        QString nextText;
        QString consistencyText;
        int kept = 0;
        int periods = 0;
    };
    Session *m_session;
    std::vector<Row> m_rows;
    bool m_includeArchived = false;
};
