package geoio

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/siteatlas/siteatlas/internal/site"
)

// gpath names a place inside a geometry for messages, such as
// "geometry.coordinates[0][3]". It is built into a string only when there
// is something to say, so that decoding a million points allocates no
// path strings.
type gpath struct {
	base string // "geometry" or "geometry.geometries[2]"
	idx  [3]int32
	n    int8
}

func (p gpath) at(i int) gpath {
	if int(p.n) < len(p.idx) {
		p.idx[p.n] = int32(i)
	}
	p.n++
	return p
}

func (p gpath) String() string {
	var b strings.Builder
	b.WriteString(p.base)
	b.WriteString(".coordinates")
	for k := 0; k < int(p.n) && k < len(p.idx); k++ {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(int(p.idx[k])))
		b.WriteByte(']')
	}
	return b.String()
}

// geomState notes what one feature's positions looked like.
type geomState struct {
	has2D, has3D bool
}

// geometryMember decodes geometry object n. path names it in messages
// ("geometry", "geometry.geometries[2]"). On a problem it sets d.res.err and
// returns false.
func (d *decoder) geometryMember(n *node, path string) (orb.Geometry, bool) {
	d.geom = geomState{}
	g, err := d.geometry(n, path, 0)
	if err != "" {
		code := CodeBadGeometry
		if strings.Contains(err, `no "coordinates"`) {
			code = CodeMissingCoordinates
		}
		d.res.err = d.problem(code, "%s", err)
		return nil, false
	}
	if d.geom.has3D {
		d.res.z = true
		if d.geom.has2D {
			d.warn(CodeMixedDimensions, "%s mixes 2D and 3D positions; Z values dropped", path)
		}
	}
	return g, true
}

// geometry returns the geometry or a message saying what is wrong.
func (d *decoder) geometry(n *node, path string, depth int) (orb.Geometry, string) {
	if n.kind != kObject {
		return nil, fmt.Sprintf("%s must be an object, got %s", path, n.kind)
	}
	if k := d.dupKey(n, "type", "coordinates", "geometries"); k != "" {
		return nil, fmt.Sprintf("%s: member %q appears twice", path, k)
	}
	t := d.p.get(n, "type")
	if t == nil {
		return nil, fmt.Sprintf(`%s has no "type"`, path)
	}
	if t.kind != kString {
		return nil, fmt.Sprintf("%s.type must be a string, got %s", path, t.kind)
	}
	typ := d.p.view(t)
	if typ == "GeometryCollection" {
		gs := d.p.get(n, "geometries")
		if gs == nil || gs.kind == kNull {
			return nil, fmt.Sprintf(`%s is a GeometryCollection with no "geometries"`, path)
		}
		if gs.kind != kArray {
			return nil, fmt.Sprintf("%s.geometries must be an array, got %s", path, gs.kind)
		}
		if depth > 8 {
			return nil, fmt.Sprintf("%s: GeometryCollections nested too deeply", path)
		}
		c := make(orb.Collection, 0, gs.n)
		for i := 0; i < int(gs.n); i++ {
			g, err := d.geometry(d.p.child(gs, i), path+".geometries["+strconv.Itoa(i)+"]", depth+1)
			if err != "" {
				return nil, err
			}
			c = append(c, g)
		}
		return c, ""
	}
	c := d.p.get(n, "coordinates")
	if c == nil || c.kind == kNull {
		switch typ {
		case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
			return nil, fmt.Sprintf(`%s is a %s with no "coordinates"`, path, typ)
		}
		return nil, fmt.Sprintf("%s.type %q is not a GeoJSON geometry type", path, typ)
	}
	cp := gpath{base: path}
	switch typ {
	case "Point":
		return d.position(c, cp)
	case "MultiPoint":
		ps, err := d.positions(c, cp)
		return orb.MultiPoint(ps), err
	case "LineString":
		ps, err := d.positions(c, cp)
		return orb.LineString(ps), err
	case "MultiLineString":
		if err := d.isArray(c, cp); err != "" {
			return nil, err
		}
		m := make(orb.MultiLineString, c.n)
		for i := range m {
			ps, err := d.positions(d.p.child(c, i), cp.at(i))
			if err != "" {
				return nil, err
			}
			m[i] = ps
		}
		return m, ""
	case "Polygon":
		return d.polygon(c, cp)
	case "MultiPolygon":
		if err := d.isArray(c, cp); err != "" {
			return nil, err
		}
		m := make(orb.MultiPolygon, c.n)
		for i := range m {
			p, err := d.polygon(d.p.child(c, i), cp.at(i))
			if err != "" {
				return nil, err
			}
			m[i] = p
		}
		return m, ""
	}
	return nil, fmt.Sprintf("%s.type %q is not a GeoJSON geometry type", path, typ)
}

