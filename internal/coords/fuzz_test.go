package coords

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

var seeds = []string{
	"42.97, 129.84", "129.84E 42.97N", "N42.97 E129.84", "-33.86 151.21", "42,97 129,84", "40, 50",
	`42°57'30"N, 129°50'0"E`, "42 57 30 N 129 50 00 E", "42d57m30sN 129d50m0sE", "42°57.5′N 129°50.25′E",
	"10 20 30 40", "lat 42.97 lon 129.84", "geo:42.97,129.84;u=35",
	"52T 568500 4757826", "52 N 568500 4757826", "52S 651000 3758000", "zone 52T 568500mE 4757826mN",
	"52TEN6850057825", "52T EN 68500 57825", "4QFJ12", "32XMH1234512345",
	"8QJFXRCR+22", "XRCR+22", "+2VX", "8QJF0000+", "CFX3X2X2+X2", "hello", "95, 200", "42 61 129 50",
}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	ref := orb.Point{129.84, 42.97}
	f.Fuzz(func(t *testing.T, s string) {
		for _, near := range []bool{false, true} {
			var rs []Reading
			var err error
			if near {
				rs, err = ParseNear(s, ref)
			} else {
				rs, err = Parse(s)
			}
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("Parse(%q): empty error", s)
				}
				if len(rs) != 0 {
					t.Fatalf("Parse(%q): readings and an error", s)
				}
				continue
			}
			if len(rs) == 0 {
				t.Fatalf("Parse(%q): no readings and no error", s)
			}
			for _, r := range rs {
				lat, lon := r.Point.Lat(), r.Point.Lon()
				if math.IsNaN(lat) || math.IsNaN(lon) || !inRange(lat, 90) || !inRange(lon, 180) {
					t.Fatalf("Parse(%q) = %v: out of range", s, r.Point)
				}
				if r.Text == "" || r.Notation.String() == "" {
					t.Fatalf("Parse(%q) = %+v: no text", s, r)
				}
				for _, n := range Notations {
					Format(r.Point, n) // must not panic
				}
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _ = Parse(seeds[i%len(seeds)])
	}
}

func BenchmarkFormat(b *testing.B) {
	p := orb.Point{129.84, 42.97}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Format(p, Notations[i%len(Notations)])
	}
}
