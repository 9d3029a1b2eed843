// The signal and agreement models (app/us): shared signals proposed, accepted, changed and
// retired between Maya's session and Jonas's device; one-tap messages sent, answered (with a
// time or without), kept out of the inbox once answered or dismissed, and the reply coming
// back; agreements proposed, agreed, moved between statuses and reviewed when due, and one made
// from a repair's plan. Every refusal gives a message and changes nothing.
#include "agreementsmodel.h"
#include "repairflow.h"
#include "repairsmodel.h"
#include "couplefixture.h"
#include "session.h"
#include "signalmessagesmodel.h"
#include "signalsmodel.h"

#include "../core/twodevices.h"

#include "agreements.h"
#include "clock.h"
#include "contentlibrary.h"
#include "repairs.h"
#include "schedule.h"
#include "signalbook.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

QString role(const QAbstractItemModel &model, int row, int role)
{
    return model.data(model.index(row, 0), role).toString();
}

bool flag(const QAbstractItemModel &model, int row, int role)
{
    return model.data(model.index(row, 0), role).toBool();
}

} // namespace

class TestSignalModels : public hearth::test::CoupleFixture {
    Q_OBJECT

public:
    TestSignalModels() : CoupleFixture(7, 11) {}

private:
    SignalBook jonasSignals() { return SignalBook(m_jonas->store, m_session->content()); }
    Agreements jonasAgreements() { return Agreements(m_jonas->store, m_session->content()); }
    SignalBook mayaSignals() { return SignalBook(*m_session->store(), m_session->content()); }

    /// A signal Maya proposed and Jonas accepted.
    QString ourSignal(const QString &word, const QString &meaning)
    {
        SignalsModel model(m_session.get(), nullptr);
        const QString id = model.propose(word, meaning).value(QStringLiteral("signalId")).toString();
        toJonas();
        jonasSignals().accept(id.toStdString());
        fromJonas();
        return id;
    }

    /// An agreement Jonas proposed and Maya agreed to, reviewed on `reviewOn`.
    QString agreedAgreement(const std::string &reviewOn)
    {
        const std::string id = jonasAgreements().propose(
            {"When one of us is running late", "We text before the time we said.", reviewOn, ""});
        fromJonas();
        AgreementsModel model(m_session.get(), nullptr);
        const QString error = model.agree(QString::fromStdString(id));
        if (!error.isEmpty())
            qWarning() << error;
        toJonas();
        return QString::fromStdString(id);
    }

private slots:
    void init()
    {
        QCOMPARE(openCouple(), QString());
        QVERIFY(!m_session->content().us().signalKinds.empty());
    }

    void cleanup() { closeCouple(); }

