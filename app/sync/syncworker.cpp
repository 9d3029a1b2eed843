#include "syncworker.h"
#include "jsonvariant.h"

#include "clock.h"
#include "curltransport.h"
#include "errors.h"
#include "ritualbook.h"
#include "store.h"
#include "syncclient.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cmath>

using namespace hearth;
using hearth::sync::SyncError;
using hearth::sync::TransportError;

namespace {

/// A failure of a sync round, as the person reads it.
struct Problem {
    QString state;   ///< "offline" or "error"; "" for a quiet retry (the server asked to slow down)
    QString error;   ///< what went wrong
    QString hint;    ///< what to do
    bool untilWoken; ///< retrying cannot help: wait for the person (or a restart)
    bool canForget = false; ///< the server no longer knows this device: forgetting the pairing helps
    int retryAfter = 0;     ///< seconds the server asked to wait, 0 when it did not say
};

Problem problemOf(const std::exception_ptr &failure)
{
    const QString retry = SyncWorker::tr("Hearth will keep trying by itself.");
    try {
        std::rethrow_exception(failure);
    } catch (const TransportError &) {
        return {QStringLiteral("offline"), {}, {}, false};
    } catch (const SyncError &e) {
        if (e.code() == "device_removed")
            return {QStringLiteral("error"), SyncWorker::tr("This device was removed from the space."),
                    SyncWorker::tr("It no longer syncs with your partner. Everything already on it "
                                   "stays here. To sync again, forget this pairing and join with a "
                                   "new invite."),
                    true, true};
        if (e.status() == 401)
            return {QStringLiteral("error"), SyncWorker::tr("The server no longer knows this device."),
                    SyncWorker::tr("If the server was reset, the space on it is gone. Everything on "
                                   "this device stays here. To sync again, forget this pairing and "
                                   "join with a new invite."),
                    true, true};
        if (e.status() == 429)
            return {{}, {}, {}, false, false, e.retryAfter()};
        return {QStringLiteral("error"), qstr(e.what()), retry, false, false, e.retryAfter()};
    } catch (const Error &e) {
        return {QStringLiteral("error"), qstr(e.what()), retry, false};
    } catch (const std::exception &e) {
        return {QStringLiteral("error"), SyncWorker::tr("Something went wrong: %1").arg(qstr(e.what())),
                retry, false};
    }
    return {QStringLiteral("error"), SyncWorker::tr("Something went wrong."), retry, false};
}

/// What a pairing or device request says when it fails.
QString requestError(const std::exception_ptr &failure, const QString &server,
                     SyncWorker::Request request)
{
    try {
        std::rethrow_exception(failure);
    } catch (const TransportError &) {
        return SyncWorker::tr("Hearth cannot reach a server at %1. Check the address, and that the "
                              "server is running.")
            .arg(server);
    } catch (const SyncError &e) {
        const std::string &code = e.code();
        if (code == "invite_used")
            return SyncWorker::tr("This invite was already used. Ask your partner for a new one.");
        if (code == "invite_expired")
            return SyncWorker::tr("This invite has expired. Ask your partner for a new one.");
        if (code == "invite_not_found")
            return SyncWorker::tr("No invite has this code. Check it, or ask your partner for a new "
                                  "one.");
        if (code == "rate_limited")
            return SyncWorker::tr("Too many tries in a short time. Wait a minute, then try again.");
        if (code == "device_removed")
            return SyncWorker::tr("This device was removed from the space.");
        if (code == "forbidden" && request == SyncWorker::Request::InviteTherapist)
            return SyncWorker::tr("The server did not let this device invite a therapist. Only a "
                                  "partner's device can.");
        if (code == "forbidden" && request == SyncWorker::Request::Invite)
            return SyncWorker::tr("Your partner is already in this space. To add another device of "
                                  "theirs, they make the invite on a device of their own.");
        return qstr(e.what());
    } catch (const Error &e) {
        return qstr(e.what());
    } catch (const std::exception &e) {
        return SyncWorker::tr("Something went wrong: %1").arg(qstr(e.what()));
    }
    return SyncWorker::tr("Something went wrong.");
}

} // namespace

struct SyncWorker::Loop {
    SystemClock clock;
    SystemRandom random;
    std::unique_ptr<Store> store;
    std::unique_ptr<sync::CurlTransport> transport;
    std::string base;
    std::unique_ptr<sync::SyncClient> client;
    int failures = 0;
    qint64 offlineSinceMs = 0;
    QString error;
    QString hint;
    bool canForget = false;
};

SyncWorker::SyncWorker(QString databasePath, QObject *parent)
    : QObject(parent), m_path(std::move(databasePath))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &SyncWorker::wake);
}

