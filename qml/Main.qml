import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtQml.Models
import QtQuick.Templates as T
import Hearth
import Hearth.Services

// The window: onboarding until there is a profile, then the sections. On a desktop-wide window a
// navigation rail on the left stays open; on a phone a tab bar sits at the bottom. Each section
// keeps its own StackView, so going back to a section finds it as it was left.
// (No `pragma ComponentBehavior: Bound` here: Qt 6.4's Loader refuses bound components.)
ApplicationWindow {
    id: window

    // The sections, in order. Adding one (check-ins, repairs, us, care) is one entry here.
    readonly property var sections: [
        { key: "today", title: qsTr("Today"), icon: "today", page: "rituals/TodayPage.qml" },
        { key: "rituals", title: qsTr("Rituals"), icon: "rituals", page: "rituals/RitualsPage.qml" },
        { key: "talk", title: qsTr("Talk"), icon: "talk", page: "talk/TalkPage.qml" },
        { key: "us", title: qsTr("Us"), icon: "us", page: "us/UsPage.qml" },
        { key: "library", title: qsTr("Library"), icon: "library", page: "rituals/LibraryPage.qml" },
        { key: "settings", title: qsTr("Settings"), icon: "settings", page: "settings/SettingsPage.qml" }
    ]
    // The therapist's pages (qml/care/therapist/PracticeShell.qml routes them), on a practice.
    readonly property var practicePageNames: ["practice", "practice-couple", "assign", "reflections", "link-couple",
        "exercises", "exercise", "exercise-editor", "practice-settings", "onboarding"]
    // Every page showPage() can open, for the screenshots and the self-test.
    readonly property var pageNames: PracticeSession.exists ? practicePageNames : ["today", "rituals", "ritual", "editor", "library", "settings", "sync", "done",
        "checkins", "checkin", "repairs", "repair", "repair-attempt", "start-repair", "break", "commitments",
        "needs", "moments", "signals", "agreements", "learn", "safety", "onboarding",
        "therapist", "care", "assignment", "reflect-assignment"]
    // Pages of the Talk section, each shown by its tab's pane (CheckInsPane or RepairsPane).
    readonly property var checkInPages: ["checkins", "checkin", "checkin-new"]
    readonly property var repairPages: ["repairs", "repair", "repair-attempt", "start-repair", "break", "commitments"]
    // Pages of the Us section: the tab that owns each, by the name showPage is given.
    readonly property var usPages: ({
        "needs": "needs", "need-new": "needs", "partner-needs": "needs",
        "moments": "moments", "log-moment": "moments", "moment": "moments", "patterns": "moments",
        "signals": "signals", "propose-signal": "signals", "send-signal": "signals", "signal-history": "signals",
        "agreements": "agreements", "agreement": "agreements", "propose-agreement": "agreements",
        "learn": "learn", "card": "learn"
    })
    readonly property bool wide: width >= Theme.wideBreakpoint
    property int currentSection: 0
    // Shows onboarding over an existing profile (screenshots).
    property bool forceOnboarding: false

    function sectionIndex(key: string): int {
        for (let i = 0; i < sections.length; ++i) {
            if (sections[i].key === key)
                return i
        }
        return -1
    }

    function stackFor(key: string): T.StackView {
        const shellItem = shellLoader.item
        return shellItem ? shellItem.stackAt(sectionIndex(key)) : null
    }

    // Switches to a section with its first page on top.
    function openSection(key: string): T.StackView {
        const index = sectionIndex(key)
        if (index < 0)
            return null
        currentSection = index
        const stack = stackFor(key)
        if (stack && stack.depth > 1)
            stack.pop(null, StackView.Immediate)
        return stack
    }

    function firstRitualId(): string {
        allRituals.refresh()
        if (allRituals.count === 0)
            return ""
        return allRituals.data(allRituals.index(0, 0), RitualsModel.RitualIdRole)
    }

    // Settings, scrolled to sync: where the sync indicator leads.
    function showSync(): void {
        const stack = openSection("settings")
        if (stack && stack.currentItem && typeof stack.currentItem.showSync === "function")
            stack.currentItem.showSync()
    }

    // Opens the Talk section on the tab that owns `name` and asks its pane to show that page.
    function showTalkPage(name: string, options: var): bool {
        const stack = openSection("talk")
        const talk = stack ? stack.currentItem : null
        if (!talk)
            return false
        const repairs = repairPages.indexOf(name) >= 0
        talk.open()
        talk.tab = repairs ? "repairs" : "checkins"
        return (repairs ? talk.repairs : talk.checkIns).show(name, options)
    }

    // Opens the Us section on the tab that owns `name` and asks its pane to show that page;
    // "safety" is the section's own.
    function showUsPage(name: string, options: var): bool {
        const stack = openSection("us")
        const us = stack ? stack.currentItem : null
        if (!us)
            return false
        us.open()
        if (name === "safety") {
            us.showSafety(true)
            return true
        }
        const tab = usPages[name]
        if (tab === undefined)
            return false
        us.tab = tab
        const pane = us.pane(tab)
        return pane ? pane.show(name, options) : false
    }

    function notify(message: string): void {
        if (message.length > 0)
            snackbar.show(message)
    }

    // Opens a page by name: "onboarding", "today", "rituals", "ritual" ({ritualId}), "editor"
    // ({ritualId} or {templateId} or {}), "library", "settings", "sync" (Settings scrolled to sync),
    // the Talk section's "checkins", "checkin" ({checkinId} or the newest open one), "checkin-new"
    // (a weekly check-in started and opened), "repairs", "repair" ({repairId} or the newest open),
    // "repair-attempt" (the phrases to choose from in the moment),
    // "start-repair", "break", "commitments",
    // the Us section's pages (see usPages: "needs", "need-new" ({kind}), "moments", "log-moment",
    // "moment" ({activationId}), "patterns", "signals", "propose-signal", "send-signal" ({kind}),
    // "signal-history", "agreements", "agreement" ({agreementId}), "propose-agreement"
    // ({commitmentId}), "learn", "card" ({cardId})) and "safety",
    // "done" (the mark-done dialog for the first open occurrence on Today), and, for screenshots
    // of a paired profile, "invite" (sync with a new partner invite shown) and "leave" (sync with
    // the leave dialog open). `name` is a var because main.cpp calls it with
    // QVariant arguments through QMetaObject::invokeMethod.
    function showPage(pageName: var, args: var): void {
        const name = String(pageName)
        const options = args ?? {}
        forceOnboarding = name === "onboarding"
        snackbar.close()
        const shellItem = shellLoader.item
        if (shellItem)
            shellItem.closeDialogs()
        // A therapist's practice has its own sections and pages.
        if (!forceOnboarding && practiceLoader.item) {
            if (!practiceLoader.item.showPage(name, options))
                console.warn("showPage: nothing to show on", name)
            return
        }
        if (forceOnboarding || !Session.hasProfile)
            return
        switch (name) {
        case "today":
        case "rituals":
        case "library":
        case "settings":
            openSection(name)
            break
        case "ritual": {
            const stack = openSection("rituals")
            const id = options.ritualId ?? firstRitualId()
            if (stack && id.length > 0)
                stack.push(Qt.resolvedUrl("rituals/RitualDetailPage.qml"), { ritualId: id }, StackView.Immediate)
            break
        }
        case "editor": {
            const fromLibrary = (options.templateId ?? "").length > 0
            const stack = openSection(fromLibrary ? "library" : "rituals")
            if (stack)
                stack.push(Qt.resolvedUrl("rituals/RitualEditorPage.qml"),
                           { ritualId: options.ritualId ?? "", templateId: options.templateId ?? "" },
                           StackView.Immediate)
            break
        }
        case "sync":
            showSync()
            break
        case "invite":
            showSync()
            if (Session.sync && Session.sync.canInvite)
                Session.sync.invite("partner")
            break
        case "leave": {
            showSync()
            const stack = stackFor("settings")
            if (stack && stack.currentItem)
                stack.currentItem.askToLeave()
            break
        }
        case "checkins":
        case "checkin":
        case "checkin-new":
        case "repairs":
        case "repair":
        case "repair-attempt":
        case "start-repair":
        case "break":
        case "commitments":
            if (!showTalkPage(name, options))
                console.warn("showPage: nothing to show on", name)
            break
        case "safety":
            if (!showUsPage(name, options))
                console.warn("showPage: nothing to show on", name)
            break
        // The couple's side of care: Settings scrolled to "Your therapist" ("unlink-therapist":
        // with the unlink dialog open), the assignments (in Settings), and on Today one
        // assignment's guided view ({assignmentId, occurrence}, else my first due) and its
        // reflection page.
        case "therapist":
        case "unlink-therapist": {
            const stack = openSection("settings")
            if (stack && stack.currentItem)
                stack.currentItem.showTherapist(name === "unlink-therapist")
            break
        }
        case "care": {
            const stack = openSection("settings")
            if (stack)
                stack.push(Qt.resolvedUrl("care/couple/CarePage.qml"), {}, StackView.Immediate)
            break
        }
        case "assignment":
        case "reflect-assignment": {
            const stack = openSection("today")
            if (!stack)
                break
            const page = stack.push(Qt.resolvedUrl("care/couple/AssignmentPage.qml"),
                                    { assignmentId: options.assignmentId ?? "", occurrence: options.occurrence ?? -1 },
                                    StackView.Immediate)
            if (name === "reflect-assignment" && page)
                stack.push(Qt.resolvedUrl("care/couple/ReflectionPage.qml"),
                           { assignmentId: page.assignmentId, occurrence: page.current }, StackView.Immediate)
            break
        }
        case "done": {
            const stack = openSection("today")
            if (stack && stack.currentItem)
                stack.currentItem.openFirstDue()
            break
        }
        default:
            if (usPages[name] !== undefined) {
                if (!showUsPage(name, options))
                    console.warn("showPage: nothing to show on", name)
                break
            }
            console.warn("showPage: no page called", name)
        }
    }

    width: Theme.windowWidth
    height: Theme.windowHeight
    minimumWidth: Theme.windowMinimumWidth
    minimumHeight: Theme.windowMinimumHeight
    visible: true
    title: qsTr("Hearth")
    color: Theme.background
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    Material.theme: Theme.dark ? Material.Dark : Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.primary
    Material.background: Theme.background
    Material.foreground: Theme.text

    footer: NavigationBar {
        visible: shellLoader.active && !window.wide && !window.forceOnboarding
        sections: window.sections
        currentIndex: window.currentSection
        onActivated: index => window.currentSection = index
    }

    RitualsModel {
        id: allRituals
    }

    // Ctrl+1, Ctrl+2, ... open the sections; Back (Alt+Left) goes back within one.
    Instantiator {
        model: window.sections

        delegate: Shortcut {
            required property int index

            sequence: "Ctrl+" + (index + 1)
            enabled: shellLoader.active
            onActivated: window.currentSection = index
        }
    }

    Shortcut {
        sequences: [StandardKey.Back]
        enabled: shellLoader.active
        onActivated: {
            const stack = window.stackFor(window.sections[window.currentSection].key)
            if (stack && stack.depth > 1)
                stack.pop()
        }
    }

    Connections {
        target: Session

        function onReminder(title: string, body: string): void {
            if (window.sections[window.currentSection].key !== "today")
                window.notify(qsTr("%1: %2").arg(title).arg(body))
        }
    }

    Loader {
        id: onboardingLoader

        anchors.fill: parent
        active: Session.ready && ((!Session.hasProfile && !PracticeSession.exists) || window.forceOnboarding)
        sourceComponent: OnboardingPage {}
        z: 1
    }

    Loader {
        id: shellLoader

        anchors.fill: parent
        active: Session.ready && Session.hasProfile && !PracticeSession.exists
        visible: !window.forceOnboarding

        sourceComponent: RowLayout {
            id: shell

            function stackAt(index: int): T.StackView {
                return index >= 0 && index < stacks.count ? stacks.itemAt(index) : null
            }

            // Dialogs belong to pages; close every open one before showing another page.
            function closeDialogs(): void {
                for (let i = 0; i < stacks.count; ++i) {
                    const stack = stacks.itemAt(i)
                    for (let j = 0; j < stack.depth; ++j) {
                        const page = stack.get(j, StackView.DontLoad)
                        if (page && typeof page.closeDialogs === "function")
                            page.closeDialogs()
                    }
                }
            }

            spacing: 0

            NavigationRail {
                Layout.fillHeight: true
                Layout.preferredWidth: Theme.railWidth
                visible: window.wide
                sections: window.sections
                currentIndex: window.currentSection
                onActivated: index => window.currentSection = index
                onSyncActivated: window.showSync()
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: window.currentSection

                Repeater {
                    id: stacks

                    model: window.sections

                    delegate: StackView {
                        required property var modelData

                        Accessible.name: modelData.title
                        // Not `initialItem`: while the Loader builds the shell, a page's component
                        // is still loading in Qt 6.4 and the stack would stay empty.
                        Component.onCompleted: push(Qt.resolvedUrl(modelData.page), {}, StackView.Immediate)
                    }
                }
            }
        }
    }

    // A therapist's practice: its own sections instead of the couple's.
    Loader {
        id: practiceLoader

        anchors.fill: parent
        active: Session.ready && PracticeSession.exists
        visible: !window.forceOnboarding
        sourceComponent: PracticeShell {}
    }

    // Hearth could not open its data: say so instead of showing empty pages.
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingXl, Theme.dialogWidth)
        visible: !Session.ready
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            text: qsTr("Hearth could not open your data")
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: Session.openError
            color: Theme.danger
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Nothing was changed. The data folder is %1.").arg(Session.dataDirectory)
            color: Theme.textMuted
            wrapMode: Text.WrapAnywhere
        }
    }

    Snackbar {
        id: snackbar
    }
}
