#pragma once

#include "clock.h"

#include <cstdint>

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
/// Everything is written through RitualBook, hence through Store::apply. The pattern depends only
/// on `seed`; ids come from the store's RandomSource and times from its Clock, so a store built
/// with a ManualClock and a SeededRandom gives the same state for the same arguments.
///
/// Pass the store's ManualClock as `clock` to give each write its believable time (a ritual is
/// marked done a little after it ended, not all at `nowUtc`): fillDemo moves it through the
/// history and leaves it at `nowUtc`. Without it every write carries the store clock's time.
/// Throws ValidationError when a template it needs is missing from `content`.
void fillDemo(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int historyDays,
              std::uint64_t seed, ManualClock *clock = nullptr);

/// Fills a profile for benchmarks: eight rituals (five of them daily) started `years` ago, and an
/// occurrence record for nearly every past occurrence, about 10,000 for five years. Same clock
/// and determinism rules as fillDemo.
void fillBenchmark(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int years,
                   std::uint64_t seed, ManualClock *clock = nullptr);

} // namespace hearth
