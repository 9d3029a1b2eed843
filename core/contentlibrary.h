#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

/// One ritual a couple can start from: read-only content from content/rituals.json.
/// A ritual made from it records `id` and `version`, so later edits to the template never
/// rewrite what a couple already has.
struct RitualTemplate {
    std::string id;
    int version = 1;
    std::string kind;    ///< one of ritualKinds()
    std::string title;
    std::string purpose; ///< one sentence naming the attachment need it serves
    std::string need;    ///< one of needNames()
    std::vector<std::string> steps;
    std::string rrule;   ///< RFC 5545 RRULE, checked here only as far as FREQ
    std::string time;    ///< "HH:MM", local time in the ritual's own time zone
    int durationMinutes = 15;
    int reminderMinutes = 0;
    std::string credit;

    bool operator==(const RitualTemplate &) const = default;
};

/// Writes the same shape that rituals.json holds for one template (for export and tools).
void to_json(nlohmann::json &j, const RitualTemplate &t);

/// The kinds a ritual can have; a template's `kind` must be one of them.
[[nodiscard]] const std::vector<std::string> &ritualKinds();
/// The attachment needs a ritual can serve; a template's `need` must be one of them. Fixed in
/// code (the app has an icon for each); checkins.json's `needs` list must hold every one of them.
[[nodiscard]] const std::vector<std::string> &needNames();

/// An attachment need a partner can name in a check-in or a repair (checkins.json `needs`).
/// One vocabulary for rituals, check-ins and repairs, so "needs named most often" adds up.
struct Need {
    std::string id;
    std::string label;       ///< what the partner taps ("Some space")
    std::string description; ///< first person: what meeting the need feels like

    bool operator==(const Need &) const = default;
};

void to_json(nlohmann::json &j, const Need &n);

enum class QuestionKind { Scale, Text, Needs, Appreciations, FeelingStatement };

/// What a scale tags for the trend charts. Higher is better for Mood and Closeness, and means
/// more stress for Stress.
enum class Measure { None, Mood, Closeness, Stress };

/// The name used in the file ("feelingStatement", "mood"); saved answers record these names.
[[nodiscard]] std::string_view questionKindName(QuestionKind kind);
/// "" for Measure::None.
[[nodiscard]] std::string_view measureName(Measure measure);

/// One of the three parts of an "I feel ... about ... I need ..." statement.
struct StatementPart {
    std::string id;          ///< "feel", "about" or "need", in that order
    std::string label;       ///< "I feel"
    std::string placeholder; ///< "" when the file has none

    bool operator==(const StatementPart &) const = default;
};

void to_json(nlohmann::json &j, const StatementPart &v);

/// One question of a check-in. Only the fields of its kind are set; the rest keep their defaults.
struct Question {
    std::string id; ///< unique in its set; answers refer to set id + question id
    QuestionKind kind = QuestionKind::Text;
    std::string prompt;
    std::string help; ///< "" when the file has none
    bool required = false;

    // Scale: an integer from min to max, 0 <= min < max <= 10, the same range in the whole set.
    int min = 0;
    int max = 0;
    std::string minLabel;
    std::string maxLabel;
    Measure measure = Measure::None;

    // Text, Appreciations (each one) and FeelingStatement (each part): the longest answer in
    // Unicode characters. 0 for the other kinds.
    int maxLength = 0;
    std::string placeholder; ///< Text and Appreciations; "" when the file has none

    // Needs: the need ids offered, in order (each is in ContentLibrary::needs()), and how many
    // may be chosen.
    std::vector<std::string> needs;
    int maxChoices = 0;

    int count = 0; ///< Appreciations: how many fields to offer

    std::vector<StatementPart> parts; ///< FeelingStatement: feel, about, need

    bool operator==(const Question &) const = default;
};

void to_json(nlohmann::json &j, const Question &v);

/// A set of questions both partners answer privately; revealed together once both have answered.
/// A saved check-in records `id` and `version`, and each answer keeps the prompt it was given.
struct QuestionSet {
    std::string id;
    int version = 1;
    std::string title;
    std::string purpose;
    int durationMinutes = 0;
    std::string ritual; ///< the ritual template id this set belongs to; "" when none
    std::string credit;
    std::vector<Question> questions; ///< in the order they are asked

    /// nullptr if the set has no question with that id.
    [[nodiscard]] const Question *question(std::string_view questionId) const;
    /// The scale tagged with `measure`, or nullptr (always nullptr for Measure::None).
    [[nodiscard]] const Question *questionFor(Measure measure) const;

    bool operator==(const QuestionSet &) const = default;
};

void to_json(nlohmann::json &j, const QuestionSet &s);

/// An answer to pick in a step (`calm`: ready/break; `acceptance`: accepted/not-yet/...), or a
/// heading that groups feelings or phrases.
struct Choice {
    std::string id;
    std::string label;

