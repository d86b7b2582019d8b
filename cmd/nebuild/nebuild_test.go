package main

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// TestOutsideTilesTheWorld checks that the parts of a polygon outside the
// East Asia box, plus the part inside it, add up to the whole: the 50m and
// 10m shapes then meet at the box edge with no gap or overlap.
func TestOutsideTilesTheWorld(t *testing.T) {
	// A rectangle around the whole box, and one across its south-west corner.
	for _, r := range []orb.Ring{
		{{60, 0}, {165, 0}, {165, 70}, {60, 70}, {60, 0}},
		{{65, 5}, {75, 5}, {75, 15}, {65, 15}, {65, 5}},
	} {
		whole := planar.Area(orb.Polygon{r})
		out := outside(orb.Polygon{r.Clone()})
		b := r.Bound()
		inside := math.Max(0, math.Min(b.Max[0], eastAsia.Max[0])-math.Max(b.Min[0], eastAsia.Min[0])) *
			math.Max(0, math.Min(b.Max[1], eastAsia.Max[1])-math.Max(b.Min[1], eastAsia.Min[1]))
		if got := planar.Area(out) + inside; math.Abs(got-whole) > 1e-9 {
			t.Errorf("outside %v: area %v + inside %v, want %v", r, planar.Area(out), inside, whole)
		}
	}
	far := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	if got := outside(far); !orb.Equal(got, far) {
		t.Errorf("polygon outside the box changed: %v", got)
	}
	if got := outside(orb.Polygon{{{100, 20}, {101, 20}, {101, 21}, {100, 20}}}); got != nil {
		t.Errorf("polygon inside the box left %v", got)
	}
}

func TestFixPlace(t *testing.T) {
	tests := []struct {
		in       basemap.Feature
		adm0     string
		name, zh string
		ko       string
	}{
		{basemap.Feature{Name: "Tumen", NameZH: "图们"}, "CHN", "Tumen", "图们", "투먼"},
		{basemap.Feature{Name: "Mudangiang", NameZH: "牡丹江"}, "CHN", "Mudanjiang", "牡丹江", "무단장"},
		{basemap.Feature{Name: "Seoul", NameKO: "서울특별시"}, "KOR", "Seoul", "", "서울"},
		{basemap.Feature{Name: "Bose", NameZH: "白城", NameKO: "바이청시"}, "CHN", "Bose", "百色", "바이써"},
		{basemap.Feature{Name: "Baicheng", NameKO: "바이청시"}, "CHN", "Baicheng", "", "바이청"},
		{basemap.Feature{Name: "X", NameKO: "가시"}, "XXX", "X", "", "가시"}, // too short to be a suffix
		{basemap.Feature{Name: "Bắc Kạn", NameZH: "北𣴓"}, "VNM", "Bắc Kạn", "", ""},
	}
	for _, tt := range tests {
		f := tt.in
		fixPlace(&f, tt.adm0)
		if f.Name != tt.name || f.NameZH != tt.zh || f.NameKO != tt.ko {
			t.Errorf("fixPlace(%s) = %q %q %q, want %q %q %q", tt.in.Name, f.Name, f.NameZH, f.NameKO, tt.name, tt.zh, tt.ko)
		}
	}
}
