import QtQuick
import QtTest
import Hearth
import Hearth.Services

// First run: empty names get a message at their field and nothing is saved; a valid form makes
// the profile and Today appears in its place.
TestCase {
    id: testCase

    name: "Onboarding"
    when: windowShown

    Component {
        id: mainComponent

        Main {
            width: 390
            height: 844
        }
    }

    function typeText(item, text) {
        item.forceActiveFocus()
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function test_1_emptyNamesShowErrors() {
        failOnWarning(/.+/)
        verify(!Session.hasProfile)
        const window = createTemporaryObject(mainComponent, null)
        verify(window)
        const start = findChild(window.contentItem, "startButton")
        verify(start, "the Start button")
        waitForRendering(window.contentItem)
        mouseClick(start)

        const myError = findChild(window.contentItem, "myNameRowError")
        const partnerError = findChild(window.contentItem, "partnerNameRowError")
        verify(myError && partnerError)
        tryVerify(() => myError.visible && myError.text.length > 0)
        verify(partnerError.visible && partnerError.text.length > 0)
        verify(!Session.hasProfile, "nothing was saved")

        // Typing a name clears that field's message only.
        typeText(findChild(window.contentItem, "myNameField"), "Ana")
        tryVerify(() => !myError.visible)
        verify(partnerError.visible)
    }

    function test_2_validFormCreatesProfileAndShowsToday() {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null)
        waitForRendering(window.contentItem)
        typeText(findChild(window.contentItem, "myNameField"), "Ana")
        typeText(findChild(window.contentItem, "partnerNameField"), "Jonas")
        // The time-zone picker searches: "new york" and Enter picks America/New_York.
        const partnerZone = findChild(window.contentItem, "partnerZonePicker")
        partnerZone.forceActiveFocus()
        keyClick(Qt.Key_Space)
        tryVerify(() => partnerZone.popup.opened, 2000, "the zone list opened")
        for (const c of "new york")
            keyClick(c)
        tryCompare(partnerZone, "matches", ["America/New_York"])
        keyClick(Qt.Key_Return)
        tryVerify(() => !partnerZone.popup.visible)
        compare(partnerZone.value, "America/New_York")
        mouseClick(findChild(window.contentItem, "startButton"))

        tryVerify(() => Session.hasProfile, 2000, "the profile was made")
        compare(Session.myName, "Ana")
        compare(Session.partnerName, "Jonas")
        compare(Session.partnerTimeZone, "America/New_York")
        compare(Session.myTimeZone, Session.systemTimeZone)
        tryVerify(() => {
            const today = findChild(window.contentItem, "todayPage")
            return today !== null && today.visible
        }, 2000, "Today is shown")
        verify(findChild(window.contentItem, "onboardingPage") === null, "onboarding is gone")
    }
}
