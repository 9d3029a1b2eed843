import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Services

// Every page loads without a QML warning over a profile with rituals, at phone and desktop size;
// the window's showPage() reaches each of them.
TestCase {
    id: testCase

    property string ritualId

    name: "Pages"
    when: windowShown
    width: 1280
    height: 800

    Component {
        id: mainComponent

        Main {}
    }

    Component {
        id: editorComponent

        RitualEditor {}
    }

    function initTestCase() {
        if (!Session.hasProfile) {
            const errors = Session.createProfile("Ana", "Europe/Berlin", "Jonas", "America/New_York")
            compare(Object.keys(errors).length, 0, JSON.stringify(errors))
        }
        const editor = editorComponent.createObject(testCase)
        // A daily ritual, so that something is due today, and one from the library.
        editor.startBlank()
        editor.title = "Evening tea"
        editor.repeat = 0
        editor.time = "23:59"
        editor.steps = ["Put the kettle on", "Sit down together"]
        verify(editor.save(), JSON.stringify(editor.errors))
        ritualId = editor.ritualId
        verify(editor.loadTemplate("goodbye-kiss"))
        verify(editor.save(), JSON.stringify(editor.errors))
        editor.destroy()
        // A check-in and a repair for the Talk section's pages.
        const checkIns = checkInsComponent.createObject(testCase)
        verify(checkIns.start("weekly").checkinId !== undefined)
        checkIns.destroy()
        const repairs = repairsComponent.createObject(testCase)
        const started = repairs.start("The dishes, again", Date.now() - 3600000, 3, ["chores"], "aftermath")
        verify(started.repairId !== undefined, JSON.stringify(started))
        repairs.destroy()
    }

    Component {
        id: checkInsComponent

        CheckInsModel {}
    }

    Component {
        id: repairsComponent

        RepairsModel {}
    }

    function init() {
        failOnWarning(/.+/)
    }

    function data_sizes() {
        return [{ tag: "phone", width: 390, height: 844 }, { tag: "desktop", width: 1280, height: 800 }]
    }

    function test_everyPageLoads_data() {
        return data_sizes()
    }

    function test_everyPageLoads(data) {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null, { width: data.width, height: data.height })
        verify(window)
        waitForRendering(window.contentItem)
        compare(window.wide, data.width >= 900)
        const expected = {
            today: "todayPage", rituals: "ritualsPage", ritual: "ritualDetailPage",
            editor: "ritualEditorPage", library: "libraryPage", settings: "settingsPage", sync: "settingsPage",
            onboarding: "onboardingPage", checkins: "talkPage", checkin: "checkInPage",
            repairs: "talkPage", repair: "repairPage", "repair-attempt": "repairAttemptPage",
            "start-repair": "startRepairPage", break: "breakPage", commitments: "commitmentsPage",
            needs: "usPage", moments: "usPage", signals: "usPage", agreements: "usPage", learn: "usPage",
            safety: "safetyPage", therapist: "settingsPage", care: "carePage",
            assignment: "assignmentPage", "reflect-assignment": "reflectionPage"
        }
        const usTabs = ["needs", "moments", "signals", "agreements", "learn"]
        const talk = ["checkins", "checkin", "repairs", "repair", "repair-attempt", "start-repair", "break", "commitments"]
        for (const name of window.pageNames) {
            window.showPage(name, {})
            waitForRendering(window.contentItem)
            if (name === "done") {
                const today = window.stackFor("today").currentItem
                tryVerify(() => today.doneDialog.opened, 2000, "the mark-done dialog is open")
                continue
            }
            if (name === "onboarding") {
                const onboarding = findChild(window.contentItem, "onboardingPage")
                verify(onboarding !== null && onboarding.visible, "onboarding is shown")
                continue
            }
            const sectionOf = { ritual: "rituals", editor: "rituals", sync: "settings", therapist: "settings",
                                care: "settings", assignment: "today", "reflect-assignment": "today",
                                safety: "us" }
            const key = sectionOf[name] ?? (talk.indexOf(name) >= 0 ? "talk" : (usTabs.indexOf(name) >= 0 ? "us" : name))
            verify(window.stackFor(key).visible, name + ": its section is shown")
            const page = window.stackFor(key).currentItem
            compare(page.objectName, expected[name])
            verify(page.visible, name + " is visible")
            if (usTabs.indexOf(name) >= 0)
                compare(page.tab, name)
        }
    }

    function test_detailAndEditorForAGivenRitual() {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null, { width: 390, height: 844 })
        window.showPage("ritual", { ritualId: testCase.ritualId })
        const detail = window.stackFor("rituals").currentItem
        compare(detail.objectName, "ritualDetailPage")
        compare(detail.ritualId, testCase.ritualId)
        compare(detail.title, "Evening tea")

        window.showPage("editor", { ritualId: testCase.ritualId })
        const editorPage = window.stackFor("rituals").currentItem
        compare(editorPage.objectName, "ritualEditorPage")
        compare(editorPage.editor.title, "Evening tea")
        verify(!editorPage.editor.isNew)

        // From a template the editor opens in the library's stack, filled in.
        window.showPage("editor", { templateId: "welcome-home" })
        const fromTemplate = window.stackFor("library").currentItem
        compare(fromTemplate.objectName, "ritualEditorPage")
        verify(fromTemplate.visible)
        compare(fromTemplate.editor.templateId, "welcome-home")
        verify(fromTemplate.editor.title.length > 0)
        verify(fromTemplate.editor.isNew)
    }

    function test_doneDialogMarksDone() {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null, { width: 390, height: 844 })
        window.showPage("done", {})
        const today = window.stackFor("today").currentItem
        compare(today.objectName, "todayPage")
        const dialog = today.doneDialog
        tryVerify(() => dialog.opened, 2000, "the dialog opened")
        const summary = findChild(window.contentItem, "todaySummary")
        verify(summary)
        const before = summary.text
        dialog.save()
        compare(dialog.error, "")
        tryVerify(() => !dialog.visible)
        tryVerify(() => summary.text !== before, 2000, "the summary counts it: " + summary.text)
    }

    function test_skipAndMoveFromToday() {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null, { width: 390, height: 844 })
        window.showPage("today", {})
        const today = window.stackFor("today").currentItem
        const model = today.model
        // The goodbye ritual's next occurrence: skip it with a reason.
        let row = -1
        for (let i = 0; i < model.count; ++i) {
            if (model.data(model.index(i, 0), TodayModel.StatusRole) === "due") {
                row = i
                break
            }
        }
        verify(row >= 0, "something is coming up")
        const id = model.data(model.index(row, 0), TodayModel.RitualIdRole)
        const start = model.data(model.index(row, 0), TodayModel.LocalStartRole)
        today.skipDialog.openFor(id, start, "A ritual", "soon")
        tryVerify(() => today.skipDialog.opened)
        today.skipDialog.save()
        compare(today.skipDialog.error, "")
        tryVerify(() => !today.skipDialog.visible)
        tryVerify(() => {
            for (let i = 0; i < model.count; ++i) {
                const index = model.index(i, 0)
                if (model.data(index, TodayModel.RitualIdRole) === id && model.data(index, TodayModel.LocalStartRole) === start)
                    return model.data(index, TodayModel.StatusRole) === "skipped"
            }
            return false
        }, 2000, "the occurrence shows as skipped")

        // Moving to a time that is not a time says so in the dialog and changes nothing.
        today.moveDialog.openFor(id, start, "A ritual", "soon")
        tryVerify(() => today.moveDialog.opened)
        today.moveDialog.newDate = "not a day"
        today.moveDialog.save()
        verify(today.moveDialog.error.length > 0, "an error is shown")
        verify(today.moveDialog.visible, "the dialog stays open")
        today.moveDialog.close()
    }

    function test_doItNowWalksThroughSteps() {
        failOnWarning(/.+/)
        const window = createTemporaryObject(mainComponent, null, { width: 1280, height: 800 })
        window.showPage("ritual", { ritualId: testCase.ritualId })
        const detail = findChild(window.contentItem, "ritualDetailPage")
        const button = findChild(detail, "doItNowButton")
        verify(button)
        mouseClick(button)
        let page = null
        tryVerify(() => {
            page = findChild(window.contentItem, "doItNowPage")
            return page !== null && page.StackView.status === StackView.Active
        })
        const step = findChild(page, "stepText")
        compare(step.text, "Put the kettle on")
        mouseClick(findChild(page, "nextStepButton"))
        compare(step.text, "Sit down together")
        mouseClick(findChild(page, "nextStepButton"))
        verify(page.finished)
    }
}
