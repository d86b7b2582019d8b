package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/render"
)

// mapImageChoice is what the map image dialog asks.
type mapImageChoice struct {
	scale        int
	confidential bool
}

// mapImageDialog asks how sharp the image should be and whether
// confidential sites may show, then where to save the map as it is on
// screen (area, filters, layers) as a PNG for a report.
func (w *Window) mapImageDialog() {
	v := w.mapView.View()
	choice := mapImageChoice{scale: 2}
	var labels []string
	for _, k := range app.MapImageScales {
		iv := app.MapImageView(v, k)
		what := map[int]string{1: "As on screen", 2: "Twice as sharp, for print", 4: "Four times as sharp, for a poster"}[k]
		labels = append(labels, fmt.Sprintf("%s (%d × %d pixels)", what, iv.Width, iv.Height))
	}
	size := widget.NewRadioGroup(labels, func(s string) {
		for i, l := range labels {
			if l == s {
				choice.scale = app.MapImageScales[i]
			}
		}
	})
	size.SetSelected(labels[1])
	note := widget.NewLabel("Counting confidential sites…")
	note.Wrapping = fyne.TextWrapWord
	conf := widget.NewCheck("Show confidential sites", func(b bool) { choice.confidential = b })
	go func() {
		r, err := w.ws.CountConfidential(context.Background(), w.br.Query().StoreFilter())
		runOnUI(func() {
			switch {
			case err != nil:
				note.SetText("Could not count confidential sites: " + err.Error())
			case r.Sites == 0:
				note.SetText("No site in the list is marked confidential.")
			default:
				note.SetText(fmt.Sprintf("%s site(s) in the list are marked confidential and are left off the image unless you tick this.", formatCount(r.Sites)))
			}
		})
	}()
	content := container.NewVBox(
		widget.NewLabelWithStyle("Size", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), size,
		widget.NewSeparator(), conf, note)
	d := dialog.NewCustomConfirm("Export map image", "Choose file…", "Cancel", content, func(ok bool) {
		if ok {
			w.mapImageSaveDialog(choice)
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 340))
	d.Show()
}

func (w *Window) mapImageSaveDialog(choice mapImageChoice) {
	w.askSavePath("Save the map image as", "site-atlas-map.png", ".png", func(path string) { w.saveMapImage(path, choice) })
}

// saveMapImage draws the map as it is now into a PNG at path, in the
// background. UI goroutine only.
func (w *Window) saveMapImage(path string, choice mapImageChoice) {
	v := app.MapImageView(w.mapView.View(), choice.scale)
	opts := render.DrawOptions{Filter: w.mapView.filter, Layers: w.mapView.layers, ApproximateRadius: w.mapView.approximateRadius}
	w.hintLabel.SetText("Saving the map image…")
	go func() {
		err := app.ExportMapImage(path, w.m, v, opts, choice.confidential)
		runOnUI(func() {
			defer w.emit("map-image")
			w.hintLabel.SetText("")
			if err != nil {
				showError(err, w.win)
				return
			}
			msg := fmt.Sprintf("Saved the map (%d × %d pixels) to %s.", v.Width, v.Height, path)
			if !choice.confidential {
				msg += "\n\nConfidential sites were left off."
			}
			showInfo("Map image saved", msg, w.win)
		})
	}()
}
