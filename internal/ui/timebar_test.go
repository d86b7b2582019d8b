package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestTimeBarFiltersListAndMap: typing a range keeps the sites with
// evidence in it in the list and on the map; a bad date says what is wrong
// and changes nothing; the search box's date words do the same.
func TestTimeBarFiltersListAndMap(t *testing.T) {
	w := newTestWindow(t)
	if got := w.timeBar.events.Text; !strings.Contains(got, "UNSC 2397") {
		t.Errorf("the time bar's events read %q, want the UNSC resolutions", got)
	}
	test.Type(w.timeBar.until, "2016-12")
	drainUntilQuiet(w)
	if got := w.countLabel.Text; !strings.HasPrefix(got, "1 of 4 sites") {
		t.Fatalf("until 2016-12 the count reads %q, want only the restaurant (2016-04)", got)
	}
	if s, ok := w.br.At(context.Background(), 0); !ok || !strings.HasPrefix(s.Name, "Restaurant") {
		t.Errorf("until 2016-12 the list shows %q", s.Name)
	}
	if f := w.br.MapFilter(); f.Rows == nil {
		t.Error("the map is not filtered by the time bar")
	}
	test.Type(w.timeBar.from, "2017-13")
	if got := w.timeBar.problem.Text; !strings.Contains(got, "from") {
		t.Errorf("a bad month shows %q", got)
	}
	w.timeBar.from.SetText("")
	w.timeBar.until.SetText("")
	drainUntilQuiet(w)
	if got := w.countLabel.Text; !strings.HasPrefix(got, "4 of 4 sites") {
		t.Fatalf("with the time bar cleared the count reads %q", got)
	}
	w.search.SetText("after:2017-01")
	drainUntilQuiet(w)
	if got := w.countLabel.Text; !strings.HasPrefix(got, "2 of 4 sites") {
		t.Errorf("searching after:2017-01 the count reads %q, want the two Tumen sites (2017-05)", got)
	}
}
