#pragma once

// Signals (issue 5): the couple's own code words or gestures with agreed meanings, and short
// messages one partner sends the other with one tap ("I need a hug", "pausing until 20:30"),
// answered with a quick reply.
//
// A shared signal is proposed by one partner and becomes "ours" only when the other accepts that
// exact word and meaning: an acceptance records a fingerprint of the text it saw, so an edit
// that crosses it (both offline) sends the signal back to "proposed" instead of making a word
// "ours" that one of us never agreed to. Suggesting a change makes the suggester the proposer.
//
// A message is a couple row; its reply is written into the same row by the receiver. What a
// device has shown its person (a message arrived, a reply came back) is the device's own, kept in
// its meta, so nothing is shown twice and no read receipt ever travels (docs/decisions.md §21).

#include "clock.h"

#include <optional>
#include <string>
#include <vector>

namespace hearth {

class ContentLibrary;
class Store;

struct SharedSignal {
    std::string id;
    std::string word;       ///< the code word or gesture, 1 to kMaxWord characters
    std::string meaning;    ///< what it means, 1 to kMaxMeaning characters
    std::string proposedBy; ///< who proposed the current word and meaning
    Millis proposedAt = 0;
    /// "proposed" (waiting for the one who did not propose it), "ours" (accepted as it reads
    /// now) or "retired".
    std::string status;
    std::string acceptedBy; ///< "" unless ours
    Millis acceptedAt = 0;
};

/// One message sent with a tap, and its reply.
struct SignalMessage {
    std::string id;
    std::string kind;     ///< a signal kind of content/us.json ("hug", "pause", ...) or "own"
    std::string signalId; ///< for "own": the shared signal it sends
    std::string text;     ///< what the receiver reads, fixed when sent (the kind's label or the word)
    std::string meaning;  ///< for "own": the signal's meaning when sent; else ""
    Millis untilAt = 0;   ///< for a kind that asks for a time ("pausing until"); else 0
    std::string sentBy;
    Millis sentAt = 0;
    std::string reply;    ///< a quick reply id of content/us.json, "" while unanswered
    std::string replyText;
    Millis replyUntil = 0; ///< for a reply that names a time ("not now, at 21:00")
    Millis repliedAt = 0;
    [[nodiscard]] bool answered() const { return !reply.empty(); }
};

/// Something this device tells its person once: a message arrived, or my message was answered.
struct SignalNotice {
    enum class Kind { Arrived, Answered };
    Kind kind = Kind::Arrived;
    SignalMessage message;
};

class SignalBook {
public:
    static constexpr std::size_t kMaxWord = 40;
    static constexpr std::size_t kMaxMeaning = 200;
    static constexpr std::size_t kMaxSignals = 50; ///< not retired
    /// A message or a reply older than this is not announced any more (a device that was off
    /// for a day shows it in the list only), and an unanswered message leaves the inbox.
    static constexpr Millis kNoticeWindow = 12 * 60 * 60'000;
    /// A time named with "pausing until" or "not now, at" lies within this from now.
    static constexpr Millis kMaxUntil = 24 * 60 * 60'000;

    SignalBook(Store &store, const ContentLibrary &content);

    /// Proposes a signal; returns its id. Throws ValidationError ("word", "meaning") for an
    /// empty or too long text, or a word that an active signal already has.
    std::string propose(const std::string &word, const std::string &meaning);
    /// The partner (not the proposer) accepts the signal as it reads now.
    void accept(const std::string &signalId);
    /// Suggests another word or meaning; I become the proposer and my partner is asked.
    void suggestChange(const std::string &signalId, const std::string &word, const std::string &meaning);
    /// Either partner retires a signal (proposed or ours).
    void retire(const std::string &signalId);
    /// Every signal, proposed first (waiting for me before waiting for my partner), then ours by
    /// word, then retired.
    [[nodiscard]] std::vector<SharedSignal> sharedSignals();
    [[nodiscard]] std::optional<SharedSignal> signal(const std::string &signalId);

    /// Sends a built-in kind, or "own" with `signalId` of one of our accepted signals. `untilAt`
    /// is required (in the future, within kMaxUntil) for a kind that asks for a time and ignored
    /// otherwise. Returns the message id. Throws ValidationError ("kind", "signal", "until").
    std::string send(const std::string &kind, const std::string &signalId = {}, Millis untilAt = 0);
    /// The receiver answers a message once with a quick reply; `untilAt` as for send. Throws
    /// ValidationError ("message": not mine to answer, already answered; "reply", "until").
    void reply(const std::string &messageId, const std::string &replyId, Millis untilAt = 0);
    /// Messages, newest first, at most `limit`.
    [[nodiscard]] std::vector<SignalMessage> messages(std::size_t limit = 50);
    [[nodiscard]] std::optional<SignalMessage> message(const std::string &messageId);
    /// Messages to me still waiting for my reply, sent within kNoticeWindow, newest first, and
    /// not dismissed on this device.
    [[nodiscard]] std::vector<SignalMessage> inbox();
    /// Hides a message from this device's inbox without answering (device-local).
    void dismiss(const std::string &messageId);
    /// The notices due now, each given once on this device (remembered in its meta).
    std::vector<SignalNotice> takeNotices();

private:
    [[nodiscard]] std::string me();

    Store &m_store;
    const ContentLibrary &m_content;
};

} // namespace hearth