    bool operator==(const Choice &) const = default;
};

void to_json(nlohmann::json &j, const Choice &v);

/// A feeling word of a `feelings` step, under one of the step's groups.
struct Feeling {
    std::string id;
    std::string group; ///< a Choice id in RepairStep::groups
    std::string label;

    bool operator==(const Feeling &) const = default;
};

void to_json(nlohmann::json &j, const Feeling &v);

enum class RepairStepKind { Calm, Feelings, Text, Needs, Apology, Acceptance, Plan };

/// The name used in the file ("acceptance").
[[nodiscard]] std::string_view repairStepKindName(RepairStepKind kind);

/// One step of a guided repair conversation. Only the fields of its kind are set.
struct RepairStep {
    std::string id; ///< unique in its guide; repair entries refer to guide id + step id
    std::string title;
    RepairStepKind kind = RepairStepKind::Text;
    std::string instructions;
    std::string prompt;      ///< "" when the file has none
    std::string placeholder; ///< "" when the file has none
    /// Each partner writes it alone; revealed when both have written it. (`private` in the file.)
    bool isPrivate = false;
    bool required = false;

    /// Calm (exactly `ready` and `break`) and Acceptance (includes `accepted`).
    std::vector<Choice> choices;
    std::vector<Choice> groups;     ///< Feelings: the headings, in order
    std::vector<Feeling> feelings;  ///< Feelings: at least 20 words (`choices` in the file)
    std::vector<std::string> needs; ///< Needs: need ids offered, each in ContentLibrary::needs()
    int maxChoices = 0;             ///< Feelings and Needs
    /// Text, Apology, Plan: the longest answer. Acceptance: the longest note, 0 when it takes
    /// no note.
    int maxLength = 0;

    bool operator==(const RepairStep &) const = default;
};

void to_json(nlohmann::json &j, const RepairStep &v);

/// A phrase to say when a talk goes wrong, under one of its guide's groups.
struct RepairPhrase {
    std::string id;
    std::string group; ///< a Choice id in RepairGuide::groups
    std::string text;

    bool operator==(const RepairPhrase &) const = default;
};

void to_json(nlohmann::json &j, const RepairPhrase &v);

enum class RepairGuideKind { Steps, Phrases };

/// "steps" or "phrases".
[[nodiscard]] std::string_view repairGuideKindName(RepairGuideKind kind);

/// A repair guide: a guided conversation (Steps) or a list of phrases to pick from (Phrases).
/// A repair records `id` and `version`.
struct RepairGuide {
    std::string id;
    int version = 1;
    RepairGuideKind kind = RepairGuideKind::Steps;
    std::string title;
    std::string purpose;
    int durationMinutes = 0;
    std::string credit;

    std::vector<RepairStep> steps; ///< Steps: done in this order

    std::string instructions;          ///< Phrases: what to do with them
    std::vector<Choice> groups;        ///< Phrases: the headings, in order
    std::vector<RepairPhrase> phrases; ///< Phrases

    /// nullptr if the guide has no step with that id.
    [[nodiscard]] const RepairStep *step(std::string_view stepId) const;

    bool operator==(const RepairGuide &) const = default;
};

void to_json(nlohmann::json &j, const RepairGuide &g);

/// Something to do during a flooding break; one is shown during the countdown.
struct SoothingIdea {
    std::string id;
    std::string text;

    bool operator==(const SoothingIdea &) const = default;
};

void to_json(nlohmann::json &j, const SoothingIdea &v);

/// The guidance for a break when one partner is flooded: how long, what to say, what to do.
struct FloodingGuide {
    int minimumMinutes = 20; ///< never less than 20: the body needs that long to settle
    int defaultMinutes = 30;
    int maximumMinutes = 1440;
    std::string explanation;
    std::string callPrompt;   ///< `{time}` stands for the agreed return time
    std::string returnPrompt;
    std::vector<SoothingIdea> soothing;

    bool operator==(const FloodingGuide &) const = default;
};

void to_json(nlohmann::json &j, const FloodingGuide &f);

/// A suggested conflict topic a repair can be tagged with; `other` is "something else".
struct Topic {
    std::string id;
    std::string label;

    bool operator==(const Topic &) const = default;
};

void to_json(nlohmann::json &j, const Topic &v);

/// The words for one step of the 1-5 intensity a partner gives a conflict.
struct IntensityLevel {
    int value = 0;
    std::string label;

    bool operator==(const IntensityLevel &) const = default;
};

void to_json(nlohmann::json &j, const IntensityLevel &v);

/// A suggestion a partner can pick instead of typing (content/us.json): a situation that
/// activates them, a body sensation, an early sign, what helps, an emotion, what they did.
struct Suggestion {
    std::string id;
    std::string label;

    bool operator==(const Suggestion &) const = default;
};

