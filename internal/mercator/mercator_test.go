package mercator

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestAgreesWithOrb checks the projection against orb's maptile, which
// QGIS-style tile maths is usually checked with, at places researchers use.
func TestAgreesWithOrb(t *testing.T) {
	for _, p := range []orb.Point{
		{129.8428, 42.9712}, {130.3650, 42.8680}, {121.55, 29.87}, {0, 0},
		{-179.99, -84.9}, {179.99, 84.9}, {-74.0060, 40.7128},
	} {
		const z = 20
		tile := maptile.At(p, z)
		x, y := X(p[0])*(1<<z), Y(p[1])*(1<<z)
		if uint32(x) != tile.X || uint32(y) != tile.Y {
			t.Errorf("%v: tile %d/%d, orb says %d/%d", p, uint32(x), uint32(y), tile.X, tile.Y)
		}
		if lon, lat := Lon(X(p[0])), Lat(Y(p[1])); math.Abs(lon-p[0]) > 1e-9 || math.Abs(lat-p[1]) > 1e-9 {
			t.Errorf("%v: round trip gives %v, %v", p, lon, lat)
		}
	}
}

func TestClamp(t *testing.T) {
	if math.Abs(Y(90)) > 1e-12 || math.Abs(Y(-90)-1) > 1e-12 {
		t.Errorf("poles: %v %v, want 0 and 1", Y(90), Y(-90))
	}
	if math.Abs(Lat(0)-MaxLat) > 1e-9 || math.Abs(Lat(1)+MaxLat) > 1e-9 {
		t.Errorf("edges: %v %v", Lat(0), Lat(1))
	}
}
