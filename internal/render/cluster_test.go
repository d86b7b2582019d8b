package render

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

func sumCounts(cl []cluster) int {
	n := 0
	for _, c := range cl {
		n += c.n
	}
	return n
}

// wholeWorld is a view showing the world exactly once.
func wholeWorld(z float64) Viewport {
	size := int(TileSize * float64(int(1)<<int(z)))
	return Viewport{Center: orb.Point{0, 0}, Zoom: z, Width: size, Height: size, Scale: 1}
}

func TestClusterCountsSumToVisible(t *testing.T) {
	ss := genSummaries(30000, 3)
	idx := buildIndex(ss)
	// Edits after the build exercise the pyramid's correction of dirty cells.
	idx.Remove(5)
	idx.Remove(6)
	idx.Upsert(site.Summary{Row: 7, Name: "moved", Category: "factory", Status: site.StatusConfirmed, Geometry: orb.Point{-70, -30}})
	idx.Upsert(site.Summary{Row: 100001, Name: "new", Category: "mine", Status: site.StatusReported, Geometry: orb.Point{10, 10}})
	live := slices.DeleteFunc(slices.Clone(ss), func(s site.Summary) bool { return s.Row == 5 || s.Row == 6 || s.Row == 7 })
	live = append(live,
		site.Summary{Row: 7, Category: "factory", Status: site.StatusConfirmed},
		site.Summary{Row: 100001, Category: "mine", Status: site.StatusReported})
	search := NewRowSet([]int64{1, 2, 3, 7, 100, 100001, 29999})
	filters := []struct {
		name string
		f    Filter
		keep func(site.Summary) bool
	}{
		{"all", Filter{}, func(site.Summary) bool { return true }},
		{"factories", Filter{Categories: []string{"factory"}}, func(s site.Summary) bool { return s.Category == "factory" }},
		{"confirmed or closed", Filter{Statuses: []site.Status{site.StatusConfirmed, site.StatusClosed}},
			func(s site.Summary) bool { return s.Status == site.StatusConfirmed || s.Status == site.StatusClosed }},
		{"search", Filter{Rows: search}, func(s site.Summary) bool { return search.Has(s.Row) }},
	}
	snap := idx.snapshot()
	for _, fl := range filters {
		want := 0
		for _, s := range live {
			if fl.keep(s) {
				want++
			}
		}
		cf := fl.f.compile(snap.categories)
		for _, z := range []float64{0, 1, 2, 3, 5, 9} {
			v := wholeWorld(z)
			cl := snap.clusters(v, &cf, 0)
			if got := sumCounts(cl); got != want {
				t.Errorf("%s, zoom %v: clusters hold %d sites, want %d", fl.name, z, got, want)
			}
			if got := sumCounts(mergeOverlaps(cl, 1)); got != want {
				t.Errorf("%s, zoom %v: merged clusters hold %d sites, want %d", fl.name, z, got, want)
			}
		}
	}
}

// TestPyramidMatchesScan checks that the precomputed cells give the same
// clusters as counting the points.
func TestPyramidMatchesScan(t *testing.T) {
	idx := buildIndex(genSummaries(20000, 4))
	snap := idx.snapshot()
	all := (&Filter{}).compile(snap.categories)
	scan := all
	scan.hideConfid = true // forces the point scan; no site is confidential
	for _, v := range []Viewport{
		NewViewport(orb.Point{128, 42}, 5, 1280, 800),
		NewViewport(orb.Point{129.9, 42.9}, 8.5, 1280, 800),
		NewViewport(orb.Point{179, 0}, 3, 1280, 800), // across the antimeridian
	} {
		a, b := snap.clusters(v, &all, 0), snap.clusters(v, &scan, 0)
		counts := func(cl []cluster) []int {
			var out []int
			for _, c := range cl {
				out = append(out, c.n)
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(counts(a), counts(b)) {
			t.Errorf("%+v: pyramid %d clusters (%d sites), scan %d (%d)", v, len(a), sumCounts(a), len(b), sumCounts(b))
		}
	}
}

func TestNoClusteringWhenZoomedIn(t *testing.T) {
	idx := buildIndex(sampleSites)
	snap := idx.snapshot()
	f := (&Filter{}).compile(snap.categories)
	v := NewViewport(orb.Point{129.845, 42.965}, noClusterZoom, 1280, 800)
	for _, c := range snap.clusters(v, &f, 0) {
		if c.n != 1 {
			t.Errorf("cluster of %d at zoom %v", c.n, v.Zoom)
		}
	}
}
