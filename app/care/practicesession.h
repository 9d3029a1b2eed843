#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>
#include <string>

class QQmlEngine;
class QJSEngine;
class QThread;
class PracticeSyncWorker;

namespace hearth {
class Clock;
class ContentLibrary;
class Practice;
class RandomSource;
struct Exercise;
} // namespace hearth

/// The therapist's practice (issue 6) for QML: who the therapist is and their confidentiality
/// policy, the couples and what to do for each (assign, withdraw, export), the custom exercises,
/// and the work that talks to the server (linking a couple, syncing every couple) on a thread of
/// its own.
///
/// Built once in main beside Session over the same data folder and handed to QML as the
/// `PracticeSession` singleton. The practice is opened on first use, so a couple's profile never
/// opens it. Actions return "" or a readable message; forms return a map of field -> message.
class PracticeSession : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    /// This profile is a practice (the therapist chose "I'm a couples therapist").
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString timeZone READ timeZone NOTIFY changed)
    Q_PROPERTY(QString policyKind READ policyKind NOTIFY changed)
    Q_PROPERTY(QString policyText READ policyText NOTIFY changed)
    /// "YYYY-MM-DD" in the therapist's time zone.
    Q_PROPERTY(QString today READ today NOTIFY changed)
    Q_PROPERTY(QVariantList policyKinds READ policyKinds CONSTANT)
    Q_PROPERTY(QVariantList formats READ formats CONSTANT)
    Q_PROPERTY(int maxPolicy READ maxPolicy CONSTANT)
    Q_PROPERTY(int maxNote READ maxNote CONSTANT)
    Q_PROPERTY(int maxTimes READ maxTimes CONSTANT)
    /// A couple is being linked: `linkStatus` says how far it got, `linkError` why it failed.
    Q_PROPERTY(bool linking READ linking NOTIFY linkChanged)
    Q_PROPERTY(QString linkStatus READ linkStatus NOTIFY linkChanged)
    Q_PROPERTY(QString linkError READ linkError NOTIFY linkChanged)
    /// The space id of the couple linked last ("" until one is).
    Q_PROPERTY(QString linkedSpace READ linkedSpace NOTIFY linkChanged)
    Q_PROPERTY(QString lastServer READ lastServer NOTIFY linkChanged)
    Q_PROPERTY(bool syncing READ syncing NOTIFY syncChanged)
    /// Where exports go by default.
    Q_PROPERTY(QString exportFolder READ exportFolder WRITE setExportFolder NOTIFY exportFolderChanged)

