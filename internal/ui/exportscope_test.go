package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestExportDefaultsToAllSites: the dialog chose "sites in the list" by
// default, so a forgotten search exported a part. All sites is the default
// now, and the list's choice names the search and filters it would apply.
func TestExportDefaultsToAllSites(t *testing.T) {
	w := newTestWindow(t)
	w.search.SetText("Tumen")
	w.category.SetValue("factory")
	w.filterChanged()
	drainUntilQuiet(w)
	w.exportDialog()
	var scope *widget.RadioGroup
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if r, ok := c.(*widget.RadioGroup); ok && strings.Contains(strings.Join(r.Options, "|"), scopeAll) {
				scope = r
			}
		}
	}
	if scope == nil {
		t.Fatal("the export dialog has no choice of sites")
	}
	if scope.Selected != scopeAll {
		t.Errorf("the export dialog chooses %q by default, want %q", scope.Selected, scopeAll)
	}
	want := "Sites in the list: 1 of 4 (search “Tumen”, category Factory)"
	if !strings.Contains(strings.Join(scope.Options, "\n"), want) {
		t.Errorf("the dialog offers %q, want %q", scope.Options, want)
	}
}
