package app

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestFieldChanges(t *testing.T) {
	n := 200
	before := site.Site{Name: "Tumen garment factory", Status: site.StatusReported, Category: "industrial_complex",
		Geometry: orb.Point{129.8436, 42.9672}, WorkersEstimate: &n}
	after := before
	after.Status = site.StatusConfirmed
	after.Geometry = orb.Point{129.85, 42.97}
	after.Sources = []site.Source{{Title: "Daily NK", Confidential: true}}
	got := FieldChanges(&before, &after)
	var lines []string
	for _, c := range got {
		lines = append(lines, c.String())
	}
	want := []string{
		"Status: Reported → Confirmed",
		"Location: 42.967200, 129.843600 → 42.970000, 129.850000",
		"Sources: (none) → 1 source: Daily NK (confidential)",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("field changes:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got := EditLabel(before, after); got != "Edit details of 'Tumen garment factory'" {
		t.Errorf("label of a three-field edit: %q", got)
	}
	one := before
	one.Status = site.StatusClosed
	if got := EditLabel(before, one); got != "Edit status of 'Tumen garment factory'" {
		t.Errorf("label of a status edit: %q", got)
	}
	created := FieldChanges(nil, &before)
	if len(created) == 0 || created[0].String() != "Name: (none) → Tumen garment factory" {
		t.Errorf("a created site's changes: %v", created)
	}
	if same := FieldChanges(&before, &before); len(same) != 0 {
		t.Errorf("no change lists %v", same)
	}
}
