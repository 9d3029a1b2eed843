#pragma once

// Needs (issue 5): each partner's map of their attachment needs, what activates them and what
// helps them settle; a log of moments when they were activated, with the patterns it shows; and
// private reflections on the Learn cards.
//
// Every item has an author, and one row that never leaves the author's devices (the `private`
// scope, sealed under the author's own key): every field, and `shared`, last writer wins, saying
// whether the partner sees it. The partner reads a copy: a `couple` row with the id `<id>:shared`
// and the same fields, which the author's devices keep as the private row says, in the same apply
// as each local write and after every merge (settleSharedCopies). While the item is private or
// removed, the copy is blanked and deleted (docs/decisions.md §20). So all of the author's devices
// converge on one answer to "is it shared", whatever order their edits arrive in, and a private
// item's words never travel under the couple key.

#include "clock.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hearth {

class ContentLibrary;
class Store;

/// One line of a partner's map.
struct NeedItem {
    std::string id;
    std::string memberId;     ///< the author
    std::string kind;         ///< "need", "trigger" (what activates me) or "helps" (what helps me settle)
    std::string detail;       ///< for a trigger: "situation", "body" or "sign" (an early sign); else ""
    std::string text;         ///< 1 to kMaxText characters
    std::string suggestionId; ///< the content suggestion it came from (need id for a need), or ""
    std::string note;         ///< up to kMaxNote characters
    bool shared = false;      ///< the partner sees it (always so for the partner's items)
    Millis createdAt = 0;
};

/// What the author writes for a map item.
struct NeedItemDraft {
    std::string kind = "need";
    std::string detail;
    std::string text;
    std::string suggestionId;
    std::string note;
    bool shared = false;
};

/// A moment of attachment activation, as its author noted it. Private unless shared.
struct Activation {
    std::string id;
    std::string memberId;
    Millis happenedAt = 0;
    std::string situation;          ///< what happened, 1 to kMaxText characters
    std::vector<std::string> body;  ///< body sensations (suggestion ids of content or own words)
    std::string emotion;            ///< an emotion id of content/us.json or own word, may be ""
    int intensity = 0;              ///< how strong, 1 to 10
    std::string reaction;           ///< what I did, up to kMaxText
    std::vector<std::string> needed; ///< need ids (content/checkins.json) or own words
    std::string note;               ///< up to kMaxNote
    bool shared = false;
    Millis createdAt = 0;
};

struct ActivationDraft {
    Millis happenedAt = 0; ///< not in the future
    std::string situation;
    std::vector<std::string> body;
    std::string emotion;
    int intensity = 5;
    std::string reaction;
    std::vector<std::string> needed;
    std::string note;
    bool shared = false;
};

/// What my own log shows over time, for the patterns pictures.
struct ActivationPatterns {
    int count = 0;
    /// Most frequent first; ties by name. Situations are counted by their text, trimmed and
    /// case-folded, the text shown being the latest spelling.
    std::vector<std::pair<std::string, int>> situations;
    std::vector<std::pair<std::string, int>> emotions;
    std::vector<std::pair<std::string, int>> needs;
    std::vector<std::pair<std::string, int>> body;
    /// Moments per hour of the day, 0 to 23, in the time zone asked for.
    std::vector<int> byHour = std::vector<int>(24, 0);
    /// Moments per weekday, Monday first.
    std::vector<int> byWeekday = std::vector<int>(7, 0);
    double averageIntensity = 0; ///< 0 when there is none
};

class Needs {
public:
    static constexpr std::size_t kMaxText = 200;
    static constexpr std::size_t kMaxNote = 1000;
    static constexpr std::size_t kMaxItems = 200;       ///< per person and kind
    static constexpr std::size_t kMaxTags = 12;         ///< body sensations or needs per moment
    static constexpr std::size_t kMaxReflection = 2000; ///< a Learn card's reflection

    Needs(Store &store, const ContentLibrary &content);

    /// Adds an item to my map; returns its id. Throws ValidationError naming the field ("kind",
    /// "detail", "text", "note", "suggestionId") and writes nothing.
    std::string add(const NeedItemDraft &draft);
    /// Changes the text and note of one of my items (kind and visibility stay).
    void edit(const std::string &id, const std::string &text, const std::string &note);
    /// Makes one of my items private or shared, and returns its id, which stays the same. Shared,
    /// its copy goes to my partner with the next sync; private again, my partner's devices blank
    /// and delete their copy at their next sync (what they received before cannot be unsent).
    std::string setShared(const std::string &id, bool shared);
    /// Deletes one of my items (its words are blanked first, in my own row and in the copy).
    void remove(const std::string &id);
    /// My items, in the order kind (need, trigger, helps), then oldest first.
    [[nodiscard]] std::vector<NeedItem> mine();
    /// What my partner has shared with me (the copies, whose ids end in ":shared"), in the same
    /// order.
    [[nodiscard]] std::vector<NeedItem> partners();

    /// Notes a moment of activation; returns its id. Throws ValidationError naming the field
    /// ("happenedAt", "situation", "body", "emotion", "intensity", "reaction", "needed", "note").
    std::string logActivation(const ActivationDraft &draft);
    /// Rewrites one of my moments (all its fields but visibility).
    void editActivation(const std::string &id, const ActivationDraft &draft);
    /// As setShared, for a moment: returns the same id.
    std::string setActivationShared(const std::string &id, bool shared);
    void removeActivation(const std::string &id);
    /// My moments, newest first; with `includePartner`, also those my partner shared.
    [[nodiscard]] std::vector<Activation> activations(bool includePartner = false);
    [[nodiscard]] std::optional<Activation> activation(const std::string &id);
    /// The patterns of my own moments since `since` (0: all), hours counted in `timeZone`
    /// ("" for UTC).
    [[nodiscard]] ActivationPatterns patterns(const std::string &timeZone, Millis since = 0);
    /// A self-compassion prompt from content/us.json to show after a moment is saved; varies
    /// with `seed` (for example the moment count) so it is not always the same one.
    [[nodiscard]] std::string compassionPrompt(std::size_t seed) const;

    /// My private reflection on a Learn card (content/cards.json); empty text deletes it.
    /// Always private: never shared, whatever is asked. Throws ValidationError ("card", "text").
    void saveReflection(const std::string &cardId, const std::string &text);
    /// "" when I wrote none.
    [[nodiscard]] std::string reflection(const std::string &cardId);
    /// Card id -> my reflection, for every card I reflected on.
    [[nodiscard]] std::map<std::string, std::string> reflections();

private:
    [[nodiscard]] std::string me();

    Store &m_store;
    const ContentLibrary &m_content;
};

/// Brings the partner's copy (`<id>:shared`, couple) of each of this person's map items and
/// moments in line with the item's own private row: the whole item while it is alive and shared,
/// else no words and deleted. Writes nothing when every copy is as it should be, and never touches
/// the partner's items. Run after every merge (the sync client does, like fair::revealDue): two
/// devices of one person that changed an item's visibility concurrently agree on the private row
/// once they have merged, and this makes the copy follow. Returns how many copies it wrote.
std::size_t settleSharedCopies(Store &store);

} // namespace hearth
