package render

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestHitTest(t *testing.T) {
	m, err := NewMap(nil, buildIndex(sampleSites), nil)
	if err != nil {
		t.Fatal(err)
	}
	z13 := NewViewport(orb.Point{129.845, 42.965}, 13, 800, 500)
	at := func(v Viewport, p orb.Point, dx, dy float64) (float64, float64) {
		x, y := v.ToPixel(p)
		return x + dx, y + dy
	}
	factory := sampleSites[0].Geometry.(orb.Point)
	zone := orb.Point{130.27, 42.89} // inside the polygon, away from its centre
	z14 := NewViewport(orb.Point{130.295, 42.9}, 14, 800, 500)
	tests := []struct {
		name   string
		v      Viewport
		x, y   float64
		opts   DrawOptions
		kind   HitKind
		row    int64
		minCnt int
	}{
		{"on a marker", z13, 0, 0, DrawOptions{}, HitSite, 1, 1},
		{"near a marker", z13, 0, 0, DrawOptions{}, HitSite, 1, 1},
		{"empty map", z13, 5, 5, DrawOptions{}, HitNone, 0, 0},
		{"filtered out", z13, 0, 0, DrawOptions{Filter: Filter{Categories: []string{"mine"}}}, HitNone, 0, 0},
		{"cluster", NewViewport(orb.Point{129.9, 42.9}, 6, 800, 500), 0, 0, DrawOptions{}, HitCluster, 0, 4},
		{"inside a polygon site", z14, 0, 0, DrawOptions{}, HitSite, 9, 1},
	}
	tests[0].x, tests[0].y = at(z13, factory, 0, 0)
	tests[1].x, tests[1].y = at(z13, factory, markerRadius+2, 0)
	tests[3].x, tests[3].y = at(z13, factory, 0, 0)
	tests[4].x, tests[4].y = at(tests[4].v, factory, 0, 0)
	tests[5].x, tests[5].y = at(z14, zone, 0, 0)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := m.HitTest(tc.v, tc.x, tc.y, tc.opts)
			if h.Kind != tc.kind || h.Row != tc.row || h.Count < tc.minCnt {
				t.Fatalf("HitTest = %+v; want kind %v row %v count >= %v", h, tc.kind, tc.row, tc.minCnt)
			}
			if h.Kind == HitCluster {
				if !h.Bound.Contains(factory) {
					t.Errorf("cluster bound %v does not contain its site %v", h.Bound, factory)
				}
				v := tc.v
				v.FitBound(h.Bound, 40)
				if v.Zoom <= tc.v.Zoom {
					t.Errorf("zooming to the cluster does not zoom in: %v", v.Zoom)
				}
			}
		})
	}
}
