package geoio

import (
	"reflect"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestCSVObservationsColumn reads the observations column the CSV writer
// writes ("date status: note" joined by " | ") back into observations, and
// the source URLs column with an empty last URL.
func TestCSVObservationsColumn(t *testing.T) {
	const in = "name,lat,lon,sources,source_urls,observations\n" +
		`A,42,130,First | Second,https://example.org/1 | ,2017-05 reported: buses at 7: 30 | 2019: closed? | confirmed: | just a note | : ` + "\n" +
		`B,42,130,,,[1 2]` + "\n"
	res := readString(t, "obs.csv", in)
	if len(res.problems) > 0 || len(res.items) != 2 {
		t.Fatalf("%d items; %v", len(res.items), res.messages())
	}
	a := res.items[0].Site
	want := []site.Observation{
		{Date: "2017-05", Status: site.StatusReported, Note: "buses at 7: 30"},
		{Date: "2019", Note: "closed?"},
		{Status: site.StatusConfirmed},
		{Note: "just a note"},
		{},
	}
	var got []site.Observation
	for _, o := range a.Observations {
		o.ID = ""
		got = append(got, o)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("observations:\n got %+v\nwant %+v", got, want)
	}
	if len(a.Sources) != 2 || a.Sources[0].URL != "https://example.org/1" || a.Sources[1].URL != "" || a.Sources[1].Title != "Second" {
		t.Errorf("sources %+v", a.Sources)
	}
	// Something that is not our format is kept as it was written.
	if b := res.items[1].Site; len(b.Observations) != 0 || string(b.Extra["observations"]) != `"[1 2]"` {
		t.Errorf("observations %+v, extra %s", b.Observations, b.Extra)
	}
}
