#include "syncdevicesmodel.h"

#include "syncstate.h"

#include <QDateTime>

#include <algorithm>

SyncDevicesModel::SyncDevicesModel(QObject *parent) : QAbstractListModel(parent) {}

int SyncDevicesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_devices.size());
}

QVariant SyncDevicesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SyncDevice &d = m_devices.at(index.row());
    switch (role) {
    case DeviceIdRole: return d.id;
    case Qt::DisplayRole:
    case NameRole: return d.name.isEmpty() ? tr("Unnamed device") : d.name;
    case RoleRole: return d.role;
    case MemberRole: return d.member;
    case OwnerNameRole: return m_memberNames.value(d.member);
    case LastSeenMsRole: return d.lastSeenMs;
    case LastSeenTextRole:
        return d.lastSeenMs > 0
                   ? SyncState::agoText(d.lastSeenMs, QDateTime::currentMSecsSinceEpoch())
                   : tr("never");
    case IsThisDeviceRole: return !m_thisDevice.isEmpty() && d.id == m_thisDevice;
    case RemovedRole: return d.removed;
    }
    return {};
}

QHash<int, QByteArray> SyncDevicesModel::roleNames() const
{
    return {{DeviceIdRole, "deviceId"},
            {NameRole, "name"},
            {RoleRole, "role"},
            {MemberRole, "member"},
            {OwnerNameRole, "ownerName"},
            {LastSeenMsRole, "lastSeenMs"},
            {LastSeenTextRole, "lastSeenText"},
            {IsThisDeviceRole, "isThisDevice"},
            {RemovedRole, "removed"}};
}

void SyncDevicesModel::setContext(const QString &thisDevice,
                                  const QHash<QString, QString> &memberNames)
{
    if (thisDevice == m_thisDevice && memberNames == m_memberNames)
        return;
    m_thisDevice = thisDevice;
    m_memberNames = memberNames;
    setDevices(QList<SyncDevice>(m_devices));
}

void SyncDevicesModel::setDevices(const QList<SyncDevice> &devices)
{
    QList<SyncDevice> sorted = devices;
    // This device first, then the others that still sync, newest sync first; removed ones last.
    std::stable_sort(sorted.begin(), sorted.end(), [this](const SyncDevice &a, const SyncDevice &b) {
        const auto rank = [this](const SyncDevice &d) {
            return d.removed ? 2 : (d.id == m_thisDevice ? 0 : 1);
        };
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        return a.lastSeenMs > b.lastSeenMs;
    });
    const bool sizeChanged = sorted.size() != m_devices.size();
    beginResetModel();
    m_devices = std::move(sorted);
    endResetModel();
    if (sizeChanged)
        emit countChanged();
}

bool SyncDevicesModel::hasPartnerOf(const QString &member) const
{
    return std::any_of(m_devices.cbegin(), m_devices.cend(), [&](const SyncDevice &d) {
        return !d.removed && d.member != member && d.role != u"therapist";
    });
}

bool SyncDevicesModel::hadPartnerOf(const QString &member) const
{
    const bool removedOne = std::any_of(m_devices.cbegin(), m_devices.cend(), [&](const SyncDevice &d) {
        return d.removed && d.member != member && d.role != u"therapist";
    });
    return removedOne && !hasPartnerOf(member);
}

void SyncDevicesModel::touch()
{
    if (!m_devices.isEmpty())
        emit dataChanged(index(0), index(int(m_devices.size()) - 1), {LastSeenTextRole});
}