void to_json(nlohmann::json &j, const Suggestion &v);

/// A message sent with one tap (us.json `signals`): "I need a hug", "Pausing until ...".
struct SignalKind {
    std::string id;
    std::string label;       ///< what both read ("I need a hug")
    std::string icon;        ///< a name of the app's icon set
    bool asksTime = false;   ///< sent with a time ("pausing until 20:30")
    std::string timeLabel;   ///< how the time reads, with {time} ("back at {time}"); "" unless asksTime

    bool operator==(const SignalKind &) const = default;
};

void to_json(nlohmann::json &j, const SignalKind &v);

/// A quick reply to a signal (us.json `replies`): "On my way", "Not now, but at ...".
struct QuickReply {
    std::string id;
    std::string label;
    bool asksTime = false;
    std::string timeLabel; ///< with {time}; "" unless asksTime

    bool operator==(const QuickReply &) const = default;
};

void to_json(nlohmann::json &j, const QuickReply &v);

/// An example the app offers when a couple makes their own signal or agreement.
struct ExampleSignal {
    std::string word;
    std::string meaning;

    bool operator==(const ExampleSignal &) const = default;
};

void to_json(nlohmann::json &j, const ExampleSignal &v);

struct ExampleAgreement {
    std::string situation;
    std::string action;

    bool operator==(const ExampleAgreement &) const = default;
};

void to_json(nlohmann::json &j, const ExampleAgreement &v);

/// One part of the safety page (us.json `safety`).
struct SafetySection {
    std::string id;
    std::string heading;
    std::vector<std::string> paragraphs;

    bool operator==(const SafetySection &) const = default;
};

void to_json(nlohmann::json &j, const SafetySection &v);

/// content/us.json: what the Us section offers to pick from, and its fixed texts. Writes back as
/// the whole file, `format` included.
struct UsContent {
    int formatVersion = 1;
    std::vector<Suggestion> situations;
    std::vector<Suggestion> bodySensations;
    std::vector<Suggestion> earlySigns;
    std::vector<Suggestion> helps;
    std::vector<Suggestion> emotions;
    std::vector<Suggestion> reactions;
    std::vector<std::string> compassionPrompts; ///< shown after a moment is logged
    std::vector<SignalKind> signalKinds;
    std::vector<QuickReply> replies;
    std::vector<ExampleSignal> exampleSignals;
    std::vector<ExampleAgreement> exampleAgreements;
    std::vector<SafetySection> safety;

    bool operator==(const UsContent &) const = default;
};

void to_json(nlohmann::json &j, const UsContent &v);

/// Where a Learn card's ideas come from.
struct CardSource {
    std::string citation; ///< authors, year, title, publisher or journal
    std::string url;      ///< "" when there is none

    bool operator==(const CardSource &) const = default;
};

void to_json(nlohmann::json &j, const CardSource &v);

/// A short card about attachment in adult relationships (content/cards.json). Describes
/// patterns without labelling anyone.
struct LearnCard {
    std::string id;
    int version = 1;
    std::string topic;                 ///< a topic id of cards.json `topics`
    std::string title;
    std::string summary;               ///< one or two sentences
    std::vector<std::string> body;     ///< paragraphs
    std::vector<CardSource> sources;   ///< at least one
    std::string reflectionPrompt;      ///< the private question it asks; "" for none

    bool operator==(const LearnCard &) const = default;
};

void to_json(nlohmann::json &j, const LearnCard &v);

/// An exercise a therapist can assign between sessions (content/exercises.json), in the project's
/// own words after a known format; a therapist's own exercises have the same shape (core/care.h).
struct Exercise {
    std::string id;
    int version = 1;
    std::string format;                 ///< a format id of exercises.json `formats`
    std::string title;
    std::string purpose;                ///< one or two sentences: what it is for
    std::string who;                    ///< "together" (both at once) or "each" (each on their own)
    int minutes = 0;                    ///< about how long it takes, 1 to 240
    int timerMinutes = 0;               ///< the timer the guided view offers, 0 for none
    std::vector<std::string> steps;     ///< in order, at least two
    std::vector<std::string> prompts;   ///< questions for the reflection afterwards, at least one
    std::string source;                 ///< the method it follows and where to read about it

    bool operator==(const Exercise &) const = default;
};

void to_json(nlohmann::json &j, const Exercise &v);
/// Reads the shape to_json writes (also an assignment's copy of its exercise). Throws
/// ContentError naming the field for anything else (file "exercise", field e.g. `steps[1]`).
/// Looser than exercises.json, as a therapist's own exercise is typed in a form: any format id
/// (a newer library's, or "custom"), title up to Care::kMaxTitle characters, purpose, steps,
/// prompts and source up to Care::kMaxStep (purpose, steps and prompts may hold line breaks),
/// 2 to 30 steps, 1 to 10 prompts.
void from_json(const nlohmann::json &j, Exercise &v);

