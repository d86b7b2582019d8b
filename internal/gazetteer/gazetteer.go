// Package gazetteer finds populated places offline: GeoNames' cities500
// (about 200,000 places of 500 people or more, with their names in Latin,
// Han, Hangul, kana and Cyrillic) embedded in the binary as
// assets/gazetteer/cities500.bin.gz, written by cmd/gazbuild.
//
// Search ranks exact names (in any script) before prefixes before one-typo
// Latin names; Nearest finds the place nearest to a position, for filling
// in a site's city, province and country. The asset is decoded on first
// use (Load), so start-up does not pay for it.
//
// Data: GeoNames (https://www.geonames.org), CC BY 4.0.
package gazetteer

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
)

// Place is one populated place.
type Place struct {
	ID         int       // GeoNames id: stable across versions of the data
	Name       string    // the GeoNames name, usually Latin: "Tumen", "Sinŭiju"
	Names      []string  // other names: Han, Hangul, kana, Cyrillic, then Latin
	Matched    string    // the name a Search matched, in the script typed; "" from Nearest
	Province   string    // admin-1 name: "Jilin"; "" when GeoNames has none
	Country    string    // ISO 3166-1 alpha-2: "CN"
	Point      orb.Point // [lon, lat], WGS84
	Population int
	Feature    string // GeoNames feature code: PPL, PPLA (seat of admin-1), PPLC (capital), ...
}

// Label is the one-line form for a result list: the name, the name in a
// second script (the one matched, else the country's own), then province
// and country: "Tumen 图们 · Jilin, CN".
func (p Place) Label() string {
	var b strings.Builder
	b.WriteString(p.Name)
	if o := p.otherName(); o != "" {
		b.WriteString(" ")
		b.WriteString(o)
	}
	b.WriteString(" · ")
	if p.Province != "" {
		b.WriteString(p.Province)
		b.WriteString(", ")
	}
	b.WriteString(p.Country)
	return b.String()
}

// countryScript is the script a country writes its place names in, where
// it is one the gazetteer keeps and differs from Latin.
var countryScript = map[string]Script{
	"CN": Han, "TW": Han, "HK": Han, "MO": Han, "JP": Han,
	"KP": Hangul, "KR": Hangul,
	"RU": Cyrillic, "BY": Cyrillic, "UA": Cyrillic, "KZ": Cyrillic, "KG": Cyrillic,
	"MN": Cyrillic, "BG": Cyrillic, "RS": Cyrillic, "MK": Cyrillic, "TJ": Cyrillic,
}

// otherName picks the second name of Label: the matched name when its
// script differs from Name's, else the first name in the country's
// script; Han and Hangul without spaces and administrative suffix
// (丹东市 -> 丹东, 옌지 시 -> 옌지).
func (p Place) otherName() string {
	ns := ScriptOf(p.Name)
	if p.Matched != "" && p.Matched != p.Name {
		if s := ScriptOf(p.Matched); s != ns && s != Latin {
			return short(p.Matched, s)
		}
	}
	want, ok := countryScript[p.Country]
	if !ok || want == ns {
		return ""
	}
	for _, n := range p.Names {
		if ScriptOf(n) == want {
			return short(n, want)
		}
	}
	return ""
}

func short(n string, s Script) string {
	if s != Han && s != Hangul {
		return n
	}
	n = strings.ReplaceAll(n, " ", "")
	if stem, ok := Stem(n); ok {
		return stem
	}
	return n
}

var (
	loadOnce sync.Once
	loadIx   *index
	loadErr  error
)

// Load decodes the embedded asset on its first call and returns its
// error, if any; Search and Nearest call it themselves. Safe for
// concurrent use. It takes 0.25–0.4 s on two cores and keeps about 33 MB,
// so call it in a goroutine after the first frame to have it ready.
func Load() error {
	_, err := load()
	return err
}

func load() (*index, error) {
	loadOnce.Do(func() { loadIx, loadErr = decode(assets.Gazetteer) })
	return loadIx, loadErr
}

// Len is the number of places in the gazetteer, 0 if it cannot be loaded.
func Len() int {
	ix, err := load()
	if err != nil {
		return 0
	}
	return len(ix.places)
}

// place builds the public Place for index i; key is the index of the key
// a search matched, or -1 for none.
func (ix *index) place(i, key int) Place {
	p := &ix.places[i]
	out := Place{
		ID:         int(p.id),
		Name:       ix.nameOf(i, 0),
		Country:    string(p.cc[:]),
		Point:      orb.Point{float64(p.lon) / unit, float64(p.lat) / unit},
		Population: int(p.pop),
		Feature:    ix.feats[p.feat],
	}
	if p.admin > 0 {
		out.Province = ix.adminName[p.admin-1]
	}
	if n := ix.numNames(i); n > 1 {
		out.Names = make([]string, n-1)
		for j := range out.Names {
			out.Names[j] = ix.nameOf(i, j+1)
		}
	}
	if key >= 0 {
		out.Matched = ix.nameOf(i, int(ix.kname[key]))
	}
	sortByScript(out.Names)
	return out
}

// sortByScript orders names by script (Han, Hangul, kana, Cyrillic,
// Latin), keeping GeoNames' order within a script. An insertion sort: a
// place has a few dozen names at most.
func sortByScript(ns []string) {
	rank := make([]int, len(ns))
	for i, n := range ns {
		rank[i] = scriptOrder[ScriptOf(n)]
	}
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && rank[j] < rank[j-1]; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
			rank[j], rank[j-1] = rank[j-1], rank[j]
		}
	}
}

// keyAt is key i's folded bytes.
func (ix *index) keyAt(i int) string {
	return ix.kdata[ix.keyOff[i]:ix.keyOff[i+1]]
}

// latinKey reports whether a folded query is plain ASCII letters and
// digits, the only keys fuzzy matching is tried on.
func latinKey(q string) bool {
	if q == "" {
		return false
	}
	for i := 0; i < len(q); i++ {
		if q[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
