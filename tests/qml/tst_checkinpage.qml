// The check-in page as a person uses it: answering by kind, the draft saved as one types,
// errors beside their field, Submit enabled once the required answers are in, edit and keep.
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Services

TestCase {
    id: testCase
    name: "CheckInPage"
    when: windowShown
    width: 390
    height: 844

    StackView { id: stack; anchors.fill: parent }
    CheckInsModel { id: model }
    Component { id: pageComponent; CheckInPage {} }
    Component { id: paneComponent; CheckInsPane {} }

    function initTestCase() {
        testCase.visible = true
        if (!Session.hasProfile) {
            const errors = Session.createProfile("Ana", "Europe/Berlin", "Jonas", "America/New_York")
            compare(Object.keys(errors).length, 0, JSON.stringify(errors))
        }
    }

    function init() {
        stack.clear()
    }

    function test_answering() {
        failOnWarning(/.+/)
        const started = model.start("weekly")
        verify(started.checkinId !== undefined, JSON.stringify(started))
        const page = stack.push(pageComponent, { checkinId: started.checkinId }, StackView.Immediate)
        waitForRendering(page)
        const flow = page.checkIn
        compare(flow.questions.length, 7)
        const submit = findChild(page, "submitButton")
        verify(submit.visible)
        verify(!submit.enabled)

        const mood = findChild(page, "question-mood")
        const four = findChild(mood, "scale-4")
        mouseClick(four)
        compare(flow.draft.mood, 4)
        verify(four.checked)
        mouseClick(four)
        verify(flow.draft.mood === undefined)
        mouseClick(findChild(mood, "scale-2"))
        compare(flow.draft.mood, 2)
        mouseClick(findChild(findChild(page, "question-closeness"), "scale-5"))
        mouseClick(findChild(findChild(page, "question-stress"), "scale-1"))

        const felt = findChild(page, "question-felt-close")
        const area = findChild(felt, "textAnswer")
        area.forceActiveFocus()
        keyClick(Qt.Key_H)
        keyClick(Qt.Key_I)
        tryVerify(() => page.checkIn.draft["felt-close"] === "hi", 2000, JSON.stringify(page.checkIn.draft))
        area.text = "x".repeat(1001)
        wait(900)
        verify((flow.errors["felt-close"] ?? "").length > 0, JSON.stringify(flow.errors))
        compare(flow.draft["felt-close"], "hi")
        compare(felt.error, flow.errors["felt-close"])
        area.text = "Sunday"
        area.focus = false
        testCase.forceActiveFocus()
        tryVerify(() => page.checkIn.draft["felt-close"] === "Sunday", 2000, JSON.stringify(page.checkIn.draft))
        verify(flow.errors["felt-close"] === undefined)

        const needs = findChild(page, "question-needs")
        for (const id of ["reassurance", "space", "rest"])
            mouseClick(findChild(needs, "need-" + id))
        compare(flow.draft.needs.length, 3)
        verify(!findChild(needs, "need-play").enabled)
        mouseClick(findChild(needs, "need-space"))
        compare(flow.draft.needs.length, 2)

        verify(submit.enabled)
        mouseClick(submit)
        verify(flow.mineSubmitted)
        compare(flow.statusText, "Waiting for Jonas")
        verify(!page.answering)
        page.editing = true
        waitForRendering(page)
        verify(page.answering)
        const mood2 = findChild(page, "question-mood")
        compare(mood2.value, 2)
        mouseClick(findChild(mood2, "scale-3"))
        verify(flow.draftDiffers)
        page.keepWhatISent()
        verify(!flow.draftDiffers)
        compare(flow.draft.mood, 2)
        verify(!page.editing)
        stack.clear()
    }

    // Blank text is no answer, and "I feel … about … I need …" is finished or left out: Submit
    // waits for both, as the core would refuse it.
    function test_blankAndUnfinished() {
        failOnWarning(/.+/)
        const started = model.start("state-of-the-union")
        verify(started.checkinId !== undefined, JSON.stringify(started))
        const page = stack.push(pageComponent, { checkinId: started.checkinId }, StackView.Immediate)
        waitForRendering(page)
        const flow = page.checkIn
        const submit = findChild(page, "submitButton")
        compare(flow.saveAnswer("appreciations", ["You made dinner"]), "")
        compare(flow.saveAnswer("feel-loved", "A long hug"), "")
        verify(!submit.enabled)

        // Only spaces: still unanswered.
        const wentWell = findChild(page, "question-went-well")
        const area = findChild(wentWell, "textAnswer")
        area.forceActiveFocus()
        keyClick(Qt.Key_Space)
        keyClick(Qt.Key_Space)
        testCase.forceActiveFocus()
        compare(area.text, "  ")
        verify(flow.draft["went-well"] === undefined, JSON.stringify(flow.draft))
        compare(flow.missingRequired, ["went-well"])
        verify(!submit.enabled)
        compare(findChild(page, "submitHint").text, "Answer “What went well between the two of you this week?” to submit.")
        area.forceActiveFocus()
        area.text = "Saturday"
        testCase.forceActiveFocus()
        tryVerify(() => flow.draft["went-well"] === "Saturday", 2000, JSON.stringify(flow.draft))
        verify(submit.enabled)

        // A sentence begun: the rest of it, or nothing.
        const issue = findChild(page, "question-issue")
        const note = findChild(issue, "fieldNote")
        verify(!note.visible)
        const feel = findChild(issue, "part-feel")
        feel.forceActiveFocus()
        keyClick(Qt.Key_O)
        keyClick(Qt.Key_K)
        testCase.forceActiveFocus()
        tryVerify(() => flow.draft.issue !== undefined, 2000, JSON.stringify(flow.draft))
        verify(!submit.enabled)
        verify(note.visible)
        compare(note.text, "Finish the sentence: “about” and “I need” are still empty.")
        verify(findChild(page, "submitHint").text.indexOf("“about” and “I need” are still empty") >= 0)
        for (const [part, text] of [["about", "the evenings"], ["need", "an early night"]]) {
            const field = findChild(issue, "part-" + part)
            field.forceActiveFocus()
            field.text = text
            field.textEdited()
        }
        testCase.forceActiveFocus()
        tryVerify(() => submit.enabled, 2000, JSON.stringify(flow.unfinished))
        verify(!note.visible)
        mouseClick(submit)
        verify(flow.mineSubmitted)
        stack.clear()
    }

    // Once revealed, a reply being typed stays while other replies arrive (mine elsewhere, or
    // the partner's by sync): the cards are not built again.
    function test_replyBeingTypedStays() {
        failOnWarning(/.+/)
        // A revealed check-in needs the partner's answers, sealed on their own device; this runner
        // has none. Over a profile that holds one (HEARTH_QML_TEST_DATA=<a copy of a demo
        // profile>) the test runs; in the registered run it is skipped.
        let checkinId = ""
        for (let row = 0; row < model.count && checkinId.length === 0; ++row) {
            const index = model.index(row, 0)
            if (model.data(index, CheckInsModel.RevealedRole))
                checkinId = model.data(index, CheckInsModel.CheckinIdRole)
        }
        if (checkinId.length === 0)
            skip("no revealed check-in in this profile")
        const page = stack.push(pageComponent, { checkinId: checkinId }, StackView.Immediate)
        waitForRendering(page)
        const flow = page.checkIn
        verify(flow.revealed)
        const answered = flow.comparison.filter(item => item.partner.answered)
        verify(answered.length >= 1, JSON.stringify(flow.comparison))
        const first = answered[0].questionId
        const view = findChild(page, "answer-partner-" + first)
        verify(view)
        findChild(view, "replyButton").clicked()
        const box = findChild(view, "replyBox")
        const area = findChild(view, "replyArea")
        verify(box.visible)
        area.text = "Half a thought"
        const repliesBefore = JSON.stringify(flow.replies)

        // Another reply through the flow: to my own answer of another question (or of this one).
        const other = flow.comparison.find(item => item.questionId !== first && item.mine.answered)
        compare(flow.reply("me", other ? other.questionId : first, "reply", "Said it better later"), "")
        verify(JSON.stringify(flow.replies) !== repliesBefore)
        waitForRendering(page)
        verify(findChild(page, "answer-partner-" + first) === view)
        verify(box.visible)
        compare(area.text, "Half a thought")
        // And one to the same answer: the box stays too.
        compare(flow.reply("partner", first, "thanks", ""), "")
        compare(area.text, "Half a thought")
        verify(box.visible)
        stack.clear()
    }

    function test_pane() {
        failOnWarning(/.+/)
        const pane = paneComponent.createObject(testCase, { stack: stack, width: 390, height: 844 })
        waitForRendering(pane)
        verify(pane.show("checkins", {}))
        verify(pane.show("checkin", {}))
        compare(stack.depth, 1)
        stack.clear()
        // one open weekly already answered by me -> checkin-new finds none to answer and none may start
        verify(!pane.show("checkin-new", {}))
        pane.width = 1280
        wait(200)
        pane.destroy()
    }
}
