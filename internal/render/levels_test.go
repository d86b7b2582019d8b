package render

import "testing"

// TestWorldLevel checks which basemap level each zoom draws: the 1:50m
// level from zoom 3.5 (half a level later than the data says, for speed),
// the 1:10m level from zoom 6, and that places and shapes agree.
func TestWorldLevel(t *testing.T) {
	world := testWorld(t)
	m, err := NewMap(world, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		z    float64
		want string
	}{
		{0, "110m"}, {2.9, "110m"}, {3, "110m"}, {3.49, "110m"}, {3.5, "50m"}, {5.99, "50m"}, {6, "10m"}, {14, "10m"}, {20, "10m"},
	} {
		if got := m.worldLevel(tc.z).Name; got != tc.want {
			t.Errorf("zoom %v draws level %s, want %s", tc.z, got, tc.want)
		}
		pl := m.level(tc.z)
		if pl == nil || len(pl.feats) == 0 || pl.feats[0].f == nil {
			t.Fatalf("zoom %v: no projected level", tc.z)
		}
	}
}
