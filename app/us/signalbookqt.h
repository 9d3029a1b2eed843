#pragma once

// core/signalbook.h for Qt code (kept while the Qt models include it through here; the core
// method is now SignalBook::sharedSignals(), which Qt's `signals` macro leaves alone).

#pragma push_macro("signals")
#undef signals
#include "signalbook.h"

namespace usmodel {
[[nodiscard]] inline std::vector<hearth::SharedSignal> sharedSignals(hearth::SignalBook &book)
{
    return book.sharedSignals();
}
} // namespace usmodel
#pragma pop_macro("signals")
