package ui

import (
	"slices"
	"testing"

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
