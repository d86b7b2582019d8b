package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/render"
)

const prefApproximateRadius = "approximateRadius"

// doubtChoices are the radii offered for the circle around a site placed
// approximately, in metres; -1 draws none.
var doubtChoices = []struct {
	label  string
	metres float64
}{
	{"None", -1}, {"100 m", 100}, {"250 m", 250}, {"500 m", 500}, {"1 km", 1000}, {"2 km", 2000},
}

// approximateRadius is the radius the researcher chose, in metres.
func approximateRadius(a fyne.App) float64 {
	return a.Preferences().FloatWithFallback(prefApproximateRadius, render.DefaultApproximateRadius)
}

// doubtSetting is the row of the map layers dialog that sizes the circle
// drawn around approximately placed sites.
func (w *Window) doubtSetting() fyne.CanvasObject {
	var labels []string
	for _, c := range doubtChoices {
		labels = append(labels, c.label)
	}
	choose := widget.NewSelect(labels, func(label string) {
		for _, c := range doubtChoices {
			if c.label == label {
				w.app.Preferences().SetFloat(prefApproximateRadius, c.metres)
				w.mapView.SetApproximateRadius(c.metres)
			}
		}
	})
	for i, c := range doubtChoices {
		if c.metres == approximateRadius(w.app) {
			choose.SetSelectedIndex(i)
		}
	}
	note := wrapped("Sites placed by a click are approximate; sites placed to their city get a 5 km ring.")
	note.Importance = widget.LowImportance
	return container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel("Circle around approximate sites"), nil, choose), note)
}
