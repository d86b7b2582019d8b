package basemap

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// roundTrip encodes lvl at scale and decodes it again.
func roundTrip(t *testing.T, lvl *Level, scale int) *Level {
	t.Helper()
	var buf bytes.Buffer
	if _, err := EncodeLevel(&buf, lvl, scale); err != nil {
		t.Fatalf("EncodeLevel: %v", err)
	}
	got, err := DecodeLevel(buf.Bytes())
	if err != nil {
		t.Fatalf("DecodeLevel: %v", err)
	}
	return got
}

// near reports whether a and b have the same shape and every coordinate
// within tol degrees.
func near(a, b orb.Geometry, tol float64) bool {
	pa, pb := points(a), points(b)
	if len(pa) != len(pb) || reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > tol || math.Abs(pa[i][1]-pb[i][1]) > tol {
			return false
		}
	}
	return true
}

// points flattens a geometry's points in order.
func points(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.LineString:
		out = append(out, g...)
	case orb.MultiLineString:
		for _, l := range g {
			out = append(out, l...)
		}
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, points(p)...)
		}
	}
	return out
}

func TestCodecRoundTrip(t *testing.T) {
	square := orb.Ring{{129.5, 42.5}, {130.5, 42.5}, {130.5, 43.5}, {129.5, 43.5}, {129.5, 42.5}}
	hole := orb.Ring{{129.9, 42.9}, {129.9, 43.1}, {130.1, 43.1}, {130.1, 42.9}, {129.9, 42.9}}
	west := orb.Ring{{-179.99999, -16.1}, {-179.8, -16.1}, {-179.8, -16.0}, {-179.99999, -16.1}}
	tests := []struct {
		name  string
		scale int
		f     Feature
	}{
		{"place", 100_000, Feature{Class: Place, Geometry: orb.Point{129.82008, 42.97}, Name: "Tumen", NameZH: "图们", NameKO: "투먼",
			ISO: "CN", Rank: 6, Pop: 99721, MinZoom: 6, LabelAt: orb.Point{129.82008, 42.97}}},
		{"capital", 100_000, Feature{Class: Place, Geometry: orb.Point{-0.1275, 51.50722}, Name: "London", Capital: true, Rank: -1}},
		{"line", 100_000, Feature{Class: River, Geometry: orb.LineString{{129.0, 42.4}, {129.51276, 42.8823}, {130.69, 42.29}}, Name: "Tumen", MinZoom: 7.1}},
		{"multiline", 10_000, Feature{Class: Border, Geometry: orb.MultiLineString{{{0, 0}, {1, 1}}, {{-5.12345, 3}, {-6, 4}, {-7, 3}}}}},
		{"polygon with hole", 100_000, Feature{Class: Lake, Geometry: orb.Polygon{square, hole}}},
		{"multipolygon", 1_000, Feature{Class: Country, Geometry: orb.MultiPolygon{{square}, {west}}, MapColor: 4,
			Name: "Fiji", NameZH: "斐济", NameKO: "피지", ISO: "FJ", LabelAt: orb.Point{177.975427, -17.826099}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lvl := &Level{Name: "test", MinZoom: 3, MaxZoom: 6, Features: []Feature{tt.f}}
			got := roundTrip(t, lvl, tt.scale)
			if got.Name != "test" || got.MinZoom != 3 || got.MaxZoom != 6 || len(got.Features) != 1 {
				t.Fatalf("level %+v", got)
			}
			g := got.Features[0]
			tol := 0.5/float64(tt.scale) + 1e-12 // rounding to the nearest unit
			if !near(g.Geometry, tt.f.Geometry, tol) {
				t.Errorf("geometry %v, want %v within %g", g.Geometry, tt.f.Geometry, tol)
			}
			if !near(g.LabelAt, tt.f.LabelAt, tol) {
				t.Errorf("LabelAt %v, want %v", g.LabelAt, tt.f.LabelAt)
			}
			if want := tt.f.Geometry.Bound(); !near(g.Bound.Min, want.Min, tol) || !near(g.Bound.Max, want.Max, tol) {
				t.Errorf("Bound %v, want %v", g.Bound, want)
			}
			// Everything but the geometry comes back exactly.
			g.Geometry, g.Bound, g.LabelAt = nil, orb.Bound{}, orb.Point{}
			want := tt.f
			want.Geometry, want.Bound, want.LabelAt = nil, orb.Bound{}, orb.Point{}
			if !reflect.DeepEqual(g, want) {
				t.Errorf("got %+v\nwant %+v", g, want)
			}
		})
	}
}

// TestCodecDropsCollapsed checks that rounding which collapses a ring, a
// line or a whole feature leaves no degenerate parts behind.
func TestCodecDropsCollapsed(t *testing.T) {
	tiny := orb.Ring{{10, 10}, {10.0001, 10}, {10.0001, 10.0001}, {10, 10}}
	big := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	lvl := &Level{Features: []Feature{
		{Class: Lake, Geometry: orb.Polygon{tiny}},                     // gone entirely
		{Class: Land, Geometry: orb.MultiPolygon{{tiny}, {big, tiny}}}, // keeps big only
		{Class: River, Geometry: orb.MultiLineString{{{5, 5}, {5.0001, 5}}, {{0, 0}, {2, 2}, {2, 2}}}},
	}}
	got := roundTrip(t, lvl, 1000)
	if len(got.Features) != 2 {
		t.Fatalf("%d features, want 2", len(got.Features))
	}
	if mp := got.Features[0].Geometry.(orb.MultiPolygon); len(mp) != 1 || len(mp[0]) != 1 || len(mp[0][0]) != 5 {
		t.Errorf("land %v, want the big square only", mp)
	}
	if ml := got.Features[1].Geometry.(orb.MultiLineString); len(ml) != 1 || len(ml[0]) != 2 {
		t.Errorf("river %v, want one line of 2 points", ml)
	}
}

// TestDecodeCorrupt checks that truncated or damaged data gives an error,
// not a panic.
func TestDecodeCorrupt(t *testing.T) {
	lvl := &Level{Name: "x", Features: []Feature{
		{Class: Country, Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, Name: "A"},
		{Class: Place, Geometry: orb.Point{3, 4}, Name: "B"},
	}}
	var buf bytes.Buffer
	if _, err := EncodeLevel(&buf, lvl, 100); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for n := range len(data) {
		if _, err := DecodeLevel(data[:n]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	bad := bytes.Clone(data)
	bad[0] = 'X'
	if _, err := DecodeLevel(bad); !errors.Is(err, errCorrupt) {
		t.Errorf("bad magic: %v", err)
	}
}
