#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "care.h"

class Session;

/// The couple's link with their therapist, as one partner's Settings shows it: where it stands
/// (none, invited, the policy to accept, waiting for the partner, active, ended), the therapist's
/// name and confidentiality policy, accepting it, and whether my check-in trends go to them.
///
/// Inviting and unlinking need the server: they go through `Session.sync` (inviteTherapist,
/// unlinkTherapist). Read once per burst of changes; actions return "" or a message a person can
/// read, and a refused action changes nothing.
class CoupleCare : public QObject {
    Q_OBJECT
    QML_ELEMENT
    /// "none" (never invited), "invited" (the therapist has not joined yet), "policy" (joined, I
    /// have not accepted the policy as it reads now), "partner" (I accepted, my partner has not),
    /// "active" or "ended".
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(bool active READ active NOTIFY changed)
    Q_PROPERTY(QString therapistName READ therapistName NOTIFY changed)
    /// "no-secrets" or "limited-secrets"; "" until the therapist joined.
    Q_PROPERTY(QString policyKind READ policyKind NOTIFY changed)
    /// "No secrets" or "Limited secrets".
    Q_PROPERTY(QString policyKindLabel READ policyKindLabel NOTIFY changed)
    /// What the kind means, in a sentence.
    Q_PROPERTY(QString policyKindHint READ policyKindHint NOTIFY changed)
    /// The therapist's own words.
    Q_PROPERTY(QString policyText READ policyText NOTIFY changed)
    Q_PROPERTY(bool acceptedByMe READ acceptedByMe NOTIFY changed)
    Q_PROPERTY(bool acceptedByPartner READ acceptedByPartner NOTIFY changed)
    /// "Maya invited Dr. Ana Ruiz on Monday 2 March." and the like.
    Q_PROPERTY(QString invitedText READ invitedText NOTIFY changed)
    /// "Jonas unlinked Dr. Ana Ruiz on 3 April." ("" while linked).
    Q_PROPERTY(QString endedText READ endedText NOTIFY changed)
    Q_PROPERTY(bool endedByMe READ endedByMe NOTIFY changed)
    /// Whether my weekly check-in trends go to the therapist.
    Q_PROPERTY(bool shareTrends READ shareTrends NOTIFY changed)
    /// Whether my partner shares theirs.
    Q_PROPERTY(bool partnerSharesTrends READ partnerSharesTrends NOTIFY changed)

public:
    explicit CoupleCare(QObject *parent = nullptr);
    CoupleCare(Session *session, QObject *parent);

    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] bool active() const { return m_state == u"active"; }
    [[nodiscard]] QString therapistName() const;
    [[nodiscard]] QString policyKind() const;
    [[nodiscard]] QString policyKindLabel() const;
    [[nodiscard]] QString policyKindHint() const;
    [[nodiscard]] QString policyText() const;
    [[nodiscard]] bool acceptedByMe() const { return m_link && m_link->acceptedByMe; }
    [[nodiscard]] bool acceptedByPartner() const;
    [[nodiscard]] QString invitedText() const;
    [[nodiscard]] QString endedText() const;
    [[nodiscard]] bool endedByMe() const;
    [[nodiscard]] bool shareTrends() const;
    [[nodiscard]] bool partnerSharesTrends() const;

    /// I accept the therapist's policy as it reads now: "" or why not.
    Q_INVOKABLE QString acceptPolicy();
    /// Starts or stops sending my weekly check-in trends to the therapist: "" or why not.
    Q_INVOKABLE QString setShareTrends(bool share);
    /// The first due date still open for me ({assignmentId, occurrence}), else the newest
    /// assignment's ({} when there is none), for opening "the assignment" by name.
    Q_INVOKABLE QVariantMap firstDue() const;
    /// Reads the link again now (a change of the data does it on the next turn of the event loop).
    Q_INVOKABLE void refresh();

    /// For Session::checkNotices: on a due item's day, what to tell once on this device ("Due
    /// today", "<exercise> from <therapist>"); marks what it returns as told.
    struct Notice {
        QString title;
        QString body;
    };
    static std::vector<Notice> takeNotices(Session &session);
    /// After my check-ins changed (and when the profile opens): while I share my trends, writes
    /// them again in my zone when they differ. Never throws.
    static void publishTrends(Session &session);

signals:
    void changed();

private:
    [[nodiscard]] const hearth::CarePerson *person(bool me) const;
    QString run(const std::function<void(hearth::Care &)> &action);

    Session *m_session;
    QTimer m_refreshTimer;
    std::optional<hearth::CareLink> m_link;
    std::string m_me;
    QString m_state = QStringLiteral("none");
};

/// What the couple's care classes share: today in my zone, due labels, names.
namespace caretext {
/// "YYYY-MM-DD" now in my zone ("" without a profile).
QString today(const Session &session);
/// "Due today", "Due tomorrow", "Due Thursday", "Due 14 April", "1 day overdue", "2 days overdue".
QString dueLabel(const QString &dueOn, const QString &today);
/// "Thursday 2 April" (with the year when it is not this one).
QString dateText(const QString &day, const QString &today);
/// When something happened, for the middle of a sentence: "today", "yesterday", "on Wednesday
/// 18 November" (in my zone).
QString onDay(const Session &session, qint64 utcMs);
/// My member id ("" without a profile).
std::string myId(const Session &session);
/// The name of a member of the space: me, my partner, or the therapist of `link`.
QString nameOf(const Session &session, const std::string &memberId,
               const std::optional<hearth::CareLink> &link);
/// Runs `action` on the care space of the session's profile: "" when it went through, else why
/// not, for a person to read.
QString run(Session *session, const std::function<void(hearth::Care &)> &action);
} // namespace caretext
