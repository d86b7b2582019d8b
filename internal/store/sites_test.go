package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestCreateGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	polygon := sample("Tumen industrial complex", 0, 0)
	polygon.Geometry = orb.Polygon{{{129.8, 42.9}, {129.9, 42.9}, {129.9, 43}, {129.8, 42.9}}}
	unplaced := sample("Ningbo restaurant", 0, 0)
	unplaced.Geometry = nil
	unplaced.WorkersEstimate = nil
	bare := site.Site{Name: "bare", Geometry: orb.Point{1, 2}}
	for _, tc := range []struct {
		name string
		in   site.Site
	}{
		{"full point", sample("Hunchun seafood plant", 130.36, 42.86)},
		{"polygon", polygon},
		{"unplaced", unplaced},
		{"bare", bare},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if err := s.Create(ctx, &in); err != nil {
				t.Fatal(err)
			}
			if in.ID == "" || in.Created.IsZero() || in.Updated.IsZero() {
				t.Fatalf("Create did not fill ID/Created/Updated: %+v", in)
			}
			got, err := s.Get(ctx, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, in) {
				t.Errorf("Get after Create:\n got %+v\nwant %+v", got, in)
			}
		})
	}
}

func TestCreateRejectsInvalid(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, tc := range []struct {
		name string
		in   site.Site
	}{
		{"no name", site.Site{}},
		{"bad category", site.Site{Name: "x", Category: "Factory!"}},
		{"latitude", site.Site{Name: "x", Geometry: orb.Point{10, 95}}},
		{"bad source ref", site.Site{Name: "x", Observations: []site.Observation{{SourceID: "nope"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			err := s.Create(ctx, &in)
			var ve site.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
		})
	}
	if n, _ := s.Count(ctx, Filter{}); n != 0 {
		t.Errorf("invalid sites were written: count %d", n)
	}
}

func TestUpdateDelete(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := mustCreate(t, s, sample("Hunchun seafood plant", 130.36, 42.86))
	b := mustCreate(t, s, sample("Tumen garment factory", 129.84, 42.96))

	a.Name = "Hunchun Pacific seafood plant"
	a.Geometry = orb.Point{130.4, 42.9}
	a.Sources = a.Sources[:1]
	a.Observations = a.Observations[:1]
	if err := s.UpdateLabeled(ctx, a, "move 'Hunchun seafood plant'"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != a.Name || got.Geometry != a.Geometry || len(got.Sources) != 1 || len(got.Observations) != 1 {
		t.Errorf("update not stored: %+v", got)
	}
	if !got.Created.Equal(a.Created) || !got.Updated.After(a.Created) && !got.Updated.Equal(a.Created) {
		t.Errorf("times: created %v updated %v", got.Created, got.Updated)
	}
	// The old position must be gone from the spatial index.
	if n, _ := s.Count(ctx, Filter{BBox: &orb.Bound{Min: orb.Point{130.35, 42.85}, Max: orb.Point{130.37, 42.87}}}); n != 0 {
		t.Errorf("old position still indexed")
	}
	if n, _ := s.Count(ctx, Filter{BBox: &orb.Bound{Min: orb.Point{130.39, 42.89}, Max: orb.Point{130.41, 42.91}}}); n != 1 {
		t.Errorf("new position not indexed")
	}

	if err := s.Update(ctx, site.Site{ID: "missing", Name: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing site: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, a.ID, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete with a missing ID: %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, a.ID); err != nil {
		t.Errorf("a failed delete removed a site: %v", err)
	}
	if err := s.Delete(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v, want ErrNotFound", err)
	}
	for _, table := range []string{"sites", "sources", "observations", "sites_rtree"} {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s has %d rows after delete (%v)", table, n, err)
		}
	}
	if n, _ := s.Count(ctx, Filter{Text: "hunchun"}); n != 0 {
		t.Errorf("deleted site still in the full-text index")
	}
}
