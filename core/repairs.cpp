#include "repairs.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"

#include <date/date.h>

#include <algorithm>
#include <map>
#include <set>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kStepEntity = "repair_step";
constexpr Millis kMinute = 60'000;

/// The moves a repair's status may make; "repaired" is final.
bool allowed(const std::string &from, const std::string &to)
{
    static const std::map<std::string, std::set<std::string>> moves = {
        {"open", {"cooling", "talking", "repaired"}},
        {"cooling", {"talking", "repaired"}},
        {"talking", {"cooling", "repaired"}},
    };
    const auto it = moves.find(from);
    return it != moves.end() && it->second.count(to) > 0;
}

[[noreturn]] void invalid(const RepairStep &step, const std::string &message)
{
    throw ValidationError(step.id, "\"" + step.title + "\": " + message);
}

void checkLength(const RepairStep &step, const json &value, int maxLength)
{
    if (!value.is_string())
        invalid(step, "the answer is text");
    if (fair::characters(value.get_ref<const std::string &>()) > static_cast<std::size_t>(maxLength))
        invalid(step, "at most " + std::to_string(maxLength) + " characters");
}

/// A list of ids, each from `offered`, each once, at most `maxChoices`.
template<typename Offered, typename IdOf>
void checkChoices(const RepairStep &step, const json &value, const Offered &offered, IdOf idOf)
{
    if (!value.is_array())
        invalid(step, "the answer is a list to choose from");
    std::set<std::string> seen;
    for (const json &item : value) {
        const bool known = item.is_string()
                           && std::any_of(offered.begin(), offered.end(), [&](const auto &o) {
                                  return idOf(o) == item.get<std::string>();
                              });
        if (!known)
            invalid(step, "choose from the list");
        if (!seen.insert(item.get<std::string>()).second)
            invalid(step, "each one once");
    }
    if (seen.size() > static_cast<std::size_t>(step.maxChoices))
        invalid(step, "choose at most " + std::to_string(step.maxChoices));
}

bool isChoice(const RepairStep &step, const json &value)
{
    return value.is_string()
           && std::any_of(step.choices.begin(), step.choices.end(),
                          [&](const Choice &c) { return c.id == value.get<std::string>(); });
}

void checkStep(const RepairStep &step, const json &value)
{
    switch (step.kind) {
    case RepairStepKind::Calm:
        if (!isChoice(step, value))
            invalid(step, "choose one of the answers");
        return;
    case RepairStepKind::Feelings:
        checkChoices(step, value, step.feelings, [](const Feeling &f) { return f.id; });
        return;
    case RepairStepKind::Needs:
        checkChoices(step, value, step.needs, [](const std::string &n) { return n; });
        return;
    case RepairStepKind::Text:
    case RepairStepKind::Apology:
    case RepairStepKind::Plan:
        checkLength(step, value, step.maxLength);
        return;
    case RepairStepKind::Acceptance:
        if (!value.is_object() || !isChoice(step, value.value("choice", json())))
            invalid(step, "choose one of the answers");
        if (value.contains("note")) {
            if (step.maxLength == 0)
                invalid(step, "this step takes no note");
            checkLength(step, value.at("note"), step.maxLength);
        }
        return;
    }
}

std::string stepRowId(const std::string &repairId, const std::string &stepId,
                      const std::string &memberId)
{
    return repairId + ":" + stepId + ":" + memberId;
}

/// The conversation a step's answers are sealed for: the repair and the step.
std::string conversation(const std::string &repairId, const std::string &stepId)
{
    return repairId + "/" + stepId;
}

/// "YYYY-MM" of an instant in `timeZone` ("" for UTC).
std::string monthOf(Millis utc, const std::string &timeZone)
{
    if (!timeZone.empty())
        return utcToLocal(utc, timeZone).substr(0, 7); // "YYYY-MM-DDTHH:MM"
    const auto day = date::floor<date::days>(date::sys_time<std::chrono::milliseconds>{
        std::chrono::milliseconds{utc}});
    return date::format("%Y-%m", day);
}

