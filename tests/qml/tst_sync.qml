import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Services

// Sync as a person meets it before pairing: the indicator is always in view (rail on a desktop,
// header on a phone) and leads to Settings; the pairing form says what is wrong with what was
// typed, shows that it is busy, and says when the server cannot be reached. The leave and remove
// dialogs say, before anything happens, what each side keeps. (Pairing, leaving and forgetting
// with a real server are tests/app/tst_syncworker.)
TestCase {
    id: testCase

    name: "Sync"
    when: windowShown
    width: 1280
    height: 800

    Component {
        id: mainComponent

        Main {}
    }

    function initTestCase() {
        if (!Session.hasProfile) {
            const errors = Session.createProfile("Ana", "Europe/Berlin", "Jonas", "America/New_York")
            compare(Object.keys(errors).length, 0, JSON.stringify(errors))
        }
        verify(Session.sync !== null)
        compare(Session.sync.paired, false)
    }

    function init() {
        failOnWarning(/.+/)
        Session.sync.clearActionError()
    }

    function openWindow(width: int, height: int): var {
        const window = createTemporaryObject(mainComponent, null, { width: width, height: height })
        verify(window)
        waitForRendering(window.contentItem)
        return window
    }

    function syncSection(window: var): var {
        window.showPage("sync", {})
        waitForRendering(window.contentItem)
        const page = window.stackFor("settings").currentItem
        compare(page.objectName, "settingsPage")
        const section = findChild(page, "syncSection")
        verify(section !== null)
        return section
    }

    function test_indicatorOnDesktopLeadsToSettings() {
        const window = openWindow(1280, 800)
        const indicator = findChild(window.contentItem, "railSyncIndicator")
        verify(indicator !== null && indicator.visible)
        compare(indicator.text, "Sync is off")
        compare(indicator.detail, "Only on this device")
        window.showPage("today", {})
        mouseClick(indicator)
        compare(window.sections[window.currentSection].key, "settings")
    }

    function test_indicatorOnPhoneIsInTheHeader() {
        const window = openWindow(390, 844)
        window.showPage("today", {})
        waitForRendering(window.contentItem)
        const today = window.stackFor("today").currentItem
        const indicator = findChild(today, "headerSyncIndicator")
        verify(indicator !== null)
        verify(indicator.visible, "the phone's header shows sync")
        compare(indicator.text, "Sync is off")
        mouseClick(indicator)
        compare(window.sections[window.currentSection].key, "settings")
    }

    function test_createNeedsAServerAddress() {
        const window = openWindow(1280, 800)
        const section = syncSection(window)
        const server = findChild(section, "syncServerField")
        compare(server.text, "http://127.0.0.1:8787")
        server.text = "my server"
        mouseClick(findChild(section, "createSpaceButton"))
        compare(Session.sync.busy, false)
        const error = findChild(section, "syncActionError")
        verify(error.visible)
        verify(error.text.indexOf("http://127.0.0.1:8787") >= 0, error.text)
    }

    function test_joinNeedsACode() {
        const window = openWindow(390, 844)
        const section = syncSection(window)
        const code = findChild(section, "inviteCodeField")
        verify(!code.visible, "the code field waits for 'I have an invite code'")
        mouseClick(findChild(section, "haveCodeButton"))
        tryVerify(() => code.visible)
        mouseClick(findChild(section, "joinButton"))
        compare(findChild(section, "syncActionError").text, "Enter the invite code your partner gave you.")
    }

    function test_unreachableServerIsBusyThenSaysSo() {
        const window = openWindow(1280, 800)
        const section = syncSection(window)
        // Nothing listens on port 1.
        findChild(section, "syncServerField").text = "http://127.0.0.1:1"
        mouseClick(findChild(section, "createSpaceButton"))
        verify(Session.sync.busy)
        const busy = findChild(section, "syncBusyText")
        verify(busy.visible)
        compare(busy.text, "Creating your space…")
        verify(!findChild(section, "createSpaceButton").enabled, "no second request while one runs")
        tryVerify(() => !Session.sync.busy, 10000)
        const error = findChild(section, "syncActionError")
        verify(error.visible)
        verify(error.text.startsWith("Hearth cannot reach a server at http://127.0.0.1:1"), error.text)
        compare(Session.sync.paired, false)
        compare(Session.sync.state, "off")
    }

    function test_leaveDialogSaysWhatEachSideKeeps() {
        const window = openWindow(390, 844)
        window.showPage("leave", {})
        waitForRendering(window.contentItem)
        const page = window.stackFor("settings").currentItem
        const dialog = findChild(page, "leaveSpaceDialog")
        verify(dialog !== null)
        tryVerify(() => dialog.opened)
        compare(dialog.title, "Leave our space?")
        compare(findChild(dialog.contentItem, "leaveYouKeep").text,
                "Everything the two of you shared until now stays on this device as a read-only copy. You can still read it and export it.")
        compare(findChild(dialog.contentItem, "leavePartnerKeeps").text,
                "Their own copy of everything shared until now, unchanged.")
        compare(findChild(dialog.contentItem, "leaveStops").text,
                "Nothing new flows either way. Your devices are removed from the space, and Jonas's devices replace its keys.")
        compare(findChild(dialog.contentItem, "leaveFinal").text, "This cannot be undone.")
        compare(dialog.primaryText, "Leave the space")
        compare(dialog.primaryTone, "danger")
        // Not in a space: the dialog says so instead of pretending.
        dialog.primaryClicked()
        compare(Session.sync.busy, false)
        compare(dialog.error, "This device is not in a space, so there is nothing to leave.")
        verify(dialog.opened)
        dialog.close()
        tryVerify(() => !dialog.visible)
        // Before pairing the section offers no "Leave our space".
        const leave = findChild(findChild(page, "syncSection"), "leaveSpaceButton")
        verify(leave !== null)
        verify(!leave.visible)
    }

    function test_removeDialogSaysTheKeysAreReplaced() {
        const window = openWindow(1280, 800)
        const section = syncSection(window)
        const dialog = findChild(section, "removeDeviceDialog")
        dialog.ask("b1b1b1b1b1b1b1b1", "Jonas's old phone")
        tryVerify(() => dialog.opened)
        compare(dialog.title, "Remove “Jonas's old phone”?")
        verify(findChild(dialog.contentItem, "removeDeviceKeysText").text.startsWith(
                   "The space's keys are replaced for the devices that remain"))
        dialog.close()
        tryVerify(() => !dialog.visible)
    }

    function test_noReadOnlyNoteWhileInTheSpace() {
        const window = openWindow(1280, 800)
        window.showPage("today", {})
        waitForRendering(window.contentItem)
        compare(Session.readOnly, false)
        const banner = findChild(window.stackFor("today").currentItem, "readOnlyBanner")
        verify(banner !== null)
        verify(!banner.visible)
        compare(Labels.syncStatus("left", 0, ""), "Left the space")
        compare(Labels.syncDetail("left", 0, ""), "A read-only copy")
    }
}
