#pragma once

#include "syncdevicesmodel.h"
#include "syncworker.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class Session;

/// Sync as the UI sees it (`Session.sync` in QML): the state the indicator shows, pairing
/// (create a space, invite, join), the devices of the space, "sync now", leaving the space and
/// forgetting a pairing the server no longer knows.
///
/// Owns the SyncWorker that does the work on its own thread. Pairing calls return at once; the
/// page shows `busy` and then the result: `inviteCode`, or `actionError` in words a person can act
/// on.
class SyncState : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Sync comes from Session.sync.")

    /// "off" (not paired), "upToDate", "syncing", "offline", "error" or "left" (this person left
    /// the space; the profile is a read-only copy).
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(bool paired READ paired NOTIFY changed)
    Q_PROPERTY(int pendingChanges READ pendingChanges NOTIFY changed)
    Q_PROPERTY(qint64 lastSyncMs READ lastSyncMs NOTIFY changed)
    /// "just now", "3 min ago", "yesterday at 14:05"; "" for never.
    Q_PROPERTY(QString lastSyncText READ lastSyncText NOTIFY timeTextsChanged)
    /// "14:05", or "Mon 14:05" before today; "" while online.
    Q_PROPERTY(QString offlineSinceText READ offlineSinceText NOTIFY changed)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)
    /// What the person can do about the error.
    Q_PROPERTY(QString errorHint READ errorHint NOTIFY changed)
    /// The server no longer knows this device (it was removed, or the server was reset): offer
    /// forget().
    Q_PROPERTY(bool canForget READ canForget NOTIFY changed)
    /// When this person left the space (0 if they did not), and that day as a person reads it.
    Q_PROPERTY(qint64 leftMs READ leftMs NOTIFY changed)
    Q_PROPERTY(QString leftText READ leftText NOTIFY changed)
    /// Changes received that no key on this device opens yet (they wait for a key from the
    /// partner's device).
    Q_PROPERTY(int unopenedChanges READ unopenedChanges NOTIFY changed)
    Q_PROPERTY(QString server READ server NOTIFY changed)
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY changed)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY changed)
    /// The name this device was paired with (its id if it had none).
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY changed)
    /// This device's role in the space: "partner", "device" (a partner's second device), ...
    Q_PROPERTY(QString role READ role NOTIFY changed)
    /// A partner's devices can invite (their partner, or another device of theirs); a
    /// therapist's cannot, nor a device the server no longer knows.
    Q_PROPERTY(bool canInvite READ canInvite NOTIFY changed)
    /// The partner is (or was) in the space, as the devices list shows: no partner invite then,
    /// only one for another device of mine.
    Q_PROPERTY(bool partnerInSpace READ partnerInSpace NOTIFY devicesStatusChanged)
    /// The partner's devices were all removed (a lost phone, or they left): they can be invited
    /// back, and see nothing private of theirs from before (docs/decisions.md §17).
    Q_PROPERTY(bool partnerRemoved READ partnerRemoved NOTIFY devicesStatusChanged)
    Q_PROPERTY(SyncDevicesModel *devices READ devices CONSTANT)
    Q_PROPERTY(bool devicesLoading READ devicesLoading NOTIFY devicesStatusChanged)
    Q_PROPERTY(QString devicesError READ devicesError NOTIFY devicesStatusChanged)

    /// A pairing or device request is under way: "create", "join", "invite", "remove", "leave" or
    /// "forget"; "" when none is.
    Q_PROPERTY(QString busyAction READ busyAction NOTIFY busyChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    /// Why the last request failed, "" when it worked.
    Q_PROPERTY(QString actionError READ actionError NOTIFY busyChanged)
    /// The last invite made, and for whom ("partner" or "device").
    Q_PROPERTY(QString inviteCode READ inviteCode NOTIFY inviteChanged)
    Q_PROPERTY(QString inviteRole READ inviteRole NOTIFY inviteChanged)

    /// The couple's therapist (issue 6): a therapist invite or an unlink under way,
    /// "invite-therapist" or "unlink-therapist" ("" when none is); they run beside the pairing
    /// requests and report apart from them.
    Q_PROPERTY(QString careBusyAction READ careBusyAction NOTIFY careChanged)
    /// Why the last therapist request failed, "" when it worked.
    Q_PROPERTY(QString careError READ careError NOTIFY careChanged)
    /// The last therapist invite code made on this device ("" once done with).
    Q_PROPERTY(QString therapistInviteCode READ therapistInviteCode NOTIFY careChanged)

    Q_PROPERTY(QString defaultServer READ defaultServer CONSTANT)
    Q_PROPERTY(QString defaultDeviceName READ defaultDeviceName CONSTANT)

public:
    /// Syncs the profile database at `databasePath`; `session` names the members and hears about
    /// remote changes. The worker starts with start().
    SyncState(Session *session, const QString &databasePath, QObject *parent = nullptr);
    ~SyncState() override;

    void start();
    /// Ends the worker's thread (also done by the destructor): no request outlives it.
    void stop();
    [[nodiscard]] SyncWorker *worker() { return &m_worker; }

    [[nodiscard]] QString state() const { return m_worker.snapshot().state; }
    [[nodiscard]] bool paired() const { return m_worker.snapshot().paired; }
    [[nodiscard]] int pendingChanges() const { return int(m_worker.snapshot().pending); }
    [[nodiscard]] qint64 lastSyncMs() const { return m_worker.snapshot().lastSyncMs; }
    [[nodiscard]] QString lastSyncText() const;
    [[nodiscard]] QString offlineSinceText() const;
    [[nodiscard]] QString errorText() const { return m_worker.snapshot().error; }
    [[nodiscard]] QString errorHint() const { return m_worker.snapshot().errorHint; }
    [[nodiscard]] bool canForget() const { return m_worker.snapshot().canForget; }
    [[nodiscard]] qint64 leftMs() const { return m_worker.snapshot().leftMs; }
    [[nodiscard]] QString leftText() const;
    [[nodiscard]] int unopenedChanges() const { return int(m_worker.snapshot().unopened); }
    [[nodiscard]] QString server() const { return m_worker.snapshot().server; }
    [[nodiscard]] QString spaceId() const { return m_worker.snapshot().space; }
    [[nodiscard]] QString deviceId() const { return m_worker.snapshot().device; }
    [[nodiscard]] QString role() const { return m_worker.snapshot().role; }
    [[nodiscard]] QString deviceName() const;
    [[nodiscard]] bool canInvite() const
    {
        return paired() && !canForget() && (role() == u"partner" || role() == u"device");
    }
    [[nodiscard]] bool partnerInSpace() const
    {
        return m_devices.hasPartnerOf(m_worker.snapshot().member);
    }
    [[nodiscard]] bool partnerRemoved() const
    {
        return m_devices.hadPartnerOf(m_worker.snapshot().member);
    }
    [[nodiscard]] SyncDevicesModel *devices() { return &m_devices; }
    [[nodiscard]] bool devicesLoading() const { return m_devicesRequest != 0; }
    [[nodiscard]] QString devicesError() const { return m_devicesError; }
    [[nodiscard]] QString busyAction() const { return m_busyAction; }
    [[nodiscard]] bool busy() const { return !m_busyAction.isEmpty(); }
    [[nodiscard]] QString actionError() const { return m_actionError; }
    [[nodiscard]] QString inviteCode() const { return m_inviteCode; }
    [[nodiscard]] QString inviteRole() const { return m_inviteRole; }
    [[nodiscard]] QString careBusyAction() const { return m_careAction; }
    [[nodiscard]] QString careError() const { return m_careError; }
    [[nodiscard]] QString therapistInviteCode() const { return m_therapistCode; }
    [[nodiscard]] QString defaultServer() const;
    [[nodiscard]] QString defaultDeviceName() const;

    /// Registers this profile's space on `server` with this device as its first.
    Q_INVOKABLE void createSpace(const QString &server, const QString &deviceName);
    /// An invite code for "partner" or "device" (another device of mine), in inviteCode.
    Q_INVOKABLE void invite(const QString &role);
    Q_INVOKABLE void join(const QString &server, const QString &code, const QString &deviceName);
    Q_INVOKABLE void removeDevice(const QString &deviceId);
    /// Leaves the space (see SyncClient::leave): afterwards the state is "left" and the profile a
    /// read-only copy.
    Q_INVOKABLE void leave();
    /// Forgets the pairing and keeps the data: Settings then offers to create or join again.
    Q_INVOKABLE void forget();
    Q_INVOKABLE void refreshDevices();
    Q_INVOKABLE void syncNow();
    Q_INVOKABLE void clearInvite();
    Q_INVOKABLE void clearActionError();
    /// A code for the couple's therapist (carrying only the `care` key), in therapistInviteCode.
    Q_INVOKABLE void inviteTherapist();
    /// Ends the link with the therapist: nothing new reaches them from then on.
    Q_INVOKABLE void unlinkTherapist();
    Q_INVOKABLE void clearTherapistInvite();

    /// "just now", "5 min ago", "today at 09:12", "yesterday at 21:40", "3 Mar at 10:00".
    [[nodiscard]] static QString agoText(qint64 thenMs, qint64 nowMs);

signals:
    void changed();
    void timeTextsChanged();
    void busyChanged();
    void inviteChanged();
    void devicesStatusChanged();
    /// A request ended: `action` as in busyAction, `error` "" on success.
    void actionFinished(const QString &action, const QString &error);
    void careChanged();
    /// A therapist request ended: `action` as in careBusyAction, `error` "" on success.
    void careFinished(const QString &action, const QString &error);

private:
    /// Starts a request unless one is under way; false (with actionError) when it cannot start.
    bool begin(const QString &action);
    void onFinished(int id, SyncWorker::Request request, const QString &error, const QString &result);
    void updateDeviceContext();
    static QString validateServer(const QString &server);

    Session *m_session;
    SyncWorker m_worker;
    SyncDevicesModel m_devices;
    QTimer m_clockTimer;
    QString m_busyAction;
    int m_busyRequest = 0;
    int m_devicesRequest = 0;
    QString m_actionError;
    QString m_devicesError;
    QString m_inviteCode;
    QString m_inviteRole;
    QString m_careAction;
    int m_careRequest = 0;
    QString m_careError;
    QString m_therapistCode;
};
