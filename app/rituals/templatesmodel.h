#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

class Session;

/// The ritual templates of the content library.
class TemplatesModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count CONSTANT)

public:
    enum Role {
        TemplateIdRole = Qt::UserRole + 1,
        TitleRole,
        KindRole,
        PurposeRole,
        NeedRole,
        StepsRole,
        ScheduleTextRole,
        DurationMinutesRole,
        CreditRole,
    };
    Q_ENUM(Role)

    explicit TemplatesModel(QObject *parent = nullptr);
    TemplatesModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return rowCount(); }

private:
    Session *m_session;
};
