package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

const welcomeText = `This new database holds a sample project: four sites named in a Daily NK report on North Korean laborers dispatched to China after UN Security Council resolution 2397 — an industrial complex and a factory in Tumen, factories in Hunchun, and the restaurant from which 13 workers defected in April 2016.

They are placed at their cities' centres (the report gives no exact location). Select one in the list or on the map to read its sources and timeline.

Keep them to explore Site Atlas, or start with an empty database. The sample can be added again from the File menu.`

// welcome greets a first run, whose database holds the sample project, and
// lets the researcher remove it at once.
func (w *Window) welcome() {
	msg := widget.NewLabel(welcomeText)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Welcome to Site Atlas", "Keep the sample", "Start empty", msg, func(keep bool) {
		if !keep {
			w.removeSample()
		}
	}, w.win)
	d.Resize(fyne.NewSize(600, 360))
	d.Show()
}

// removeSample deletes the sample sites (one undoable change).
func (w *Window) removeSample() {
	go func() {
		ch, err := w.ws.RemoveSample(context.Background())
		if err != nil {
			w.showError(err)
			return
		}
		runOnUI(func() { w.changed(ch) })
	}()
}

// addSample puts the sample project into the database when it is empty.
func (w *Window) addSample() {
	go func() {
		added, ch, err := w.ws.InstallSample(context.Background())
		switch {
		case err != nil:
			w.showError(err)
		case !added:
			runOnUI(func() {
				dialog.ShowInformation("Sample project", "The sample project can only be added to an empty database. Create one with File > New database.", w.win)
			})
		default:
			runOnUI(func() { w.changed(ch) })
		}
	}()
}