func (d *decoder) isArray(n *node, path gpath) string {
	if n.kind != kArray {
		return fmt.Sprintf("%s must be an array, got %s", path, n.kind)
	}
	return ""
}

func (d *decoder) polygon(n *node, path gpath) (orb.Polygon, string) {
	if err := d.isArray(n, path); err != "" {
		return nil, err
	}
	p := make(orb.Polygon, n.n)
	for i := range p {
		ps, err := d.positions(d.p.child(n, i), path.at(i))
		if err != "" {
			return nil, err
		}
		p[i] = ps
	}
	return p, ""
}

func (d *decoder) positions(n *node, path gpath) ([]orb.Point, string) {
	if err := d.isArray(n, path); err != "" {
		return nil, err
	}
	ps := make([]orb.Point, n.n)
	for i := range ps {
		c := d.p.child(n, i)
		if c.kind != kArray {
			return nil, fmt.Sprintf("%s[%d] must be a position [longitude, latitude], got %s", path, i, c.kind)
		}
		p, err := d.position(c, path.at(i))
		if err != "" {
			return nil, err
		}
		ps[i] = p
	}
	return ps, ""
}

func (d *decoder) position(n *node, path gpath) (orb.Point, string) {
	if n.kind != kArray {
		return orb.Point{}, fmt.Sprintf("%s must be a position [longitude, latitude], got %s", path, n.kind)
	}
	if n.n < 2 {
		return orb.Point{}, fmt.Sprintf("%s has %d number(s); a position needs longitude and latitude", path, n.n)
	}
	var p orb.Point
	for i := 0; i < int(n.n); i++ {
		c := d.p.child(n, i)
		if c.kind != kNumber {
			return orb.Point{}, fmt.Sprintf("%s[%d] must be a number, got %s", path, i, c.kind)
		}
		if i >= 2 {
			continue // Z (and M): checked to be numbers, then dropped
		}
		f, ok := d.p.float(c)
		if !ok {
			return orb.Point{}, fmt.Sprintf("%s[%d]: number %s is out of range", path, i, quoteRaw(d.p.raw(c)))
		}
		p[i] = f
	}
	if n.n > 2 {
		d.geom.has3D = true
	} else {
		d.geom.has2D = true
	}
	return p, ""
}

// checkGeometry normalises and validates s.Geometry: lines and polygons
// that cross the antimeridian with longitudes beyond ±180 are split at it
// (RFC 7946 section 3.1.9), polygon rings are turned to RFC 7946 winding,
// and anything out of range or malformed becomes a problem.
func (d *decoder) checkGeometry(s *site.Site) bool {
	// Self-intersection is judged on the geometry as written: splitting
	// adds edges along the antimeridian that would look like overlaps.
	crossing := selfIntersection(s.Geometry)
	if g, ok := splitAntimeridian(s.Geometry); ok {
		b := s.Geometry.Bound()
		d.warn(CodeAntimeridian, "geometry crosses the antimeridian with longitudes %s..%s; split at ±180° (RFC 7946 section 3.1.9)",
			formatFloat(b.Min[0]), formatFloat(b.Max[0]))
		s.Geometry = g
	}
	if !geometryOK(s.Geometry) {
		err := site.ValidateGeometry(s.Geometry)
		if err == nil {
			err = fmt.Errorf("invalid")
		}
		code := CodeBadGeometry
		if strings.Contains(err.Error(), "out of range") {
			code = CodeOutOfRange
		}
		d.res.err = d.problem(code, "geometry: %v", err)
		return false
	}
	if fixWinding(s.Geometry) {
		d.warn(CodeWindingOrder, "polygon rings wound the wrong way round; reversed to RFC 7946 order (exterior counterclockwise, holes clockwise)")
	}
	if crossing != "" {
		d.warn(CodeSelfIntersection, "geometry %s intersects itself; kept as is, but areas and centroids may be wrong", crossing)
	}
	return true
}