RepairBreak breakFrom(const json &row)
{
    return {fair::textOf(row, "id"), fair::textOf(row, "calledBy"), fair::numberOf(row, "calledAt"),
            static_cast<int>(fair::numberOf(row, "minutes")), fair::numberOf(row, "returnAt"), fair::numberOf(row, "endedAt"),
            fair::textOf(row, "repairId")};
}

} // namespace

Repairs::Repairs(Store &store, const ContentLibrary &content) : m_store(store), m_content(content)
{
}

std::string Repairs::me()
{
    return fair::memberId(m_store);
}

json Repairs::repair(const std::string &repairId)
{
    auto row = m_store.row("repair", repairId);
    if (!row)
        throw ValidationError("repair", "There is no such repair.");
    return *row;
}

const RepairGuide &Repairs::guideOf(const json &row) const
{
    const RepairGuide *guide = m_content.repairGuide(fair::textOf(row, "guideId"));
    if (!guide || guide->kind != RepairGuideKind::Steps)
        throw ValidationError("guideId", "This repair's guide (\"" + fair::textOf(row, "guideId")
                                             + "\") is not in this version of Hearth.");
    return *guide;
}

std::string Repairs::start(const RepairDraft &d)
{
    if (!fair::hasText(d.title) || fair::characters(d.title) > kMaxTitle)
        throw ValidationError("title", "Give it a short name, up to " + std::to_string(kMaxTitle)
                                           + " characters.");
    const Millis now = m_store.clock().nowMs();
    if (d.happenedAt <= 0 || d.happenedAt > now + kMinute)
        throw ValidationError("happenedAt", "When it happened can't be in the future.");
    if (d.intensity < 1 || d.intensity > 5)
        throw ValidationError("intensity", "How intense it felt is from 1 to 5.");
    std::set<std::string> topics;
    for (const std::string &topic : d.topics) {
        if (!m_content.topic(topic))
            throw ValidationError("topics", "There is no topic \"" + topic + "\".");
        if (!topics.insert(topic).second)
            throw ValidationError("topics", "Each topic once.");
    }
    const RepairGuide *guide = m_content.repairGuide(d.guideId);
    if (!guide || guide->kind != RepairGuideKind::Steps)
        throw ValidationError("guideId", "There is no guided repair called \"" + d.guideId + "\".");
    const Profile profile = RitualBook(m_store).profile();
    const std::string id = m_store.newId();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "repair", id, "couple",
                           {{"spaceId", profile.space.id}, {"title", d.title},
                            {"happenedAt", d.happenedAt}, {"intensity", d.intensity},
                            {"topics", d.topics}, {"status", "open"}, {"guideId", guide->id},
                            {"guideVersion", guide->version}, {"startedBy", profile.me.id},
                            {"startedAt", now}, {"repairedAt", 0}}});
    return id;
}

void Repairs::setStatus(const std::string &repairId, const std::string &status)
{
    const json row = repair(repairId);
    const std::string from = fair::textOf(row, "status");
    if (from == status)
        return;
    if (!allowed(from, status))
        throw ValidationError("status", "A repair can't go from \"" + from + "\" to \"" + status
                                            + "\".");
    json fields = {{"status", status}};
    // Repaired keeps the time; the plans become commitments by being read (commitments()).
    if (status == "repaired")
        fields["repairedAt"] = m_store.clock().nowMs();
    m_store.apply(Mutation{Mutation::Kind::Update, "repair", repairId, "", std::move(fields)});
}

void Repairs::saveStep(const std::string &repairId, const std::string &stepId, const json &answer)
{
    const json row = repair(repairId);
    if (fair::textOf(row, "status") == "repaired")
        throw ValidationError("repair", "This repair is done.");
    const RepairStep *step = guideOf(row).step(stepId);
    if (!step)
        throw ValidationError("stepId", "This repair has no step \"" + stepId + "\".");
    checkStep(*step, answer);
    const std::string member = me();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "repair_draft", stepRowId(repairId, stepId, member),
                           "private",
                           {{"repairId", repairId}, {"stepId", stepId}, {"memberId", member},
                            {"answer", answer}, {"updatedAt", m_store.clock().nowMs()}}});
}

