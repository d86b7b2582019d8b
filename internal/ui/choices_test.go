package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestDropdownsShowDisplayNames: dropdowns showed industrial_complex where
// the list shows "Industrial complex". Every dropdown now offers display
// names, and picking one stores the value.
func TestDropdownsShowDisplayNames(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	f := w.details.form
	offered := map[string][]string{
		"category filter": w.category.Options,
		"status filter":   w.status.Options,
		"category field":  f.categoryOptions,
		"status field":    f.status.Options,
		"precision field": f.precision.Options,
	}
	for name, options := range offered {
		for _, o := range options {
			if o != displayName(o) && o[0] != '(' && o != allCategories && o != allStatuses {
				t.Errorf("the %s offers %q, a raw value", name, o)
			}
		}
	}
	if !slices.Contains(w.category.Options, "Industrial complex") || !slices.Contains(f.categoryOptions, "Industrial complex") {
		t.Errorf("no Industrial complex in the category choices %v / %v", w.category.Options, f.categoryOptions)
	}
	if got := f.category.Text; got != "Industrial complex" {
		t.Errorf("the category field of an industrial complex reads %q", got)
	}
	f.category.SetText("Restaurant")
	f.status.SetSelected("Confirmed")
	f.precision.SetSelected("City")
	s, _ := f.read()
	if s.Category != "restaurant" || s.Status != site.StatusConfirmed || s.Precision != site.PrecisionCity {
		t.Errorf("picking display names stored %q, %q, %q", s.Category, s.Status, s.Precision)
	}
	w.category.SetSelected("Industrial complex")
	if q := w.currentQuery(); q.Category != "industrial_complex" {
		t.Errorf("the category filter asks for %q", q.Category)
	}
}

// TestDropdownsOpen: tapping a dropdown opens its list. (A dropdown that
// was not itself the widget in the window crashed the program when tapped:
// its pop-up found no canvas.)
func TestDropdownsOpen(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	f := w.details.form
	for name, s := range map[string]*valueSelect{"category filter": w.category, "status filter": w.status, "status field": f.status, "precision field": f.precision} {
		test.Tap(s)
		if len(w.win.Canvas().Overlays().List()) == 0 {
			t.Errorf("tapping the %s opened nothing", name)
		}
		closeDialogs(w)
	}
	test.Tap(f.country.ActionItem.(fyne.Tappable))
	if len(w.win.Canvas().Overlays().List()) == 0 {
		t.Error("tapping the country's dropdown opened nothing")
	}
	closeDialogs(w)
}
