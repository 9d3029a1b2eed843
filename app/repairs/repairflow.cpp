#include "repairflow.h"

#include "breakstate.h"
#include "jsonvariant.h"
#include "repairsmodel.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "repairs.h"
#include "store.h"

#include <nlohmann/json.hpp>

#include <QClipboard>
#include <QGuiApplication>

#include <algorithm>

using namespace hearth;
using nlohmann::json;

namespace {

/// The calm step's answer that opens the rest of the guide.
constexpr const char *kReady = "ready";
/// The calm step's answer that asks for a break first; kept as a draft, never shared.
constexpr const char *kBreak = "break";

QVariantMap idLabel(const std::string &id, const std::string &label)
{
    return {{QStringLiteral("id"), qstr(id)}, {QStringLiteral("label"), qstr(label)}};
}

std::string labelOf(const std::vector<Choice> &choices, const std::string &id)
{
    for (const Choice &c : choices)
        if (c.id == id)
            return c.label;
    return id;
}

/// An answer as a person reads it: the text, and the labels of what was chosen.
struct Shown {
    QString text;
    QStringList items;
};

Shown display(const ContentLibrary &content, const RepairStep &step, const json &value)
{
    Shown out;
    if (value.is_null())
        return out;
    auto idsOf = [&](auto labelFor) {
        if (!value.is_array())
            return;
        for (const json &item : value)
            if (item.is_string())
                out.items << qstr(labelFor(item.get<std::string>()));
        out.text = out.items.join(QStringLiteral(", "));
    };
    switch (step.kind) {
    case RepairStepKind::Calm:
        if (value.is_string())
            out.text = qstr(labelOf(step.choices, value.get<std::string>()));
        break;
    case RepairStepKind::Feelings:
        idsOf([&](const std::string &id) {
            for (const Feeling &f : step.feelings)
                if (f.id == id)
                    return f.label;
            return id;
        });
        break;
    case RepairStepKind::Needs:
        idsOf([&](const std::string &id) {
            const Need *n = content.need(id);
            return n ? n->label : id;
        });
        break;
    case RepairStepKind::Text:
    case RepairStepKind::Apology:
    case RepairStepKind::Plan:
        if (value.is_string())
            out.text = qstr(value.get<std::string>());
        break;
    case RepairStepKind::Acceptance:
        if (value.is_object()) {
            out.text = qstr(labelOf(step.choices, value.value("choice", std::string())));
            const std::string note = value.value("note", std::string());
            if (!note.empty())
                out.text += u'\n' + qstr(note);
        }
        break;
    }
    return out;
}

bool hasAnswer(const json &value)
{
    if (value.is_string())
        return !value.get_ref<const std::string &>().empty();
    if (value.is_array())
        return !value.empty();
    return !value.is_null();
}

std::string skipKey(const QString &repairId)
{
    return "repair.skipped." + str(repairId);
}

} // namespace

RepairFlow::RepairFlow(QObject *parent) : RepairFlow(Session::instance(), parent) {}

RepairFlow::RepairFlow(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    // A burst of changes (a sync, a step shared and the status moved) is read once, on the next
    // turn of the event loop; the actions below read at once, so what they return is current.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &RepairFlow::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
}

void RepairFlow::setRepairId(const QString &id)
{
    if (id == m_repairId)
        return;
    m_repairId = id;
    emit repairIdChanged();
    refresh();
}

QString RepairFlow::statusText() const
{
    return repairtext::statusText(m_status);
}

QString RepairFlow::intensityLabel() const
{
    return m_session ? qstr(std::string(m_session->content().intensityLabel(m_intensity))) : QString();
}

QString RepairFlow::partnerName() const
{
    return m_session ? m_session->partnerName() : QString();
}

QVariantList RepairFlow::moves() const
{
    QVariantList out;
    if (!m_exists || m_status == u"repaired")
        return out;
    auto add = [&](const QString &status, const QString &label) {
        out << QVariantMap{{QStringLiteral("status"), status},
                           {QStringLiteral("label"), label},
                           {QStringLiteral("final"), status == u"repaired"}};
    };
    if (m_status != u"talking")
        add(QStringLiteral("talking"), tr("We're talking"));
    if (m_status != u"cooling")
        add(QStringLiteral("cooling"), tr("We're cooling off"));
    add(QStringLiteral("repaired"), tr("We've repaired"));
    return out;
}