void Repairs::submitStep(const std::string &repairId, const std::string &stepId)
{
    const json row = repair(repairId);
    const std::optional<RepairView> v = view(repairId);
    const auto step = std::find_if(v->steps.begin(), v->steps.end(),
                                   [&](const RepairStepView &s) { return s.stepId == stepId; });
    if (step == v->steps.end())
        throw ValidationError("stepId", "This repair has no step \"" + stepId + "\".");
    if (v->status == "repaired")
        throw ValidationError("repair", "This repair is done.");
    if (step->mineSubmitted && step->partnerSubmitted)
        throw ValidationError("stepId", "You have both written this step: it is shown as it was.");
    const RepairStep &def = *guideOf(row).step(stepId);
    if (!fair::answered(step->myDraft))
        invalid(def, "write your answer first");
    // "I need a break first" is not an answer to share: it calls the break, and the step waits
    // until both are ready.
    if (def.kind == RepairStepKind::Calm && step->myDraft == json("break"))
        invalid(def, "call a break instead; answer this when you are ready to talk");
    const std::string member = me();
    fair::submit(m_store, kStepEntity, stepRowId(repairId, stepId, member),
                 {{"repairId", repairId}, {"stepId", stepId}},
                 {{"answer", step->myDraft}, {"title", def.title}}, conversation(repairId, stepId),
                 member, !def.isPrivate);
    if (v->status == "open")
        setStatus(repairId, "talking");
}

std::string Repairs::callBreak(const std::string &repairId, int minutes)
{
    const FloodingGuide &flooding = m_content.flooding();
    if (minutes < flooding.minimumMinutes || minutes > flooding.maximumMinutes)
        throw ValidationError("minutes", "A break lasts from " + std::to_string(flooding.minimumMinutes)
                                             + " minutes (the body needs that long to settle) to "
                                             + std::to_string(flooding.maximumMinutes) + ".");
    std::string status;
    if (!repairId.empty()) {
        status = fair::textOf(repair(repairId), "status");
        if (status == "repaired")
            throw ValidationError("repair", "This repair is done.");
    }
    const Millis now = m_store.clock().nowMs();
    const std::string id = m_store.newId();
    std::vector<Mutation> batch = {{Mutation::Kind::Upsert, "repair_break", id, "couple",
                                    {{"repairId", repairId}, {"calledBy", me()}, {"calledAt", now},
                                     {"minutes", minutes}, {"returnAt", now + minutes * kMinute},
                                     {"endedAt", 0}}}};
    if (status == "open" || status == "talking")
        batch.push_back({Mutation::Kind::Update, "repair", repairId, "", {{"status", "cooling"}}});
    m_store.apply(batch);
    return id;
}

void Repairs::endBreak(const std::string &breakId)
{
    const auto row = m_store.row("repair_break", breakId);
    if (!row)
        throw ValidationError("break", "There is no such break.");
    if (fair::numberOf(*row, "endedAt") > 0)
        return;
    // Back from the break: a repair cooling off goes back to talking.
    std::vector<Mutation> batch = {{Mutation::Kind::Update, "repair_break", breakId, "",
                                    {{"endedAt", m_store.clock().nowMs()}}}};
    const std::string repairId = fair::textOf(*row, "repairId");
    if (const auto repairRow = repairId.empty() ? std::nullopt : m_store.row("repair", repairId);
        repairRow && fair::textOf(*repairRow, "status") == "cooling")
        batch.push_back({Mutation::Kind::Update, "repair", repairId, "", {{"status", "talking"}}});
    m_store.apply(batch);
}

std::optional<RepairBreak> Repairs::currentBreak()
{
    auto st = m_store.db().cached(
        "SELECT id FROM repair_break WHERE cl % 2 = 1 AND endedAt = 0 AND returnAt > ?1 "
        "ORDER BY calledAt DESC, id LIMIT 1");
    st->bind(1, m_store.clock().nowMs());
    if (!st->step())
        return std::nullopt;
    const std::string id = st->text(0);
    return breakFrom(*m_store.row("repair_break", id));
}

