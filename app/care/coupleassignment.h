#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>
#include <vector>

#include "care.h"

class Session;

/// One assignment from the therapist, for its guided view: the exercise as it was assigned (its
/// copy travels with the assignment, so an exercise this version does not know still shows), the
/// therapist's note, every due date with where each partner stands (the couple sees each other's
/// completions and shared reflections), marking a date done or open again, and my reflection on
/// a date, kept to me or shared with the therapist (and so with my partner too).
class CoupleAssignment : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString assignmentId READ assignmentId WRITE setAssignmentId NOTIFY changed)
    /// The assignment stands and this device may show it.
    Q_PROPERTY(bool found READ found NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString purpose READ purpose NOTIFY changed)
    Q_PROPERTY(QString formatLabel READ formatLabel NOTIFY changed)
    /// "Together" or "Each on your own".
    Q_PROPERTY(QString howText READ howText NOTIFY changed)
    Q_PROPERTY(int minutes READ minutes NOTIFY changed)
    /// The countdown the guided view offers, 0 for none.
    Q_PROPERTY(int timerMinutes READ timerMinutes NOTIFY changed)
    Q_PROPERTY(QStringList steps READ steps NOTIFY changed)
    Q_PROPERTY(QStringList prompts READ prompts NOTIFY changed)
    Q_PROPERTY(QString source READ source NOTIFY changed)
    Q_PROPERTY(QString note READ note NOTIFY changed)
    Q_PROPERTY(QString therapistName READ therapistName NOTIFY changed)
    /// "From Dr. Ana Ruiz, 2 March".
    Q_PROPERTY(QString fromText READ fromText NOTIFY changed)
    /// "For you both", "For you", "For Jonas".
    Q_PROPERTY(QString assigneeText READ assigneeText NOTIFY changed)
    /// "Once", "Every week, 4 times", "Every 3 days, 5 times".
    Q_PROPERTY(QString repeatText READ repeatText NOTIFY changed)
    /// It is for me (to me alone or to the couple): I can mark it done and reflect.
    Q_PROPERTY(bool forMe READ forMe NOTIFY changed)
    /// [{occurrence, dueOn, dateText, dueLabel, myStatus ("" when it is not for me), people:
    /// [{memberId, name, mine, status
    /// ("todo" | "done" | "overdue"), statusText, reflectionId, reflectionShared, answers}]}],
    /// oldest first. `answers` ([{prompt, text}]) is there for my reflection and for my partner's
    /// shared one.
    Q_PROPERTY(QVariantList dueDates READ dueDates NOTIFY changed)
    /// My first due date not done yet, -1 when every one is (or it is not for me).
    Q_PROPERTY(int nextOccurrence READ nextOccurrence NOTIFY changed)
    Q_PROPERTY(int maxAnswer READ maxAnswer CONSTANT)

public:
    explicit CoupleAssignment(QObject *parent = nullptr);
    CoupleAssignment(Session *session, QObject *parent);

    [[nodiscard]] QString assignmentId() const { return m_id; }
    void setAssignmentId(const QString &id);
    [[nodiscard]] bool found() const { return m_assignment.has_value(); }
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString purpose() const;
    [[nodiscard]] QString formatLabel() const;
    [[nodiscard]] QString howText() const;
    [[nodiscard]] int minutes() const;
    [[nodiscard]] int timerMinutes() const;
    [[nodiscard]] QStringList steps() const;
    [[nodiscard]] QStringList prompts() const;
    [[nodiscard]] QString source() const;
    [[nodiscard]] QString note() const;
    [[nodiscard]] QString therapistName() const;
    [[nodiscard]] QString fromText() const;
    [[nodiscard]] QString assigneeText() const;
    [[nodiscard]] QString repeatText() const;
    [[nodiscard]] bool forMe() const;
    [[nodiscard]] QVariantList dueDates() const { return m_dueDates; }
    [[nodiscard]] int nextOccurrence() const { return m_nextOccurrence; }
    [[nodiscard]] static int maxAnswer() { return int(hearth::Care::kMaxAnswer); }

    /// Whether I marked this due date done.
    Q_INVOKABLE bool isDone(int occurrence) const;
    /// "Thursday 2 April" and its label, for a page about one due date: {dateText, dueLabel}.
    Q_INVOKABLE QVariantMap dueDate(int occurrence) const;
    /// I mark one due date done, or open again: "" or why not.
    Q_INVOKABLE QString complete(int occurrence);
    Q_INVOKABLE QString reopen(int occurrence);
    /// My reflection on a due date for the editor: {reflectionId, shared, writtenText, texts}
    /// where `texts` has one answer per prompt, in the prompts' order ("" where none).
    Q_INVOKABLE QVariantMap reflection(int occurrence) const;
    /// Writes my reflection on a due date, `texts` one per prompt (empty ones are left out):
    /// "" or why not (nothing written then).
    Q_INVOKABLE QString writeReflection(int occurrence, const QVariantList &texts, bool shared);
    /// Shares one of my reflections with the therapist, or keeps it to me again: "" or why not.
    Q_INVOKABLE QString setReflectionShared(const QString &reflectionId, bool shared);

    Q_INVOKABLE void refresh();

signals:
    void changed();

private:
    QString run(const std::function<void(hearth::Care &)> &action);
    [[nodiscard]] QString checkOccurrence(int occurrence) const;

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_id;
    std::optional<hearth::Assignment> m_assignment;
    std::optional<hearth::CareLink> m_link;
    std::vector<hearth::DueItem> m_items;
    std::string m_me;
    QString m_today;
    QVariantList m_dueDates;
    int m_nextOccurrence = -1;
};
