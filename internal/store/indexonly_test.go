package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestIndexOnlyQueries checks the index-only paths of Rows and Count (text
// and/or box, row order) against the general query on the same filters:
// random boxes, boxes whose edges sit within a float32 rounding of sites
// (where the R-tree alone would be wrong), and texts in three scripts.
func TestIndexOnlyQueries(t *testing.T) {
	s := openTemp(t)
	sites := sitegen.Sites(3000, 4)
	// Sites just outside and exactly on the edges of a box.
	edge := orb.Bound{Min: orb.Point{130.1, 42.5}, Max: orb.Point{130.2, 42.6}}
	for i, p := range []orb.Point{
		{130.1 - 1e-7, 42.55}, {130.2 + 1e-7, 42.55}, {130.15, 42.5 - 1e-7}, {130.15, 42.6 + 1e-7}, // outside
		{130.1, 42.55}, {130.2, 42.6}, {130.15, 42.5}, // on the edge: inside
	} {
		sites = append(sites, site.Site{ID: fmt.Sprintf("edge-%d", i), Name: "Edge Hunchun 珲春", Geometry: p})
	}
	importSites(t, s, "fixture", sites)
	ctx := context.Background()

	general := func(f Filter) []int64 {
		// Categories listing every category used forces the general path
		// without changing the result.
		f.Categories = append(slices.Clone(site.Categories), "")
		f.Order = ByRow
		var rows []int64
		if err := s.Summaries(ctx, f, func(sm site.Summary) error {
			rows = append(rows, sm.Row)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	check := func(f Filter) {
		t.Helper()
		f.Order = ByRow
		if _, _, ok := f.indexOnly(true); !ok {
			t.Fatalf("%+v: not index-only", f)
		}
		want := general(f)
		got, err := s.Rows(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Rows(%v %q): %d rows, the general query %d", f.BBox, f.Text, len(got), len(want))
		}
		if f.BBox == nil {
			got, filtered, err := s.TextRows(ctx, f.Text)
			if err != nil || !filtered || !slices.Equal(got, want) {
				t.Fatalf("TextRows(%q): %d rows, %v, %v; the general query %d", f.Text, len(got), filtered, err, len(want))
			}
		}
		if n, err := s.Count(ctx, f); err != nil || n != len(want) {
			t.Fatalf("Count(%v %q) = %d, %v; want %d", f.BBox, f.Text, n, err, len(want))
		}
		f.Limit, f.Offset = 5, 2
		got, _ = s.Rows(ctx, f)
		if len(want) > 7 && !slices.Equal(got, want[2:7]) {
			t.Fatalf("limit/offset: %v, want %v", got, want[2:7])
		}
	}
	check(Filter{BBox: &edge})
	if n, _ := s.Count(ctx, Filter{BBox: &edge, Text: "edge"}); n != 3 {
		t.Errorf("%d edge sites in the box, want the 3 on its edges", n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "Hunchun", "珲春", "훈춘", "tumen seafood", "图们", "edge", "nomatch"}
	for i := 0; i < 300; i++ {
		var f Filter
		if i%4 != 0 {
			lon, lat := 120+r.Float64()*12, 38+r.Float64()*8
			w, h := r.Float64()*r.Float64()*3, r.Float64()*r.Float64()*3
			// Snap some edges onto site coordinates.
			if i%3 == 0 {
				if p, ok := sites[r.IntN(len(sites))].Geometry.(orb.Point); ok {
					lon, lat = p[0], p[1]
				}
			}
			f.BBox = &orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + w, lat + h}}
		}
		f.Text = texts[r.IntN(len(texts))]
		if f.BBox == nil && f.Text == "" {
			f.Text = "Hunchun"
		}
		check(f)
	}
	// Filters the index cannot answer take the general path.
	for _, f := range []Filter{
		{Text: "x", Order: ByName}, {BBox: &edge, IncludeUnplaced: true, Order: ByRow},
		{Text: "x", Categories: []string{"factory"}, Order: ByRow}, {Order: ByRow},
	} {
		if _, _, ok := f.indexOnly(true); ok {
			t.Errorf("%+v took the index-only path", f)
		}
	}
}