std::vector<BreakNotice> Repairs::takeBreakNotices()
{
    const Millis now = m_store.clock().nowMs();
    const std::string myId = me();
    // Breaks still running, and those whose return time passed within the window.
    auto st = m_store.db().cached(
        "SELECT id FROM repair_break WHERE cl % 2 = 1 AND endedAt = 0 AND returnAt > ?1 "
        "ORDER BY calledAt, id");
    st->bind(1, now - kReturnNoticeWindow);
    std::vector<std::string> ids;
    while (st->step())
        ids.push_back(st->text(0));
    st->reset();

    std::vector<BreakNotice> notices;
    for (const auto &id : ids) {
        BreakNotice notice;
        notice.pause = breakFrom(*m_store.row("repair_break", id));
        notice.mine = notice.pause.calledBy == myId;
        if (notice.pause.returnAt <= now)
            notice.kind = BreakNotice::Kind::Return;
        else if (!notice.mine)
            notice.kind = BreakNotice::Kind::Called;
        else
            continue; // mine and still running: nothing to tell
        const std::string key = std::string("break_notice_")
                                + (notice.kind == BreakNotice::Kind::Return ? "return_" : "called_") + id;
        if (m_store.meta(key))
            continue;
        m_store.setMeta(key, std::to_string(now));
        if (!notice.pause.repairId.empty()) {
            if (const auto row = m_store.row("repair", notice.pause.repairId))
                notice.repairTitle = fair::textOf(*row, "title");
        }
        notices.push_back(std::move(notice));
    }
    return notices;
}

std::optional<RepairView> Repairs::view(const std::string &repairId)
{
    const auto row = m_store.row("repair", repairId);
    if (!row)
        return std::nullopt;
    RepairView v;
    v.id = repairId;
    v.title = fair::textOf(*row, "title");
    v.happenedAt = fair::numberOf(*row, "happenedAt");
    v.intensity = static_cast<int>(fair::numberOf(*row, "intensity"));
    if (row->contains("topics") && row->at("topics").is_array())
        for (const json &t : row->at("topics"))
            if (t.is_string())
                v.topics.push_back(t.get<std::string>());
    v.status = fair::textOf(*row, "status");
    v.guideId = fair::textOf(*row, "guideId");
    v.startedBy = fair::textOf(*row, "startedBy");
    v.startedAt = fair::numberOf(*row, "startedAt");
    v.repairedAt = fair::numberOf(*row, "repairedAt");

    const std::string member = me();
    const RepairGuide *guide = m_content.repairGuide(v.guideId);
    if (guide) {
        for (const RepairStep &def : guide->steps) {
            RepairStepView s;
            s.stepId = def.id;
            if (const auto draft = m_store.row("repair_draft", stepRowId(repairId, def.id, member)))
                s.myDraft = draft->value("answer", json());
            auto st = m_store.db().cached(
                "SELECT id, memberId, sealed, fingerprint FROM repair_step WHERE repairId = ?1 "
                "AND stepId = ?2 AND cl % 2 = 1");
            st->bind(1, repairId).bind(2, def.id);
            std::vector<fair::SealedRow> rows;
            while (st->step())
                rows.push_back({st->text(0), st->text(1), st->text(2), st->text(3)});
            bool partnerOpened = false;
            for (const fair::SealedRow &r : rows) {
                const bool mine = r.memberId == member;
                (mine ? s.mineSubmitted : s.partnerSubmitted) = true;
                const auto opened = fair::open(m_store, kStepEntity, r, conversation(repairId, def.id), mine);
                if (!opened || !opened->contains("answer"))
                    continue;
                (mine ? s.mine : s.partner) = opened->at("answer");
                partnerOpened = partnerOpened || !mine;
            }
            s.revealed = s.mineSubmitted && partnerOpened;
            v.steps.push_back(std::move(s));
        }
    }
    auto breaks = m_store.db().cached(
        "SELECT id FROM repair_break WHERE repairId = ?1 AND cl % 2 = 1 ORDER BY calledAt DESC, id");
    breaks->bind(1, repairId);
    std::vector<std::string> ids;
    while (breaks->step())
        ids.push_back(breaks->text(0));
    for (const std::string &id : ids)
        v.breaks.push_back(breakFrom(*m_store.row("repair_break", id)));
    return v;
}

