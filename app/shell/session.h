#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>

class QQmlEngine;
class QJSEngine;
class DesktopNotifier;
class SyncState;
Q_MOC_INCLUDE("syncstate.h")

namespace hearth {
class Clock;
class ContentLibrary;
class RandomSource;
class ReminderPlanner;
class RitualBook;
class Store;
} // namespace hearth

/// The open profile: the store, the rituals, the content library and reminders, for QML.
///
/// Built once in main (or a test) over a data folder and handed to QML as the `Session`
/// singleton. Every action returns an empty string on success or a message a person can read;
/// actions with several fields return a map of field -> message.
class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool ready READ ready CONSTANT)
    Q_PROPERTY(QString openError READ openError CONSTANT)
    Q_PROPERTY(QString dataDirectory READ dataDirectory CONSTANT)
    Q_PROPERTY(int revision READ revision NOTIFY dataChanged)
    Q_PROPERTY(bool hasProfile READ hasProfile NOTIFY dataChanged)
    Q_PROPERTY(QString myName READ myName NOTIFY dataChanged)
    Q_PROPERTY(QString myTimeZone READ myTimeZone NOTIFY dataChanged)
    Q_PROPERTY(QString myColour READ myColour NOTIFY dataChanged)
    Q_PROPERTY(QString partnerName READ partnerName NOTIFY dataChanged)
    Q_PROPERTY(QString partnerTimeZone READ partnerTimeZone NOTIFY dataChanged)
    Q_PROPERTY(QString partnerColour READ partnerColour NOTIFY dataChanged)
    /// This person left the couple's space: the profile is a read-only copy and the store refuses
    /// edits (with a message the actions return).
    Q_PROPERTY(bool readOnly READ readOnly NOTIFY dataChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(QString banner READ banner NOTIFY bannerChanged)
    Q_PROPERTY(QStringList timeZones READ timeZones CONSTANT)
    Q_PROPERTY(QString systemTimeZone READ systemTimeZone CONSTANT)
    /// Sync with the partner's devices; null when the profile could not be opened.
    Q_PROPERTY(SyncState *sync READ sync CONSTANT)

public:
    /// Opens (or creates) `dataDirectory/profile.db`. On failure ready() is false and
    /// openError() says why; the file is left as it was.
    explicit Session(const QString &dataDirectory, QObject *parent = nullptr);
    /// For tests and tools: an injected clock and random source.
    Session(const QString &dataDirectory, const hearth::Clock &clock, hearth::RandomSource &random,
            QObject *parent = nullptr);
    ~Session() override;

    /// The instance main() made, handed to QML (Itinerary's pattern).
    static Session *create(QQmlEngine *, QJSEngine *);
    static void setInstance(Session *session);
    [[nodiscard]] static Session *instance();

    [[nodiscard]] bool ready() const { return m_book != nullptr; }
    [[nodiscard]] QString openError() const { return m_openError; }
    [[nodiscard]] QString dataDirectory() const { return m_dataDirectory; }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] bool hasProfile() const;
    [[nodiscard]] QString myName() const { return m_myName; }
    [[nodiscard]] QString myTimeZone() const { return m_myTimeZone; }
    [[nodiscard]] QString myColour() const { return m_myColour; }
    [[nodiscard]] QString partnerName() const { return m_partnerName; }
    [[nodiscard]] QString partnerTimeZone() const { return m_partnerTimeZone; }
    [[nodiscard]] QString partnerColour() const { return m_partnerColour; }
    [[nodiscard]] bool readOnly() const { return m_readOnly; }
    [[nodiscard]] QString theme() const { return m_theme; }
    void setTheme(const QString &theme);
    [[nodiscard]] QString banner() const { return m_banner; }
    [[nodiscard]] QStringList timeZones() const;
    [[nodiscard]] QString systemTimeZone() const;
    [[nodiscard]] SyncState *sync() const { return m_sync; }

    /// First run: returns field -> message for what is wrong (empty when the profile was made).
    Q_INVOKABLE QVariantMap createProfile(const QString &myName, const QString &myTimeZone,
                                          const QString &partnerName,
                                          const QString &partnerTimeZone);
    Q_INVOKABLE QVariantMap updateProfile(const QString &myName, const QString &myTimeZone,
                                          const QString &partnerName,
                                          const QString &partnerTimeZone);

    Q_INVOKABLE QString markDone(const QString &ritualId, const QString &localStart,
                                 const QString &note, int rating);
    Q_INVOKABLE QString skip(const QString &ritualId, const QString &localStart,
                             const QString &reason);
    Q_INVOKABLE QString move(const QString &ritualId, const QString &localStart,
                             const QString &newLocalStart);
    Q_INVOKABLE QString reopen(const QString &ritualId, const QString &localStart);
    /// The check-in of a ritual's occurrence, started now when there is none yet:
    /// {checkinId} or {error}.
    Q_INVOKABLE QVariantMap checkInForOccurrence(const QString &ritualId, const QString &localStart);
    /// "active", "paused" or "archived".
    Q_INVOKABLE QString setRitualStatus(const QString &ritualId, const QString &status);

    /// Writes the whole profile as JSON, or calendar events, to a file path or file URL.
    Q_INVOKABLE QString exportJson(const QString &target);
    Q_INVOKABLE QString exportIcs(const QString &target, const QString &ritualId = {});
    /// A suggested file path for exports, in the user's documents folder.
    Q_INVOKABLE QString suggestedExportPath(const QString &suffix) const;

    /// Times for display: "08:00" in a zone, and a day label ("Today", "Tomorrow", "Thu 28 Nov").
    Q_INVOKABLE QString timeIn(qint64 utcMs, const QString &timeZone) const;
    Q_INVOKABLE QString dayLabel(qint64 utcMs, const QString &timeZone) const;
    /// The partner's local time of an instant, for showing beside mine: "" when their zone
    /// shows the same time, "16:00" on the same date, "Fri 01:00" when it is another day for them.
    Q_INVOKABLE QString partnerTimeText(qint64 utcMs) const;
    /// "UTC+01:00"-style offset of a zone now, for pickers.
    Q_INVOKABLE QString offsetLabel(const QString &timeZone) const;

    /// Checks reminders now (also done every 30 seconds), the flooding breaks' among them.
    Q_INVOKABLE void checkReminders();
    /// Tells once what the partner's device sent that should not wait for a glance at Today: a
    /// break they called and a break's return time, a signal they sent or the reply to mine,
    /// and an agreement whose review date came. Each is told once per device.
    void checkNotices();
    Q_INVOKABLE void dismissBanner();

    /// The database changed under us (sync merged remote changes through its own connection):
    /// reload the profile and tell every model, as after a local write.
    void reloadFromStore();

    [[nodiscard]] qint64 nowMs() const;
    /// "just now", "5 min ago", "2 h ago", else the day and time in my zone.
    Q_INVOKABLE QString agoText(qint64 utcMs) const;
    [[nodiscard]] hearth::RitualBook *book() const { return m_book.get(); }
    [[nodiscard]] hearth::Store *store() const { return m_store.get(); }
    [[nodiscard]] const hearth::ContentLibrary &content() const { return *m_content; }

