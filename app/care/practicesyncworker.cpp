#include "practicesyncworker.h"

#include "jsonvariant.h"

#include "carelink.h"
#include "clock.h"
#include "curltransport.h"
#include "errors.h"
#include "practice.h"
#include "store.h"

#include <QThread>

#include <exception>

using namespace hearth;

PracticeSyncWorker::PracticeSyncWorker(QString dataDirectory, const ContentLibrary &content)
    : m_dataDirectory(std::move(dataDirectory)), m_content(content),
      m_clock(std::make_unique<SystemClock>()), m_random(std::make_unique<SystemRandom>())
{
}

PracticeSyncWorker::~PracticeSyncWorker() = default;

Practice *PracticeSyncWorker::practice()
{
    if (!m_practice)
        m_practice = std::make_unique<Practice>(str(m_dataDirectory).c_str(), *m_clock, *m_random, m_content);
    return m_practice.get();
}

void PracticeSyncWorker::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &PracticeSyncWorker::syncAll);
    }
    m_timer->start(intervalMs);
    syncAll();
}

void PracticeSyncWorker::shutdown()
{
    if (m_timer)
        m_timer->stop();
    m_practice.reset();
}

void PracticeSyncWorker::link(const QString &server, const QString &code, const QString &deviceName)
{
    QString spaceId;
    QString error;
    try {
        emit progress(tr("Reaching %1…").arg(server));
        sync::CurlTransport transport(str(server.trimmed()));
        emit progress(tr("Joining the couple's space and sharing your policy…"));
        spaceId = qstr(sync::linkCouple(*practice(), transport, str(server.trimmed()),
                                        str(code.trimmed()), str(deviceName)));
    } catch (const sync::TransportError &e) {
        error = tr("The server at %1 could not be reached (%2). Check the address and your connection, then try again.")
                    .arg(server, qstr(e.what()));
    } catch (const Error &e) {
        error = qstr(e.what());
    } catch (const std::exception &e) {
        error = tr("Linking failed: %1").arg(qstr(e.what()));
    }
    emit linked(spaceId, error);
}

void PracticeSyncWorker::syncAll()
{
    emit syncStarted();
    QVariantMap errors;
    std::vector<PracticeCouple> couples;
    try {
        couples = practice()->couples();
    } catch (const std::exception &e) {
        errors.insert(QString(), qstr(e.what()));
    }
    for (const PracticeCouple &couple : couples) {
        if (couple.ended)
            continue;
        const QString id = qstr(couple.spaceId);
        try {
            const std::string server = practice()->couple(couple.spaceId).meta("sync.server").value_or("");
            if (server.empty()) {
                errors.insert(id, tr("This couple has no server to sync with."));
                continue;
            }
            sync::CurlTransport transport(server);
            sync::syncCouple(*practice(), transport, couple.spaceId);
        } catch (const sync::TransportError &) {
            errors.insert(id, tr("Offline: the server could not be reached."));
        } catch (const std::exception &e) {
            errors.insert(id, qstr(e.what()));
        }
    }
    emit synced(errors);
}
