package ui

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// helpText is the short how-to of the Help menu, built in so that it opens
// offline.
//
//go:embed help.md
var helpText string

//go:embed icons/locate.svg
var locateSVG []byte

// locateIcon is the toolbar's "zoom to the selected site": a crosshair, not
// the magnifier, which reads as search.
var locateIcon = theme.NewThemedResource(fyne.NewStaticResource("locate.svg", locateSVG))

// shortcutRows are the keyboard shortcuts the Help menu lists: the same
// ones addShortcuts and the menus install.
var shortcutRows = [][2]string{
	{"Ctrl+N", "Add a site (then click the map)"},
	{"Ctrl+Z", "Undo (in a text field: the typing first)"},
	{"Ctrl+Shift+Z, Ctrl+Y", "Redo"},
	{"Delete", "Delete the selected site (asks first)"},
	{"Ctrl+F", "Search the sites"},
	{"Enter in the search box", "Show the results on the map"},
	{"Ctrl+J", "Zoom to the selected site"},
	{"Ctrl+0", "Zoom to all sites in the list"},
	{"Ctrl+L", "Map layers"},
	{"Ctrl+I", "Import files"},
	{"Ctrl+E", "Export sites"},
	{"Ctrl+O", "Open a database"},
	{"Enter or Esc while drawing", "Finish or cancel an outline"},
	{"F1", "This help"},
}

// helpDialog shows the shortcuts and the how-to.
func (w *Window) helpDialog() {
	keys := widget.NewTable(
		func() (int, int) { return len(shortcutRows), 2 },
		func() fyne.CanvasObject { return widget.NewLabel("Ctrl+Shift+Z, Ctrl+Y  ") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.SetText(shortcutRows[id.Row][id.Col])
			l.TextStyle.Bold = id.Col == 0
		})
	keys.SetColumnWidth(0, 240)
	keys.SetColumnWidth(1, 380)
	howto := widget.NewRichTextFromMarkdown(helpText)
	howto.Wrapping = fyne.TextWrapWord
	tabs := container.NewAppTabs(
		container.NewTabItem("How to", container.NewVScroll(howto)),
		container.NewTabItem("Keyboard shortcuts", keys),
	)
	d := dialog.NewCustom("Site Atlas help", "Close", tabs, w.win)
	d.Resize(fyne.NewSize(min(720, w.win.Canvas().Size().Width-40), min(560, w.win.Canvas().Size().Height-40)))
	d.Show()
}
