#pragma once

#include "clock.h"

#include <cstdint>
#include <filesystem>

namespace hearth {

class ContentLibrary;
class RitualBook;

/// Fills a profile with a believable sample couple, for screenshots, demos and manual testing.
///
/// Maya (Europe/Lisbon, this device) and Jonas (America/Toronto) keep seven rituals made from the
/// content library's templates, one of them paused, with `historyDays` of history: most
/// occurrences done (some with a note and a rating), some skipped with a reason, a few missed, a
/// couple moved. An existing profile is kept and gets the rituals and history.
///
/// Within that history they also talk (content/checkins.json, content/repairs.json): a weekly
/// check-in from each of the last ten occurrences of the check-in ritual, finished (which marks
/// the occurrence done), with a stressful stretch in the middle and closeness coming back after
/// it; a State of the Union; three daily readings; and five repairs, four of them repaired (one
/// with an ended flooding break, their plans kept as commitments) and one still being talked
/// through, where Maya has written a step Jonas has not. One reading is open: Maya has answered,
/// Jonas has not. Both answer on their own device, as the fair reveal needs (docs/decisions.md
/// §18): Jonas's side is written on a device of his in memory, paired as joining does, and the
/// two exchange what sync carries between two people. His drafts and answer secrets never reach
/// this profile; his answers open here, and on a real device of his after sync, through the keys
/// he published once both had answered. That device is gone once the demo is made, so nothing he
/// answered is left unrevealed: what is open waits for him, and his real device (a second
/// window) can answer it, and then both open. His changes are kept in this profile's change log,
/// so its first sync hands them on. Stories that would fall before the start of the history are
/// left out.
///
/// In the Us section each has a map of needs, what activates them and what helps (some of Maya's
/// private, one of Jonas's private that stays on his device), Maya has noted a dozen moments over
/// the weeks, "Pineapple" is their signal and Jonas has proposed another, a few one-tap signals
/// went back and forth (his last one, minutes old, waits for her reply), and they keep three
/// agreements: one due for review today, one made from a repair's plan, one Jonas proposed.
///
/// Everything is written through RitualBook, CheckIns, Repairs, Needs, SignalBook and Agreements,
/// hence through Store::apply.
/// The pattern depends only on `seed`; ids come from the store's RandomSource and times from its
/// Clock, so a store built with a ManualClock and a SeededRandom gives the same state for the same
/// arguments, but for the answer keys and sealed texts, which are random by design.
///
/// Pass the store's ManualClock as `clock` to give each write its believable time (a ritual is
/// marked done a little after it ended, not all at `nowUtc`): fillDemo moves it through the
/// history and leaves it at `nowUtc`. Without it every write carries the store clock's time.
/// Throws ValidationError when a template it needs is missing from `content`.
void fillDemo(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int historyDays,
              std::uint64_t seed, ManualClock *clock = nullptr);

/// Adds a linked therapist to a demo profile made by fillDemo (issue 6), for screenshots and the
/// self-test: Dr. Ana Ruiz's device (in memory, holding only the `care` key, paired as
/// SyncClient::joinAsTherapist does) joins with her "limited secrets" policy, which Maya and Jonas
/// both accept (Jonas on his in-memory device); she assigns a weekly stress-reducing conversation
/// to the couple (four weeks, the first done by both, Maya's reflection shared, Jonas's kept
/// private on his device), a love-maps exercise due in two days, and a self-compassion exercise
/// to Maya alone that is a day overdue; Jonas shares his check-in trends. Everything the therapist
/// wrote reaches this profile as sync would carry it (care rows only). Throws ValidationError when
/// the profile already has a therapist link or an exercise it needs is missing from `content`.
void fillCareDemo(RitualBook &book, const ContentLibrary &content, Millis nowUtc, ManualClock *clock = nullptr);

/// Makes a therapist's practice in `dir`, an empty data directory (core/practice.h), for the
/// therapist's screenshots, self-test and `hearthctl practice-demo`: Dr. Ana Ruiz (Europe/Lisbon,
/// "limited secrets") with one custom exercise and three couples, each a replica holding only
/// what the therapist's device would have pulled (`care` rows, built by partner devices in
/// memory): Maya & Jonas (active; assignments done, due and overdue; shared reflections; Jonas's
/// trends), Sam & Alex (active, a weekly assignment just started), and Priya & Tom (invited, Tom has
/// not accepted the policy yet). Deterministic for a given `seed` but for keys.
void fillPracticeDemo(const std::filesystem::path &dir, const ContentLibrary &content, Millis nowUtc,
                      std::uint64_t seed);

/// Fills a profile for benchmarks: eight rituals (five of them daily) started `years` ago, and an
/// occurrence record for nearly every past occurrence, about 10,000 for five years. Same clock
/// and determinism rules as fillDemo.
void fillBenchmark(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int years,
                   std::uint64_t seed, ManualClock *clock = nullptr);

} // namespace hearth
