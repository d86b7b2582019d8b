package render

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/mercator"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestNearbySitesSplitByScreenDistance: sites in one cell of the cluster
// grid stayed one cluster however far apart they were drawn (up to 64 px),
// so a new site vanished into its neighbour. Markers now split once they
// are about a marker apart on screen.
func TestNearbySitesSplitByScreenDistance(t *testing.T) {
	// Two sites in one cell of the zoom-12 grid (a level-15 cell, 894 m
	// wide at 43°N), 80% of it apart: 715 m.
	cell := 1 / math.Exp2(15)
	x0 := math.Floor(mercator.X(129.8436)/cell) * cell
	a := orb.Point{mercator.Lon(x0 + 0.1*cell), 42.9672}
	b := orb.Point{mercator.Lon(x0 + 0.9*cell), 42.9672}
	idx := buildIndex([]site.Summary{
		{Row: 1, ID: "a", Name: "Tumen garment factory", Category: "factory", Status: site.StatusReported, Geometry: a},
		{Row: 2, ID: "b", Name: "Tumen dormitory", Category: "dormitory", Status: site.StatusReported, Geometry: b},
	})
	m, err := NewMap(nil, idx, nil)
	if err != nil {
		t.Fatal(err)
	}
	centre := orb.Point{(a[0] + b[0]) / 2, a[1]}
	for _, tt := range []struct {
		zoom    float64
		markers int
	}{
		{9, 1},    // 3 px apart: one cluster
		{10, 1},   // 6 px: overlapping markers
		{12.2, 2}, // 30 px, one grid cell: two markers
		{12.9, 2}, // 49 px, one grid cell
		{14, 2},
		{16, 2},
	} {
		fs := m.layout(NewViewport(centre, tt.zoom, 800, 600), &DrawOptions{})
		if len(fs.clusters) != tt.markers {
			t.Errorf("zoom %v: %d markers for two sites 715 m apart, want %d", tt.zoom, len(fs.clusters), tt.markers)
		}
	}
}
