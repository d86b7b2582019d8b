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