signals:
    void dataChanged();
    void themeChanged();
    void bannerChanged();
    /// A reminder to show, also sent to the desktop's notification service when there is one.
    void reminder(const QString &title, const QString &body);

private:
    /// Shows a notice in the banner and as a desktop notification.
    void tell(const QString &title, const QString &body);
    void open(const QString &dataDirectory);
    void reloadProfile();
    QString run(const std::function<void()> &action);

    std::unique_ptr<hearth::Clock> m_ownClock;
    std::unique_ptr<hearth::RandomSource> m_ownRandom;
    const hearth::Clock *m_clock = nullptr;
    hearth::RandomSource *m_random = nullptr;
    std::unique_ptr<hearth::ContentLibrary> m_content;
    std::unique_ptr<hearth::Store> m_store;
    std::unique_ptr<hearth::RitualBook> m_book;
    std::unique_ptr<hearth::ReminderPlanner> m_reminders;
    DesktopNotifier *m_notifier = nullptr;
    SyncState *m_sync = nullptr;
    QTimer m_reminderTimer;
    QString m_dataDirectory;
    QString m_openError;
    QString m_myName, m_myTimeZone, m_myColour, m_partnerName, m_partnerTimeZone, m_partnerColour;
    QString m_theme = QStringLiteral("system");
    bool m_readOnly = false;
    QString m_banner;
    int m_revision = 0;
};
