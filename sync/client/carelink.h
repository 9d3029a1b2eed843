#pragma once

// Linking a therapist's practice to a couple (issue 6): the join that core cannot do itself,
// since core does not know sync.

#include "http.h"

#include <string>
#include <string_view>

namespace hearth {
class Practice;
} // namespace hearth

namespace hearth::sync {

/// Joins the couple whose therapist invite `code` is, into a new folder of the practice
/// (Practice::newPendingFolder), as the therapist (SyncClient::joinAsTherapist), then adopts it
/// (Practice::adoptPending: the therapist's name and policy, the custom exercises) and syncs that
/// out. Returns the couple's space id. On failure the pending folder is removed and the error
/// (ValidationError, SyncError, TransportError) propagates: nothing half-linked is left.
std::string linkCouple(Practice &practice, Transport &transport, std::string_view server,
                       std::string_view code, std::string_view deviceName);

/// Syncs one couple of the practice (its own SyncClient); a couple whose therapist was removed
/// (401 device_removed) is marked ended, read-only, and keeps what it holds. Returns whether it
/// is still linked.
bool syncCouple(Practice &practice, Transport &transport, const std::string &spaceId);

} // namespace hearth::sync
