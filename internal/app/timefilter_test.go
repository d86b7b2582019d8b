package app

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

func TestTimeHistogramAndAsOf(t *testing.T) {
	sites := []site.Site{
		{ID: "00000000-0000-4000-8000-000000000001", Name: "Tumen plant", Geometry: orb.Point{129.84, 42.97}, Status: site.StatusClosed,
			FirstReported: "2017-05", LastReported: "2018-02", Observations: []site.Observation{
				{ID: "00000000-0000-4000-8000-0000000000a1", Date: "2017-05", Status: site.StatusConfirmed},
				{ID: "00000000-0000-4000-8000-0000000000a2", Date: "2018-02", Status: site.StatusClosed}}},
		{ID: "00000000-0000-4000-8000-000000000002", Name: "Hunchun complex", Geometry: orb.Point{130.36, 42.86}, Status: site.StatusReported, FirstReported: "2018"},
		{ID: "00000000-0000-4000-8000-000000000003", Name: "Undated", Geometry: orb.Point{130.3, 42.8}, Status: site.StatusSuspected},
	}
	st := openDB(t, newDB(t, sites))
	ctx := context.Background()
	r, err := ParseTimeFilter("2017", "2018", "")
	if err != nil {
		t.Fatal(err)
	}
	h, err := TimeHistogram(ctx, st, store.Filter{}, r.Range, timeline.Year, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Bins) != 2 || h.Bins[0].Sites != 1 || h.Bins[1].Sites != 2 || h.Undated != 1 {
		t.Errorf("histogram %+v", h)
	}
	asOf, err := AsOfStatuses(ctx, st, []string{sites[0].ID, sites[1].ID, sites[2].ID}, timeline.MustParse("2017-06").End, false)
	if err != nil {
		t.Fatal(err)
	}
	if a := asOf[sites[0].ID]; a.Status != site.StatusConfirmed || a.State != timeline.FromObservation {
		t.Errorf("Tumen as of 2017-06: %+v", a)
	}
	if a := asOf[sites[1].ID]; a.State != timeline.NotYet {
		t.Errorf("Hunchun as of 2017-06: %+v", a)
	}
	if a := asOf[sites[2].ID]; a.State != timeline.Undated || a.Status != site.StatusSuspected {
		t.Errorf("undated as of 2017-06: %+v", a)
	}
}