    void proposingRefusesBadTextAndWritesNothing()
    {
        SignalsModel waiting(m_session.get(), nullptr);
        waiting.setStatusFilter(QStringLiteral("proposed"));
        QAbstractItemModelTester tester(&waiting, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(waiting.count(), 0);
        QVERIFY(!waiting.examples().isEmpty());

        QVariantMap errors = waiting.propose(QStringLiteral("  "), QString());
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("meaning"), QStringLiteral("word")}));
        errors = waiting.propose(QString(SignalsModel::maxWord() + 1, u'x'),
                                 QString(SignalsModel::maxMeaning() + 1, u'y'));
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("meaning"), QStringLiteral("word")}));
        QVERIFY(errors.value(QStringLiteral("word")).toString().contains(QString::number(SignalsModel::maxWord())));
        settle();
        SignalBook maya = mayaSignals();
        QVERIFY(maya.sharedSignals().empty());
        QCOMPARE(waiting.count(), 0);

        QSignalSpy counted(&waiting, &SignalsModel::countChanged);
        const QVariantMap ok = waiting.propose(QStringLiteral(" Pineapple "), QStringLiteral("I'm flooded and need a break."));
        QVERIFY(ok.contains(QStringLiteral("signalId")));
        settle();
        QCOMPARE(counted.count(), 1);
        QCOMPARE(waiting.count(), 1);
        QCOMPARE(role(waiting, 0, SignalsModel::WordRole), QStringLiteral("Pineapple"));
        QCOMPARE(role(waiting, 0, SignalsModel::StatusRole), QStringLiteral("proposed"));
        QCOMPARE(role(waiting, 0, SignalsModel::StatusTextRole), QStringLiteral("Waiting for Jonas"));
        QCOMPARE(role(waiting, 0, SignalsModel::ProposedTextRole), QStringLiteral("You proposed it · Today"));
        QVERIFY(flag(waiting, 0, SignalsModel::MineRole));
        QVERIFY(!flag(waiting, 0, SignalsModel::AwaitingMeRole));
        QCOMPARE(waiting.awaitingMeCount(), 0);

        // The same word again, in another case: the core says so, and nothing more is written.
        errors = waiting.propose(QStringLiteral("pineapple"), QStringLiteral("Something else"));
        QCOMPARE(errors.keys(), QStringList{QStringLiteral("word")});
        settle();
        QCOMPARE(waiting.count(), 1);
        // My own proposal is not mine to accept.
        QVERIFY(!waiting.accept(ok.value(QStringLiteral("signalId")).toString()).isEmpty());
        settle();
        QCOMPARE(role(waiting, 0, SignalsModel::StatusRole), QStringLiteral("proposed"));
    }

    void acceptedByThePartnerItBecomesOurs()
    {
        SignalsModel ours(m_session.get(), nullptr);
        ours.setStatusFilter(QStringLiteral("ours"));
        SignalsModel waiting(m_session.get(), nullptr);
        waiting.setStatusFilter(QStringLiteral("proposed"));
        SignalMessagesModel messages(m_session.get(), nullptr);
        QAbstractItemModelTester t1(&ours, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&waiting, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int builtIn = int(m_session->content().us().signalKinds.size());
        QCOMPARE(messages.sendOptions().size(), builtIn);

        const QString id = waiting.propose(QStringLiteral("Lighthouse"), QStringLiteral("Tell me we're okay."))
                               .value(QStringLiteral("signalId")).toString();
        settle();
        QCOMPARE(waiting.count(), 1);
        // An example we took is no longer offered (a proposal counts, whatever the case).
        QCOMPARE(waiting.suggestions().size(), waiting.examples().size() - 1);
        for (const QVariant &v : waiting.suggestions())
            QVERIFY(v.toMap().value(QStringLiteral("word")).toString() != u"Lighthouse");
        // Not ours yet: it cannot be sent.
        QVERIFY(!messages.send(QStringLiteral("own"), id, QString()).isEmpty());

        toJonas();
        jonasSignals().accept(id.toStdString());
        fromJonas();
        QCOMPARE(waiting.count(), 0);
        QCOMPARE(ours.count(), 1);
        QCOMPARE(ours.oursCount(), 1);
        QCOMPARE(role(ours, 0, SignalsModel::StatusTextRole), QStringLiteral("Ours"));
        QCOMPARE(role(ours, 0, SignalsModel::AcceptedTextRole), QStringLiteral("Ours since Today"));
        QCOMPARE(ours.get(id).value(QStringLiteral("word")).toString(), QStringLiteral("Lighthouse"));
        QVERIFY(ours.get(QStringLiteral("nope")).isEmpty());

        // Now one tap sends it.
        QCOMPARE(messages.sendOptions().size(), builtIn + 1);
        const QVariantMap option = messages.option(QStringLiteral("own"), id);
        QCOMPARE(option.value(QStringLiteral("label")).toString(), QStringLiteral("Lighthouse"));
        QCOMPARE(option.value(QStringLiteral("meaning")).toString(), QStringLiteral("Tell me we're okay."));
        QCOMPARE(messages.send(QStringLiteral("own"), id, QString()), QString());
        settle();
        QCOMPARE(messages.count(), 1);
        QCOMPARE(role(messages, 0, SignalMessagesModel::TextRole), QStringLiteral("Lighthouse"));
        QCOMPARE(role(messages, 0, SignalMessagesModel::MeaningRole), QStringLiteral("Tell me we're okay."));
    }

    void aPartnersProposalWaitsForMeAndASuggestionSendsItBack()
    {
        SignalsModel all(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::string id = jonasSignals().propose("Porcupine", "I'm prickly and it isn't about you.");
        fromJonas();
        QCOMPARE(all.count(), 1);
        QCOMPARE(all.awaitingMeCount(), 1);
        QVERIFY(flag(all, 0, SignalsModel::AwaitingMeRole));
        QVERIFY(!flag(all, 0, SignalsModel::MineRole));
        QCOMPARE(role(all, 0, SignalsModel::ProposerNameRole), QStringLiteral("Jonas"));
        QCOMPARE(role(all, 0, SignalsModel::StatusTextRole), QStringLiteral("Waiting for you"));
        QCOMPARE(role(all, 0, SignalsModel::ProposedTextRole), QStringLiteral("Jonas proposed it · Today"));

        const QString signalId = QString::fromStdString(id);
        // The same words are no change; an empty meaning is no signal: both refused, nothing written.
        QVariantMap errors = all.suggestChange(signalId, QStringLiteral("Porcupine"),
                                               QStringLiteral("I'm prickly and it isn't about you."));
        QVERIFY(!errors.contains(QStringLiteral("signalId")));
        QVERIFY(!errors.isEmpty());
        errors = all.suggestChange(signalId, QStringLiteral("Hedgehog"), QStringLiteral(" "));
        QCOMPARE(errors.keys(), QStringList{QStringLiteral("meaning")});
        settle();
        QCOMPARE(role(all, 0, SignalsModel::WordRole), QStringLiteral("Porcupine"));

        // A change in place: the row stays, says it changed, and now waits for Jonas.
        QSignalSpy changed(&all, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&all, &QAbstractItemModel::rowsInserted);
        QCOMPARE(all.suggestChange(signalId, QStringLiteral("Hedgehog"), QStringLiteral("I'm prickly; give me ten minutes.")),
                 (QVariantMap{{QStringLiteral("signalId"), signalId}}));
        settle();
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(all.count(), 1);
        QCOMPARE(role(all, 0, SignalsModel::WordRole), QStringLiteral("Hedgehog"));
        QVERIFY(flag(all, 0, SignalsModel::MineRole));
        QCOMPARE(role(all, 0, SignalsModel::StatusTextRole), QStringLiteral("Waiting for Jonas"));
        QCOMPARE(all.awaitingMeCount(), 0);

        // A refresh with nothing new says nothing.
        QSignalSpy counted(&all, &SignalsModel::countChanged);
        all.refresh();
        QCOMPARE(counted.count(), 0);
        QCOMPARE(changed.count(), 1);
    }

    void retiringMovesASignalAside()
    {
        const QString id = ourSignal(QStringLiteral("Rewind"), QStringLiteral("Can I say that again?"));
        SignalsModel ours(m_session.get(), nullptr);
        ours.setStatusFilter(QStringLiteral("ours"));
        SignalsModel retired(m_session.get(), nullptr);
        retired.setStatusFilter(QStringLiteral("retired"));
        QAbstractItemModelTester tester(&ours, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(ours.count(), 1);
        QCOMPARE(retired.count(), 0);

        QVERIFY(!ours.retire(QStringLiteral("no-such-signal")).isEmpty());
        settle();
        QCOMPARE(ours.count(), 1);

        QCOMPARE(ours.retire(id), QString());
        settle();
        QCOMPARE(ours.count(), 0);
        QCOMPARE(retired.count(), 1);
        QCOMPARE(role(retired, 0, SignalsModel::StatusTextRole), QStringLiteral("Retired"));
        // Retired: no longer a button, and not sent.
        SignalMessagesModel messages(m_session.get(), nullptr);
        QVERIFY(messages.option(QStringLiteral("own"), id).isEmpty());
        QVERIFY(!messages.send(QStringLiteral("own"), id, QString()).isEmpty());
        settle();
        QCOMPARE(messages.count(), 0);
        // Jonas's device hears of it too.
        toJonas();
        QCOMPARE(jonasSignals().signal(id.toStdString())->status, std::string("retired"));
    }

    void sendingRefusesBadInputAndShowsInTheHistory()
    {
        SignalMessagesModel messages(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&messages, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(messages.mode(), QStringLiteral("history"));
        QCOMPARE(messages.firstTimedKind(), QStringLiteral("pause"));
        QCOMPARE(messages.defaultTime(), QStringLiteral("20:30"));
        QCOMPARE(messages.timeAfter(17), QStringLiteral("20:20"));
        QCOMPARE(messages.withTime(QStringLiteral("back at {time}"), QStringLiteral("20:30")), QStringLiteral("back at 20:30"));

        QVERIFY(!messages.send(QStringLiteral("no-such-kind"), QString(), QString()).isEmpty());
        QCOMPARE(messages.send(QStringLiteral("pause"), QString(), QString()), QStringLiteral("Choose a time first."));
        QVERIFY(messages.send(QStringLiteral("pause"), QString(), QStringLiteral("25:99")).contains(QStringLiteral("20:30")));
        QVERIFY(!messages.send(QStringLiteral("own"), QStringLiteral("nope"), QString()).isEmpty());
        settle();
        QCOMPARE(messages.count(), 0);
        QVERIFY(mayaSignals().messages().empty());

        QCOMPARE(messages.send(QStringLiteral("hug"), QString(), QString()), QString());
        later(2 * kMinute);
        QCOMPARE(messages.send(QStringLiteral("pause"), QString(), QStringLiteral("20:45")), QString());
        settle();
        QCOMPARE(messages.count(), 2);
        // Newest first.
        QCOMPARE(role(messages, 0, SignalMessagesModel::KindRole), QStringLiteral("pause"));
        QCOMPARE(role(messages, 0, SignalMessagesModel::TextRole), QStringLiteral("I'm flooded and pausing"));
        QCOMPARE(role(messages, 0, SignalMessagesModel::UntilTextRole), QStringLiteral("back at 20:45"));
        QCOMPARE(role(messages, 0, SignalMessagesModel::IconRole), QStringLiteral("pause"));
        QVERIFY(flag(messages, 0, SignalMessagesModel::FromMeRole));
        QCOMPARE(role(messages, 0, SignalMessagesModel::SenderNameRole), QStringLiteral("Maya"));
        QCOMPARE(role(messages, 0, SignalMessagesModel::SentTextRole), QStringLiteral("Today, 20:02"));
        QVERIFY(!flag(messages, 0, SignalMessagesModel::AnsweredRole));
        QVERIFY(!flag(messages, 0, SignalMessagesModel::AwaitingMeRole));
        QCOMPARE(role(messages, 1, SignalMessagesModel::TextRole), QStringLiteral("I need a hug"));
        QCOMPARE(role(messages, 1, SignalMessagesModel::UntilTextRole), QString());
        QCOMPARE(role(messages, 1, SignalMessagesModel::AgoTextRole), m_session->agoText(now() - 2 * kMinute));

        // An earlier time than now is the next day's: within the day ahead, so the core takes it.
        QCOMPARE(messages.nextTime(QStringLiteral("19:00")), localToUtc("2026-03-28T19:00", "Europe/Berlin"));
        QCOMPARE(messages.nextTime(QStringLiteral("21:00")), localToUtc("2026-03-27T21:00", "Europe/Berlin"));
        QCOMPARE(messages.nextTime(QStringLiteral("soon")), qint64(0));

        // A short history shows the newest only; my own messages never reach my inbox.
        SignalMessagesModel recent(m_session.get(), nullptr);
        recent.setLimit(1);
        QCOMPARE(recent.count(), 1);
        SignalMessagesModel inbox(m_session.get(), nullptr);
        inbox.setMode(QStringLiteral("inbox"));
        QCOMPARE(inbox.count(), 0);
        QVERIFY(!inbox.dismiss(role(messages, 0, SignalMessagesModel::MessageIdRole)).isEmpty());
    }

    void anIncomingSignalIsAnsweredOnceAndLeavesTheInbox()
    {
        SignalMessagesModel inbox(m_session.get(), nullptr);
        inbox.setMode(QStringLiteral("inbox"));
        SignalMessagesModel history(m_session.get(), nullptr);
        QAbstractItemModelTester t1(&inbox, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);

        const std::string hug = jonasSignals().send("hug");
        later(kMinute);
        const std::string talk = jonasSignals().send("talk");
        fromJonas();
        QCOMPARE(inbox.count(), 2);
        QCOMPARE(role(inbox, 0, SignalMessagesModel::TextRole), QStringLiteral("Can we talk tonight?"));
        QCOMPARE(role(inbox, 0, SignalMessagesModel::SenderNameRole), QStringLiteral("Jonas"));
        QVERIFY(flag(inbox, 0, SignalMessagesModel::AwaitingMeRole));
        QVERIFY(!flag(inbox, 0, SignalMessagesModel::FromMeRole));
        QCOMPARE(role(inbox, 1, SignalMessagesModel::MessageIdRole), QString::fromStdString(hug));

        // Refused: no such reply, a time-naming reply without its time, or a time long past
        // tomorrow: nothing answered.
        const QString hugId = QString::fromStdString(hug);
        QVERIFY(!inbox.reply(hugId, QStringLiteral("no-such-reply"), QString()).isEmpty());
        QCOMPARE(inbox.reply(hugId, QStringLiteral("later"), QString()), QStringLiteral("Choose a time first."));
        QVERIFY(!inbox.reply(QStringLiteral("no-such-message"), QStringLiteral("coming"), QString()).isEmpty());
        settle();
        QCOMPARE(inbox.count(), 2);
        QVERIFY(!mayaSignals().message(hug)->answered());

        QCOMPARE(inbox.reply(hugId, QStringLiteral("coming"), QString()), QString());
        settle();
        QCOMPARE(inbox.count(), 1);
        QCOMPARE(role(inbox, 0, SignalMessagesModel::MessageIdRole), QString::fromStdString(talk));
        // Answered once only.
        QVERIFY(!inbox.reply(hugId, QStringLiteral("thanks"), QString()).isEmpty());
        settle();
        QCOMPARE(mayaSignals().message(hug)->reply, std::string("coming"));

        // The other one: "not now, but later", at a time.
        QCOMPARE(inbox.reply(QString::fromStdString(talk), QStringLiteral("later"), QStringLiteral("21:30")), QString());
        settle();
        QCOMPARE(inbox.count(), 0);
        QCOMPARE(history.count(), 2);
        QVERIFY(flag(history, 0, SignalMessagesModel::AnsweredRole));
        QCOMPARE(role(history, 0, SignalMessagesModel::ReplyRole), QStringLiteral("later"));
        QCOMPARE(role(history, 0, SignalMessagesModel::ReplyTextRole), QStringLiteral("Not now, but later, at 21:30"));
        QCOMPARE(role(history, 0, SignalMessagesModel::ReplierNameRole), QStringLiteral("Maya"));
        QCOMPARE(role(history, 0, SignalMessagesModel::RepliedTextRole), QStringLiteral("20:01"));
        QCOMPARE(role(history, 1, SignalMessagesModel::ReplyTextRole), QStringLiteral("On my way"));

        // Jonas's device reads the reply.
        toJonas();
        QCOMPARE(jonasSignals().message(talk)->replyText, std::string("Not now, but later"));
        QCOMPARE(jonasSignals().message(talk)->replyUntil, localToUtc("2026-03-27T21:30", "Europe/Berlin"));
    }

    void dismissingHidesOnlyOnThisDevice()
    {
        SignalMessagesModel inbox(m_session.get(), nullptr);
        inbox.setMode(QStringLiteral("inbox"));
        SignalMessagesModel history(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&inbox, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::string id = jonasSignals().send("thinking");
        fromJonas();
        QCOMPARE(inbox.count(), 1);

        QVERIFY(!inbox.dismiss(QStringLiteral("no-such-message")).isEmpty());
        settle();
        QCOMPARE(inbox.count(), 1);

        QSignalSpy reload(m_session.get(), &Session::dataChanged);
        QCOMPARE(inbox.dismiss(QString::fromStdString(id)), QString());
        // Every view hears of it (the Today card and the tab are separate models).
        QCOMPARE(reload.count(), 1);
        settle();
        QCOMPARE(inbox.count(), 0);
        // Still in the history, unanswered, and nothing travelled to Jonas.
        QCOMPARE(history.count(), 1);
        QVERIFY(!flag(history, 0, SignalMessagesModel::AnsweredRole));
        const auto before = m_jonas->store.changeLog(0, 100000).size();
        toJonas();
        QVERIFY(!jonasSignals().message(id)->answered());
        QCOMPARE(m_jonas->store.changeLog(0, 100000).size(), before);
    }

    void theReplyComesBackAndOldSignalsLeaveTheInbox()
    {
        SignalMessagesModel history(m_session.get(), nullptr);
        SignalMessagesModel inbox(m_session.get(), nullptr);
        inbox.setMode(QStringLiteral("inbox"));
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(history.send(QStringLiteral("hug"), QString(), QString()), QString());
        settle();
        const QString id = role(history, 0, SignalMessagesModel::MessageIdRole);
        toJonas();
        later(3 * kMinute);
        jonasSignals().reply(id.toStdString(), "coming");
        QSignalSpy changed(&history, &QAbstractItemModel::dataChanged);
        fromJonas();
        QCOMPARE(history.count(), 1);
        QVERIFY(changed.count() >= 1);
        QVERIFY(flag(history, 0, SignalMessagesModel::AnsweredRole));
        QCOMPARE(role(history, 0, SignalMessagesModel::ReplierNameRole), QStringLiteral("Jonas"));
        QCOMPARE(role(history, 0, SignalMessagesModel::ReplyTextRole), QStringLiteral("On my way"));
        QCOMPARE(role(history, 0, SignalMessagesModel::RepliedTextRole), QStringLiteral("20:03"));
        QCOMPARE(role(history, 0, SignalMessagesModel::AgoTextRole), m_session->agoText(now() - 3 * kMinute));

        // Jonas's signal from this morning waits; half a day on it is no longer asked about.
        jonasSignals().send("help");
        fromJonas();
        QCOMPARE(inbox.count(), 1);
        later(13 * kHour);
        inbox.refresh();
        QCOMPARE(inbox.count(), 0);
        history.refresh();
        QCOMPARE(history.count(), 2);
    }

    void proposingAnAgreementRefusesBadFields()
    {
        AgreementsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.todayText(), QStringLiteral("2026-03-27"));
        QCOMPARE(model.nextReviewDefault(), QStringLiteral("2026-06-27"));
        QVERIFY(!model.examples().isEmpty());

        QVariantMap errors = model.propose(QStringLiteral(" "), QString(), QStringLiteral("2026-03-27"), QString());
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("action"), QStringLiteral("reviewOn"), QStringLiteral("situation")}));
        errors = model.propose(QString(AgreementsModel::maxSituation() + 1, u's'),
                               QString(AgreementsModel::maxAction() + 1, u'a'), QStringLiteral("2026-13-01"), QString());
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("action"), QStringLiteral("reviewOn"), QStringLiteral("situation")}));
        errors = model.propose(QStringLiteral("When I'm late"), QStringLiteral("I text."), QString(),
                               QStringLiteral("no-such-repair"));
        QVERIFY(!errors.contains(QStringLiteral("agreementId")));
        QVERIFY(!errors.isEmpty());
        settle();
        QCOMPARE(model.totalCount(), 0);
        QVERIFY(Agreements(*m_session->store(), m_session->content()).list().empty());

        const QVariantMap ok = model.propose(QStringLiteral(" When I'm running late "), QStringLiteral("I text before six."),
                                             QStringLiteral("2026-04-30"), QString());
        QVERIFY(ok.contains(QStringLiteral("agreementId")));
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.firstId(), ok.value(QStringLiteral("agreementId")).toString());
        QCOMPARE(model.suggestions().size(), model.examples().size()); // not one of the examples
        QCOMPARE(role(model, 0, AgreementsModel::SituationRole), QStringLiteral("When I'm running late"));
        QCOMPARE(role(model, 0, AgreementsModel::StatusRole), QStringLiteral("proposed"));
        QCOMPARE(role(model, 0, AgreementsModel::StatusTextRole), QStringLiteral("Waiting for Jonas"));
        QCOMPARE(role(model, 0, AgreementsModel::ReviewOnRole), QStringLiteral("2026-04-30"));
        QCOMPARE(role(model, 0, AgreementsModel::ReviewTextRole), QStringLiteral("Review on 30 April"));
        QCOMPARE(role(model, 0, AgreementsModel::ProposedTextRole), QStringLiteral("You proposed it · Today"));
        QCOMPARE(role(model, 0, AgreementsModel::AgreedTextRole), QString());
        QVERIFY(flag(model, 0, AgreementsModel::MineRole));
        // Not mine to agree to, and not active before Jonas agrees.
        const QString id = model.firstId();
        QVERIFY(!model.agree(id).isEmpty());
        QVERIFY(!model.setStatus(id, QStringLiteral("active")).isEmpty());
        settle();
        QCOMPARE(role(model, 0, AgreementsModel::StatusRole), QStringLiteral("proposed"));
    }

    void agreeingAndMovingBetweenStatuses()
    {
        AgreementsModel proposed(m_session.get(), nullptr);
        proposed.setFilter(QStringLiteral("proposed"));
        AgreementsModel current(m_session.get(), nullptr);
        current.setFilter(QStringLiteral("current"));
        AgreementsModel retired(m_session.get(), nullptr);
        retired.setFilter(QStringLiteral("retired"));
        QAbstractItemModelTester t1(&proposed, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&current, QAbstractItemModelTester::FailureReportingMode::QtTest);

        const std::string id = jonasAgreements().propose(
            {"When one of us is away", "We send a short goodnight.", "2026-05-01", ""});
        fromJonas();
        QCOMPARE(proposed.count(), 1);
        QCOMPARE(proposed.awaitingMeCount(), 1);
        QVERIFY(flag(proposed, 0, AgreementsModel::AwaitingMeRole));
        QCOMPARE(role(proposed, 0, AgreementsModel::ProposerNameRole), QStringLiteral("Jonas"));
        QCOMPARE(role(proposed, 0, AgreementsModel::StatusTextRole), QStringLiteral("Waiting for you"));
        // One of the content's examples: no longer offered while it is ours.
        QCOMPARE(proposed.suggestions().size(), proposed.examples().size() - 1);

        const QString agreementId = QString::fromStdString(id);
        QCOMPARE(proposed.agree(agreementId), QString());
        settle();
        QCOMPARE(proposed.count(), 0);
        QCOMPARE(current.count(), 1);
        QCOMPARE(role(current, 0, AgreementsModel::StatusTextRole), QStringLiteral("Active"));
        QCOMPARE(role(current, 0, AgreementsModel::AgreedTextRole), QStringLiteral("Agreed by both · Today"));
        QVERIFY(!current.agree(agreementId).isEmpty()); // agreed already

        QVERIFY(!current.setStatus(agreementId, QStringLiteral("forgotten")).isEmpty());
        QVERIFY(!current.setReviewDate(agreementId, QStringLiteral("2026-03-01")).isEmpty());
        settle();
        QCOMPARE(role(current, 0, AgreementsModel::StatusRole), QStringLiteral("active"));
        QCOMPARE(role(current, 0, AgreementsModel::ReviewOnRole), QStringLiteral("2026-05-01"));

        QSignalSpy moved(&current, &QAbstractItemModel::rowsRemoved);
        QCOMPARE(current.setStatus(agreementId, QStringLiteral("revisit")), QString());
        QCOMPARE(current.setReviewDate(agreementId, QStringLiteral("2027-01-12")), QString());
        settle();
        QCOMPARE(moved.count(), 0); // still current: changed in place
        QCOMPARE(role(current, 0, AgreementsModel::StatusTextRole), QStringLiteral("To revisit"));
        QCOMPARE(role(current, 0, AgreementsModel::ReviewTextRole), QStringLiteral("Review on 12 January 2027"));

        // A change of words goes back to Jonas.
        QVariantMap changed = current.suggestChange(agreementId, QStringLiteral("When one of us is away"),
                                                    QStringLiteral("We send a goodnight, and a photo."), QString());
        QVERIFY(changed.contains(QStringLiteral("agreementId")));
        settle();
        QCOMPARE(current.count(), 0);
        QCOMPARE(proposed.count(), 1);
        QCOMPARE(role(proposed, 0, AgreementsModel::StatusTextRole), QStringLiteral("Waiting for Jonas"));
        toJonas();
        jonasAgreements().agree(id);
        fromJonas();
        QCOMPARE(current.count(), 1);

        QCOMPARE(current.setStatus(agreementId, QStringLiteral("retired")), QString());
        settle();
        QCOMPARE(current.count(), 0);
        QCOMPARE(retired.count(), 1);
        QCOMPARE(retired.retiredCount(), 1);
        QCOMPARE(role(retired, 0, AgreementsModel::ReviewTextRole), QString());
        QCOMPARE(retired.suggestions().size(), retired.examples().size());
        toJonas();
        QCOMPARE(jonasAgreements().agreement(id)->status, std::string("retired"));
    }

    void aDueReviewIsKeptRevisitedOrRetired()
    {
        const QString id = agreedAgreement("2026-03-29");
        AgreementsModel due(m_session.get(), nullptr);
        due.setFilter(QStringLiteral("due"));
        QAbstractItemModelTester tester(&due, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(due.count(), 0);

        // Two days on, the review day has come.
        later(2 * kDay);
        due.refresh();
        QCOMPARE(due.todayText(), QStringLiteral("2026-03-29"));
        QCOMPARE(due.count(), 1);
        QCOMPARE(due.dueCount(), 1);
        QVERIFY(flag(due, 0, AgreementsModel::ReviewDueRole));
        QCOMPARE(role(due, 0, AgreementsModel::ReviewTextRole), QStringLiteral("Review due"));

        // "Still works" needs a day ahead; refused, nothing changes.
        QVERIFY(!due.keep(id, QStringLiteral("2026-03-29")).isEmpty());
        QVERIFY(!due.keep(QStringLiteral("no-such-agreement"), due.nextReviewDefault()).isEmpty());
        settle();
        QCOMPARE(due.count(), 1);

        // "Let's revisit": being talked over, it leaves the due list, and "Still works" makes it
        // active again with its next review three months on.
        QCOMPARE(due.setStatus(id, QStringLiteral("revisit")), QString());
        settle();
        QCOMPARE(due.count(), 0);
        QCOMPARE(due.keep(id, due.nextReviewDefault()), QString());
        settle();
        QCOMPARE(due.count(), 0);
        const QVariantMap kept = due.get(id);
        QCOMPARE(kept.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QCOMPARE(kept.value(QStringLiteral("reviewOn")).toString(), QStringLiteral("2026-06-29"));
        QVERIFY(!kept.value(QStringLiteral("reviewDue")).toBool());
        toJonas();
        QCOMPARE(jonasAgreements().agreement(id.toStdString())->reviewOn, std::string("2026-06-29"));
    }

    void aRepairsPlanBecomesAnAgreement()
    {
        AgreementsModel model(m_session.get(), nullptr);
        QVERIFY(model.fromCommitment(QStringLiteral("no-such-commitment")).contains(QStringLiteral("error")));

        // A repair, both calm, Maya's plan, repaired: her plan is a commitment.
        RepairsModel repairs(m_session.get(), nullptr);
        const QString repairId = repairs.start(QStringLiteral("Late again"), now() - 3 * kHour, 3, {},
                                               QStringLiteral("aftermath"))
                                     .value(QStringLiteral("repairId")).toString();
        QVERIFY(!repairId.isEmpty());
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(repairId);
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("ready")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("calm")), QString());
        toJonas();
        Repairs(m_jonas->store, m_session->content()).saveStep(repairId.toStdString(), "calm", "ready");
        Repairs(m_jonas->store, m_session->content()).submitStep(repairId.toStdString(), "calm");
        sync();
        QCOMPARE(flow.saveStep(QStringLiteral("plan"), QStringLiteral("Text before six when I'm late.")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("plan")), QString());
        QCOMPARE(flow.setStatus(QStringLiteral("repaired")), QString());
        settle();
        const QVariantList commitments = repairs.commitments();
        QCOMPARE(commitments.size(), 1);
        const QString commitmentId = commitments.first().toMap().value(QStringLiteral("id")).toString();

        const QVariantMap draft = model.fromCommitment(commitmentId);
        QVERIFY2(!draft.contains(QStringLiteral("error")), qPrintable(draft.value(QStringLiteral("error")).toString()));
        QCOMPARE(draft.value(QStringLiteral("repairId")).toString(), repairId);
        QVERIFY(!draft.value(QStringLiteral("action")).toString().isEmpty());

        const QString plan = commitments.first().toMap().value(QStringLiteral("text")).toString();
        QVERIFY(!model.hasAgreementFrom(repairId, plan));
        const QVariantMap ok = model.propose(draft.value(QStringLiteral("situation")).toString().isEmpty()
                                                 ? QStringLiteral("When one of us is late")
                                                 : draft.value(QStringLiteral("situation")).toString(),
                                             draft.value(QStringLiteral("action")).toString(),
                                             draft.value(QStringLiteral("reviewOn")).toString(), repairId);
        QVERIFY2(ok.contains(QStringLiteral("agreementId")), qPrintable(ok.values().value(0).toString()));
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(role(model, 0, AgreementsModel::RepairIdRole), repairId);
        QCOMPARE(role(model, 0, AgreementsModel::RepairTitleRole), QStringLiteral("Late again"));
        QCOMPARE(role(model, 0, AgreementsModel::SituationRole), QStringLiteral("After: Late again"));
        // The commitments page now says it is one of the couple's agreements.
        QVERIFY(model.hasAgreementFrom(repairId, plan));
        QVERIFY(!model.hasAgreementFrom(repairId, QStringLiteral("Something else.")));
    }
};

QTEST_MAIN(TestSignalModels)
#include "tst_signalmodels.moc"
