package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestTimelineListsUndatedLast: the panel listed "Undated" above 2017-05.
// Undated observations come last, as in every export.
func TestTimelineListsUndatedLast(t *testing.T) {
	w := newTestWindow(t)
	s := site.Site{Name: "Tumen garment factory", Observations: []site.Observation{
		{Note: "laborers seen without a date"},
		{Date: "2017-05", Note: "laborers arrive"},
		{Date: "2016", Note: "factory opens"},
	}}
	text := deepText(container.NewVBox(w.details.timelineRows(&s)...))
	order := []string{"2016", "factory opens", "2017-05", "laborers arrive", "Undated", "laborers seen without a date"}
	at := 0
	for _, want := range order {
		i := strings.Index(text[at:], want)
		if i < 0 {
			t.Fatalf("the timeline does not show %q after the entries before it; it reads:\n%s", want, text)
		}
		at += i + len(want)
	}
}

// TestTimelineMarksConfidentialSource: an observation whose source is
// confidential showed nothing special, and its export dropped the link.
func TestTimelineMarksConfidentialSource(t *testing.T) {
	w := newTestWindow(t)
	s := site.Site{Name: "Tumen garment factory",
		Sources:      []site.Source{{ID: "s1", Title: "Interview with a driver", Confidential: true}, {ID: "s2", Title: "Daily NK"}},
		Observations: []site.Observation{{Date: "2017-05", Note: "laborers confined", SourceID: "s1"}, {Date: "2018", Note: "signs removed", SourceID: "s2"}}}
	text := deepText(container.NewVBox(w.details.timelineRows(&s)...))
	if !strings.Contains(text, "🔒 Interview with a driver (confidential source: withheld from exports)") {
		t.Errorf("the observation citing a confidential source is not marked:\n%s", text)
	}
	if strings.Contains(text, "🔒 Daily NK") {
		t.Errorf("a public source is marked confidential:\n%s", text)
	}
}

// TestDatesAsTyped: the date fields took ISO only. "May 2018" and
// "2017年12月22日" are stored as 2018-05 and 2017-12-22.
func TestDatesAsTyped(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, tumenComplex)
	f := w.details.form
	f.first.SetText("2017年12月22日")
	f.last.SetText("May 2018")
	waitEvents(t, w, "saved")
	got := stored(t, w, s.ID)
	if got.FirstReported != "2017-12-22" || got.LastReported != "2018-05" {
		t.Errorf("typed dates stored as %q and %q", got.FirstReported, got.LastReported)
	}
	f.last.SetText("12/05/2018")
	if msg := f.errors["last_reported"]; !msg.Visible() || !strings.Contains(msg.Text, "either way round") {
		t.Errorf("an ambiguous day/month date says %q", msg.Text)
	}
}
