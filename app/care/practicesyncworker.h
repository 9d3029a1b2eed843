#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantMap>

#include <memory>

namespace hearth {
class ContentLibrary;
class Practice;
class RandomSource;
class SystemClock;
} // namespace hearth

/// The practice's network work, on a thread of its own (PracticeSession moves it there): linking
/// a couple (sync/client/carelink.h linkCouple) and syncing every couple (syncCouple), one after
/// the other. It opens its own Practice over the data folder: a Store is not thread-safe, and
/// SQLite in WAL mode serves the UI thread's connections beside these.
class PracticeSyncWorker : public QObject {
    Q_OBJECT

public:
    PracticeSyncWorker(QString dataDirectory, const hearth::ContentLibrary &content);
    ~PracticeSyncWorker() override;

public slots:
    /// Syncs now, then every `intervalMs`.
    void start(int intervalMs);
    void link(const QString &server, const QString &code, const QString &deviceName);
    void syncAll();
    /// Ends the timer and closes the practice, on this thread, before it ends.
    void shutdown();

signals:
    void progress(const QString &text);
    void linked(const QString &spaceId, const QString &error);
    void syncStarted();
    /// A round ended; `errors` maps a couple's space id to why it could not sync (only those).
    void synced(const QVariantMap &errors);

private:
    hearth::Practice *practice();

    QString m_dataDirectory;
    const hearth::ContentLibrary &m_content;
    std::unique_ptr<hearth::SystemClock> m_clock;
    std::unique_ptr<hearth::RandomSource> m_random;
    std::unique_ptr<hearth::Practice> m_practice;
    QTimer *m_timer = nullptr;
};
