#include "syncstate.h"

#include "session.h"

#include "errors.h"
#include "ritualbook.h"
#include "store.h"

#include <QDateTime>
#include <QLocale>
#include <QSysInfo>
#include <QUrl>

using namespace hearth;

namespace {

QString clockText(const QDateTime &t)
{
    return QLocale().toString(t.time(), QStringLiteral("HH:mm"));
}

} // namespace

SyncState::SyncState(Session *session, const QString &databasePath, QObject *parent)
    : QObject(parent), m_session(session), m_worker(databasePath)
{
    connect(&m_worker, &SyncWorker::snapshotChanged, this, [this] {
        updateDeviceContext();
        emit changed();
        emit timeTextsChanged();
        emit devicesStatusChanged(); // partnerInSpace reads this device's member
    });
    connect(&m_worker, &SyncWorker::devicesFetched, this, [this](const QList<SyncDevice> &devices) {
        m_devices.setDevices(devices);
        emit devicesStatusChanged();
    });
    connect(&m_worker, &SyncWorker::finished, this, &SyncState::onFinished);
    // "3 min ago" moves on without any sync.
    m_clockTimer.setInterval(30'000);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] {
        emit timeTextsChanged();
        m_devices.touch();
    });
    m_clockTimer.start();
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &SyncState::updateDeviceContext);
}

QString SyncState::deviceName() const
{
    const QString name = m_worker.snapshot().deviceName;
    return name.isEmpty() ? deviceId() : name;
}

QString SyncState::leftText() const
{
    const qint64 left = leftMs();
    if (left <= 0)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(left);
    const QDate today = QDate::currentDate();
    if (t.date() == today)
        return tr("today");
    if (t.date() == today.addDays(-1))
        return tr("yesterday");
    const QString format = t.date().year() == today.year() ? QStringLiteral("d MMMM")
                                                           : QStringLiteral("d MMMM yyyy");
    return tr("on %1").arg(QLocale().toString(t.date(), format));
}

SyncState::~SyncState()
{
    stop();
}

void SyncState::start()
{
    m_worker.start();
}

void SyncState::stop()
{
    m_worker.stop();
}

QString SyncState::agoText(qint64 thenMs, qint64 nowMs)
{
    const qint64 seconds = (nowMs - thenMs) / 1000;
    if (seconds < 60)
        return tr("just now");
    if (seconds < 60 * 60)
        return tr("%1 min ago").arg(seconds / 60);
    const QDateTime then = QDateTime::fromMSecsSinceEpoch(thenMs);
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    if (then.date() == today)
        return tr("today at %1").arg(clockText(then));
    if (then.date() == today.addDays(-1))
        return tr("yesterday at %1").arg(clockText(then));
    return tr("%1 at %2").arg(QLocale().toString(then.date(), QStringLiteral("d MMM")), clockText(then));
}

QString SyncState::lastSyncText() const
{
    const qint64 last = lastSyncMs();
    return last > 0 ? agoText(last, QDateTime::currentMSecsSinceEpoch()) : QString();
}

QString SyncState::offlineSinceText() const
{
    const qint64 since = m_worker.snapshot().offlineSinceMs;
    if (since <= 0)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(since);
    if (t.date() == QDate::currentDate())
        return clockText(t);
    return QLocale().toString(t.date(), QStringLiteral("ddd")) + u' ' + clockText(t);
}

QString SyncState::defaultServer() const
{
    return QStringLiteral("http://127.0.0.1:8787");
}

QString SyncState::defaultDeviceName() const
{
    const QString host = QSysInfo::machineHostName();
    if (!host.isEmpty() && host != u"localhost")
        return host;
    return tr("My device");
}

