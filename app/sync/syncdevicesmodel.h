#pragma once

#include "syncworker.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

/// The devices of the space, as the server last listed them: whose each is, when it last
/// synced, and which one is this device. Filled by SyncState.
class SyncDevicesModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The devices come from Session.sync.devices.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        DeviceIdRole = Qt::UserRole + 1,
        NameRole,
        RoleRole,
        MemberRole,
        OwnerNameRole,
        LastSeenMsRole,
        LastSeenTextRole,
        IsThisDeviceRole,
        RemovedRole,
    };
    Q_ENUM(Role)

    explicit SyncDevicesModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return int(m_devices.size()); }
    /// Whether a device of someone other than `member` (who is not a therapist) is in the space
    /// and not removed: then the server takes no partner invite for them.
    [[nodiscard]] bool hasPartnerOf(const QString &member) const;
    /// Whether a partner of `member` had devices here, all of them removed now.
    [[nodiscard]] bool hadPartnerOf(const QString &member) const;

    /// This device's id and the names to show for member ids (mine and my partner's).
    void setContext(const QString &thisDevice, const QHash<QString, QString> &memberNames);
    void setDevices(const QList<SyncDevice> &devices);
    /// Last-seen texts are relative to now: refresh them.
    void touch();

signals:
    void countChanged();

private:
    QList<SyncDevice> m_devices;
    QString m_thisDevice;
    QHash<QString, QString> m_memberNames;
};