namespace {

const RepairGuide *phraseGuide(const Session *session)
{
    if (!session)
        return nullptr;
    for (const RepairGuide &g : session->content().repairGuides())
        if (g.kind == RepairGuideKind::Phrases)
            return &g;
    return nullptr;
}

} // namespace

QString RepairFlow::phrasesTitle() const
{
    const RepairGuide *g = phraseGuide(m_session);
    return g ? qstr(g->title) : QString();
}

QString RepairFlow::phrasesPurpose() const
{
    const RepairGuide *g = phraseGuide(m_session);
    return g ? qstr(g->purpose) : QString();
}

QString RepairFlow::phrasesInstructions() const
{
    const RepairGuide *g = phraseGuide(m_session);
    return g ? qstr(g->instructions) : QString();
}

QString RepairFlow::phrasesCredit() const
{
    const RepairGuide *g = phraseGuide(m_session);
    return g ? qstr(g->credit) : QString();
}

QVariantList RepairFlow::phrases() const
{
    QVariantList out;
    const RepairGuide *g = phraseGuide(m_session);
    if (!g)
        return out;
    for (const Choice &group : g->groups) {
        QVariantList items;
        for (const RepairPhrase &p : g->phrases)
            if (p.group == group.id)
                items << QVariantMap{{QStringLiteral("id"), qstr(p.id)}, {QStringLiteral("text"), qstr(p.text)}};
        QVariantMap entry = idLabel(group.id, group.label);
        entry[QStringLiteral("phrases")] = items;
        out << entry;
    }
    return out;
}

std::set<std::string> RepairFlow::skipped() const
{
    std::set<std::string> out;
    if (!m_session || !m_session->store() || m_repairId.isEmpty())
        return out;
    const auto text = m_session->store()->meta(skipKey(m_repairId));
    if (!text)
        return out;
    const json list = json::parse(*text, nullptr, false);
    if (list.is_array())
        for (const json &id : list)
            if (id.is_string())
                out.insert(id.get<std::string>());
    return out;
}

const RepairStep *RepairFlow::stepDef(const QString &stepId) const
{
    if (!m_session)
        return nullptr;
    const RepairGuide *guide = m_session->content().repairGuide(str(m_guideId));
    return guide ? guide->step(str(stepId)) : nullptr;
}

QString RepairFlow::lockedReason(const RepairView &view, std::size_t index) const
{
    const RepairGuide *guide = m_session->content().repairGuide(view.guideId);
    if (!guide || index >= guide->steps.size() || index >= view.steps.size())
        return {};
    const RepairStep &def = guide->steps[index];
    const QString partner = m_session->partnerName();
    // The calm step comes first: the rest waits until both have said they are ready, not only
    // answered (docs/content.md). Its answers are not private, so both can be read at once.
    for (std::size_t i = 0; i < index; ++i) {
        if (guide->steps[i].kind != RepairStepKind::Calm)
            continue;
        const RepairStepView &calm = view.steps[i];
        const auto ready = [](const json &answer) { return answer.is_string() && answer == kReady; };
        if (calm.partnerSubmitted && calm.partner.is_string() && !ready(calm.partner))
            return tr("%1 needs a break first. This opens once you have both said you're ready.").arg(partner);
        if (!(calm.mineSubmitted && ready(calm.mine) && calm.partnerSubmitted && ready(calm.partner)))
            return tr("This opens once you have both said you're calm enough to start.");
    }
    // Steps that answer what the partner wrote open once that can be read.
    auto needsRevealed = [&](const RepairStep *source, const QString &message) -> QString {
        if (!source)
            return {};
        for (std::size_t i = 0; i < view.steps.size(); ++i)
            if (view.steps[i].stepId == source->id && !view.steps[i].revealed)
                return message;
        return {};
    };
    if (def.kind == RepairStepKind::Acceptance) {
        const auto apology = std::find_if(guide->steps.begin(), guide->steps.end(), [](const RepairStep &s) {
            return s.kind == RepairStepKind::Apology;
        });
        if (apology != guide->steps.end())
            return needsRevealed(&*apology,
                                 tr("This answers %1's apology. It opens once you have both written "
                                    "“%2” and you can read theirs.").arg(partner, qstr(apology->title)));
    }
    if (def.id == "understood") {
        const RepairStep *reality = guide->step("reality");
        if (reality)
            return needsRevealed(reality, tr("Here you sum up %1's side. It opens once you have both "
                                             "written “%2” and you can read theirs.")
                                              .arg(partner, qstr(reality->title)));
    }
    return {};
}

