package main

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// eastAsia is the box the 10m "eastasia" layers are clipped to (data README).
var eastAsia = orb.Bound{Min: orb.Point{70, 10}, Max: orb.Point{155, 60}}

// outsideEastAsia tiles the rest of the world with four boxes, so that
// 50m geometry clipped to them fits the 10m geometry inside eastAsia edge
// to edge.
var outsideEastAsia = []orb.Bound{
	{Min: orb.Point{-180, -90}, Max: orb.Point{70, 90}},
	{Min: orb.Point{155, -90}, Max: orb.Point{180, 90}},
	{Min: orb.Point{70, 60}, Max: orb.Point{155, 90}},
	{Min: orb.Point{70, -90}, Max: orb.Point{155, 10}},
}

// crossesEastAsia reports whether b reaches inside the East Asia box.
func crossesEastAsia(b orb.Bound) bool {
	return b.Max[0] > eastAsia.Min[0] && b.Min[0] < eastAsia.Max[0] &&
		b.Max[1] > eastAsia.Min[1] && b.Min[1] < eastAsia.Max[1]
}

// outside returns the parts of g outside the East Asia box: g itself when it
// does not reach inside, nil when nothing is left. Polygons come back as a
// MultiPolygon and lines as a MultiLineString.
func outside(g orb.Geometry) orb.Geometry {
	if !crossesEastAsia(g.Bound()) {
		return g
	}
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		var mp orb.MultiPolygon
		for _, box := range outsideEastAsia {
			// clip works in place, so each box gets its own copy.
			switch c := clip.Geometry(box, orb.Clone(g)).(type) {
			case orb.Polygon:
				mp = append(mp, c)
			case orb.MultiPolygon:
				mp = append(mp, c...)
			}
		}
		if len(mp) == 0 {
			return nil
		}
		return mp
	case orb.LineString, orb.MultiLineString:
		var ml orb.MultiLineString
		for _, box := range outsideEastAsia {
			switch c := clip.Geometry(box, orb.Clone(g)).(type) {
			case orb.LineString:
				ml = append(ml, c)
			case orb.MultiLineString:
				ml = append(ml, c...)
			}
		}
		if len(ml) == 0 {
			return nil
		}
		return ml
	}
	return g
}

// polygons returns g's polygons.
func polygons(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// withOutside returns the 50m features with their East Asia parts cut away.
// Features left with nothing are dropped.
func withOutside(fs []basemap.Feature) []basemap.Feature {
	var out []basemap.Feature
	for _, f := range fs {
		if f.Geometry = outside(f.Geometry); f.Geometry != nil {
			out = append(out, f)
		}
	}
	return out
}

// mergeLand joins the 10m East Asia land with the 50m land outside the box.
// The pieces that meet at the box edge go into one feature, because the
// renderer fills a feature as one path: two features that abut would show a
// hairline seam where their anti-aliased edges meet.
func mergeLand(land10, land50 []basemap.Feature) []basemap.Feature {
	joined := basemap.Feature{Class: basemap.Land}
	var out []basemap.Feature
	for _, f := range land10 {
		joined.Geometry = append(polygons(joined.Geometry), polygons(f.Geometry)...)
	}
	for _, f := range land50 {
		if !crossesEastAsia(f.Geometry.Bound()) {
			out = append(out, f)
			continue
		}
		if g := outside(f.Geometry); g != nil {
			joined.Geometry = append(polygons(joined.Geometry), polygons(g)...)
		}
	}
	return append(out, joined)
}

// mergeCountries gives each country in the 10m East Asia layer its 10m
// shape inside the box and its 50m shape outside, in one MultiPolygon (so no
// seam at the box edge). Countries without 10m data keep their 50m shape.
func mergeCountries(c10 []basemap.Feature, k10 []string, c50 []basemap.Feature, k50 []string) []basemap.Feature {
	fine := map[string]basemap.Feature{}
	for i, f := range c10 {
		fine[k10[i]] = f
	}
	var out []basemap.Feature
	for i, f := range c50 {
		f10, ok := fine[k50[i]]
		if !ok {
			out = append(out, f)
			continue
		}
		delete(fine, k50[i])
		mp := polygons(f10.Geometry)
		if g := outside(f.Geometry); g != nil {
			mp = append(mp, polygons(g)...)
		}
		f10.Geometry = mp
		out = append(out, f10)
	}
	for i, f := range c10 { // 10m-only countries (small islands, disputed reefs)
		if _, ok := fine[k10[i]]; ok {
			out = append(out, f)
		}
	}
	return out
}
