package gazetteer

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
)

// BenchmarkDecode is the one-off cost of Load: inflating and parsing the
// asset and building the grid.
func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := decode(assets.Gazetteer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch covers the worst prefixes (one to three Latin letters
// match up to a fifth of all keys), whole names in each script and a typo.
func BenchmarkSearch(b *testing.B) {
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	view := orb.Bound{Min: orb.Point{129, 42}, Max: orb.Point{131, 44}}
	for _, q := range []string{"s", "a", "m", "b", "sa", "ch", "ba", "san", "tum", "Tumen", "Yanji", "图们", "延吉", "丹", "옌지", "신의주", "평", "Пхеньян", "Hunchum", "xqzjwv"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				Search(q, Options{Limit: 10})
			}
		})
	}
	b.Run("Tumen_Jilin", func(b *testing.B) { // whole query fails, then name + province
		for b.Loop() {
			Search("Tumen Jilin", Options{Limit: 10})
		}
	})
	b.Run("s_limit100", func(b *testing.B) {
		for b.Loop() {
			Search("s", Options{Limit: 100})
		}
	})
	b.Run("s_view_near", func(b *testing.B) {
		near := orb.Point{129.84, 42.96}
		for b.Loop() {
			Search("s", Options{Limit: 10, View: &view, Near: &near})
		}
	})
}

// BenchmarkNearest looks up points in a dense region, an empty ocean and
// near a pole.
func BenchmarkNearest(b *testing.B) {
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		pt   orb.Point
	}{{"Tumen", orb.Point{129.85, 42.97}}, {"Europe", orb.Point{8.5, 50.1}}, {"Pacific", orb.Point{-140, -30}}, {"Arctic", orb.Point{40, 85}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Nearest(c.pt)
			}
		})
	}
}
