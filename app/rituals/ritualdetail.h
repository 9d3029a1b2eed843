#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class Session;

/// One ritual as the detail page and the "doing it now" view show it.
class RitualDetail : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString ritualId READ ritualId WRITE setRitualId NOTIFY ritualIdChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString kind READ kind NOTIFY changed)
    Q_PROPERTY(QString purpose READ purpose NOTIFY changed)
    Q_PROPERTY(QStringList steps READ steps NOTIFY changed)
    Q_PROPERTY(QString scheduleText READ scheduleText NOTIFY changed)
    Q_PROPERTY(QString timeZone READ timeZone NOTIFY changed)
    Q_PROPERTY(int durationMinutes READ durationMinutes NOTIFY changed)
    Q_PROPERTY(int reminderMinutes READ reminderMinutes NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString templateId READ templateId NOTIFY changed)
    Q_PROPERTY(QString credit READ credit NOTIFY changed)
    /// The next few occurrences: [{localStart, startMs, dayLabel, timeText, partnerTimeText}].
    Q_PROPERTY(QVariantList upcoming READ upcoming NOTIFY changed)

public:
    explicit RitualDetail(QObject *parent = nullptr);
    RitualDetail(Session *session, QObject *parent);

    [[nodiscard]] QString ritualId() const { return m_ritualId; }
    void setRitualId(const QString &id);
    [[nodiscard]] bool exists() const { return m_exists; }
    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString kind() const { return m_kind; }
    [[nodiscard]] QString purpose() const { return m_purpose; }
    [[nodiscard]] QStringList steps() const { return m_steps; }
    [[nodiscard]] QString scheduleText() const { return m_scheduleText; }
    [[nodiscard]] QString timeZone() const { return m_timeZone; }
    [[nodiscard]] int durationMinutes() const { return m_durationMinutes; }
    [[nodiscard]] int reminderMinutes() const { return m_reminderMinutes; }
    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QString templateId() const { return m_templateId; }
    [[nodiscard]] QString credit() const { return m_credit; }
    [[nodiscard]] QVariantList upcoming() const { return m_upcoming; }

    Q_INVOKABLE void refresh();

signals:
    void ritualIdChanged();
    void changed();

private:
    Session *m_session;
    QString m_ritualId;
    bool m_exists = false;
    QString m_title, m_kind, m_purpose, m_scheduleText, m_timeZone, m_status, m_templateId,
        m_credit;
    QStringList m_steps;
    int m_durationMinutes = 0;
    int m_reminderMinutes = 0;
    QVariantList m_upcoming;
};
