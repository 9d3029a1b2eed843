#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class Session;

namespace hearth {
struct RitualDraft;
}

/// The state behind the ritual editor and its schedule editor: load a ritual or a template,
/// edit, check as you type, save through RitualBook. Errors are keyed by the field they belong
/// to: title, purpose, steps, kind, schedule (repeat rule), start (date and time), timeZone,
/// duration, reminderMinutes.
class RitualEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString ritualId READ ritualId NOTIFY loaded)
    Q_PROPERTY(bool isNew READ isNew NOTIFY loaded)
    Q_PROPERTY(QString templateId READ templateId NOTIFY loaded)
    Q_PROPERTY(QString kind MEMBER m_kind NOTIFY edited)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY edited)
    Q_PROPERTY(QString purpose MEMBER m_purpose NOTIFY edited)
    Q_PROPERTY(QStringList steps MEMBER m_steps NOTIFY edited)
    /// 0 daily, 1 weekdays, 2 chosen days, 3 every N weeks, 4 monthly by day,
    /// 5 monthly by weekday, 6 custom RRULE (hearth::Repeat).
    Q_PROPERTY(int repeat MEMBER m_repeat NOTIFY edited)
    /// Chosen days, 1 = Monday .. 7 = Sunday.
    Q_PROPERTY(QVariantList weekdays MEMBER m_weekdays NOTIFY edited)
    Q_PROPERTY(int interval MEMBER m_interval NOTIFY edited)
    Q_PROPERTY(int monthDay MEMBER m_monthDay NOTIFY edited)
    Q_PROPERTY(int weekdayOrdinal MEMBER m_weekdayOrdinal NOTIFY edited)
    Q_PROPERTY(QString customRrule MEMBER m_customRrule NOTIFY edited)
    Q_PROPERTY(QString startDate MEMBER m_startDate NOTIFY edited)
    Q_PROPERTY(QString time MEMBER m_time NOTIFY edited)
    Q_PROPERTY(QString timeZone MEMBER m_timeZone NOTIFY edited)
    Q_PROPERTY(int durationMinutes MEMBER m_durationMinutes NOTIFY edited)
    Q_PROPERTY(int reminderMinutes MEMBER m_reminderMinutes NOTIFY edited)
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY checked)
    Q_PROPERTY(QString scheduleText READ scheduleText NOTIFY checked)
    /// The next three occurrences in my zone (and my partner's when it differs).
    Q_PROPERTY(QStringList preview READ preview NOTIFY checked)

public:
    explicit RitualEditor(QObject *parent = nullptr);
    RitualEditor(Session *session, QObject *parent);

    [[nodiscard]] QString ritualId() const { return m_ritualId; }
    [[nodiscard]] bool isNew() const { return m_ritualId.isEmpty(); }
    [[nodiscard]] QString templateId() const { return m_templateId; }
    [[nodiscard]] QVariantMap errors() const { return m_errors; }
    [[nodiscard]] QString scheduleText() const { return m_scheduleText; }
    [[nodiscard]] QStringList preview() const { return m_preview; }

    /// A blank ritual starting today at 20:00 in my zone.
    Q_INVOKABLE void startBlank();
    Q_INVOKABLE bool loadRitual(const QString &id);
    Q_INVOKABLE bool loadTemplate(const QString &templateId);
    /// Checks everything and fills errors, scheduleText and preview; true when it can be saved.
    Q_INVOKABLE bool check();
    /// Saves (creates or updates); true on success, else errors says what to fix and nothing
    /// was written.
    Q_INVOKABLE bool save();

signals:
    void loaded();
    void edited();
    void checked();
    void saved(const QString &ritualId);

private:
    /// Turns the fields into a draft and records every problem in errors; true when none.
    bool build(hearth::RitualDraft &draft);
    /// Takes every field from a draft (a saved ritual's or a template's) and checks it.
    void fill(const hearth::RitualDraft &draft);
    void setErrors(QVariantMap errors);

    Session *m_session;
    QString m_ritualId, m_templateId;
    int m_templateVersion = 0;
    QString m_kind, m_title, m_purpose;
    QStringList m_steps;
    int m_repeat = 0;
    QVariantList m_weekdays;
    int m_interval = 2;
    int m_monthDay = 1;
    int m_weekdayOrdinal = 1;
    QString m_customRrule;
    QString m_startDate, m_time, m_timeZone;
    int m_durationMinutes = 15;
    int m_reminderMinutes = 10;
    QVariantMap m_errors;
    QString m_scheduleText;
    QStringList m_preview;
};
