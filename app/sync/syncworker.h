#pragma once

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

class QThread;

namespace hearth {
class Store;
namespace sync {
class CurlTransport;
class SyncClient;
} // namespace sync
} // namespace hearth

/// Where sync stands, as the worker last saw it: what the UI shows.
struct SyncSnapshot {
    /// "off" (not paired), "upToDate", "syncing", "offline", "error", or "left" (this person left
    /// the space: the profile is a read-only copy).
    QString state = QStringLiteral("off");
    bool paired = false;
    QString server;
    QString space;
    QString device;
    QString deviceName; ///< the name this device was paired with
    QString member;
    QString role;
    qint64 pending = 0;        ///< local changes the server has not acknowledged yet
    qint64 lastSyncMs = 0;     ///< the last time everything was pulled, 0 for never
    qint64 offlineSinceMs = 0; ///< when the server stopped answering, 0 while it answers
    QString error;             ///< what went wrong ("error" state)
    QString errorHint;         ///< what the person can do about it
    /// The server no longer knows this device (removed, or the server was reset): only forgetting
    /// the pairing and joining again helps.
    bool canForget = false;
    qint64 leftMs = 0;   ///< when this person left the space, 0 if they did not
    qint64 unopened = 0; ///< changes received that no key here opens yet

    bool operator==(const SyncSnapshot &) const = default;
};

/// One device of the space, as the server lists it.
struct SyncDevice {
    QString id;
    QString member;
    QString role;
    QString name;
    qint64 createdMs = 0;
    qint64 lastSeenMs = 0;
    bool removed = false;
};

/// Runs sync for one profile on a thread of its own, so that neither libcurl nor the sync's
/// SQLite work ever blocks the UI.
///
/// The thread opens its own Store on the profile file (SQLite in WAL mode serves both
/// connections; a Store is not thread-safe, so each thread has its own), its own transport and
/// client. While the device is paired it loops: sync (push the outbox, pull), then a long poll,
/// so that a partner's change arrives within a second or two. When the server cannot be reached
/// it waits with exponential backoff and jitter; a local change, a request or stop() wakes it.
///
/// The object itself lives on the thread that made it (the UI thread): its methods are called
/// there, and its signals are emitted there. Pairing and device requests run on the worker and
/// answer with finished().
class SyncWorker : public QObject {
    Q_OBJECT

public:
    /// What a request asked for, as finished() reports it.
    enum class Request { CreateSpace, Invite, Join, RemoveDevice, Devices, Leave, Forget, InviteTherapist, UnlinkTherapist };
    Q_ENUM(Request)

    explicit SyncWorker(QString databasePath, QObject *parent = nullptr);
    /// Stops the thread (see stop()).
    ~SyncWorker() override;

    void start();
    /// Cancels what is under way (a long poll too), wakes the thread and waits for it to end.
    void stop();
    [[nodiscard]] bool running() const;

    /// Backoff after a failure: `initialMs`, doubling up to `maxMs`, each wait ±20%.
    void setBackoff(int initialMs, int maxMs);
    /// How long the server may hold a pull open waiting for something new (0..30 s).
    void setLongPollSeconds(int seconds);
    /// How long local writes are gathered before they are pushed.
    void setDebounceMs(int ms);

    /// A local write was committed: push it soon (writes within the debounce go together).
    void localChange();
    /// Push and pull now: ends a long poll or a backoff wait.
    void syncNow();

    /// Requests run on the worker, in order; each answers with finished(id, ...).
    int createSpace(const QString &server, const QString &deviceName);
    /// finished()'s result is the invite code.
    int invite(const QString &role);
    int join(const QString &server, const QString &code, const QString &deviceName);
    int removeDevice(const QString &deviceId);
    /// Answers with devicesFetched() before finished().
    int fetchDevices();
    /// Leaves the space: this person's devices are removed, the profile becomes a read-only copy.
    int leave();
    /// Forgets the pairing (token, keys, cursor), keeping the data, so the device can join again.
    int forget();
    /// A therapist invite (SyncClient::inviteTherapist): finished()'s result is the code.
    int inviteTherapist();
    /// Ends the link with the therapist (SyncClient::unlinkTherapist); again after a cut-short
    /// attempt finishes it.
    int unlinkTherapist();

    /// How long to wait after the server asked to slow down (a 429): at least what it asked for
    /// (Retry-After, in seconds, capped at an hour), or 5 s when it did not say; longer when the
    /// backoff for repeated failures is longer, so a round of several requests gets through.
    [[nodiscard]] static qint64 slowDownMs(int retryAfterSeconds, qint64 backoffMs);

    [[nodiscard]] const SyncSnapshot &snapshot() const { return m_snapshot; }

signals:
    void snapshotChanged();
    /// The worker wrote remote changes (or a join moved the profile) into the database.
    void remoteChanged();
    void devicesFetched(const QList<SyncDevice> &devices);
    /// `error` is empty on success, else a message a person can read.
    void finished(int id, SyncWorker::Request request, const QString &error, const QString &result);

private:
    struct Job {
        int id = 0;
        Request request = Request::Devices;
        QString a, b, c;
    };
    /// What the thread keeps between rounds (its store, transport and client are its own).
    struct Loop;

    int enqueue(Job job);
    /// Wakes the thread; ends a long poll in progress.
    void wake();
    void run();
    /// One round: requests, then sync and a long poll, or a wait. False when stopping.
    bool round(Loop &loop);
    void runJob(Loop &loop, const Job &job);
    void ensureTransport(Loop &loop, const std::string &server);
    /// Waits `ms` (forever when negative) or until woken; false when stopping.
    bool waitFor(qint64 ms);
    qint64 backoffMs(int failures) const;
    void publish(Loop &loop, const QString &state);
    /// Runs `f` on the object's own (UI) thread.
    void post(std::function<void()> f);

    const QString m_path;
    std::unique_ptr<QThread> m_thread;
    QTimer m_debounce;
    SyncSnapshot m_snapshot; // UI thread only

    std::atomic<int> m_backoffInitialMs{1000};
    std::atomic<int> m_backoffMaxMs{60'000};
    std::atomic<int> m_longPollSeconds{25};
    int m_nextId = 1;

    // Shared with the thread, under m_mutex.
    mutable QMutex m_mutex;
    QWaitCondition m_wakeUp;
    bool m_stopping = false;
    bool m_woken = false;
    bool m_inLongPoll = false;
    std::deque<Job> m_jobs;
    /// The thread's transport: only the thread replaces it, under the mutex, so that wake() and
    /// stop() can cancel the request in progress.
    hearth::sync::CurlTransport *m_transport = nullptr;
};

Q_DECLARE_METATYPE(SyncSnapshot)
Q_DECLARE_METATYPE(SyncDevice)