/// The content library: ritual templates, check-in question sets, repair guides, what the Us
/// section offers and the Learn cards, loaded once from content/ and validated against the schema
/// in docs/content.md, so the rest of the program can trust every field. The to_json functions
/// above write each value back in its file's shape.
class ContentLibrary {
public:
    /// Reads dir/rituals.json, dir/checkins.json, dir/repairs.json, dir/us.json,
    /// dir/cards.json and dir/exercises.json. Throws ContentError naming the file and the exact
    /// field (e.g. `rituals[3].schedule.time`, `questionSets[1].questions[2].needs[0]`,
    /// `signals[2].timeLabel`, `cards[4].sources`, `exercises[3].steps[1]`) for a missing file,
    /// invalid JSON, a schema violation or a reference that does not resolve (within a file or
    /// between files).
    static ContentLibrary load(const std::filesystem::path &dir);
    /// load() from $HEARTH_CONTENT_DIR if set and not empty, else from the build's content dir.
    static ContentLibrary loadDefault();
    /// The folder load() would read when nothing else is said.
    [[nodiscard]] static std::filesystem::path defaultDir();

    /// In the order of the file.
    [[nodiscard]] const std::vector<RitualTemplate> &rituals() const { return m_rituals; }
    /// nullptr if no template has that id.
    [[nodiscard]] const RitualTemplate *ritual(std::string_view id) const;

    /// The needs a partner can name, in the order of checkins.json.
    [[nodiscard]] const std::vector<Need> &needs() const { return m_needs; }
    /// nullptr if no need has that id.
    [[nodiscard]] const Need *need(std::string_view id) const;

    /// In the order of the file.
    [[nodiscard]] const std::vector<QuestionSet> &questionSets() const { return m_questionSets; }
    /// nullptr if no set has that id.
    [[nodiscard]] const QuestionSet *questionSet(std::string_view id) const;

    /// In the order of the file.
    [[nodiscard]] const std::vector<RepairGuide> &repairGuides() const { return m_repairGuides; }
    /// nullptr if no guide has that id.
    [[nodiscard]] const RepairGuide *repairGuide(std::string_view id) const;

    [[nodiscard]] const FloodingGuide &flooding() const { return m_flooding; }

    /// In the order of the file.
    [[nodiscard]] const std::vector<Topic> &topics() const { return m_topics; }
    /// nullptr if no topic has that id.
    [[nodiscard]] const Topic *topic(std::string_view id) const;

    /// One per value from 1 to 5, in order.
    [[nodiscard]] const std::vector<IntensityLevel> &intensityLevels() const { return m_intensity; }
    /// The words for `value`; "" when it is outside 1 to 5 (or nothing was loaded).
    [[nodiscard]] std::string_view intensityLabel(int value) const;

    /// content/us.json.
    [[nodiscard]] const UsContent &us() const { return m_us; }
    /// nullptr if no signal kind / quick reply has that id.
    [[nodiscard]] const SignalKind *signalKind(std::string_view id) const;
    [[nodiscard]] const QuickReply *quickReply(std::string_view id) const;

    /// content/cards.json, in the order of the file.
    [[nodiscard]] const std::vector<LearnCard> &cards() const { return m_cards; }
    /// nullptr if no card has that id.
    [[nodiscard]] const LearnCard *card(std::string_view id) const;
    /// cards.json `topics`: id and label, in order.
    [[nodiscard]] const std::vector<Suggestion> &cardTopics() const { return m_cardTopics; }
    /// What the reflection is and is not (cards.json `reflectionNote`): not a diagnosis.
    [[nodiscard]] const std::string &reflectionNote() const { return m_reflectionNote; }

    /// content/exercises.json, in the order of the file.
    [[nodiscard]] const std::vector<Exercise> &exercises() const { return m_exercises; }
    /// nullptr if no exercise has that id.
    [[nodiscard]] const Exercise *exercise(std::string_view id) const;
    /// exercises.json `formats`: id and label ("Gottman Method", "Emotionally Focused Therapy"...).
    [[nodiscard]] const std::vector<Suggestion> &exerciseFormats() const { return m_exerciseFormats; }

private:
    std::vector<RitualTemplate> m_rituals;
    std::vector<Need> m_needs;
    std::vector<QuestionSet> m_questionSets;
    std::vector<RepairGuide> m_repairGuides;
    FloodingGuide m_flooding;
    std::vector<Topic> m_topics;
    std::vector<IntensityLevel> m_intensity;
    UsContent m_us;
    std::vector<LearnCard> m_cards;
    std::vector<Suggestion> m_cardTopics;
    std::vector<Exercise> m_exercises;
    std::vector<Suggestion> m_exerciseFormats;
    std::string m_reflectionNote;
};

} // namespace hearth
