pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Every reflection one couple's partners shared with the therapist, newest first.
ScrollPage {
    id: page

    property string spaceId
    readonly property var couple: {
        PracticeSession.revision
        return PracticeSession.couple(spaceId)
    }

    title: qsTr("Reflections · %1").arg(couple.name ?? "")
    objectName: "practiceReflectionsPage"
    pageHeader.showSync: false

    PracticeReflectionsModel {
        id: reflections

        spaceId: page.spaceId
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("What each partner chose to share with you. A reflection kept private never leaves their device.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXl
        visible: reflections.count === 0
        icon: "note"
        title: qsTr("No shared reflections yet")
        text: qsTr("When a partner shares a reflection on an exercise, it appears here.")
    }
    Repeater {
        model: reflections

        delegate: ReflectionCard {
            Layout.fillWidth: true
        }
    }
}