QString SyncState::validateServer(const QString &server)
{
    const QUrl url(server.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        return tr("Enter the server's address, like http://127.0.0.1:8787.");
    return {};
}

bool SyncState::begin(const QString &action)
{
    if (busy())
        return false;
    m_busyAction = action;
    m_actionError.clear();
    emit busyChanged();
    return true;
}

void SyncState::createSpace(const QString &server, const QString &deviceName)
{
    if (busy())
        return;
    if (const QString problem = validateServer(server); !problem.isEmpty()) {
        m_actionError = problem;
        emit busyChanged();
        return;
    }
    if (begin(QStringLiteral("create"))) {
        const QString name = deviceName.trimmed().isEmpty() ? defaultDeviceName() : deviceName.trimmed();
        m_busyRequest = m_worker.createSpace(server.trimmed(), name);
    }
}

void SyncState::join(const QString &server, const QString &code, const QString &deviceName)
{
    if (busy())
        return;
    QString problem = validateServer(server);
    if (problem.isEmpty() && code.trimmed().isEmpty())
        problem = tr("Enter the invite code your partner gave you.");
    if (!problem.isEmpty()) {
        m_actionError = problem;
        emit busyChanged();
        return;
    }
    if (begin(QStringLiteral("join"))) {
        const QString name = deviceName.trimmed().isEmpty() ? defaultDeviceName() : deviceName.trimmed();
        m_busyRequest = m_worker.join(server.trimmed(), code.trimmed(), name);
    }
}

void SyncState::invite(const QString &role)
{
    if (begin(QStringLiteral("invite"))) {
        m_inviteRole = role == u"device" ? QStringLiteral("device") : QStringLiteral("partner");
        if (!m_inviteCode.isEmpty()) {
            m_inviteCode.clear();
            emit inviteChanged();
        }
        m_busyRequest = m_worker.invite(m_inviteRole);
    }
}

void SyncState::removeDevice(const QString &deviceId)
{
    if (begin(QStringLiteral("remove")))
        m_busyRequest = m_worker.removeDevice(deviceId);
}

void SyncState::leave()
{
    if (!paired()) {
        if (!busy()) {
            m_actionError = tr("This device is not in a space, so there is nothing to leave.");
            emit busyChanged();
        }
        return;
    }
    if (begin(QStringLiteral("leave")))
        m_busyRequest = m_worker.leave();
}

void SyncState::forget()
{
    if (begin(QStringLiteral("forget")))
        m_busyRequest = m_worker.forget();
}

void SyncState::refreshDevices()
{
    if (m_devicesRequest != 0 || !paired())
        return;
    m_devicesRequest = m_worker.fetchDevices();
    emit devicesStatusChanged();
}

void SyncState::syncNow()
{
    m_worker.syncNow();
}

void SyncState::clearInvite()
{
    if (m_inviteCode.isEmpty())
        return;
    m_inviteCode.clear();
    emit inviteChanged();
}

void SyncState::clearActionError()
{
    if (m_actionError.isEmpty())
        return;
    m_actionError.clear();
    emit busyChanged();
}

void SyncState::inviteTherapist()
{
    if (!m_careAction.isEmpty())
        return;
    if (!canInvite()) {
        m_careError = paired() ? tr("Only a partner's device can invite a therapist.")
                               : tr("Set up sync first: your therapist's device reaches you through the server.");
        emit careChanged();
        return;
    }
    m_careAction = QStringLiteral("invite-therapist");
    m_careError.clear();
    m_therapistCode.clear();
    m_careRequest = m_worker.inviteTherapist();
    emit careChanged();
}

void SyncState::unlinkTherapist()
{
    if (!m_careAction.isEmpty())
        return;
    if (!paired()) {
        m_careError = tr("This device is not in a space, so there is no therapist to unlink.");
        emit careChanged();
        return;
    }
    m_careAction = QStringLiteral("unlink-therapist");
    m_careError.clear();
    m_careRequest = m_worker.unlinkTherapist();
    emit careChanged();
}

void SyncState::clearTherapistInvite()
{
    if (m_therapistCode.isEmpty() && m_careError.isEmpty())
        return;
    m_therapistCode.clear();
    m_careError.clear();
    emit careChanged();
}

void SyncState::onFinished(int id, SyncWorker::Request request, const QString &error,
                           const QString &result)
{
    if (id == m_careRequest && id != 0) {
        const QString action = m_careAction;
        m_careRequest = 0;
        m_careAction.clear();
        m_careError = error;
        if (request == SyncWorker::Request::InviteTherapist && error.isEmpty())
            m_therapistCode = result;
        if (request == SyncWorker::Request::UnlinkTherapist && error.isEmpty())
            m_therapistCode.clear();
        emit careChanged();
        emit careFinished(action, error);
        return;
    }
    if (id == m_devicesRequest) {
        m_devicesRequest = 0;
        m_devicesError = error;
        emit devicesStatusChanged();
        return;
    }
    if (id != m_busyRequest)
        return;
    const QString action = m_busyAction;
    m_busyRequest = 0;
    m_busyAction.clear();
    m_actionError = error;
    if (request == SyncWorker::Request::Invite && error.isEmpty()) {
        m_inviteCode = result;
        emit inviteChanged();
    }
    const bool unpaired = request == SyncWorker::Request::Leave
                          || request == SyncWorker::Request::Forget;
    if (unpaired && error.isEmpty()) {
        // Out of the space: no devices to list, and an invite made before is of no use here.
        m_devices.setDevices({});
        m_devicesError.clear();
        emit devicesStatusChanged();
        clearInvite();
        clearTherapistInvite();
    }
    emit busyChanged();
    emit actionFinished(action, error);
    const bool pairing = request == SyncWorker::Request::CreateSpace
                         || request == SyncWorker::Request::Join;
    if (error.isEmpty() && m_devicesRequest == 0 && pairing) {
        // Paired now, though the state may not say so yet: ask the worker directly.
        m_devicesRequest = m_worker.fetchDevices();
        emit devicesStatusChanged();
    }
}

void SyncState::updateDeviceContext()
{
    QHash<QString, QString> names;
    if (m_session && m_session->book() && m_session->hasProfile()) {
        try {
            const Profile p = m_session->book()->profile();
            names.insert(QString::fromStdString(p.me.id), QString::fromStdString(p.me.name));
            names.insert(QString::fromStdString(p.partner.id),
                         QString::fromStdString(p.partner.name));
        } catch (const Error &) {
            // No profile to name anyone by (yet): the list shows device names only.
        }
    }
    m_devices.setContext(deviceId(), names);
}
