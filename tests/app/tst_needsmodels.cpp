// The Us models of needs, moments and learning (app/us): a partner's map added to, edited, shared,
// made private again and deleted through the model (refusals say why and change nothing; a
// private item never reaches the partner's device); what the partner shares appearing after
// their changes are merged; moments noted with a self-compassion prompt, edited, shared and
// deleted; the patterns' figures over a span, in my zone; and private reflections on the Learn
// cards, saved and cleared.
#include "activationsmodel.h"
#include "learnmodel.h"
#include "needsmodel.h"
#include "couplefixture.h"
#include "session.h"

#include "../core/twodevices.h"

#include "clock.h"
#include "contentlibrary.h"
#include "needs.h"
#include "schedule.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr qint64 kHour = 3'600'000;
constexpr qint64 kDay = 24 * kHour;

QString role(const QAbstractItemModel &model, int row, int role)
{
    return model.index(row, 0).data(role).toString();
}

/// How many rows of `entity` with this id a store holds (deleted ones too).
std::int64_t rowsWithId(Store &store, const char *entity, const std::string &id)
{
    auto st = store.db().cached(std::string("SELECT count(*) FROM ") + entity + " WHERE id = ?1");
    st->bind(1, id);
    st->step();
    return st->integer(0);
}

} // namespace

class TestNeedsModels : public hearth::test::CoupleFixture {
    Q_OBJECT

public:
    TestNeedsModels() : CoupleFixture(5, 13) {}

private:
    Needs jonas() { return Needs(m_jonas->store, m_session->content()); }
    Needs maya() { return Needs(*m_session->store(), m_session->content()); }

    QVariantMap moment(const QString &situation, qint64 at, int intensity = 5)
    {
        return {{QStringLiteral("happenedAt"), at},
                {QStringLiteral("situation"), situation},
                {QStringLiteral("body"), QStringList{QStringLiteral("tight-chest")}},
                {QStringLiteral("emotion"), QStringLiteral("hurt")},
                {QStringLiteral("intensity"), intensity},
                {QStringLiteral("reaction"), QStringLiteral("I went quiet")},
                {QStringLiteral("needed"), QStringList{QStringLiteral("reassurance")}},
                {QStringLiteral("note"), QString()},
                {QStringLiteral("shared"), false}};
    }

    QString logMoment(const QVariantMap &draft)
    {
        ActivationsModel model(m_session.get(), nullptr);
        const QVariantMap result = model.log(draft);
        if (!result.contains(QStringLiteral("activationId")))
            qWarning() << result;
        return result.value(QStringLiteral("activationId")).toString();
    }

private slots:
    void init()
    {
        QCOMPARE(openCouple(), QString());
    }

    void cleanup() { closeCouple(); }