std::vector<RepairView> Repairs::log(const std::string &topic, const std::string &status)
{
    std::vector<std::string> ids;
    {
        auto st = m_store.db().cached(
            "SELECT id FROM repair WHERE cl % 2 = 1 ORDER BY happenedAt DESC, id");
        while (st->step())
            ids.push_back(st->text(0));
    }
    std::vector<RepairView> out;
    for (const std::string &id : ids) {
        std::optional<RepairView> v = view(id);
        if (!status.empty() && v->status != status)
            continue;
        if (!topic.empty() && std::find(v->topics.begin(), v->topics.end(), topic) == v->topics.end())
            continue;
        out.push_back(std::move(*v));
    }
    return out;
}

RepairSummary Repairs::summary(const std::string &timeZone)
{
    RepairSummary out;
    std::map<std::string, int> months;
    std::vector<Millis> times;
    auto st = m_store.db().cached(
        "SELECT happenedAt, repairedAt, status FROM repair WHERE cl % 2 = 1");
    while (st->step()) {
        ++months[monthOf(st->integer(0), timeZone)];
        if (st->text(2) == "repaired" && st->integer(1) > 0)
            times.push_back(st->integer(1) - st->integer(0));
    }
    out.perMonth.assign(months.begin(), months.end());
    if (!times.empty()) {
        std::sort(times.begin(), times.end());
        const std::size_t n = times.size();
        out.medianTimeToRepair = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }
    return out;
}

std::vector<Commitment> Repairs::commitments()
{
    // What a person did with a commitment since (kept, retired), by "<repair id>:<member id>".
    std::map<std::string, std::string> statusOf;
    {
        auto st = m_store.db().cached("SELECT id, status FROM commitment WHERE cl % 2 = 1");
        while (st->step())
            statusOf[st->text(0)] = st->text(1);
    }
    std::vector<std::string> repaired;
    {
        auto st = m_store.db().cached(
            "SELECT id FROM repair WHERE cl % 2 = 1 ORDER BY repairedAt DESC, id");
        while (st->step())
            repaired.push_back(st->text(0));
    }
    const std::string member = me();
    std::vector<Commitment> out;
    for (const std::string &repairId : repaired) {
        const json row = *m_store.row("repair", repairId);
        const RepairGuide *guide = m_content.repairGuide(fair::textOf(row, "guideId"));
        if (fair::textOf(row, "status") != "repaired" || !guide)
            continue;
        auto st = m_store.db().cached("SELECT id, memberId, sealed, fingerprint, stepId FROM repair_step "
                                      "WHERE repairId = ?1 AND cl % 2 = 1 ORDER BY memberId");
        st->bind(1, repairId);
        std::vector<std::pair<fair::SealedRow, std::string>> plans;
        while (st->step())
            plans.push_back({{st->text(0), st->text(1), st->text(2), st->text(3)}, st->text(4)});
        st->reset();
        for (const auto &plan : plans) {
            const RepairStep *def = guide->step(plan.second);
            if (!def || def->kind != RepairStepKind::Plan)
                continue;
            // Mine always; the partner's once revealed, as every step (so a plan written by one
            // of them only stays on that person's devices).
            const bool mine = plan.first.memberId == member;
            const auto opened = fair::open(m_store, kStepEntity, plan.first,
                                           conversation(repairId, def->id), mine);
            const json text = opened ? opened->value("answer", json()) : json();
            if (!text.is_string() || !fair::hasText(text.get<std::string>()))
                continue;
            const std::string id = repairId + ":" + plan.first.memberId;
            const auto status = statusOf.find(id);
            out.push_back({id, repairId, plan.first.memberId, text.get<std::string>(),
                           fair::numberOf(row, "repairedAt"),
                           status == statusOf.end() ? std::string("active") : status->second});
        }
    }
    return out;
}

void Repairs::setCommitmentStatus(const std::string &commitmentId, const std::string &status)
{
    if (status != "active" && status != "kept" && status != "retired")
        throw ValidationError("status", "A commitment is active, kept or retired.");
    const std::vector<Commitment> all = commitments();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const Commitment &c) { return c.id == commitmentId; });
    if (it == all.end())
        throw ValidationError("commitment", "There is no such commitment.");
    // Only the status travels: the plan's words stay in its sealed step.
    m_store.apply(Mutation{Mutation::Kind::Upsert, "commitment", commitmentId, "couple",
                           {{"repairId", it->repairId}, {"memberId", it->memberId},
                            {"status", status}}});
}

} // namespace hearth
