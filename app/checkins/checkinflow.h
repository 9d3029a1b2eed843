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

/// A question for the answering page: every field of every kind (so QML never reads undefined),
/// with the needs spelled out as [{id, label, description}].
[[nodiscard]] QVariantMap questionMap(const Session &session, const hearth::Question &q);

/// The answers of `answers` to questions `set` still asks: a newer version of a set may drop a
/// question, and the core refuses a draft that answers one it does not have. Nothing the set
/// asks is left out.
[[nodiscard]] nlohmann::json knownAnswers(const hearth::QuestionSet &set, const nlohmann::json &answers);

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
///
/// Everything is read once per refresh (after every change of the store); the properties only
/// hand over what was read. A refresh that fails keeps what was shown.
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
    /// My draft differs from what I submitted (an edit not submitted again), in what the set
    /// still asks.
    Q_PROPERTY(bool draftDiffers READ draftDiffers NOTIFY changed)
    /// The ids of required questions my draft leaves unanswered, in the set's order. Blank text
    /// is no answer, as the core counts it (hearth::fair::answered).
    Q_PROPERTY(QStringList missingRequired READ missingRequired NOTIFY changed)
    /// Feeling statements begun but not finished (the core wants all of "I feel … about … I
    /// need …" once any part is written): question id -> "Finish the sentence: …".
    Q_PROPERTY(QVariantMap unfinished READ unfinished NOTIFY changed)
    /// Submit would be taken: I may edit, nothing required is missing, no sentence unfinished.
    Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
    /// Why Submit is not possible yet, or "".
    Q_PROPERTY(QString submitHint READ submitHint NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
    /// Once revealed: per question both answers, display-ready. See comparisonFor() in the .cpp.
    /// Notified only when it changes (the answers are fixed once revealed), so that a page's
    /// Repeater over it keeps its cards, and whatever is being typed in them.
    Q_PROPERTY(QVariantList comparison READ comparison NOTIFY comparisonChanged)
    /// Once revealed, the replies by answer: "me/<question id>" (to my answer) or
    /// "partner/<question id>" -> [{id, memberName, colour, kind, text, mine, answerOf}], oldest
    /// first.
    Q_PROPERTY(QVariantMap replies READ replies NOTIFY repliesChanged)
    /// Question id (or "checkin", "reply") -> message of the last refused action about it.
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
    Q_PROPERTY(int maxReply READ maxReply CONSTANT)

public:
    explicit CheckInFlow(QObject *parent = nullptr);
    CheckInFlow(Session *session, QObject *parent);

    [[nodiscard]] QString checkinId() const { return m_checkinId; }
    void setCheckinId(const QString &id);
    [[nodiscard]] bool exists() const { return m_state.exists; }
    [[nodiscard]] QString setId() const { return m_state.setId; }
    [[nodiscard]] QString title() const { return m_state.title; }
    [[nodiscard]] QString purpose() const { return m_state.purpose; }
    [[nodiscard]] int durationMinutes() const { return m_state.durationMinutes; }
    [[nodiscard]] QString startedText() const { return m_state.startedText; }
    [[nodiscard]] bool fromRitual() const { return m_state.fromRitual; }
    [[nodiscard]] QVariantList questions() const { return m_state.questions; }
    [[nodiscard]] QVariantMap draft() const { return m_state.draft; }
    [[nodiscard]] bool mineSubmitted() const { return m_state.mineSubmitted; }
    [[nodiscard]] bool partnerSubmitted() const { return m_state.partnerSubmitted; }
    [[nodiscard]] bool revealed() const { return m_state.revealed; }
    [[nodiscard]] bool finished() const { return m_state.finished; }
    [[nodiscard]] bool canEdit() const { return m_state.canEdit; }
    [[nodiscard]] bool draftDiffers() const { return m_state.draftDiffers; }
    [[nodiscard]] QStringList missingRequired() const { return m_state.missing; }
    [[nodiscard]] QVariantMap unfinished() const { return m_state.unfinished; }
    [[nodiscard]] bool canSubmit() const;
    [[nodiscard]] QString submitHint() const { return m_state.submitHint; }
    [[nodiscard]] QString status() const { return m_state.status; }
    [[nodiscard]] QString statusText() const { return m_state.statusText; }
    [[nodiscard]] QVariantList comparison() const { return m_state.comparison; }
    [[nodiscard]] QVariantMap replies() const { return m_state.replies; }
    [[nodiscard]] QVariantMap errors() const { return m_errors; }
    [[nodiscard]] static int maxReply();

    /// Keeps `value` as my answer to one question, with the rest of the draft as it is (less any
    /// answer to a question the set no longer asks). An empty value (null, blank text, an empty
    /// list) clears the answer.
    Q_INVOKABLE QString saveAnswer(const QString &questionId, const QVariant &value);
    /// Submits my draft: every required question answered, every sentence finished.
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
    void comparisonChanged();
    void repliesChanged();
    void errorsChanged();

private:
    /// What one refresh reads.
    struct State {
        bool exists = false;
        QString setId, title, purpose, startedText, status, statusText;
        int durationMinutes = 0;
        bool fromRitual = false;
        QVariantList questions;
        QVariantMap draft;
        bool mineSubmitted = false;
        bool partnerSubmitted = false;
        bool revealed = false;
        bool finished = false;
        bool draftDiffers = false;
        bool canEdit = false;
        QStringList missing;
        QVariantMap unfinished;
        QString submitHint;
        QVariantList comparison;
        QVariantMap replies;
    };

    /// Runs a write; a refusal is returned and kept under its question (with `byQuestion`) or
    /// under `key`.
    QString attempt(const QString &key, bool byQuestion, const std::function<void()> &action);
    void setError(const QString &key, const QString &message);
    [[nodiscard]] const hearth::QuestionSet *questionSet() const;
    [[nodiscard]] State read() const;
    [[nodiscard]] QString hintFor(const State &state, const hearth::QuestionSet &set) const;
    [[nodiscard]] QVariantList comparisonFor(const hearth::CheckInView &view,
                                             const hearth::QuestionSet *set) const;
    [[nodiscard]] QVariantMap repliesFor(const hearth::CheckInView &view, const std::string &me) const;
    [[nodiscard]] QVariantMap answerDisplay(const hearth::Question *q, const nlohmann::json &value) const;

    Session *m_session;
    QString m_checkinId;
    State m_state;
    QVariantMap m_errors;
};
