package places

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestFind(t *testing.T) {
	tests := []struct {
		text      string
		wantPlace string // first place's name
		wantAt    orb.Point
		province  string
	}{
		{"图们", "Tumen", orb.Point{129.84, 42.97}, "Jilin"},
		{"옌지", "Yanji", orb.Point{129.51, 42.91}, "Jilin"},
		{"Dandong", "Dandong", orb.Point{124.39, 40.13}, "Liaoning"},
		{"신의주", "Sinŭiju", orb.Point{124.40, 40.10}, ""},
	}
	for _, tt := range tests {
		r := Find(tt.text, Options{})
		if len(r.Places) == 0 {
			t.Errorf("%q finds no place", tt.text)
			continue
		}
		p := r.Places[0]
		if p.Name != tt.wantPlace || math.Abs(p.Point[0]-tt.wantAt[0]) > 0.05 || math.Abs(p.Point[1]-tt.wantAt[1]) > 0.05 {
			t.Errorf("%q finds %s at %v, want %s at %v", tt.text, p.Name, p.Point, tt.wantPlace, tt.wantAt)
		}
		if tt.province != "" && p.Province != tt.province {
			t.Errorf("%q: province %q, want %q", tt.text, p.Province, tt.province)
		}
		if len(r.Positions) != 0 || r.PositionErr != nil {
			t.Errorf("%q read as a position: %v %v", tt.text, r.Positions, r.PositionErr)
		}
	}
	r := Find("42°57′N 129°50′E", Options{})
	if len(r.Positions) != 1 || math.Abs(r.Positions[0].Point[1]-42.95) > 1e-9 || math.Abs(r.Positions[0].Point[0]-(129+50.0/60)) > 1e-9 || len(r.Places) != 0 {
		t.Errorf("a DMS position finds %+v", r)
	}
	if r := Find("42.97, 190", Options{}); r.PositionErr == nil || len(r.Positions) != 0 {
		t.Errorf("an out-of-range position says %+v", r)
	}
	if r := Find("Tumen", Options{}); r.PositionErr != nil {
		t.Errorf("a name is reported as a bad position: %v", r.PositionErr)
	}
}

func TestFillAddress(t *testing.T) {
	s := site.Site{Geometry: orb.Point{129.8436, 42.9672}}
	filled := FillAddress(&s)
	if s.City != "Tumen" || s.Province != "Jilin" || s.Country != "CN" || len(filled) != 3 {
		t.Errorf("a site in Tumen is filled with %q, %q, %q (%v)", s.City, s.Province, s.Country, filled)
	}
	typed := site.Site{Geometry: orb.Point{129.8436, 42.9672}, City: "Tumen North", Province: ""}
	FillAddress(&typed)
	if typed.City != "Tumen North" || typed.Province != "" || typed.Country != "CN" {
		t.Errorf("filling overwrote what was typed or mixed cities: %q, %q, %q", typed.City, typed.Province, typed.Country)
	}
	sea := site.Site{Geometry: orb.Point{-140, 0}}
	if f := FillAddress(&sea); len(f) != 0 {
		t.Errorf("a site in the Pacific got %v", f)
	}
	border := site.Site{Geometry: orb.Point{129.8436, 42.9672}, Country: "KP"}
	if f := FillAddress(&border); len(f) != 0 {
		t.Errorf("a site typed as North Korean got a Chinese city: %v", f)
	}
}

func BenchmarkFind(b *testing.B) {
	Find("Tumen", Options{}) // load
	for b.Loop() {
		Find("Tum", Options{})
	}
}

// TestShortPlusCodeWithPlace: a short Plus code with the town it is near,
// as Google Maps writes them.
func TestShortPlusCodeWithPlace(t *testing.T) {
	r := Find("XRCR+22 Tumen", Options{})
	if len(r.Positions) != 1 || math.Abs(r.Positions[0].Point[1]-42.97) > 0.01 || math.Abs(r.Positions[0].Point[0]-129.84) > 0.01 {
		t.Errorf("XRCR+22 Tumen reads %+v", r)
	}
	if r := Find("XRCR+22 Xyzzyq", Options{}); r.PositionErr == nil || !strings.Contains(r.PositionErr.Error(), "no place called") {
		t.Errorf("a short code near no known place: %+v", r)
	}
}
