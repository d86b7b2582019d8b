package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// source reads Natural Earth GeoJSON layers from one directory and remembers
// every name it sees, so the font subset can cover them (see -chars).
type source struct {
	dir   string
	cache map[string][]*geojson.Feature
	runes map[rune]bool
}

func newSource(dir string) *source {
	return &source{dir: dir, cache: map[string][]*geojson.Feature{}, runes: map[rune]bool{}}
}

// layer returns the features of ne_<name>.geojson.
func (s *source) layer(name string) []*geojson.Feature {
	if fs, ok := s.cache[name]; ok {
		return fs
	}
	path := filepath.Join(s.dir, "ne_"+name+".geojson")
	data, err := os.ReadFile(path)
	if err != nil {
		fatalf("%v", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		fatalf("%s: %v", path, err)
	}
	for _, f := range fc.Features {
		// NAME_ZHT and NAME_JA are not embedded, but the font covers them
		// so a later label choice (traditional script for Taiwan and Hong
		// Kong, say) needs no new subset.
		for _, k := range []string{"NAME", "NAME_ZH", "NAME_ZHT", "NAME_KO", "NAME_JA"} {
			s.note(str(f.Properties, k))
		}
	}
	s.cache[name] = fc.Features
	return fc.Features
}

// note records the characters of s for the font subset.
func (s *source) note(text string) {
	for _, r := range text {
		s.runes[r] = true
	}
}

// str returns property k as a string; null and Natural Earth's "-99" mean "".
// Invisible format characters (a stray U+200E in one name) are removed, and
// the line breaks NE puts in some 110m lake names ("Lake\rBaikal") become
// spaces: the renderer decides where labels wrap.
func str(p geojson.Properties, k string) string {
	switch v := p[k].(type) {
	case string:
		if v == "-99" {
			return ""
		}
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Cf, r) {
				return -1
			}
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, v))
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}

// num returns property k as a number, 0 when null.
func num(p geojson.Properties, k string) float64 {
	if v, ok := p[k].(float64); ok && !math.IsNaN(v) {
		return v
	}
	return 0
}

// base builds a feature with the fields every layer has.
func base(c basemap.Class, f *geojson.Feature) basemap.Feature {
	p := f.Properties
	return basemap.Feature{
		Class:    c,
		Geometry: f.Geometry,
		MinZoom:  float32(num(p, "MIN_ZOOM")),
		Rank:     int(num(p, "SCALERANK")),
	}
}

// plain converts a layer whose features need no names (land, ocean, urban,
// admin-1 lines).
func (s *source) plain(c basemap.Class, layer string) []basemap.Feature {
	var out []basemap.Feature
	for _, f := range s.layer(layer) {
		out = append(out, base(c, f))
	}
	return out
}

// water converts lakes or rivers, with CJK names where the layer has them
// and otherwise from waterNames or, by NAME, from the 50m layer given.
func (s *source) water(c basemap.Class, layer, namesFrom string) []basemap.Feature {
	borrowed := map[string][2]string{}
	if namesFrom != "" {
		for _, f := range s.layer(namesFrom) {
			if n := str(f.Properties, "NAME"); n != "" {
				borrowed[n] = [2]string{str(f.Properties, "NAME_ZH"), str(f.Properties, "NAME_KO")}
			}
		}
	}
	var out []basemap.Feature
	for _, f := range s.layer(layer) {
		b := base(c, f)
		p := f.Properties
		b.Name, b.NameZH, b.NameKO = str(p, "NAME"), str(p, "NAME_ZH"), str(p, "NAME_KO")
		if b.NameZH == "" && b.NameKO == "" {
			if n, ok := waterNames[b.Name]; ok {
				b.NameZH, b.NameKO = n[0], n[1]
			} else if n, ok := borrowed[b.Name]; ok {
				b.NameZH, b.NameKO = n[0], n[1]
			}
		}
		out = append(out, b)
	}
	return out
}

// borders converts boundary lines. Only "International boundary" lines are
// Border; disputed lines, lines of control, indefinite frontiers and lease
// or overlay limits are BorderDisputed so they can be drawn dashed.
func (s *source) borders(layer string) []basemap.Feature {
	var out []basemap.Feature
	for _, f := range s.layer(layer) {
		c := basemap.BorderDisputed
		if strings.HasPrefix(str(f.Properties, "FEATURECLA"), "International boundary") {
			c = basemap.Border
		}
		b := base(c, f)
		b.Name = str(f.Properties, "NAME")
		out = append(out, b)
	}
	return out
}

// countries converts admin-0 polygons, keyed by ADM0_A3 for the 10m merge.
func (s *source) countries(layer string) ([]basemap.Feature, []string) {
	var out []basemap.Feature
	var keys []string
	for _, f := range s.layer(layer) {
		p := f.Properties
		b := base(basemap.Country, f)
		b.Rank = int(num(p, "LABELRANK"))
		b.Name, b.NameZH, b.NameKO = str(p, "NAME"), str(p, "NAME_ZH"), str(p, "NAME_KO")
		a3 := str(p, "ADM0_A3")
		if n, ok := countryNames[a3]; ok {
			b.NameZH, b.NameKO = n[0], n[1]
			s.note(n[0] + n[1])
		}
		b.ISO = str(p, "ISO_A2_EH") // ISO_A2 is -99 for France, Norway, ...
		b.MapColor = uint8(num(p, "MAPCOLOR7"))
		b.LabelAt[0], b.LabelAt[1] = num(p, "LABEL_X"), num(p, "LABEL_Y")
		out = append(out, b)
		keys = append(keys, a3)
	}
	return out, keys
}

// admin1Labels turns province polygons into label points: the polygons are
// 1.6 MB of GeoJSON that would only repeat what the admin-1 lines and
// country polygons already draw.
func (s *source) admin1Labels(layer string) []basemap.Feature {
	var out []basemap.Feature
	for _, f := range s.layer(layer) {
		p := f.Properties
		b := base(basemap.Admin1, f)
		b.Rank = int(num(p, "LABELRANK"))
		b.Name, b.NameZH, b.NameKO = str(p, "NAME"), str(p, "NAME_ZH"), str(p, "NAME_KO")
		b.ISO = str(p, "ISO_3166_2")
		b.LabelAt[0], b.LabelAt[1] = num(p, "LONGITUDE"), num(p, "LATITUDE")
		if b.LabelAt[0] == 0 && b.LabelAt[1] == 0 {
			b.LabelAt = f.Geometry.Bound().Center()
		}
		b.Geometry = b.LabelAt
		out = append(out, b)
	}
	return out
}

// places converts populated places, applying the fixes and additions in
// places.go.
func (s *source) places(layer string) []basemap.Feature {
	var out []basemap.Feature
	for _, f := range s.layer(layer) {
		p := f.Properties
		b := base(basemap.Place, f)
		b.Name, b.NameZH, b.NameKO = str(p, "NAME"), str(p, "NAME_ZH"), str(p, "NAME_KO")
		if b.NameZH == "" {
			b.NameZH = str(p, "NAME_ZHT")
		}
		b.ISO = str(p, "ISO_A2")
		b.Pop = int(num(p, "POP_MAX"))
		b.Capital = num(p, "ADM0CAP") >= 1
		fixPlace(&b, str(p, "ADM0_A3"))
		s.note(b.Name + b.NameZH + b.NameKO)
		if pt, ok := b.Geometry.(orb.Point); ok {
			b.LabelAt = pt
		}
		out = append(out, b)
	}
	return out
}