SyncWorker::~SyncWorker()
{
    stop();
}

void SyncWorker::start()
{
    if (m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = false;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("hearth-sync"));
    m_thread->start();
}

void SyncWorker::stop()
{
    if (!m_thread)
        return;
    m_debounce.stop();
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        if (m_transport)
            m_transport->cancel();
        m_wakeUp.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

bool SyncWorker::running() const
{
    return m_thread && m_thread->isRunning();
}

void SyncWorker::setBackoff(int initialMs, int maxMs)
{
    m_backoffInitialMs = std::max(1, initialMs);
    m_backoffMaxMs = std::max(m_backoffInitialMs.load(), maxMs);
}

void SyncWorker::setLongPollSeconds(int seconds)
{
    m_longPollSeconds = std::clamp(seconds, 0, 30);
}

void SyncWorker::setDebounceMs(int ms)
{
    m_debounce.setInterval(std::max(0, ms));
}

void SyncWorker::localChange()
{
    if (!m_debounce.isActive())
        m_debounce.start();
}

void SyncWorker::syncNow()
{
    m_debounce.stop();
    wake();
}

void SyncWorker::wake()
{
    QMutexLocker lock(&m_mutex);
    m_woken = true;
    if (m_inLongPoll && m_transport)
        m_transport->cancel();
    m_wakeUp.wakeAll();
}

int SyncWorker::enqueue(Job job)
{
    job.id = m_nextId++;
    const int id = job.id;
    QMutexLocker lock(&m_mutex);
    m_jobs.push_back(std::move(job));
    if (m_inLongPoll && m_transport)
        m_transport->cancel();
    m_wakeUp.wakeAll();
    return id;
}

int SyncWorker::createSpace(const QString &server, const QString &deviceName)
{
    return enqueue({0, Request::CreateSpace, server, deviceName, {}});
}

int SyncWorker::invite(const QString &role)
{
    return enqueue({0, Request::Invite, role, {}, {}});
}

int SyncWorker::join(const QString &server, const QString &code, const QString &deviceName)
{
    return enqueue({0, Request::Join, server, code, deviceName});
}

int SyncWorker::removeDevice(const QString &deviceId)
{
    return enqueue({0, Request::RemoveDevice, deviceId, {}, {}});
}

int SyncWorker::fetchDevices()
{
    return enqueue({0, Request::Devices, {}, {}, {}});
}

int SyncWorker::leave()
{
    return enqueue({0, Request::Leave, {}, {}, {}});
}

int SyncWorker::forget()
{
    return enqueue({0, Request::Forget, {}, {}, {}});
}

int SyncWorker::inviteTherapist()
{
    return enqueue({0, Request::InviteTherapist, {}, {}, {}});
}

int SyncWorker::unlinkTherapist()
{
    return enqueue({0, Request::UnlinkTherapist, {}, {}, {}});
}

qint64 SyncWorker::slowDownMs(int retryAfterSeconds, qint64 backoffMs)
{
    const qint64 asked =
        retryAfterSeconds > 0 ? qint64(std::min(retryAfterSeconds, 3600)) * 1000 : 5000;
    return std::max(asked, backoffMs);
}

void SyncWorker::post(std::function<void()> f)
{
    // Queued to this object, so it runs on the UI thread; dropped if the object is gone.
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

qint64 SyncWorker::backoffMs(int failures) const
{
    const double initial = m_backoffInitialMs.load();
    const double ceiling = m_backoffMaxMs.load();
    const double base = std::min(ceiling, initial * std::pow(2.0, std::clamp(failures - 1, 0, 30)));
    // ±20%, so that devices that lost the server together do not come back in step.
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return static_cast<qint64>(base * jitter);
}

bool SyncWorker::waitFor(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    QDeadlineTimer deadline = ms < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(ms);
    while (!m_stopping && !m_woken && m_jobs.empty()) {
        if (!m_wakeUp.wait(&m_mutex, deadline))
            break;
    }
    return !m_stopping;
}

void SyncWorker::ensureTransport(Loop &loop, const std::string &server)
{
    if (loop.transport && loop.base == server)
        return;
    auto transport = std::make_unique<sync::CurlTransport>(server);
    {
        QMutexLocker lock(&m_mutex);
        m_transport = transport.get();
    }
    loop.client = std::make_unique<sync::SyncClient>(*loop.store, *transport);
    loop.transport = std::move(transport);
    loop.base = server;
}

void SyncWorker::publish(Loop &loop, const QString &state)
{
    SyncSnapshot s;
    s.state = state;
    try {
        // A client over no transport reads only the store.
        const sync::SyncStatus st = loop.client->status();
        s.paired = st.paired;
        s.server = qstr(st.server);
        s.space = qstr(st.space);
        s.device = qstr(st.device);
        s.deviceName = qstr(st.deviceName);
        s.member = qstr(st.member);
        s.role = qstr(st.role);
        s.pending = st.pending;
        s.lastSyncMs = st.lastSyncMs;
        s.leftMs = st.leftMs;
        s.unopened = st.unopened;
    } catch (const std::exception &e) {
        s.state = QStringLiteral("error");
        loop.error = qstr(e.what());
        loop.hint.clear();
        loop.canForget = false;
    }
    if (!s.paired && s.state != u"error")
        s.state = s.leftMs > 0 ? QStringLiteral("left") : QStringLiteral("off");
    s.offlineSinceMs = s.state == u"offline" ? loop.offlineSinceMs : 0;
    if (s.state == u"error") {
        s.error = loop.error;
        s.errorHint = loop.hint;
        s.canForget = loop.canForget;
    }
    post([this, s] {
        if (s == m_snapshot)
            return;
        m_snapshot = s;
        emit snapshotChanged();
    });
}

void SyncWorker::run()
{
    Loop loop;
    try {
        loop.store = std::make_unique<Store>(str(m_path), loop.clock, loop.random);
        // Until a server is known the client only reads the store: give it a transport that is
        // never used for a request.
        ensureTransport(loop, loop.store->meta("sync.server").value_or("http://127.0.0.1"));
    } catch (const std::exception &e) {
        {
            QMutexLocker lock(&m_mutex);
            m_transport = nullptr;
        }
        const QString message = qstr(e.what());
        post([this, message] {
            m_snapshot = SyncSnapshot{};
            m_snapshot.state = QStringLiteral("error");
            m_snapshot.error = tr("Sync could not open your data: %1").arg(message);
            m_snapshot.errorHint = tr("Everything still works on this device. Restart Hearth to try again.");
            emit snapshotChanged();
        });
        // Requests cannot run without the store: answer each with the reason, until stop().
        while (waitFor(-1)) {
            std::deque<Job> jobs;
            {
                QMutexLocker lock(&m_mutex);
                m_woken = false;
                jobs.swap(m_jobs);
            }
            for (const Job &job : jobs) {
                const int id = job.id;
                const Request request = job.request;
                post([this, id, request, message] {
                    emit finished(id, request, tr("Sync could not open your data: %1").arg(message), {});
                });
            }
        }
        return;
    }
    while (round(loop)) {
    }
    QMutexLocker lock(&m_mutex);
    m_transport = nullptr;
}

bool SyncWorker::round(Loop &loop)
{
    std::deque<Job> jobs;
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopping)
            return false;
        jobs.swap(m_jobs);
        m_woken = false;
        if (m_transport)
            m_transport->reset();
    }
    for (const Job &job : jobs) {
        runJob(loop, job);
        QMutexLocker lock(&m_mutex);
        if (m_stopping)
            return false;
        if (m_transport)
            m_transport->reset();
    }

    sync::SyncStatus status;
    try {
        status = loop.client->status();
    } catch (const std::exception &e) {
        loop.error = qstr(e.what());
        loop.hint = tr("Hearth will keep trying by itself.");
        publish(loop, QStringLiteral("error"));
        return waitFor(backoffMs(++loop.failures));
    }
    if (!status.paired) {
        publish(loop, QStringLiteral("off"));
        return waitFor(-1);
    }

    std::exception_ptr failure;
    bool unreachable = false;
    try {
        ensureTransport(loop, status.server);
        // While failing, the state stays what the failure made it until a round succeeds.
        if (loop.failures == 0 && (status.pending > 0 || status.lastSyncMs == 0))
            publish(loop, QStringLiteral("syncing"));
        const sync::SyncReport report = loop.client->sync();
        loop.failures = 0;
        loop.offlineSinceMs = 0;
        loop.error.clear();
        loop.hint.clear();
        loop.canForget = false;
        if (report.merged > 0)
            post([this] { emit remoteChanged(); });
        publish(loop, QStringLiteral("upToDate"));

        {
            // Anything asked for meanwhile goes first; otherwise wait on the server for news.
            QMutexLocker lock(&m_mutex);
            if (m_stopping || m_woken || !m_jobs.empty())
                return !m_stopping;
            m_inLongPoll = true;
        }
        const int wait = m_longPollSeconds.load();
        const sync::SyncReport news = wait > 0 ? loop.client->pull(wait) : sync::SyncReport{};
        {
            QMutexLocker lock(&m_mutex);
            m_inLongPoll = false;
        }
        if (news.merged > 0)
            post([this] { emit remoteChanged(); });
        // The next round pushes what came meanwhile and publishes the new state.
        return wait > 0 ? true : waitFor(1000);
    } catch (const TransportError &) {
        failure = std::current_exception();
        unreachable = true;
    } catch (...) {
        failure = std::current_exception();
    }
    {
        QMutexLocker lock(&m_mutex);
        m_inLongPoll = false;
        if (m_stopping)
            return false;
        // Cancelled on purpose (a local change or a request): not a failure.
        if (unreachable && (m_woken || !m_jobs.empty()))
            return true;
    }
    const Problem problem = problemOf(failure);
    ++loop.failures;
    if (problem.state == u"offline") {
        if (loop.offlineSinceMs == 0)
            loop.offlineSinceMs = loop.clock.nowMs();
    } else {
        loop.offlineSinceMs = 0;
    }
    loop.error = problem.error;
    loop.hint = problem.hint;
    loop.canForget = problem.canForget;
    if (problem.state.isEmpty()) {
        // The server asked to slow down: no alarm, just a pause as long as it asked for.
        publish(loop, QStringLiteral("syncing"));
        return waitFor(slowDownMs(problem.retryAfter, backoffMs(loop.failures)));
    }
    publish(loop, problem.state);
    if (problem.untilWoken)
        return waitFor(-1);
    // A server that said when to come back (a 503 with Retry-After) is not asked sooner.
    const qint64 asked = qint64(std::min(problem.retryAfter, 3600)) * 1000;
    return waitFor(std::max(backoffMs(loop.failures), asked));
}

