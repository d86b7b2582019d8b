package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/gazetteer"
	"github.com/siteatlas/siteatlas/internal/places"
	"github.com/siteatlas/siteatlas/internal/site"
)

// maxPlaceRows is how many places the search box offers above the sites.
const maxPlaceRows = 5

// placeResults is the group of places and positions the search box offers
// above the matching sites (the Placemark pattern): "Tumen 图们 · Jilin,
// CN", or the position a typed coordinate is, each to go to or to add a
// site at.
type placeResults struct {
	box  *fyne.Container
	rows *fyne.Container
	gen  int
	// pending are what wait for the newest lookup to be shown: a newer
	// lookup (the typing pause's) carries an older one's (Enter's) instead
	// of dropping it.
	pending []func()
	// first is where Enter goes when no site matches.
	first func()
}

func (w *Window) newPlaceResults() fyne.CanvasObject {
	w.placesBox = &placeResults{rows: container.NewVBox()}
	head := widget.NewLabelWithStyle("Places", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.placesBox.box = container.NewVBox(head, w.placesBox.rows, widget.NewSeparator())
	w.placesBox.box.Hide()
	return w.placesBox.box
}

// findPlaces looks the search text up as a place or a position in the
// background and shows what it names. UI goroutine.
func (w *Window) findPlaces(text string) { w.findPlacesThen(text, nil) }

// findPlacesThen is findPlaces, then calls then with the result shown.
func (w *Window) findPlacesThen(text string, then func()) {
	pr := w.placesBox
	if pr == nil {
		return
	}
	pr.gen++
	gen := pr.gen
	if then != nil {
		pr.pending = append(pr.pending, then)
	}
	v := w.mapView.View()
	bound, centre := v.Bound(), v.Center
	go func() {
		r := places.Find(text, places.Options{Limit: maxPlaceRows, View: &bound, Near: &centre})
		runOnUI(func() {
			if pr.gen == gen {
				w.showPlaces(r)
				pending := pr.pending
				pr.pending = nil
				for _, f := range pending {
					f()
				}
			}
			w.emit("places")
		})
	}()
}

func (w *Window) showPlaces(r places.Result) {
	pr := w.placesBox
	pr.rows.RemoveAll()
	pr.first = nil
	for _, p := range r.Positions {
		p := p
		label := coords.Format(p.Point, coords.Decimal) + " · " + p.Notation.String()
		if p.Swapped {
			label += " (longitude first)"
		}
		goTo := func() { w.mapView.SetView(p.Point, max(w.mapView.View().Zoom, 15)) }
		pr.rows.Add(w.placeRow("📍 "+label, goTo, func() { w.addSiteAtPosition(p.Point) }))
		if pr.first == nil {
			pr.first = goTo
		}
	}
	if r.PositionErr != nil {
		l := wrapped("Not a position: " + r.PositionErr.Error())
		l.Importance = widget.DangerImportance
		pr.rows.Add(l)
	}
	for _, p := range r.Places {
		p := p
		goTo := func() { w.mapView.SetView(p.Point, placeZoom(p)) }
		pr.rows.Add(w.placeRow(p.Label(), goTo, func() { w.addSiteAtPlace(p) }))
		if pr.first == nil {
			pr.first = goTo
		}
	}
	if len(pr.rows.Objects) == 0 {
		pr.box.Hide()
	} else {
		pr.box.Show()
	}
	pr.box.Refresh()
}

// placeRow is one result: its label goes there when tapped; the button adds
// a site there.
func (w *Window) placeRow(label string, goTo, add func()) fyne.CanvasObject {
	name := widget.NewButton(label, goTo)
	name.Alignment = widget.ButtonAlignLeading
	name.Importance = widget.LowImportance
	addBtn := newTipButton(w.tips, "", theme.ContentAddIcon(), "Add a site here", add)
	return container.NewBorder(nil, nil, nil, addBtn, name)
}

// placeZoom shows a place at a zoom fitting its size: a city of a million
// at 11, a village at 14.
func placeZoom(p gazetteer.Place) float64 {
	switch {
	case p.Population >= 1_000_000:
		return 10
	case p.Population >= 100_000:
		return 11
	case p.Population >= 10_000:
		return 12
	}
	return 14
}

// addSiteAtPlace adds a site at a gazetteer place: placed to its city, with
// the place's city, province and country.
func (w *Window) addSiteAtPlace(p gazetteer.Place) {
	s := app.NewSiteAt(p.Point)
	s.Precision = site.PrecisionCity
	s.City, s.Province, s.Country = p.Name, p.Province, p.Country
	w.mapView.SetView(p.Point, placeZoom(p))
	w.addNewSite(s)
}

// addSiteAtPosition adds a site at a typed position: exact, and its
// address filled from the nearest town.
func (w *Window) addSiteAtPosition(pt orb.Point) {
	s := app.NewSiteAt(pt)
	s.Precision = site.PrecisionExact
	w.mapView.SetView(pt, max(w.mapView.View().Zoom, 15))
	w.addNewSite(s)
}

// preloadPlaces decodes the gazetteer in the background once the window is
// up, so that the first search does not wait for it.
func preloadPlaces() {
	go func() {
		if err := gazetteer.Load(); err != nil {
			fmt.Println("gazetteer:", err)
		}
	}()
}
