#pragma once

#include "maplistmodel.h"

#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "needs.h"

class Session;

/// The moments I noted when my attachment system was activated (newest first, with those my
/// partner chose to share), the patterns of my own ones as the Moments tab draws them, and the
/// suggestions the quick form offers.
///
/// Read once per burst of changes, on the next turn of the event loop, and updated in place.
/// Actions check what they are given before anything is written: they return "" or a map of
/// field -> message a person can read, and write nothing when something is wrong.
class ActivationsModel : public MapListModel {
    Q_OBJECT
    QML_ELEMENT
    /// Also list the moments my partner shared with me (read-only rows). True by default.
    Q_PROPERTY(bool includePartner READ includePartner WRITE setIncludePartner NOTIFY filterChanged)
    /// The patterns' span: the last 30 or 90 days, or 0 for all of them.
    Q_PROPERTY(int rangeDays READ rangeDays WRITE setRangeDays NOTIFY rangeDaysChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// My own moments.
    Q_PROPERTY(int myCount READ myCount NOTIFY countChanged)
    /// My newest moment, else "".
    Q_PROPERTY(QString newestId READ newestId NOTIFY countChanged)
    /// My moments in the span: {count, averageIntensity (0 when none), averageText ("6.5"),
    /// situations, emotions, needs, body: [{label, count}] (most frequent first, at most six),
    /// byHour: [24 counts, 0:00 first, in my zone], peakHourText ("Most often around 21:00" or "")}.
    Q_PROPERTY(QVariantMap patterns READ patterns NOTIFY patternsChanged)
    /// What the quick form offers: [{id, label}].
    Q_PROPERTY(QVariantList situations READ situations CONSTANT)
    Q_PROPERTY(QVariantList bodySensations READ bodySensations CONSTANT)
    Q_PROPERTY(QVariantList emotions READ emotions CONSTANT)
    Q_PROPERTY(QVariantList reactions READ reactions CONSTANT)
    Q_PROPERTY(QVariantList needs READ needs CONSTANT)
    Q_PROPERTY(int maxText READ maxText CONSTANT)
    Q_PROPERTY(int maxNote READ maxNote CONSTANT)
    Q_PROPERTY(int maxTags READ maxTags CONSTANT)
    /// Now in my zone, as the form's defaults: "YYYY-MM-DD" and "HH:MM".
    Q_PROPERTY(QString todayText READ todayText NOTIFY countChanged)
    Q_PROPERTY(QString nowTimeText READ nowTimeText NOTIFY countChanged)

public:
    enum Role {
        ActivationIdRole = Qt::UserRole + 1,
        SituationRole,
        HappenedAtRole,
        WhenTextRole,
        EmotionLabelRole,
        IntensityRole,
        BodyLabelsRole,
        NeededLabelsRole,
        ReactionRole,
        NoteRole,
        SharedRole,
        MineRole,
        MemberNameRole,
    };
    Q_ENUM(Role)

    explicit ActivationsModel(QObject *parent = nullptr);
    ActivationsModel(Session *session, QObject *parent);

    [[nodiscard]] bool includePartner() const { return m_includePartner; }
    void setIncludePartner(bool include);
    [[nodiscard]] int rangeDays() const { return m_rangeDays; }
    void setRangeDays(int days);
    [[nodiscard]] int count() const { return int(rows().size()); }
    [[nodiscard]] int myCount() const { return m_myCount; }
    [[nodiscard]] QString newestId() const { return m_newestId; }
    [[nodiscard]] QVariantMap patterns() const { return m_patterns; }
    [[nodiscard]] QVariantList situations() const;
    [[nodiscard]] QVariantList bodySensations() const;
    [[nodiscard]] QVariantList emotions() const;
    [[nodiscard]] QVariantList reactions() const;
    [[nodiscard]] QVariantList needs() const;
    [[nodiscard]] static int maxText() { return int(hearth::Needs::kMaxText); }
    [[nodiscard]] static int maxNote() { return int(hearth::Needs::kMaxNote); }
    [[nodiscard]] static int maxTags() { return int(hearth::Needs::kMaxTags); }
    [[nodiscard]] QString todayText() const;
    [[nodiscard]] QString nowTimeText() const;

    /// One moment with everything its page and the editor show: its row's values, and
    /// situation, body, emotion, needed as written (ids or own words), emotionId, dateText
    /// ("YYYY-MM-DD") and timeText ("HH:MM") in my zone. {} when there is none.
    Q_INVOKABLE QVariantMap activation(const QString &activationId) const;
    /// Notes a moment. `draft` is {happenedAt (ms), situation, body: [], emotion, intensity,
    /// reaction, needed: [], note, shared}. Returns {activationId, prompt} (a self-compassion
    /// prompt to show now) when saved, else {field: message} (happenedAt, situation, body,
    /// emotion, intensity, reaction, needed, note, form) and nothing is written.
    Q_INVOKABLE QVariantMap log(const QVariantMap &draft);
    /// Rewrites one of my moments (not whether it is shared): {activationId} or {field: message}.
    Q_INVOKABLE QVariantMap edit(const QString &activationId, const QVariantMap &draft);
    /// "" when done, else why not. The moment keeps its id (docs/decisions.md §20).
    Q_INVOKABLE QString setShared(const QString &activationId, bool shared);
    Q_INVOKABLE QString remove(const QString &activationId);
    /// "YYYY-MM-DD" and "HH:MM" in my zone as a UTC instant; 0 when they are not a valid time.
    Q_INVOKABLE qint64 localToUtcMs(const QString &date, const QString &time) const;

    /// Reads the log again now (a change of the data does it on the next turn of the event loop).
    Q_INVOKABLE void refresh();

signals:
    void filterChanged();
    void rangeDaysChanged();
    void countChanged();
    void patternsChanged();

private:
    [[nodiscard]] QVariantMap rowOf(const hearth::Activation &a, const std::string &me) const;
    /// The draft as core takes it, or the fields that are wrong in `errors`.
    [[nodiscard]] hearth::ActivationDraft draftOf(const QVariantMap &draft, QVariantMap &errors) const;
    [[nodiscard]] QString cannotWrite() const;
    void readPatterns();

    Session *m_session;
    QTimer m_refreshTimer;
    bool m_includePartner = true;
    int m_rangeDays = 30;
    int m_myCount = 0;
    QString m_newestId;
    QVariantMap m_patterns;
};