void SyncWorker::runJob(Loop &loop, const Job &job)
{
    QString error;
    QString result;
    QList<SyncDevice> devices;
    bool storeChanged = false;
    const QString server = job.a.trimmed();
    try {
        try {
            switch (job.request) {
            case Request::CreateSpace:
                ensureTransport(loop, str(server));
                loop.client->createSpace(str(server), str(job.b.trimmed()));
                break;
            case Request::Join:
                ensureTransport(loop, str(server));
                loop.client->join(str(server), str(job.b), str(job.c.trimmed()));
                storeChanged = true;
                break;
            case Request::Invite:
                ensureTransport(loop, loop.client->status().server);
                result = qstr(loop.client->invite(str(job.a)));
                break;
            case Request::InviteTherapist:
                ensureTransport(loop, loop.client->status().server);
                // The invite is noted in the care space (Care::noteInvite) before the server is
                // asked: the UI reads it again whatever happens next.
                storeChanged = true;
                result = qstr(loop.client->inviteTherapist());
                break;
            case Request::UnlinkTherapist:
                ensureTransport(loop, loop.client->status().server);
                // The link is marked ended first: even when the server cannot be reached, this
                // profile shows it ended (and the next attempt finishes the rest).
                storeChanged = true;
                loop.client->unlinkTherapist();
                break;
            case Request::Leave:
                ensureTransport(loop, loop.client->status().server);
                loop.client->leave();
                // The profile is read-only now: the session reads that from the store.
                storeChanged = true;
                break;
            case Request::Forget:
                loop.client->forget();
                loop.failures = 0;
                loop.offlineSinceMs = 0;
                loop.error.clear();
                loop.hint.clear();
                loop.canForget = false;
                break;
            case Request::RemoveDevice:
                ensureTransport(loop, loop.client->status().server);
                loop.client->removeDevice(str(job.a));
                [[fallthrough]];
            case Request::Devices:
                ensureTransport(loop, loop.client->status().server);
                for (const sync::DeviceInfo &d : loop.client->devices())
                    devices.push_back({qstr(d.id), qstr(d.member), qstr(d.role), qstr(d.name),
                                       d.created, d.lastSeen, d.removed});
                break;
            }
        } catch (const TransportError &) {
            // Registering (or joining) may have gone through before the first sync failed: then
            // the device is paired, and the loop goes on with the sync.
            const bool pairing = job.request == Request::CreateSpace || job.request == Request::Join;
            if (!pairing || !loop.client->status().paired)
                throw;
            if (job.request == Request::Join) {
                storeChanged = true;
                RitualBook book(*loop.store);
                if (book.profile().space.id != loop.client->status().space)
                    throw;
            }
        }
    } catch (...) {
        error = requestError(std::current_exception(),
                             server.isEmpty() ? qstr(loop.base) : server, job.request);
    }
    const Request request = job.request;
    const int id = job.id;
    post([this, id, request, error, result, devices, storeChanged] {
        if (storeChanged)
            emit remoteChanged();
        if (request == Request::Devices || request == Request::RemoveDevice)
            if (error.isEmpty())
                emit devicesFetched(devices);
        emit finished(id, request, error, result);
    });
    // Pairing changed what the status shows; the round that follows publishes it.
}
