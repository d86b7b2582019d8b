package sitegen

import "github.com/paulmach/orb"

// Probe is a named box or search on generated sites. The store's, the
// renderer's and the window's benchmarks ask the same ones, so that their
// figures compare.
type Probe struct {
	Name string
	Box  orb.Bound // a box probe
	Text string    // a search probe
}

// BoxProbes go from a street to a county around the densest city
// (Hunchun), a town (Dandong) and a sparse place (Ulaanbaatar).
var BoxProbes = []Probe{
	{Name: "street", Box: orb.Bound{Min: orb.Point{130.36, 42.86}, Max: orb.Point{130.37, 42.87}}},
	{Name: "town", Box: orb.Bound{Min: orb.Point{124.37, 40.11}, Max: orb.Point{124.41, 40.14}}},
	{Name: "sparse", Box: orb.Bound{Min: orb.Point{106.5, 47.5}, Max: orb.Point{107.5, 48.5}}},
	{Name: "county", Box: orb.Bound{Min: orb.Point{129.8, 42.6}, Max: orb.Point{130.6, 43.2}}},
}

// SearchProbes are what people type: Latin words as prefixes, Chinese and
// Korean as substrings, selective and broad.
var SearchProbes = []Probe{
	{Name: "latin-selective", Text: "Hunchun wig 17"},
	{Name: "latin-prefix", Text: "sanct"},
	{Name: "latin-broad", Text: "Tumen"},
	{Name: "han", Text: "珲春假发"},
	{Name: "han-2chars", Text: "图们"},
	{Name: "hangul", Text: "훈춘 가발"},
	{Name: "operator-han", Text: "延边华宇"},
}
