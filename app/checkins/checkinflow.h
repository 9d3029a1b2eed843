#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <nlohmann/json_fwd.hpp>

#include <functional>

class Session;

namespace hearth {
struct CheckInView;
struct Question;
struct QuestionSet;
} // namespace hearth

namespace checkin {

/// A JSON value as QML reads it (objects as maps, arrays as lists), and back.
[[nodiscard]] QVariant toVariant(const nlohmann::json &value);
[[nodiscard]] nlohmann::json toJson(const QVariant &value);

/// A question for the answering page: every field of every kind (so QML never reads undefined),
/// with the needs spelled out as [{id, label, description}].
[[nodiscard]] QVariantMap questionMap(const Session &session, const hearth::Question &q);

/// Whether an answer says anything (the core's rule for a required question).
[[nodiscard]] bool answered(const nlohmann::json &value);

/// What a check-in's state reads like in a list: "Your turn", "Waiting for Jonas"...
/// `key` is set to a short name of the state for the page's icon and colour: "yourTurn",
/// "partnerAnswered", "waiting", "opening", "ready" or "finished".
[[nodiscard]] QString statusText(const hearth::CheckInView &view, const QString &partnerName,
                                 QString *key = nullptr);

} // namespace checkin

/// One check-in as its page shows it: the questions and my draft while answering, whether each
/// of us has submitted, and both answers side by side once revealed, with the replies.
///
/// Every action returns "" or a message a person can read; a message about one question is also
/// kept in `errors` under that question's id, for the page to show beside the field. A refused
/// action changes nothing.
class CheckInFlow : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString checkinId READ checkinId WRITE setCheckinId NOTIFY checkinIdChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString setId READ setId NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString purpose READ purpose NOTIFY changed)
    Q_PROPERTY(int durationMinutes READ durationMinutes NOTIFY changed)
    /// "Started by Jonas, Today" / "You started it, Mon 2 Mar".
    Q_PROPERTY(QString startedText READ startedText NOTIFY changed)
    Q_PROPERTY(bool fromRitual READ fromRitual NOTIFY changed)
    /// The set's questions: [{id, kind, prompt, help, required, min, max, minLabel, maxLabel,
    /// maxLength, placeholder, needs: [{id, label, description}], maxChoices, count,
    /// parts: [{id, label, placeholder}]}].
    Q_PROPERTY(QVariantList questions READ questions NOTIFY changed)
    /// My draft answers by question id, as saved.
    Q_PROPERTY(QVariantMap draft READ draft NOTIFY changed)
    Q_PROPERTY(bool mineSubmitted READ mineSubmitted NOTIFY changed)
    Q_PROPERTY(bool partnerSubmitted READ partnerSubmitted NOTIFY changed)
    Q_PROPERTY(bool revealed READ revealed NOTIFY changed)
    Q_PROPERTY(bool finished READ finished NOTIFY changed)
    /// I may still change my answers: not finished, not both submitted, not a read-only profile.
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY changed)
    /// My draft differs from what I submitted (an edit not submitted again).
    Q_PROPERTY(bool draftDiffers READ draftDiffers NOTIFY changed)
    /// The ids of required questions my draft leaves empty, in the set's order.
    Q_PROPERTY(QStringList missingRequired READ missingRequired NOTIFY changed)
    /// Why Submit is not possible yet, or "".
    Q_PROPERTY(QString submitHint READ submitHint NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
    /// Once revealed: per question both answers, display-ready. See comparisonFor() in the .cpp.
    Q_PROPERTY(QVariantList comparison READ comparison NOTIFY changed)
    /// Question id (or "checkin", "reply") -> message of the last refused action about it.
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
    Q_PROPERTY(int maxReply READ maxReply CONSTANT)

public:
    explicit CheckInFlow(QObject *parent = nullptr);
    CheckInFlow(Session *session, QObject *parent);

    [[nodiscard]] QString checkinId() const { return m_checkinId; }
    void setCheckinId(const QString &id);
    [[nodiscard]] bool exists() const { return m_exists; }
    [[nodiscard]] QString setId() const { return m_setId; }
    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString purpose() const { return m_purpose; }
    [[nodiscard]] int durationMinutes() const { return m_durationMinutes; }
    [[nodiscard]] QString startedText() const { return m_startedText; }
    [[nodiscard]] bool fromRitual() const { return m_fromRitual; }
    [[nodiscard]] QVariantList questions() const { return m_questions; }
    [[nodiscard]] QVariantMap draft() const { return m_draft; }
    [[nodiscard]] bool mineSubmitted() const { return m_mineSubmitted; }
    [[nodiscard]] bool partnerSubmitted() const { return m_partnerSubmitted; }
    [[nodiscard]] bool revealed() const { return m_revealed; }
    [[nodiscard]] bool finished() const { return m_finished; }
    [[nodiscard]] bool canEdit() const;
    [[nodiscard]] bool draftDiffers() const { return m_draftDiffers; }
    [[nodiscard]] QStringList missingRequired() const { return m_missing; }
    [[nodiscard]] QString submitHint() const;
    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QString statusText() const { return m_statusText; }
    [[nodiscard]] QVariantList comparison() const { return m_comparison; }
    [[nodiscard]] QVariantMap errors() const { return m_errors; }
    [[nodiscard]] static int maxReply();

    /// Keeps `value` as my answer to one question, with the rest of the draft as it is. An empty
    /// value (null, "", an empty list) clears the answer.
    Q_INVOKABLE QString saveAnswer(const QString &questionId, const QVariant &value);
    /// Submits my draft: every required question answered.
    Q_INVOKABLE QString submit();
    /// Puts back what I submitted as my draft (an edit I do not want after all).
    Q_INVOKABLE QString restoreSubmitted();
    /// A reply ("reply" with a few words, or "thanks") to my answer ("me") or my partner's
    /// ("partner") to one question, once revealed.
    Q_INVOKABLE QString reply(const QString &answerOf, const QString &questionId,
                              const QString &kind, const QString &text);
    /// "We've talked it through": finishes a revealed check-in.
    Q_INVOKABLE QString finish();
    Q_INVOKABLE void clearError(const QString &key);
    Q_INVOKABLE void refresh();

signals:
    void checkinIdChanged();
    void changed();
    void errorsChanged();

private:
    /// Runs a write; a refusal is returned and kept under its question (with `byQuestion`) or
    /// under `key`.
    QString attempt(const QString &key, bool byQuestion, const std::function<void()> &action);
    void setError(const QString &key, const QString &message);
    [[nodiscard]] const hearth::QuestionSet *questionSet() const;
    [[nodiscard]] QVariantList comparisonFor(const hearth::CheckInView &view,
                                             const hearth::QuestionSet *set,
                                             const std::string &me) const;
    [[nodiscard]] QVariantMap answerDisplay(const hearth::Question *q, const nlohmann::json &value) const;

    Session *m_session;
    QString m_checkinId;
    bool m_exists = false;
    QString m_setId, m_title, m_purpose, m_startedText, m_status, m_statusText;
    int m_durationMinutes = 0;
    bool m_fromRitual = false;
    QVariantList m_questions;
    QVariantMap m_draft;
    bool m_mineSubmitted = false;
    bool m_partnerSubmitted = false;
    bool m_revealed = false;
    bool m_finished = false;
    bool m_draftDiffers = false;
    QStringList m_missing;
    QVariantList m_comparison;
    QVariantMap m_errors;
};
