pragma Singleton

import QtQuick

// Words the pages share: ritual kinds, statuses, ratings, weekdays and repeat choices, translated
// in one place so that every page says the same thing the same way.
QtObject {
    id: labels

    // Kinds the core accepts (hearth::ritualKinds()), in the order the editor offers them.
    readonly property var kinds: ["check-in", "conversation", "parting", "reunion", "morning",
        "bedtime", "appreciation", "date", "walk", "unplugged", "meeting", "planning", "review",
        "distance", "custom"]
    // Repeat presets of RitualEditor.repeat, 0..6.
    readonly property var repeats: [qsTr("Every day"), qsTr("Every weekday"),
        qsTr("On chosen days"), qsTr("Every few weeks"), qsTr("Monthly, on a date"),
        qsTr("Monthly, on a weekday"), qsTr("Custom rule (RRULE)")]
    // 1 = Monday .. 7 = Sunday, as RitualEditor.weekdays counts them.
    readonly property var weekdayShort: [qsTr("Mon"), qsTr("Tue"), qsTr("Wed"), qsTr("Thu"),
        qsTr("Fri"), qsTr("Sat"), qsTr("Sun")]
    readonly property var weekdayLong: [qsTr("Monday"), qsTr("Tuesday"), qsTr("Wednesday"),
        qsTr("Thursday"), qsTr("Friday"), qsTr("Saturday"), qsTr("Sunday")]
    readonly property var ordinals: [1, 2, 3, 4, -1]
    readonly property var ordinalNames: [qsTr("first"), qsTr("second"), qsTr("third"),
        qsTr("fourth"), qsTr("last")]
    readonly property var reminderChoices: [0, 5, 10, 15, 30, 60, 120, 24 * 60]

    function kindLabel(kind: string): string {
        switch (kind) {
        case "parting": return qsTr("Goodbye")
        case "reunion": return qsTr("Reunion")
        case "conversation": return qsTr("Conversation")
        case "check-in": return qsTr("Check-in")
        case "meeting": return qsTr("Couple meeting")
        case "appreciation": return qsTr("Appreciation")
        case "bedtime": return qsTr("Bedtime")
        case "date": return qsTr("Date")
        case "unplugged": return qsTr("Tech-free time")
        case "morning": return qsTr("Morning")
        case "review": return qsTr("Review")
        case "distance": return qsTr("Long distance")
        case "planning": return qsTr("Planning")
        case "walk": return qsTr("Walk")
        case "custom": return qsTr("Your own")
        }
        return kind
    }

    function needLabel(need: string): string {
        switch (need) {
        case "reassurance": return qsTr("Reassurance")
        case "closeness": return qsTr("Closeness")
        case "being-heard": return qsTr("Being heard")
        case "support": return qsTr("Support")
        case "appreciation": return qsTr("Appreciation")
        case "rest": return qsTr("Rest")
        case "play": return qsTr("Play")
        case "reliability": return qsTr("Reliability")
        case "autonomy": return qsTr("Room to be yourself")
        }
        return need.length > 0 ? need.charAt(0).toUpperCase() + need.slice(1).replace(/-/g, " ") : ""
    }

    function statusLabel(status: string): string {
        switch (status) {
        case "done": return qsTr("Done")
        case "skipped": return qsTr("Skipped")
        case "missed": return qsTr("Missed")
        case "due": return qsTr("Coming up")
        case "active": return qsTr("Active")
        case "paused": return qsTr("Paused")
        case "archived": return qsTr("Archived")
        }
        return status
    }

    function ratingLabel(rating: int): string {
        switch (rating) {
        case 1: return qsTr("Far apart")
        case 2: return qsTr("A little distant")
        case 3: return qsTr("Okay")
        case 4: return qsTr("Close")
        case 5: return qsTr("Really close")
        }
        return qsTr("Not rated")
    }

    function minutesLabel(minutes: int): string {
        if (minutes <= 0)
            return qsTr("At the time")
        // Hearth ships no translations yet, so plurals are spelt out rather than left to %n.
        if (minutes % (24 * 60) === 0) {
            const days = minutes / (24 * 60)
            return days === 1 ? qsTr("A day before") : qsTr("%1 days before").arg(days)
        }
        if (minutes % 60 === 0) {
            const hours = minutes / 60
            return hours === 1 ? qsTr("An hour before") : qsTr("%1 hours before").arg(hours)
        }
        return minutes === 1 ? qsTr("A minute before") : qsTr("%1 minutes before").arg(minutes)
    }

    function durationLabel(minutes: int): string {
        if (minutes >= 60 && minutes % 60 === 0)
            return minutes === 60 ? qsTr("1 hour") : qsTr("%1 hours").arg(minutes / 60)
        return qsTr("%1 min").arg(minutes)
    }

    // Sync, as the indicator and Settings say it. `state` is Session.sync.state.
    function syncStatus(state: string, pending: int, offlineSince: string): string {
        switch (state) {
        case "upToDate": return qsTr("Up to date")
        case "syncing":
            if (pending <= 0)
                return qsTr("Syncing…")
            return pending === 1 ? qsTr("Syncing 1 change") : qsTr("Syncing %1 changes").arg(pending)
        case "offline":
            return offlineSince.length > 0 ? qsTr("Offline since %1").arg(offlineSince) : qsTr("Offline")
        case "error": return qsTr("Sync problem — tap for details")
        case "left": return qsTr("Left the space")
        }
        return qsTr("Sync is off")
    }

    // The same for a phone's header, where "tap for details" does not fit.
    function syncStatusShort(state: string, pending: int, offlineSince: string): string {
        return state === "error" ? qsTr("Sync problem") : syncStatus(state, pending, offlineSince)
    }

    // The line under the status: when it last synced, or what waits.
    function syncDetail(state: string, pending: int, lastSync: string): string {
        switch (state) {
        case "off": return qsTr("Only on this device")
        case "left": return qsTr("A read-only copy")
        case "offline":
        case "error":
            if (pending > 0)
                return pending === 1 ? qsTr("1 change waits here") : qsTr("%1 changes wait here").arg(pending)
            return lastSync.length > 0 ? qsTr("Last synced %1").arg(lastSync) : ""
        }
        return lastSync.length > 0 ? qsTr("Synced %1").arg(lastSync) : ""
    }

    function deviceRoleLabel(role: string): string {
        switch (role) {
        case "partner": return qsTr("Partner")
        case "device": return qsTr("Second device")
        case "therapist": return qsTr("Therapist")
        }
        return role
    }
}