// geometryOK is a fast allocation-free version of site.ValidateGeometry for
// the common case; the slow one is called only to word the message.
func geometryOK(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return pointOK(g)
	case orb.MultiPoint:
		return pointsOK(g)
	case orb.LineString:
		return len(g) >= 2 && pointsOK(g)
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) < 2 || !pointsOK(l) {
				return false
			}
		}
		return true
	case orb.Polygon:
		return polygonOK(g)
	case orb.MultiPolygon:
		for _, p := range g {
			if !polygonOK(p) {
				return false
			}
		}
		return true
	case orb.Collection:
		for _, c := range g {
			if !geometryOK(c) {
				return false
			}
		}
		return true
	}
	return false
}

func polygonOK(p orb.Polygon) bool {
	if len(p) == 0 {
		return false
	}
	for _, r := range p {
		if len(r) < 4 || r[0] != r[len(r)-1] || !pointsOK(r) {
			return false
		}
	}
	return true
}

func pointsOK(ps []orb.Point) bool {
	for _, p := range ps {
		if !pointOK(p) {
			return false
		}
	}
	return true
}

func pointOK(p orb.Point) bool {
	// NaN fails every comparison, so it is caught here too.
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// splitAntimeridian splits a line or polygon drawn across the antimeridian
// with longitudes beyond ±180 (e.g. 170..190.5) into parts on either side.
// A point, or anything not actually crossing ±180, is left for validation
// to reject: a longitude of 212.5 there is more likely a mistake.
func splitAntimeridian(g orb.Geometry) (orb.Geometry, bool) {
	switch g.(type) {
	case orb.LineString, orb.MultiLineString, orb.Polygon, orb.MultiPolygon:
	default:
		return g, false
	}
	b := g.Bound()
	if b.Min[0] >= -180 && b.Max[0] <= 180 {
		return g, false
	}
	if math.IsNaN(b.Min[0]) || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] < -540 || b.Max[0] > 540 || b.Max[0]-b.Min[0] > 360 {
		return g, false
	}
	if !(b.Min[0] < 180 && b.Max[0] > 180) && !(b.Min[0] < -180 && b.Max[0] > -180) {
		return g, false
	}
	var lines orb.MultiLineString
	var polys orb.MultiPolygon
	for _, shift := range []float64{360, 0, -360} {
		band := orb.Bound{Min: orb.Point{-180 - shift, -90}, Max: orb.Point{180 - shift, 90}}
		part := clip.Geometry(band, orb.Clone(g))
		switch part := part.(type) {
		case orb.MultiLineString:
			for _, l := range part {
				lines = append(lines, orb.LineString(shifted(l, shift)))
			}
		case orb.LineString:
			lines = append(lines, orb.LineString(shifted(part, shift)))
		case orb.Polygon:
			polys = appendPolygon(polys, part, shift)
		case orb.MultiPolygon:
			for _, p := range part {
				polys = appendPolygon(polys, p, shift)
			}
		}
	}
	if len(polys) > 0 {
		if len(polys) == 1 {
			return polys[0], true
		}
		return polys, true
	}
	if len(lines) == 1 {
		return lines[0], true
	}
	return lines, len(lines) > 0
}

func appendPolygon(mp orb.MultiPolygon, p orb.Polygon, shift float64) orb.MultiPolygon {
	var out orb.Polygon
	for _, r := range p {
		r = orb.Ring(shifted(r, shift))
		if len(r) > 0 && r[0] != r[len(r)-1] {
			r = append(r, r[0])
		}
		if len(r) >= 4 {
			out = append(out, r)
		} else if len(out) == 0 {
			return mp // the exterior vanished in this band
		}
	}
	if len(out) == 0 {
		return mp
	}
	return append(mp, out)
}

func shifted(ps []orb.Point, shift float64) []orb.Point {
	for i := range ps {
		ps[i][0] += shift
		// Clipping can leave 180.00000000000003 after the shift.
		ps[i][0] = math.Max(-180, math.Min(180, ps[i][0]))
	}
	return ps
}

// fixWinding reverses rings that break RFC 7946's right-hand rule and
// reports whether it changed any.
func fixWinding(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return fixPolygon(g)
	case orb.MultiPolygon:
		changed := false
		for _, p := range g {
			changed = fixPolygon(p) || changed
		}
		return changed
	case orb.Collection:
		changed := false
		for _, c := range g {
			changed = fixWinding(c) || changed
		}
		return changed
	}
	return false
}

func fixPolygon(p orb.Polygon) bool {
	changed := false
	for i, r := range p {
		want := orb.CCW
		if i > 0 {
			want = orb.CW
		}
		if o := r.Orientation(); o != 0 && o != want {
			r.Reverse()
			changed = true
		}
	}
	return changed
}
