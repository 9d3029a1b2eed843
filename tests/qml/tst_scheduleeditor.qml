import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Services

// The ritual editor's schedule: presets change the words under it, a broken custom rule is
// named at its field, and a valid ritual is saved.
TestCase {
    id: testCase

    name: "ScheduleEditor"
    when: windowShown

    // A window of its own: TestCase itself is an invisible item.
    Component {
        id: pageComponent

        Window {
            property alias page: editorPage

            width: 1280
            height: 800
            visible: true

            RitualEditorPage {
                id: editorPage

                anchors.fill: parent
            }
        }
    }

    function initTestCase() {
        if (!Session.hasProfile) {
            const errors = Session.createProfile("Ana", "Europe/Berlin", "Jonas", "America/New_York")
            compare(Object.keys(errors).length, 0, JSON.stringify(errors))
        }
    }

    function typeText(item, text) {
        item.forceActiveFocus()
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function makePage() {
        const window = createTemporaryObject(pageComponent, null)
        verify(window)
        waitForRendering(window.contentItem)
        return window.page
    }

    function test_presetsUpdateScheduleText() {
        failOnWarning(/.+/)
        const page = makePage()
        const schedule = findChild(page, "scheduleEditor")
        const text = findChild(page, "scheduleText")
        verify(schedule && text)
        const editor = page.editor

        schedule.choosePreset(0)
        compare(editor.repeat, 0)
        tryVerify(() => /every day|daily/i.test(text.text), 1000, "daily: " + text.text)
        const daily = text.text

        schedule.choosePreset(1)
        tryVerify(() => text.text !== daily && /weekday/i.test(text.text), 1000, "weekdays: " + text.text)

        // Chosen days: clicking Saturday adds it to the rule, and the words follow.
        schedule.choosePreset(2)
        const saturday = findChild(page, "weekday6")
        verify(saturday && saturday.visible)
        const before = text.text
        const hadSaturday = schedule.hasWeekday(6)
        mouseClick(saturday)
        compare(schedule.hasWeekday(6), !hadSaturday)
        tryVerify(() => text.text !== before, 1000, "chosen days: " + text.text)

        schedule.choosePreset(4)
        tryVerify(() => /month/i.test(text.text), 1000, "monthly: " + text.text)
        verify(editor.preview.length > 0, "the next dates are previewed")
    }

    function test_invalidCustomRuleShowsErrorAtField() {
        failOnWarning(/.+/)
        const page = makePage()
        const schedule = findChild(page, "scheduleEditor")
        schedule.choosePreset(6)
        const field = findChild(page, "customRruleField")
        verify(field && field.visible)
        field.selectAll()
        typeText(field, "FREQ=SOMETIMES")
        const error = findChild(page, "repeatRowError")
        verify(error)
        tryVerify(() => error.visible && error.text.length > 0, 1000, "an error at the repeat field")
        verify(page.editor.errors.schedule !== undefined)
        compare(page.editor.scheduleText, "")

        // Fixing the rule takes the message away again.
        field.selectAll()
        typeText(field, "FREQ=WEEKLY;BYDAY=SA")
        tryVerify(() => !error.visible, 1000, "the error is gone: " + error.text)
        verify(page.editor.scheduleText.length > 0)
    }

    function test_savingValidRitualEmitsSaved() {
        failOnWarning(/.+/)
        const page = makePage()
        const spy = signalSpy.createObject(testCase, { target: page.editor, signalName: "saved" })
        const save = findChild(page, "saveButton")

        // Without a title nothing is saved, and the title says why.
        mouseClick(save)
        compare(spy.count, 0)
        const titleError = findChild(page, "titleRowError")
        tryVerify(() => titleError.visible && titleError.text.length > 0)

        typeText(findChild(page, "titleField"), "Sunday walk")
        findChild(page, "scheduleEditor").choosePreset(1)
        mouseClick(save)
        tryCompare(spy, "count", 1)
        verify(String(spy.signalArguments[0][0]).length > 0, "saved carries the new id")
        verify(!page.editor.isNew)

        const detail = ritualDetail.createObject(testCase, { ritualId: spy.signalArguments[0][0] })
        verify(detail.exists)
        compare(detail.title, "Sunday walk")
        detail.destroy()
        spy.destroy()
    }

    Component {
        id: signalSpy

        SignalSpy {}
    }

    Component {
        id: ritualDetail

        RitualDetail {}
    }
}