    void addingRefusesBadFieldsAndWritesNothing()
    {
        NeedsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QVariantMap errors = model.add(QStringLiteral("wish"), {}, QStringLiteral("Hugs"), {}, {}, false);
        QCOMPARE(errors.keys(), QStringList{QStringLiteral("kind")});
        errors = model.add(QStringLiteral("trigger"), QStringLiteral("weather"), QStringLiteral("   "),
                           QStringLiteral("no-such-thing"), QString(1001, u'n'), false);
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("detail"), QStringLiteral("note"),
                                             QStringLiteral("suggestionId"), QStringLiteral("text")}));
        for (const QVariant &message : errors)
            QVERIFY(!message.toString().isEmpty());
        errors = model.add(QStringLiteral("need"), {}, QString(201, u'x'), {}, {}, false);
        QCOMPARE(errors.keys(), QStringList{QStringLiteral("text")});
        QVERIFY(errors.value(QStringLiteral("text")).toString().contains(QStringLiteral("200")));
        // A body sensation is not a situation's suggestion.
        errors = model.add(QStringLiteral("trigger"), QStringLiteral("situation"), {}, QStringLiteral("tight-chest"),
                           {}, false);
        QVERIFY(errors.contains(QStringLiteral("suggestionId")));

        settle();
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.totalCount(), 0);
        QVERIFY(maya().mine().empty());
    }

    void aSuggestionGivesItsWordsAndTheSameTwiceIsRefused()
    {
        NeedsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.suggestions(QStringLiteral("need"), {}).isEmpty());
        QCOMPARE(model.suggestions(QStringLiteral("trigger"), QStringLiteral("body")).size(),
                 int(m_session->content().us().bodySensations.size()));
        QVERIFY(model.suggestions(QStringLiteral("wish"), {}).isEmpty());
        QCOMPARE(model.details().size(), 3);

        const QVariantMap ok = model.add(QStringLiteral("need"), {}, {}, QStringLiteral("reassurance"),
                                         QStringLiteral("  Most after a long day apart. "), false);
        QVERIFY2(ok.contains(QStringLiteral("itemId")), qPrintable(ok.keys().join(u',')));
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(role(model, 0, NeedsModel::ItemIdRole), ok.value(QStringLiteral("itemId")).toString());
        QCOMPARE(role(model, 0, NeedsModel::TextRole), QStringLiteral("Reassurance"));
        QCOMPARE(role(model, 0, NeedsModel::NoteRole), QStringLiteral("Most after a long day apart."));
        QCOMPARE(role(model, 0, NeedsModel::KindRole), QStringLiteral("need"));
        QCOMPARE(role(model, 0, NeedsModel::SuggestionIdRole), QStringLiteral("reassurance"));
        QVERIFY(!role(model, 0, NeedsModel::DescriptionRole).isEmpty());
        QCOMPARE(model.index(0).data(NeedsModel::SharedRole).toBool(), false); // private by default
        QCOMPARE(role(model, 0, NeedsModel::CreatedTextRole), QStringLiteral("Today"));

        // The same words again, in other capitals, are already there.
        const QVariantMap twice = model.add(QStringLiteral("need"), {}, QStringLiteral(" reassurance "), {}, {}, false);
        QCOMPARE(twice.keys(), QStringList{QStringLiteral("text")});
        QVERIFY(twice.value(QStringLiteral("text")).toString().contains(QStringLiteral("already")));
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(maya().mine().size(), std::size_t(1));
    }

    void theMapIsGroupedAndAChangeIsReadOnce()
    {
        NeedsModel all(m_session.get(), nullptr);
        NeedsModel triggers(m_session.get(), nullptr);
        triggers.setKind(QStringLiteral("trigger"));
        QAbstractItemModelTester tester(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester triggerTester(&triggers, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&triggers, &NeedsModel::countChanged);

        // Written out of order; read as situations, body, early signs.
        NeedsModel writer(m_session.get(), nullptr);
        QVERIFY(writer.add(QStringLiteral("trigger"), QStringLiteral("sign"), QStringLiteral("I check my phone again and again"), {}, {}, false).contains(QStringLiteral("itemId")));
        later();
        QVERIFY(writer.add(QStringLiteral("trigger"), QStringLiteral("body"), {}, QStringLiteral("tight-chest"), {}, true).contains(QStringLiteral("itemId")));
        later();
        QVERIFY(writer.add(QStringLiteral("trigger"), QStringLiteral("situation"), QStringLiteral("Plans change late"), {}, {}, false).contains(QStringLiteral("itemId")));
        later();
        QVERIFY(writer.add(QStringLiteral("trigger"), QStringLiteral("situation"), QStringLiteral("No word when you're late"), {}, {}, false).contains(QStringLiteral("itemId")));
        later();
        QVERIFY(writer.add(QStringLiteral("helps"), {}, QStringLiteral("A slow walk"), {}, {}, true).contains(QStringLiteral("itemId")));
        later();
        QVERIFY(writer.add(QStringLiteral("need"), {}, QStringLiteral("Time together"), {}, {}, false).contains(QStringLiteral("itemId")));
        later();
        QCOMPARE(triggers.count(), 0); // not read yet: the burst is read once
        settle();
        QCOMPARE(counted.count(), 1);

        QCOMPARE(all.count(), 6);
        QCOMPARE(all.totalCount(), 6);
        QCOMPARE(all.sharedCount(), 2);
        QCOMPARE(role(all, 0, NeedsModel::KindRole), QStringLiteral("need"));
        QCOMPARE(role(all, 5, NeedsModel::KindRole), QStringLiteral("helps"));

        QCOMPARE(triggers.count(), 4);
        QCOMPARE(triggers.totalCount(), 6);
        QCOMPARE(triggers.sharedCount(), 1);
        const QStringList texts{role(triggers, 0, NeedsModel::TextRole), role(triggers, 1, NeedsModel::TextRole),
                                role(triggers, 2, NeedsModel::TextRole), role(triggers, 3, NeedsModel::TextRole)};
        QCOMPARE(texts.at(0), QStringLiteral("Plans change late"));
        QCOMPARE(texts.at(1), QStringLiteral("No word when you're late"));
        QCOMPARE(texts.at(3), QStringLiteral("I check my phone again and again"));
        QCOMPARE(role(triggers, 0, NeedsModel::GroupLabelRole), QStringLiteral("Situations"));
        QCOMPARE(role(triggers, 2, NeedsModel::GroupLabelRole), QStringLiteral("In my body"));
        QCOMPARE(role(triggers, 3, NeedsModel::GroupLabelRole), QStringLiteral("Early signs"));
        QCOMPARE(triggers.index(0).data(NeedsModel::FirstInGroupRole).toBool(), true);
        QCOMPARE(triggers.index(1).data(NeedsModel::FirstInGroupRole).toBool(), false);
        QCOMPARE(triggers.index(2).data(NeedsModel::FirstInGroupRole).toBool(), true);
        QCOMPARE(triggers.index(3).data(NeedsModel::FirstInGroupRole).toBool(), true);
        QVERIFY(triggers.item(role(all, 0, NeedsModel::ItemIdRole)).value(QStringLiteral("text")).toString()
                == QStringLiteral("Time together")); // item() knows the whole map

        QSignalSpy filtered(&triggers, &NeedsModel::filterChanged);
        triggers.setKind(QStringLiteral("helps"));
        QCOMPARE(filtered.count(), 1);
        QCOMPARE(triggers.count(), 1);
        triggers.setKind(QString());
        QCOMPARE(triggers.count(), 6);
    }

    void editingChangesTheRowInPlace()
    {
        NeedsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = model.add(QStringLiteral("helps"), {}, QStringLiteral("A walk"), {}, {}, false)
                               .value(QStringLiteral("itemId")).toString();
        later();
        QVERIFY(!model.add(QStringLiteral("helps"), {}, QStringLiteral("Tea"), {}, {}, false).isEmpty());
        settle();
        QCOMPARE(model.count(), 2);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVariantMap result = model.edit(id, QStringLiteral("  A slow walk on my own "), QStringLiteral("Twenty minutes is enough."));
        QCOMPARE(result.value(QStringLiteral("itemId")).toString(), id);
        settle();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(role(model, 0, NeedsModel::TextRole), QStringLiteral("A slow walk on my own"));
        QCOMPARE(role(model, 0, NeedsModel::NoteRole), QStringLiteral("Twenty minutes is enough."));

        // Refusals: no words, the words of another item, too long a note, an item that isn't mine.
        QCOMPARE(model.edit(id, QStringLiteral("  "), {}).keys(), QStringList{QStringLiteral("text")});
        QCOMPARE(model.edit(id, QStringLiteral("tea"), {}).keys(), QStringList{QStringLiteral("text")});
        QCOMPARE(model.edit(id, QStringLiteral("Walk"), QString(1001, u'x')).keys(), QStringList{QStringLiteral("note")});
        QCOMPARE(model.edit(QStringLiteral("nope"), QStringLiteral("Walk"), {}).keys(), QStringList{QStringLiteral("form")});
        settle();
        QCOMPARE(role(model, 0, NeedsModel::TextRole), QStringLiteral("A slow walk on my own"));
        QCOMPARE(changed.count(), 1);
    }

    void sharingAndMakingPrivateAgainReachesOnlyWhatIsShared()
    {
        NeedsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = model.add(QStringLiteral("need"), {}, QStringLiteral("To hear that we're okay"), {}, {}, false)
                               .value(QStringLiteral("itemId")).toString();
        QVERIFY(!id.isEmpty());
        toJonas();
        QVERIFY(jonas().partners().empty());
        QCOMPARE(rowsWithId(m_jonas->store, "need", id.toStdString()), 0); // not even sealed

        // The item keeps its id; Jonas reads its copy (docs/decisions.md §20).
        QCOMPARE(model.setShared(id, true), QString());
        settle();
        const QString sharedId = role(model, 0, NeedsModel::ItemIdRole);
        QCOMPARE(sharedId, id);
        QCOMPARE(model.count(), 1);
        QCOMPARE(role(model, 0, NeedsModel::ItemIdRole), sharedId);
        QCOMPARE(model.index(0).data(NeedsModel::SharedRole).toBool(), true);
        QCOMPARE(model.sharedCount(), 1);
        toJonas();
        QCOMPARE(jonas().partners().size(), std::size_t(1));
        QCOMPARE(jonas().partners().front().text, std::string("To hear that we're okay"));
        QCOMPARE(rowsWithId(m_jonas->store, "need", id.toStdString()), 0);

        // Shared again: nothing to do, the same id.
        QCOMPARE(model.setShared(sharedId, true), QString());
        settle();
        QCOMPARE(role(model, 0, NeedsModel::ItemIdRole), sharedId);

        QCOMPARE(model.setShared(sharedId, false), QString());
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(NeedsModel::SharedRole).toBool(), false);
        QCOMPARE(role(model, 0, NeedsModel::TextRole), QStringLiteral("To hear that we're okay"));
        toJonas();
        QVERIFY(jonas().partners().empty()); // Jonas's device forgot it

        QVERIFY(!model.setShared(QStringLiteral("no-such-item"), true).isEmpty());
        QVERIFY(!model.remove(QStringLiteral("no-such-item")).isEmpty());
        settle();
        QCOMPARE(model.count(), 1);
    }

    void deletingRemovesTheRow()
    {
        NeedsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = model.add(QStringLiteral("helps"), {}, QStringLiteral("A hug"), {}, {}, true)
                               .value(QStringLiteral("itemId")).toString();
        toJonas();
        QCOMPARE(jonas().partners().size(), std::size_t(1));
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.remove(id), QString());
        settle();
        QCOMPARE(model.count(), 0);
        QVERIFY(maya().mine().empty());
        toJonas();
        QVERIFY(jonas().partners().empty());
        QVERIFY(!model.remove(id).isEmpty()); // gone already
    }

    void whatThePartnerSharesAppearsAfterTheirChangesArrive()
    {
        NeedsModel partner(m_session.get(), nullptr);
        partner.setPartner(true);
        NeedsModel mine(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&partner, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(partner.count(), 0);

        NeedItemDraft shared;
        shared.kind = "need";
        shared.text = "Some space after work";
        shared.shared = true;
        const std::string sharedId = jonas().add(shared);
        later();
        NeedItemDraft secret = shared;
        secret.text = "Not to be teased about my family";
        secret.shared = false;
        jonas().add(secret);
        later();
        NeedItemDraft helps;
        helps.kind = "helps";
        helps.text = "Music in the car";
        helps.shared = true;
        jonas().add(helps);
        fromJonas();

        QCOMPARE(partner.count(), 2);
        QCOMPARE(role(partner, 0, NeedsModel::TextRole), QStringLiteral("Some space after work"));
        QCOMPARE(role(partner, 0, NeedsModel::GroupLabelRole), QStringLiteral("What Jonas needs"));
        QCOMPARE(role(partner, 1, NeedsModel::GroupLabelRole), QStringLiteral("What helps Jonas settle"));
        QCOMPARE(partner.index(1).data(NeedsModel::FirstInGroupRole).toBool(), true);
        QCOMPARE(mine.count(), 0); // not mine
        // Only Jonas can change them.
        const QString theirs = role(partner, 0, NeedsModel::ItemIdRole);
        QVERIFY(!partner.remove(theirs).isEmpty());
        QVERIFY(!partner.setShared(theirs, false).isEmpty());
        QCOMPARE(partner.edit(theirs, QStringLiteral("Mine now"), {}).keys(), QStringList{QStringLiteral("form")});
        settle();
        QCOMPARE(role(partner, 0, NeedsModel::TextRole), QStringLiteral("Some space after work"));

        // He makes one private again: it leaves my list.
        jonas().setShared(sharedId, false);
        fromJonas();
        QCOMPARE(partner.count(), 1);
        QCOMPARE(role(partner, 0, NeedsModel::TextRole), QStringLiteral("Music in the car"));
    }

    void notingAMomentRefusesBadFieldsAndWritesNothing()
    {
        ActivationsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVariantMap draft = moment(QStringLiteral("  "), now() + 2 * kHour, 11);
        QStringList tooMany;
        for (int i = 0; i < 13; ++i)
            tooMany << QStringLiteral("feeling %1").arg(i);
        draft[QStringLiteral("body")] = tooMany;
        draft[QStringLiteral("note")] = QString(1001, u'n');
        draft[QStringLiteral("reaction")] = QString(201, u'r');
        const QVariantMap errors = model.log(draft);
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("body"), QStringLiteral("happenedAt"), QStringLiteral("intensity"),
                                             QStringLiteral("note"), QStringLiteral("reaction"), QStringLiteral("situation")}));
        QVERIFY(errors.value(QStringLiteral("happenedAt")).toString().contains(QStringLiteral("future")));
        QCOMPARE(model.log(moment(QStringLiteral("Late"), 0)).keys(), QStringList{QStringLiteral("happenedAt")});
        settle();
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.myCount(), 0);
        QVERIFY(maya().activations().empty());
    }

    void aNotedMomentGivesAPromptAndARow()
    {
        ActivationsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.situations().isEmpty());
        QVERIFY(!model.emotions().isEmpty());
        QCOMPARE(model.needs().size(), int(m_session->content().needs().size()));
        QCOMPARE(model.todayText(), QStringLiteral("2026-03-27"));
        QCOMPARE(model.nowTimeText(), QStringLiteral("20:00"));

        QVariantMap draft = moment(QStringLiteral("  You were late without a word "), model.localToUtcMs(QStringLiteral("2026-03-27"), QStringLiteral("19:30")), 7);
        draft[QStringLiteral("body")] = QStringList{QStringLiteral("tight-chest"), QStringLiteral("Cold hands"), QStringLiteral("cold hands")};
        draft[QStringLiteral("needed")] = QVariantList{QStringLiteral("reassurance"), QStringLiteral("A text")};
        const QVariantMap result = model.log(draft);
        QVERIFY2(result.contains(QStringLiteral("activationId")), qPrintable(result.keys().join(u',')));
        QVERIFY(!result.value(QStringLiteral("prompt")).toString().isEmpty());
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.myCount(), 1);
        QCOMPARE(model.newestId(), result.value(QStringLiteral("activationId")).toString());
        QCOMPARE(role(model, 0, ActivationsModel::SituationRole), QStringLiteral("You were late without a word"));
        QCOMPARE(role(model, 0, ActivationsModel::WhenTextRole), QStringLiteral("Today, 19:30"));
        QCOMPARE(role(model, 0, ActivationsModel::EmotionLabelRole), QStringLiteral("Hurt"));
        QCOMPARE(model.index(0).data(ActivationsModel::IntensityRole).toInt(), 7);
        QCOMPARE(model.index(0).data(ActivationsModel::BodyLabelsRole).toStringList(),
                 (QStringList{QStringLiteral("A tight chest"), QStringLiteral("Cold hands")}));
        QCOMPARE(model.index(0).data(ActivationsModel::NeededLabelsRole).toStringList(),
                 (QStringList{QStringLiteral("Reassurance"), QStringLiteral("A text")}));
        QCOMPARE(model.index(0).data(ActivationsModel::SharedRole).toBool(), false);
        QCOMPARE(model.index(0).data(ActivationsModel::MineRole).toBool(), true);

        const QVariantMap full = model.activation(model.newestId());
        QCOMPARE(full.value(QStringLiteral("dateText")).toString(), QStringLiteral("2026-03-27"));
        QCOMPARE(full.value(QStringLiteral("timeText")).toString(), QStringLiteral("19:30"));
        QCOMPARE(full.value(QStringLiteral("emotion")).toString(), QStringLiteral("hurt"));
        QCOMPARE(full.value(QStringLiteral("body")).toStringList(), (QStringList{QStringLiteral("tight-chest"), QStringLiteral("Cold hands")}));
        QVERIFY(model.activation(QStringLiteral("nope")).isEmpty());
        toJonas();
        QVERIFY(jonas().activations(true).empty()); // private by default
    }

    void momentsAreEditedSharedAndDeleted()
    {
        ActivationsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = logMoment(moment(QStringLiteral("The plan changed"), now() - 2 * kHour));
        const QString older = logMoment(moment(QStringLiteral("No reply for hours"), now() - kDay));
        settle();
        QCOMPARE(model.count(), 2);
        QCOMPARE(role(model, 0, ActivationsModel::ActivationIdRole), id); // newest first

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVariantMap edited = moment(QStringLiteral("The plan changed at the last minute"), now() - 2 * kHour, 4);
        edited[QStringLiteral("shared")] = true; // ignored: sharing is its own step
        QCOMPARE(model.edit(id, edited).value(QStringLiteral("activationId")).toString(), id);
        QCOMPARE(model.edit(id, moment(QString(), now())).keys(), QStringList{QStringLiteral("situation")});
        settle();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(role(model, 0, ActivationsModel::SituationRole), QStringLiteral("The plan changed at the last minute"));
        QCOMPARE(model.index(0).data(ActivationsModel::SharedRole).toBool(), false);

        QCOMPARE(model.setShared(id, true), QString());
        settle();
        const QString sharedId = role(model, 0, ActivationsModel::ActivationIdRole);
        QCOMPARE(sharedId, id);
        QCOMPARE(model.index(0).data(ActivationsModel::SharedRole).toBool(), true);
        toJonas();
        QCOMPARE(jonas().activations(true).size(), std::size_t(1));

        // Jonas shares one of his: it shows in my list, his to change.
        ActivationDraft his;
        his.happenedAt = now() - 30 * 60'000;
        his.situation = "Dinner went quiet";
        his.intensity = 3;
        his.shared = true;
        jonas().logActivation(his);
        fromJonas();
        QCOMPARE(model.count(), 3);
        const QString hisId = role(model, 0, ActivationsModel::ActivationIdRole);
        QCOMPARE(model.index(0).data(ActivationsModel::MineRole).toBool(), false);
        QCOMPARE(role(model, 0, ActivationsModel::SituationRole), QStringLiteral("Dinner went quiet"));
        QCOMPARE(model.activation(hisId).value(QStringLiteral("situation")).toString(), QStringLiteral("Dinner went quiet"));
        QCOMPARE(role(model, 0, ActivationsModel::MemberNameRole), QStringLiteral("Jonas"));
        QCOMPARE(model.myCount(), 2);
        QCOMPARE(model.newestId(), sharedId);
        QVERIFY(!model.remove(hisId).isEmpty());
        QVERIFY(!model.setShared(hisId, false).isEmpty());
        QCOMPARE(model.edit(hisId, moment(QStringLiteral("Mine"), now())).keys(),
                 QStringList{QStringLiteral("form")});
        model.setIncludePartner(false);
        QCOMPARE(model.count(), 2);

        QCOMPARE(model.remove(older), QString());
        QCOMPARE(model.setShared(sharedId, false), QString());
        settle();
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(ActivationsModel::SharedRole).toBool(), false);
        toJonas();
        QCOMPARE(jonas().activations(true).size(), std::size_t(1)); // only his own
    }

    void patternsAreCountedInMyZoneOverTheSpan()
    {
        ActivationsModel model(m_session.get(), nullptr);
        QCOMPARE(model.rangeDays(), 30);
        QCOMPARE(model.patterns().value(QStringLiteral("count")).toInt(), 0);
        auto at = [&](const char *local) { return localToUtc(local, "Europe/Berlin"); };
        QVariantMap a = moment(QStringLiteral("No reply for hours"), at("2026-03-26T21:10"), 8);
        QVariantMap b = moment(QStringLiteral("no reply for hours "), at("2026-03-20T21:40"), 6);
        b[QStringLiteral("emotion")] = QStringLiteral("scared");
        QVariantMap c = moment(QStringLiteral("The plan changed"), at("2026-03-25T08:05"), 4);
        QVariantMap old = moment(QStringLiteral("An old one"), at("2026-01-10T12:00"), 10);
        for (const QVariantMap &m : {a, b, c, old})
            QVERIFY(!logMoment(m).isEmpty());
        // Jonas's shared moment is his, not in my patterns.
        ActivationDraft his;
        his.happenedAt = now() - kHour;
        his.situation = "Quiet dinner";
        his.intensity = 2;
        his.shared = true;
        jonas().logActivation(his);
        fromJonas();

        QSignalSpy patternsChanged(&model, &ActivationsModel::patternsChanged);
        QVariantMap p = model.patterns();
        QCOMPARE(p.value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(p.value(QStringLiteral("averageIntensity")).toDouble(), 6.0);
        QCOMPARE(p.value(QStringLiteral("averageText")).toString(), QStringLiteral("6.0"));
        const QVariantList situations = p.value(QStringLiteral("situations")).toList();
        QCOMPARE(situations.size(), 2);
        QCOMPARE(situations.at(0).toMap().value(QStringLiteral("count")).toInt(), 2);
        QVERIFY(situations.at(0).toMap().value(QStringLiteral("label")).toString().startsWith(QStringLiteral("No reply"), Qt::CaseInsensitive));
        const QVariantList emotions = p.value(QStringLiteral("emotions")).toList();
        QCOMPARE(emotions.at(0).toMap().value(QStringLiteral("label")).toString(), QStringLiteral("Hurt"));
        QCOMPARE(emotions.at(0).toMap().value(QStringLiteral("count")).toInt(), 2);
        const QVariantList needs = p.value(QStringLiteral("needs")).toList();
        QCOMPARE(needs.at(0).toMap().value(QStringLiteral("label")).toString(), QStringLiteral("Reassurance"));
        QCOMPARE(needs.at(0).toMap().value(QStringLiteral("count")).toInt(), 3);
        const QVariantList hours = p.value(QStringLiteral("byHour")).toList();
        QCOMPARE(hours.size(), 24);
        QCOMPARE(hours.at(21).toInt(), 2); // Berlin time, not UTC
        QCOMPARE(hours.at(8).toInt(), 1);
        QCOMPARE(hours.at(20).toInt(), 0);
        QCOMPARE(p.value(QStringLiteral("peakHourText")).toString(), QStringLiteral("Most often around 21:00"));

        model.setRangeDays(0);
        QCOMPARE(patternsChanged.count(), 1);
        p = model.patterns();
        QCOMPARE(p.value(QStringLiteral("count")).toInt(), 4);
        QCOMPARE(p.value(QStringLiteral("averageIntensity")).toDouble(), 7.0);
        QCOMPARE(p.value(QStringLiteral("byHour")).toList().at(12).toInt(), 1);
        model.setRangeDays(90);
        QCOMPARE(model.patterns().value(QStringLiteral("count")).toInt(), 4);
        model.setRangeDays(0);
        QCOMPARE(model.rangeDays(), 0);
        // The 90 days hold the same moments as all of them: nothing new to draw.
        QCOMPARE(patternsChanged.count(), 1);
    }

    void reflectionsAreSavedClearedAndStayPrivate()
    {
        LearnModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), int(m_session->content().cards().size()));
        QVERIFY(!model.groups().isEmpty());
        QVERIFY(!model.reflectionNote().isEmpty());
        const QVariantList safety = model.safetySections();
        QVERIFY(!safety.isEmpty());
        QVERIFY(!safety.first().toMap().value(QStringLiteral("heading")).toString().isEmpty());
        QVERIFY(!safety.first().toMap().value(QStringLiteral("paragraphs")).toStringList().isEmpty());

        const QString cardId = model.firstCardId();
        QVERIFY(!cardId.isEmpty());
        QVariantMap card = model.card(cardId);
        QVERIFY(!card.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!card.value(QStringLiteral("body")).toStringList().isEmpty());
        QVERIFY(!card.value(QStringLiteral("sources")).toList().isEmpty());
        QCOMPARE(card.value(QStringLiteral("reflection")).toString(), QString());
        QVERIFY(model.card(QStringLiteral("no-such-card")).isEmpty());

        // Refused: an unknown card, too long a reflection. Nothing is written.
        QVERIFY(!model.saveReflection(QStringLiteral("no-such-card"), QStringLiteral("Hm")).isEmpty());
        QVERIFY(!model.saveReflection(cardId, QString(2001, u'r')).isEmpty());
        settle();
        QCOMPARE(model.index(0).data(LearnModel::HasReflectionRole).toBool(), false);
        QVERIFY(maya().reflections().empty());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(model.saveReflection(cardId, QStringLiteral("  My sister, first. Then Jonas. ")), QString());
        settle();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0).data(LearnModel::HasReflectionRole).toBool(), true);
        QCOMPARE(model.reflection(cardId), QStringLiteral("My sister, first. Then Jonas."));
        QCOMPARE(model.card(cardId).value(QStringLiteral("reflection")).toString(), QStringLiteral("My sister, first. Then Jonas."));
        // The same words again write nothing.
        const std::size_t before = m_session->store()->changeLog(0, 100000).size();
        QCOMPARE(model.saveReflection(cardId, QStringLiteral("My sister, first. Then Jonas.")), QString());
        QCOMPARE(m_session->store()->changeLog(0, 100000).size(), before);
        toJonas();
        auto st = m_jonas->store.db().cached("SELECT count(*) FROM learn_note");
        st->step();
        QCOMPARE(st->integer(0), std::int64_t(0)); // never leaves my devices

        QCOMPARE(model.saveReflection(cardId, QStringLiteral("   ")), QString());
        settle();
        QCOMPARE(model.index(0).data(LearnModel::HasReflectionRole).toBool(), false);
        QCOMPARE(model.reflection(cardId), QString());
    }
};

QTEST_GUILESS_MAIN(TestNeedsModels)
#include "tst_needsmodels.moc"
