#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class Session;

/// The flooding break in progress, called on this device or the partner's: who called it, when
/// they will be back (in my zone), a countdown that ticks once a second while it lasts (and while
/// `ticking`: a page binds it to being seen), one soothing idea from the content (the same one for
/// the whole break) and the words to say when calling it and when coming back. Used by the break
/// page, a repair's page, the Repairs pane and Today.
///
/// A break whose agreed time came but that nobody ended is `timeUp`: the one this object watched
/// run out, or the newest break of `forRepair` while that repair is still cooling off. end() ends
/// it, and the repair goes back to talking. Its fields (breakId, calledByName, returnText, ...)
/// are then those of that break.
class BreakState : public QObject {
    Q_OBJECT
    QML_ELEMENT
    /// A break is going on.
    Q_PROPERTY(bool active READ active NOTIFY changed)
    /// A break's time came and it was not ended yet (never at the same time as `active`).
    Q_PROPERTY(bool timeUp READ timeUp NOTIFY changed)
    /// Whether the countdown ticks (true by default): bind it to whether it is seen. Turning it
    /// on again catches up at once.
    Q_PROPERTY(bool ticking READ ticking WRITE setTicking NOTIFY tickingChanged)
    /// A repair whose break that ran out (and was not ended) should count as `timeUp` even when
    /// this object did not watch it run out; "" for none.
    Q_PROPERTY(QString forRepair READ forRepair WRITE setForRepair NOTIFY forRepairChanged)
    Q_PROPERTY(QString breakId READ breakId NOTIFY changed)
    Q_PROPERTY(bool calledByMe READ calledByMe NOTIFY changed)
    Q_PROPERTY(QString calledByName READ calledByName NOTIFY changed)
    /// When the break ends, UTC milliseconds; 0 when none.
    Q_PROPERTY(qint64 returnAt READ returnAt NOTIFY changed)
    /// "20:40" in my zone ("Tomorrow, 07:10" when it is another day).
    Q_PROPERTY(QString returnText READ returnText NOTIFY changed)
    /// "Jonas asked for a break until 20:40." or "You asked for a break until 20:40."; once the
    /// time is up, "Your break was until 20:40." or "Jonas's break was until 20:40."
    Q_PROPERTY(QString headline READ headline NOTIFY changed)
    Q_PROPERTY(int minutes READ minutes NOTIFY changed)
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY secondsLeftChanged)
    /// "19:59" or "1:05:00".
    Q_PROPERTY(QString countdownText READ countdownText NOTIFY secondsLeftChanged)
    /// How far the break has gone, 0 to 1.
    Q_PROPERTY(qreal progress READ progress NOTIFY secondsLeftChanged)
    Q_PROPERTY(QString soothingText READ soothingText NOTIFY changed)
    Q_PROPERTY(QString explanation READ explanation CONSTANT)
    /// The content's callPrompt with the return time: of the break in progress, else of a break
    /// of defaultMinutes called now.
    Q_PROPERTY(QString callPromptText READ callPromptText NOTIFY changed)
    Q_PROPERTY(QString returnPrompt READ returnPrompt CONSTANT)
    Q_PROPERTY(int minimumMinutes READ minimumMinutes CONSTANT)
    Q_PROPERTY(int defaultMinutes READ defaultMinutes CONSTANT)
    Q_PROPERTY(int maximumMinutes READ maximumMinutes CONSTANT)
    /// The repair it was called from, if any.
    Q_PROPERTY(QString repairId READ repairId NOTIFY changed)
    Q_PROPERTY(QString repairTitle READ repairTitle NOTIFY changed)

public:
    explicit BreakState(QObject *parent = nullptr);
    BreakState(Session *session, QObject *parent);

    [[nodiscard]] bool active() const { return m_active; }
    [[nodiscard]] bool timeUp() const { return !m_active && !m_breakId.isEmpty(); }
    [[nodiscard]] bool ticking() const { return m_ticking; }
    void setTicking(bool ticking);
    [[nodiscard]] QString forRepair() const { return m_forRepair; }
    void setForRepair(const QString &repairId);
    [[nodiscard]] QString breakId() const { return m_breakId; }
    [[nodiscard]] bool calledByMe() const { return m_calledByMe; }
    [[nodiscard]] QString calledByName() const { return m_calledByName; }
    [[nodiscard]] qint64 returnAt() const { return m_returnAt; }
    [[nodiscard]] QString returnText() const { return m_returnText; }
    [[nodiscard]] QString headline() const;
    [[nodiscard]] int minutes() const { return m_minutes; }
    [[nodiscard]] int secondsLeft() const { return m_secondsLeft; }
    [[nodiscard]] QString countdownText() const;
    [[nodiscard]] qreal progress() const;
    [[nodiscard]] QString soothingText() const { return m_soothingText; }
    [[nodiscard]] QString explanation() const;
    [[nodiscard]] QString callPromptText() const;
    [[nodiscard]] QString returnPrompt() const;
    [[nodiscard]] int minimumMinutes() const;
    [[nodiscard]] int defaultMinutes() const;
    [[nodiscard]] int maximumMinutes() const;
    [[nodiscard]] QString repairId() const { return m_repairId; }
    [[nodiscard]] QString repairTitle() const { return m_repairTitle; }

    /// Calls a break of `minutes` (from a repair when `repairId` is not empty). "" or a message.
    Q_INVOKABLE QString call(const QString &repairId, int minutes);
    /// Ends the break in progress ("I'm ready to come back"), or the one whose time is up ("We're
    /// back"): a repair cooling off goes back to talking.
    Q_INVOKABLE QString end();
    /// "20:40": when a break of `minutes` called now would end, in my zone.
    Q_INVOKABLE QString returnTextFor(int minutes) const;
    /// The callPrompt for a break of `minutes` called now.
    Q_INVOKABLE QString callPromptFor(int minutes) const;
    /// "30 minutes", "2 hours".
    Q_INVOKABLE QString lengthText(int minutes) const;

    /// Reads the break again now (a change of the data does it on the next turn of the event loop).
    Q_INVOKABLE void refresh();

    /// Why a break of `minutes` can't be called, or "" when it can.
    static QString lengthProblem(const Session &session, int minutes);

signals:
    void changed();
    void tickingChanged();
    void forRepairChanged();
    void secondsLeftChanged();
    /// The agreed time came (the break was still on): time to come back.
    void timeIsUp();

private:
    void tick();
    /// Runs the timer when there is something to count down and it may tick.
    void updateTimer();
    [[nodiscard]] QString timeText(qint64 utcMs) const;

    Session *m_session;
    QTimer m_timer;
    QTimer m_refreshTimer;
    bool m_ticking = true;
    QString m_forRepair;
    /// The last break seen going on: once its time is up, it is the one to end.
    QString m_watchedBreakId;
    bool m_active = false;
    QString m_breakId;
    bool m_calledByMe = false;
    QString m_calledByName;
    qint64 m_calledAt = 0;
    qint64 m_returnAt = 0;
    QString m_returnText;
    int m_minutes = 0;
    int m_secondsLeft = 0;
    QString m_soothingText;
    QString m_repairId;
    QString m_repairTitle;
};
