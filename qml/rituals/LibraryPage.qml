import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The ritual library: ideas to start from, each with the need it serves and where it comes from.
// "Use this ritual" opens the editor with the template filled in.
Page {
    id: page

    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    function useTemplate(templateId: string): void {
        StackView.view.push(Qt.resolvedUrl("RitualEditorPage.qml"), { templateId: templateId })
    }

    title: qsTr("Library")
    objectName: "libraryPage"

    // Pages are sized by their StackView; a fixed implicit size keeps the header's inset (which
    // follows the width) from feeding back into the width.
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: PageHeader {
        title: page.title
        inset: (page.width - page.columnWidth) / 2
        divider: !list.atYBeginning
    }

    TemplatesModel {
        id: templates
    }

    PageListView {
        id: list

        anchors.fill: parent
        columnWidth: page.columnWidth
        margin: page.margin
        spacing: Theme.spacingM
        model: templates

        // ListView places its items vertically only; each one centres itself in the column.
        header: ColumnLayout {
            x: (list.width - width) / 2
            width: page.columnWidth
            spacing: Theme.spacingS

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Rituals other couples keep, written for you to adapt. Each one names the need it serves, so you can pick what the two of you are missing most.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            Item {
                implicitHeight: Theme.spacingS
            }
        }

        delegate: TemplateDelegate {
            x: (list.width - width) / 2
            width: page.columnWidth
            onUse: id => page.useTemplate(id)
        }
    }
}