void RepairFlow::refresh()
{
    m_refreshTimer.stop();
    std::optional<RepairView> view;
    std::vector<Commitment> kept;
    std::set<std::string> skips;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile() && !m_repairId.isEmpty()) {
        try {
            members = repairtext::Members::of(m_session);
            Repairs repairs(*m_session->store(), m_session->content());
            view = repairs.view(str(m_repairId));
            if (view) {
                skips = skipped();
                kept = repairs.commitments();
            }
        } catch (const std::exception &e) {
            qWarning("Could not read the repair: %s", e.what());
            view.reset();
        }
    }
    m_exists = view.has_value();
    m_steps.clear();
    m_breaks.clear();
    m_commitments.clear();
    m_topics.clear();
    m_currentStep = -1;
    m_doneCount = 0;
    if (!view) {
        m_title = m_status = m_happenedText = m_startedByName = m_guideId = m_guideTitle =
            m_guidePurpose = m_guideCredit = m_timeToRepairText = QString();
        m_intensity = 0;
        emit changed();
        return;
    }
    const ContentLibrary &content = m_session->content();
    m_title = qstr(view->title);
    m_status = qstr(view->status);
    m_intensity = view->intensity;
    for (const std::string &t : view->topics) {
        const Topic *topic = content.topic(t);
        m_topics << (topic ? qstr(topic->label) : qstr(t));
    }
    m_happenedText = repairtext::when(*m_session, view->happenedAt);
    m_startedByName = members.name(view->startedBy);
    m_guideId = qstr(view->guideId);
    const RepairGuide *guide = content.repairGuide(view->guideId);
    m_guideTitle = guide ? qstr(guide->title) : QString();
    m_guidePurpose = guide ? qstr(guide->purpose) : QString();
    m_guideCredit = guide ? qstr(guide->credit) : QString();
    m_timeToRepairText = repairtext::timeToRepair(*view);

    const bool repaired = view->status == "repaired";
    const QString partner = m_session->partnerName();
    if (guide) {
        const std::size_t n = std::min(guide->steps.size(), view->steps.size());
        // The step to write now: the first one I have not written that is open to me, passing
        // over optional steps I skipped (here or by writing a later one).
        std::size_t lastMine = 0;
        bool anyMine = false;
        for (std::size_t i = 0; i < n; ++i)
            if (view->steps[i].mineSubmitted) {
                lastMine = i;
                anyMine = true;
            }
        std::vector<QString> locks(n);
        for (std::size_t i = 0; i < n; ++i)
            locks[i] = view->steps[i].mineSubmitted ? QString() : lockedReason(*view, i);
        if (!repaired) {
            for (std::size_t i = 0; i < n; ++i) {
                const RepairStep &def = guide->steps[i];
                const RepairStepView &s = view->steps[i];
                const bool passed = !def.required && (skips.count(def.id) > 0 || (anyMine && lastMine > i));
                if (!s.mineSubmitted && locks[i].isEmpty() && !passed) {
                    m_currentStep = int(i);
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            const RepairStep &def = guide->steps[i];
            const RepairStepView &s = view->steps[i];
            const bool done = s.mineSubmitted && s.partnerSubmitted;
            if (done)
                ++m_doneCount;
            QString state;
            if (done)
                state = QStringLiteral("done");
            else if (s.mineSubmitted)
                state = QStringLiteral("waiting");
            else if (repaired)
                state = QStringLiteral("unwritten");
            else if (int(i) == m_currentStep)
                state = QStringLiteral("current");
            else if (!locks[i].isEmpty())
                state = QStringLiteral("locked");
            else if (m_currentStep < 0 || int(i) < m_currentStep)
                state = QStringLiteral("skipped");
            else
                state = QStringLiteral("future");

            QVariantList choices, groups, needs;
            for (const Choice &c : def.choices)
                choices << idLabel(c.id, c.label);
            for (const Choice &g : def.groups) {
                QVariantList feelings;
                for (const Feeling &f : def.feelings)
                    if (f.group == g.id)
                        feelings << idLabel(f.id, f.label);
                QVariantMap group = idLabel(g.id, g.label);
                group[QStringLiteral("feelings")] = feelings;
                groups << group;
            }
            for (const std::string &id : def.needs) {
                const Need *need = content.need(id);
                needs << idLabel(id, need ? need->label : id);
            }
            const Shown mine = display(content, def, s.mine);
            const Shown theirs = display(content, def, s.partner);
            // A private step's answer opens once both have written it; a step that is not
            // private (the calm check) is readable as soon as it is shared (decisions §18).
            const bool partnerVisible = !s.partner.is_null();
            QString partnerText;
            if (!def.isPrivate) {
                if (!s.partnerSubmitted)
                    partnerText = tr("%1 hasn't answered yet.").arg(partner);
                else if (!partnerVisible)
                    partnerText = tr("%1 has answered. It shows here as soon as your devices have synced.").arg(partner);
                else if (!s.mineSubmitted)
                    partnerText = tr("%1 has answered.").arg(partner);
                else
                    partnerText = tr("You have both answered.");
            } else if (!s.partnerSubmitted) {
                partnerText = tr("%1 hasn't written this yet.").arg(partner);
            } else if (!s.mineSubmitted) {
                partnerText = tr("%1 has written this. You'll read it once you have shared yours.").arg(partner);
            } else if (!s.revealed) {
                partnerText = tr("%1 has written this too. Theirs opens here as soon as their device has synced.").arg(partner);
            } else {
                partnerText = tr("You have both written this.");
            }
            const bool editable = !repaired && !done && locks[i].isEmpty() && !m_session->readOnly();
            m_steps << QVariantMap{
                {QStringLiteral("id"), qstr(def.id)},
                {QStringLiteral("index"), int(i)},
                {QStringLiteral("title"), qstr(def.title)},
                {QStringLiteral("kind"), qstr(std::string(repairStepKindName(def.kind)))},
                {QStringLiteral("instructions"), qstr(def.instructions)},
                {QStringLiteral("prompt"), qstr(def.prompt)},
                {QStringLiteral("placeholder"), qstr(def.placeholder)},
                {QStringLiteral("isPrivate"), def.isPrivate},
                {QStringLiteral("required"), def.required},
                {QStringLiteral("choices"), choices},
                {QStringLiteral("groups"), groups},
                {QStringLiteral("needs"), needs},
                {QStringLiteral("maxChoices"), def.maxChoices},
                {QStringLiteral("maxLength"), def.maxLength},
                {QStringLiteral("myDraft"), jsonToVariant(s.myDraft)},
                {QStringLiteral("hasDraft"), hasAnswer(s.myDraft)},
                {QStringLiteral("mineSubmitted"), s.mineSubmitted},
                {QStringLiteral("mine"), mine.text},
                {QStringLiteral("mineItems"), mine.items},
                {QStringLiteral("mineValue"), jsonToVariant(s.mine)},
                {QStringLiteral("partnerSubmitted"), s.partnerSubmitted},
                {QStringLiteral("revealed"), s.revealed},
                {QStringLiteral("partnerVisible"), partnerVisible},
                {QStringLiteral("partner"), theirs.text},
                {QStringLiteral("partnerItems"), theirs.items},
                {QStringLiteral("partnerText"), partnerText},
                {QStringLiteral("locked"), !locks[i].isEmpty()},
                {QStringLiteral("lockedText"), locks[i]},
                {QStringLiteral("editable"), editable},
                {QStringLiteral("skipped"), skips.count(def.id) > 0},
                {QStringLiteral("state"), state}};
        }
    }

    const qint64 now = m_session->nowMs();
    for (const RepairBreak &b : view->breaks) {
        m_breaks << QVariantMap{
            {QStringLiteral("id"), qstr(b.id)},
            {QStringLiteral("calledByName"), members.name(b.calledBy)},
            {QStringLiteral("calledByMe"), members.isMe(b.calledBy)},
            {QStringLiteral("whenText"), repairtext::when(*m_session, b.calledAt)},
            {QStringLiteral("minutes"), b.minutes},
            {QStringLiteral("returnText"), m_session->timeIn(b.returnAt, m_session->myTimeZone())},
            {QStringLiteral("active"), b.endedAt == 0 && b.returnAt > now}};
    }
    for (const Commitment &c : kept) {
        if (c.repairId != view->id)
            continue;
        m_commitments << QVariantMap{
            {QStringLiteral("text"), qstr(c.text)},
            {QStringLiteral("memberName"), members.name(c.memberId)},
            {QStringLiteral("mine"), members.isMe(c.memberId)},
            {QStringLiteral("statusText"), repairtext::commitmentStatus(qstr(c.status))}};
    }
    emit changed();
}

QString RepairFlow::run(const std::function<void()> &action)
{
    if (!m_session || !m_session->store())
        return tr("Hearth is not open.");
    QString failed;
    try {
        action();
    } catch (const Error &e) {
        failed = qstr(e.what());
    } catch (const std::exception &e) {
        failed = tr("Something went wrong: %1").arg(qstr(e.what()));
    }
    // What the action changed is read now, not on the next turn of the event loop, so the page
    // sees it as soon as the call returns.
    if (failed.isEmpty())
        refresh();
    return failed;
}

QString RepairFlow::checkWritable(const QString &stepId)
{
    if (!m_exists)
        return tr("This repair is not here any more.");
    if (m_status == u"repaired")
        return tr("This repair is done: its steps stay as you wrote them.");
    for (const QVariant &v : std::as_const(m_steps)) {
        const QVariantMap step = v.toMap();
        if (step.value(QStringLiteral("id")).toString() != stepId)
            continue;
        if (step.value(QStringLiteral("locked")).toBool())
            return step.value(QStringLiteral("lockedText")).toString();
        if (step.value(QStringLiteral("state")).toString() == u"done")
            return tr("You have both written this step, so it stays as it was.");
        return {};
    }
    return tr("This repair has no step “%1”.").arg(stepId);
}

QString RepairFlow::saveStep(const QString &stepId, const QVariant &value)
{
    refresh();
    const QString refused = checkWritable(stepId);
    if (!refused.isEmpty())
        return refused;
    json answer = variantToJson(value);
    if (answer.is_string()) {
        const QString text = QString::fromStdString(answer.get<std::string>());
        answer = str(text.trimmed().isEmpty() ? QString() : text);
    }
    return run([&] {
        Repairs(*m_session->store(), m_session->content()).saveStep(str(m_repairId), str(stepId), answer);
    });
}

QString RepairFlow::submitStep(const QString &stepId)
{
    refresh();
    const QString refused = checkWritable(stepId);
    if (!refused.isEmpty())
        return refused;
    const RepairStep *def = stepDef(stepId);
    if (def && def->kind == RepairStepKind::Calm) {
        for (const QVariant &v : std::as_const(m_steps)) {
            const QVariantMap step = v.toMap();
            if (step.value(QStringLiteral("id")).toString() == stepId
                && step.value(QStringLiteral("myDraft")).toString() == QLatin1String(kBreak))
                return tr("Take your break first. When you're back and steadier, choose “%1”.")
                    .arg(qstr(def->choices.empty() ? std::string() : def->choices.front().label));
        }
    }
    return run([&] {
        Repairs(*m_session->store(), m_session->content()).submitStep(str(m_repairId), str(stepId));
    });
}

QString RepairFlow::skipStep(const QString &stepId)
{
    if (!m_exists)
        return tr("This repair is not here any more.");
    const RepairStep *def = stepDef(stepId);
    if (!def)
        return tr("This repair has no step “%1”.").arg(stepId);
    if (def->required)
        return tr("“%1” matters for the rest of the talk, so it can't be skipped.").arg(qstr(def->title));
    return run([&] {
        std::set<std::string> skips = skipped();
        if (skips.insert(def->id).second)
            m_session->store()->setMeta(skipKey(m_repairId), json(skips).dump());
    });
}

QString RepairFlow::setStatus(const QString &status)
{
    if (!m_exists)
        return tr("This repair is not here any more.");
    if (status != u"open" && status != u"cooling" && status != u"talking" && status != u"repaired")
        return tr("A repair can be open, cooling off, talking or repaired.");
    if (m_status == u"repaired" && status != u"repaired")
        return tr("This repair is done, and it stays repaired. If it comes up again, start a new one.");
    if (status == u"open" && m_status != u"open")
        return tr("Once you have started talking, a repair doesn't go back to open.");
    return run([&] {
        Repairs(*m_session->store(), m_session->content()).setStatus(str(m_repairId), str(status));
    });
}

QString RepairFlow::callBreak(int minutes)
{
    if (!m_exists)
        return tr("This repair is not here any more.");
    if (!m_session)
        return tr("Hearth is not open.");
    const QString tooShort = BreakState::lengthProblem(*m_session, minutes);
    if (!tooShort.isEmpty())
        return tooShort;
    if (m_status == u"repaired")
        return tr("This repair is done. You can still take a break from Today.");
    return run([&] {
        Repairs(*m_session->store(), m_session->content()).callBreak(str(m_repairId), minutes);
    });
}

void RepairFlow::copyText(const QString &text) const
{
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        app->clipboard()->setText(text);
}