public:
    /// Over `dataDirectory` with the system clock and random source.
    PracticeSession(const QString &dataDirectory, const hearth::ContentLibrary &content,
                    QObject *parent = nullptr);
    /// For tests: an injected clock and random source (the sync thread uses its own).
    PracticeSession(const QString &dataDirectory, const hearth::ContentLibrary &content,
                    const hearth::Clock &clock, hearth::RandomSource &random, QObject *parent = nullptr);
    ~PracticeSession() override;

    static PracticeSession *create(QQmlEngine *, QJSEngine *);
    static void setInstance(PracticeSession *session);
    [[nodiscard]] static PracticeSession *instance();

    [[nodiscard]] bool exists() const;
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] QString name() const { return m_name; }
    [[nodiscard]] QString timeZone() const { return m_timeZone; }
    [[nodiscard]] QString policyKind() const { return m_policyKind; }
    [[nodiscard]] QString policyText() const { return m_policyText; }
    [[nodiscard]] QString today() const;
    [[nodiscard]] static QVariantList policyKinds();
    [[nodiscard]] QVariantList formats() const;
    [[nodiscard]] static int maxPolicy();
    [[nodiscard]] static int maxNote();
    [[nodiscard]] static int maxTimes();
    [[nodiscard]] bool linking() const { return m_linking; }
    [[nodiscard]] QString linkStatus() const { return m_linkStatus; }
    [[nodiscard]] QString linkError() const { return m_linkError; }
    [[nodiscard]] QString linkedSpace() const { return m_linkedSpace; }
    [[nodiscard]] QString lastServer() const;
    [[nodiscard]] bool syncing() const { return m_syncing; }
    [[nodiscard]] QString exportFolder() const;
    void setExportFolder(const QString &folder);

    /// First run: makes this profile a practice. {} when made, else field -> message (name,
    /// timeZone, policyKind, policyText, form) and nothing is written.
    Q_INVOKABLE QVariantMap createPractice(const QString &name, const QString &timeZone,
                                           const QString &policyKind, const QString &policyText);
    /// Changes the name, zone or policy (a changed policy text must be accepted again).
    Q_INVOKABLE QVariantMap updateProfile(const QString &name, const QString &timeZone,
                                          const QString &policyKind, const QString &policyText);
    /// An editable first draft of the policy text for a kind ("no-secrets", "limited-secrets").
    Q_INVOKABLE static QString policyDraft(const QString &kind);
    /// Whether `text` is one of the drafts (so switching kind may replace it).
    Q_INVOKABLE static bool isPolicyDraft(const QString &text);

    /// One couple: {spaceId, name, state, stateText, active, ended, lastSyncText, syncError,
    /// partners: [{memberId, name, colour, accepted, sharesTrends}]}; {} for an unknown id.
    Q_INVOKABLE QVariantMap couple(const QString &spaceId);
    /// The partners' shared check-in trends, in TrendChart's shape ({weeks, people, scaleMin,
    /// scaleMax}); people is empty when nobody shares them.
    Q_INVOKABLE QVariantMap trends(const QString &spaceId);
    /// The therapist opened the couple: its shared reflections are no longer new.
    Q_INVOKABLE void markSeen(const QString &spaceId);

    /// Assigns an exercise (library or custom) to the couple ("") or one partner: {assignmentId}
    /// or field -> message (exerciseId, assignee, dueOn, everyDays, times, note, form).
    Q_INVOKABLE QVariantMap assign(const QString &spaceId, const QString &exerciseId,
                                   const QString &assignee, const QString &dueOn, int everyDays,
                                   int times, const QString &note);
    /// Whether a "YYYY-MM-DD" date is before today in the therapist's zone.
    Q_INVOKABLE bool isPast(const QString &date) const;
    Q_INVOKABLE QString withdraw(const QString &spaceId, const QString &assignmentId);

    /// An exercise of the library or the practice: {exerciseId, custom, format, formatLabel,
    /// title, purpose, who, minutes, timerMinutes, steps, prompts, source}; {} when unknown.
    Q_INVOKABLE QVariantMap exercise(const QString &exerciseId);
    /// Saves a custom exercise (a new one when exerciseId is ""): {exerciseId} or field ->
    /// message (title, purpose, minutes, timerMinutes, steps, prompts, source, format, form).
    Q_INVOKABLE QVariantMap saveExercise(const QVariantMap &fields);
    Q_INVOKABLE QString removeExercise(const QString &exerciseId);

    /// Links a couple from the invite code a partner made, on the sync thread: linking turns true,
    /// and linkedSpace or linkError tell how it ended.
    Q_INVOKABLE void link(const QString &server, const QString &code);
    Q_INVOKABLE void clearLinkError();
    /// Syncs every couple now.
    Q_INVOKABLE void syncNow();
    /// Moves an ended couple out of the list (its data stays on disk).
    Q_INVOKABLE QString archive(const QString &spaceId);

    /// Writes a couple's summary as HTML or PDF to a file path or file URL.
    Q_INVOKABLE QString exportHtml(const QString &spaceId, const QString &target);
    Q_INVOKABLE QString exportPdf(const QString &spaceId, const QString &target);
    /// A file path in the export folder: "<folder>/hearth-<couple>-<day>.<suffix>".
    Q_INVOKABLE QString suggestedExportPath(const QString &spaceId, const QString &suffix);

    /// A "YYYY-MM-DD" inside a sentence ("Due %1"): "today", "tomorrow", "yesterday", else
    /// "Thu 28 Nov" (with the year when it is another).
    Q_INVOKABLE QString dayText(const QString &date) const;
    /// "just now", "5 min ago", "2 h ago", else the day and time in the therapist's zone.
    Q_INVOKABLE QString agoText(qint64 utcMs) const;

    /// Starts syncing every couple now and every `intervalMs` after (the app does; headless runs
    /// and tests do not).
    void startSync(int intervalMs = 30'000);

    // For the models (UI thread only).
    /// The practice, opened on first use; nullptr when the folder could not be opened.
    [[nodiscard]] hearth::Practice *practice() const;
    [[nodiscard]] const hearth::ContentLibrary &content() const { return m_content; }
    [[nodiscard]] qint64 nowMs() const;
    /// The last sync error of a couple ("" when its last sync went through).
    [[nodiscard]] QString syncError(const QString &spaceId) const;
    /// The exercise, from the practice's own first, then the library; false when unknown.
    [[nodiscard]] bool findExercise(const QString &exerciseId, hearth::Exercise &out) const;
    [[nodiscard]] QString formatLabel(const std::string &format) const;
    /// Runs `action`, returning "" or the message of what it threw.
    QString run(const std::function<void()> &action);
    /// Re-reads the profile and tells every model.
    void touch();

signals:
    void changed();
    void linkChanged();
    void syncChanged();
    void exportFolderChanged();
    /// A link finished: `error` empty when it went through.
    void linkFinished(const QString &spaceId, const QString &error);

private:
    void readProfile();
    void onLinked(const QString &spaceId, const QString &error);
    void onSynced(const QVariantMap &errors);

    QString m_dataDirectory;
    const hearth::ContentLibrary &m_content;
    std::unique_ptr<hearth::Clock> m_ownClock;
    std::unique_ptr<hearth::RandomSource> m_ownRandom;
    const hearth::Clock *m_clock = nullptr;
    hearth::RandomSource *m_random = nullptr;
    mutable std::unique_ptr<hearth::Practice> m_practice;
    mutable QString m_openError;
    QSettings m_settings;
    QString m_name, m_timeZone, m_policyKind, m_policyText;
    int m_revision = 0;
    bool m_linking = false;
    QString m_linkStatus, m_linkError, m_linkedSpace;
    bool m_syncing = false;
    QVariantMap m_syncErrors;
    QThread *m_thread = nullptr;
    PracticeSyncWorker *m_worker = nullptr;
};
