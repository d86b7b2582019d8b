package geoio

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// geometry reads a geometry element. Problems with the geometry go in
// k.pm.geomErr; the returned *Problem is for malformed XML only.
func (k *kmlScanner) geometry(t xml.StartElement, depth int) (orb.Geometry, *Problem) {
	pm := &k.pm
	bad := func(code, format string, args ...any) {
		if pm.geomErr == "" {
			pm.geomErr, pm.geomCode = fmt.Sprintf(format, args...), code
		}
	}
	coords := func(what string) ([]orb.Point, *Problem) {
		var ps []orb.Point
		p := k.children(func(c xml.StartElement) *Problem {
			if c.Name.Local != "coordinates" {
				return k.skip()
			}
			b, p := k.readBytes()
			if p != nil {
				return p
			}
			var z bool
			var err string
			ps, z, err = parseKMLCoords(b)
			pm.z = pm.z || z
			if err != "" {
				bad(CodeBadGeometry, "%s coordinates: %s", what, err)
			}
			return nil
		})
		return ps, p
	}
	switch t.Name.Local {
	case "Point":
		ps, p := coords("Point")
		switch {
		case p != nil:
			return nil, p
		case len(ps) == 0:
			bad(CodeMissingCoordinates, "Point has no coordinates")
			return nil, nil
		case len(ps) > 1:
			bad(CodeBadGeometry, "Point has %d positions; a point has one", len(ps))
			return nil, nil
		}
		return ps[0], nil
	case "LineString", "LinearRing":
		// A lone LinearRing is drawn as an outline, not an area.
		ps, p := coords(t.Name.Local)
		if p == nil && len(ps) == 0 {
			bad(CodeMissingCoordinates, "%s has no coordinates", t.Name.Local)
		}
		return orb.LineString(ps), p
	case "Polygon":
		var poly orb.Polygon
		outer := false
		p := k.children(func(c xml.StartElement) *Problem {
			isOuter := c.Name.Local == "outerBoundaryIs"
			if !isOuter && c.Name.Local != "innerBoundaryIs" {
				return k.skip()
			}
			return k.children(func(r xml.StartElement) *Problem {
				if r.Name.Local != "LinearRing" {
					return k.skip()
				}
				ps, p := coords("Polygon")
				if p == nil && len(ps) == 0 {
					bad(CodeMissingCoordinates, "Polygon has a LinearRing with no coordinates")
				}
				if isOuter {
					if outer {
						bad(CodeBadGeometry, "Polygon has more than one outerBoundaryIs")
					}
					outer = true
					poly = append([]orb.Ring{ps}, poly...)
				} else {
					poly = append(poly, ps)
				}
				return p
			})
		})
		if p == nil && !outer {
			bad(CodeMissingCoordinates, "Polygon has no outerBoundaryIs")
		}
		return poly, p
	case "MultiGeometry":
		if depth >= kmlMaxDepth {
			bad(CodeBadGeometry, "MultiGeometry nested too deeply")
			return nil, k.skip()
		}
		var parts []orb.Geometry
		p := k.children(func(c xml.StartElement) *Problem {
			switch c.Name.Local {
			case "Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack", "Model":
				g, p := k.geometry(c, depth+1)
				if g != nil {
					parts = append(parts, g)
				}
				return p
			}
			return k.skip()
		})
		return multiGeometry(parts), p
	}
	// Track, MultiTrack (Google's extensions), Model
	what := t.Name.Local
	if what != "Model" {
		what = "gx:" + what
	}
	pm.skipped = append(pm.skipped, what)
	return nil, k.skip()
}

// multiGeometry makes the GeoJSON geometry a MultiGeometry stands for: a
// Multi* when its parts are all of one simple kind, else a collection.
// (So a GeometryCollection of points only reads back as a MultiPoint.)
func multiGeometry(parts []orb.Geometry) orb.Geometry {
	if len(parts) == 0 {
		return nil
	}
	var mp orb.MultiPoint
	var ml orb.MultiLineString
	var mpoly orb.MultiPolygon
	for _, g := range parts {
		switch g := g.(type) {
		case orb.Point:
			mp = append(mp, g)
		case orb.LineString:
			ml = append(ml, g)
		case orb.Polygon:
			mpoly = append(mpoly, g)
		}
	}
	switch len(parts) {
	case len(mp):
		return mp
	case len(ml):
		return ml
	case len(mpoly):
		return mpoly
	}
	return orb.Collection(parts)
}

// parseKMLCoords parses "lon,lat[,alt]" tuples separated by whitespace. A
// space after a comma ("129.8, 42.9"), which hand-edited files have, is
// taken as part of the tuple.
func parseKMLCoords(b []byte) (ps []orb.Point, z bool, err string) {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	i := 0
	var tuple [4]float64
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return ps, z, ""
		}
		n := 0
		for {
			j := i
			for j < len(b) && !isSpace(b[j]) && b[j] != ',' {
				j++
			}
			tok := b[i:j]
			if len(tok) == 0 {
				return nil, z, fmt.Sprintf("position %d has an empty number", len(ps)+1)
			}
			f, ok := parseCoordNumber(tok)
			if !ok {
				return nil, z, fmt.Sprintf("%.40q is not a number (position %d)", tok, len(ps)+1)
			}
			if n < len(tuple) {
				tuple[n] = f
			}
			n++
			i = j
			k := i
			for k < len(b) && isSpace(b[k]) {
				k++
			}
			if k < len(b) && b[k] == ',' {
				i = k + 1
				for i < len(b) && isSpace(b[i]) {
					i++
				}
				continue
			}
			break
		}
		if n < 2 || n > 3 {
			return nil, z, fmt.Sprintf("position %d has %d number(s); expected longitude,latitude[,altitude]", len(ps)+1, n)
		}
		z = z || n == 3
		ps = append(ps, orb.Point{tuple[0], tuple[1]})
	}
}

// parseCoordNumber parses a finite decimal number; strconv alone would
// also take "NaN", "inf" and hexadecimal.
func parseCoordNumber(tok []byte) (float64, bool) {
	for _, c := range tok {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// looksLikeKML: after an XML declaration, comments and whitespace, the
// root element is <kml> (possibly prefixed, <kml:kml>).
func looksLikeKML(body []byte) bool {
	for {
		body = bytes.TrimLeft(body, " \t\r\n")
		var end string
		switch {
		case bytes.HasPrefix(body, []byte("<?")):
			end = "?>"
		case bytes.HasPrefix(body, []byte("<!--")):
			end = "-->"
		case bytes.HasPrefix(body, []byte("<!DOCTYPE")):
			end = ">"
		default:
			for _, root := range []string{"<kml", "<kml:kml"} {
				if rest, ok := bytes.CutPrefix(body, []byte(root)); ok && (len(rest) == 0 || strings.IndexByte(" \t\r\n>/", rest[0]) >= 0) {
					return true
				}
			}
			return false
		}
		i := bytes.Index(body, []byte(end))
		if i < 0 {
			return false
		}
		body = body[i+len(end):]
	}
}
