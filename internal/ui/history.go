package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
)

// historyShown is how many field changes a history line lists before
// "and N more".
const historyShown = 3

// historyEntry is one line of the History tab: when, what, and which
// fields changed from what to what; its button shows the whole change.
func (d *Details) historyEntry(c app.HistoryEntry) fyne.CanvasObject {
	head := time.UnixMilli(c.Time).Local().Format("2006-01-02 15:04") + "  " + c.Label
	if c.Undone {
		head += " (undone)"
	}
	box := container.NewVBox(wrapped(head))
	changes := app.FieldChanges(c.Before, c.After)
	for i, fc := range changes {
		if i == historyShown {
			more := wrapped(fmt.Sprintf("and %d more", len(changes)-historyShown))
			more.Importance = widget.LowImportance
			box.Add(more)
			break
		}
		l := wrapped(fc.String())
		l.Importance = widget.LowImportance
		box.Add(l)
	}
	if len(changes) > 0 {
		show := widget.NewButton("Before and after…", func() { d.showChange(c, changes) })
		show.Importance = widget.LowImportance
		box.Add(container.NewHBox(show))
	}
	return box
}

// showChange shows every field a change changed, before and after in full.
func (d *Details) showChange(c app.HistoryEntry, changes []app.FieldChange) {
	form := widget.NewForm()
	for _, fc := range changes {
		before, after := wrapped(orNone(fc.Before)), wrapped(orNone(fc.After))
		before.Importance = widget.LowImportance
		form.Append(fc.Field, container.NewVBox(
			container.NewBorder(nil, nil, widget.NewLabel("Before"), nil, before),
			container.NewBorder(nil, nil, widget.NewLabel("After"), nil, after)))
	}
	title := c.Label + " · " + time.UnixMilli(c.Time).Local().Format("2006-01-02 15:04:05")
	dlg := dialog.NewCustom(title, "Close", container.NewVScroll(form), d.win)
	dlg.Resize(fyne.NewSize(640, 480))
	dlg.Show()
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
