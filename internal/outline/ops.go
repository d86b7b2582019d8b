package outline

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Least distinct positions a ring and a line need to still be one.
const (
	minRing = 3
	minLine = 2
)

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}

func badPoint(op, where string, p orb.Point) error {
	return &Error{Op: op, Where: where, Kind: ErrBadCoordinate, Reason: fmt.Sprintf("position %v is not a finite longitude and latitude", p)}
}

// Move returns g with vertex v at p. Moving a ring's first vertex moves its
// closing copy too, so the ring stays closed.
func Move(g orb.Geometry, v Vertex, p orb.Point) (orb.Geometry, error) {
	const op = "move"
	if !finite(p) {
		return nil, badPoint(op, v.String(), p)
	}
	r, err := lookup(op, g, v)
	if err != nil {
		return nil, err
	}
	out := make([]orb.Point, len(r.pts), len(r.pts)+1) // +1: room to close a ring in place
	copy(out, r.pts)
	out[v.Index] = p
	return replace(g, v.Part, v.Ring, out), nil
}

// Insert returns g with p inserted after vertex after: on the segment
// from after to the next vertex (a ring's last corner is followed by its
// first). after.Index -1 inserts before the first vertex, to extend a
// line at its start; the last index extends it at its end.
func Insert(g orb.Geometry, after Vertex, p orb.Point) (orb.Geometry, error) {
	const op = "insert vertex"
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		return nil, &Error{Op: op, Kind: ErrUnsupported, Reason: "a point has no segments to insert into"}
	}
	if !finite(p) {
		return nil, badPoint(op, "after "+after.String(), p)
	}
	probe := after
	if probe.Index == -1 {
		probe.Index = 0
	}
	r, err := lookup(op, g, probe)
	if err != nil {
		err.(*Error).Where = "after " + after.String()
		return nil, err
	}
	at := after.Index + 1
	out := make([]orb.Point, 0, len(r.pts)+2)
	out = append(out, r.pts[:at]...)
	out = append(out, p)
	out = append(out, r.pts[at:]...)
	return replace(g, after.Part, after.Ring, out), nil
}

// Remove returns g without vertex v. It refuses to leave a ring with fewer
// than 3 distinct positions or a line with fewer than 2: remove the hole
// or part instead.
func Remove(g orb.Geometry, v Vertex) (orb.Geometry, error) {
	const op = "remove"
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		return nil, &Error{Op: op, Where: v.String(), Kind: ErrUnsupported, Reason: "a point site is deleted, not its vertex"}
	}
	r, err := lookup(op, g, v)
	if err != nil {
		return nil, err
	}
	out := make([]orb.Point, 0, len(r.pts)-1)
	out = append(out, r.pts[:v.Index]...)
	out = append(out, r.pts[v.Index+1:]...)
	need, what := minLine, "a line needs at least 2 distinct vertices"
	if r.closed {
		need, what = minRing, "a ring needs at least 3 distinct corners"
		if v.Ring > 0 {
			what += " (remove the hole instead)"
		} else {
			what += " (delete the part or the site instead)"
		}
	}
	if d := distinct(out, need); d < need {
		return nil, &Error{Op: op, Where: v.String(), Kind: ErrTooFew,
			Reason: fmt.Sprintf("%s and would be left with %d", what, d)}
	}
	return replace(g, v.Part, v.Ring, out), nil
}

// distinct counts pts' distinct positions, stopping at enough: a
// 10,000-vertex ring is not hashed to learn it has more than 3.
func distinct(pts []orb.Point, enough int) int {
	var seen []orb.Point
	for _, p := range pts {
		dup := false
		for _, s := range seen {
			if s == p {
				dup = true
				break
			}
		}
		if !dup {
			seen = append(seen, p)
			if len(seen) >= enough {
				break
			}
		}
	}
	return len(seen)
}

// polygonPart finds the polygon a hole or part edit is on.
func polygonPart(op string, g orb.Geometry, part int) (orb.Polygon, error) {
	switch g := g.(type) {
	case orb.Polygon:
		if part != 0 {
			return nil, &Error{Op: op, Where: fmt.Sprintf("part %d", part), Kind: ErrNoSuchPart, Reason: "a polygon has only part 0"}
		}
		return g, nil
	case orb.MultiPolygon:
		if part < 0 || part >= len(g) {
			return nil, &Error{Op: op, Where: fmt.Sprintf("part %d", part), Kind: ErrNoSuchPart,
				Reason: fmt.Sprintf("the multipolygon has %d part(s)", len(g))}
		}
		return g[part], nil
	}
	return nil, &Error{Op: op, Kind: ErrUnsupported, Reason: fmt.Sprintf("only a polygon or multipolygon has holes, not a %T", g)}
}

// checkRing refuses a new ring (a hole or a part's shell) that is not one.
func checkRing(op, where string, ring []orb.Point) error {
	for i, p := range ring {
		if !finite(p) {
			return badPoint(op, fmt.Sprintf("%s, vertex %d", where, i), p)
		}
	}
	if d := distinct(ring, minRing); d < minRing {
		return &Error{Op: op, Where: where, Kind: ErrTooFew,
			Reason: fmt.Sprintf("a ring needs at least 3 distinct corners, this one has %d", d)}
	}
	return nil
}

// AddHole returns g with ring cut out of part as a new hole (the last
// ring of that polygon). The hole is closed and wound against its shell,
// as RFC 7946 has holes clockwise when shells are anticlockwise. Whether
// it lies inside the shell is Validate's to say, not a refusal: a
// researcher may draw roughly first.
func AddHole(g orb.Geometry, part int, ring orb.Ring) (orb.Geometry, error) {
	const op = "add hole"
	p, err := polygonPart(op, g, part)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, &Error{Op: op, Where: fmt.Sprintf("part %d", part), Kind: ErrNoSuchRing, Reason: "the polygon has no outer ring to cut a hole in"}
	}
	c := corners(ring)
	if err := checkRing(op, fmt.Sprintf("part %d", part), c); err != nil {
		return nil, err
	}
	hole := closeRing(c)
	if (signedArea(corners(p[0])) > 0) == (signedArea(c) > 0) {
		hole.Reverse()
	}
	np := make(orb.Polygon, len(p), len(p)+1)
	copy(np, p)
	np = append(np, hole)
	return setPart(g, part, np), nil
}

// RemoveHole returns g without hole ring (1 or more) of part.
func RemoveHole(g orb.Geometry, part, ring int) (orb.Geometry, error) {
	const op = "remove hole"
	p, err := polygonPart(op, g, part)
	if err != nil {
		return nil, err
	}
	where := fmt.Sprintf("ring %d of part %d", ring, part)
	if ring == 0 {
		return nil, &Error{Op: op, Where: where, Kind: ErrShellNotHole, Reason: "ring 0 is the outline itself; remove the part instead"}
	}
	if ring < 0 || ring >= len(p) {
		return nil, &Error{Op: op, Where: where, Kind: ErrNoSuchRing, Reason: fmt.Sprintf("part %d has %d hole(s)", part, max(0, len(p)-1))}
	}
	np := make(orb.Polygon, 0, len(p)-1)
	np = append(np, p[:ring]...)
	np = append(np, p[ring+1:]...)
	return setPart(g, part, np), nil
}

func setPart(g orb.Geometry, part int, p orb.Polygon) orb.Geometry {
	if mp, ok := g.(orb.MultiPolygon); ok {
		out := append(orb.MultiPolygon(nil), mp...)
		out[part] = p
		return out
	}
	return p
}

// AddPart returns g with another part: a Polygon or MultiPolygon gains a
// polygon (a Polygon becomes a MultiPolygon), a LineString or
// MultiLineString a line. The new part is the last; its rings are closed.
func AddPart(g orb.Geometry, part orb.Geometry) (orb.Geometry, error) {
	const op = "add part"
	switch g := g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		var np orb.Polygon
		switch p := part.(type) {
		case orb.Polygon:
			np = p
		case orb.Ring:
			np = orb.Polygon{p}
		default:
			return nil, &Error{Op: op, Kind: ErrUnsupported, Reason: fmt.Sprintf("a polygon's new part must be a polygon, not a %T", part)}
		}
		if len(np) == 0 {
			return nil, &Error{Op: op, Kind: ErrTooFew, Reason: "the new part has no rings"}
		}
		closed := make(orb.Polygon, len(np))
		for i, r := range np {
			c := corners(r)
			if err := checkRing(op, fmt.Sprintf("new part, ring %d", i), c); err != nil {
				return nil, err
			}
			closed[i] = closeRing(c)
		}
		if p, ok := g.(orb.Polygon); ok {
			return orb.MultiPolygon{p, closed}, nil
		}
		mp := g.(orb.MultiPolygon)
		out := make(orb.MultiPolygon, len(mp), len(mp)+1)
		copy(out, mp)
		return append(out, closed), nil
	case orb.LineString, orb.MultiLineString:
		l, ok := part.(orb.LineString)
		if !ok {
			return nil, &Error{Op: op, Kind: ErrUnsupported, Reason: fmt.Sprintf("a line's new part must be a line, not a %T", part)}
		}
		for i, p := range l {
			if !finite(p) {
				return nil, badPoint(op, fmt.Sprintf("new line, vertex %d", i), p)
			}
		}
		if d := distinct(l, minLine); d < minLine {
			return nil, &Error{Op: op, Kind: ErrTooFew, Reason: fmt.Sprintf("a line needs at least 2 distinct vertices, this one has %d", d)}
		}
		nl := append(orb.LineString(nil), l...)
		if ls, ok := g.(orb.LineString); ok {
			return orb.MultiLineString{ls, nl}, nil
		}
		ml := g.(orb.MultiLineString)
		out := make(orb.MultiLineString, len(ml), len(ml)+1)
		copy(out, ml)
		return append(out, nl), nil
	}
	return nil, &Error{Op: op, Kind: ErrUnsupported, Reason: fmt.Sprintf("a %T has no parts to add to", g)}
}

// RemovePart returns g without part; a MultiPolygon (MultiLineString)
// left with one part becomes a Polygon (LineString). The only part cannot
// be removed: that is deleting the site.
func RemovePart(g orb.Geometry, part int) (orb.Geometry, error) {
	const op = "remove part"
	where := fmt.Sprintf("part %d", part)
	last := &Error{Op: op, Where: where, Kind: ErrLastPart, Reason: "it is the only part; delete the site instead"}
	switch g := g.(type) {
	case orb.Polygon, orb.LineString:
		if part != 0 {
			return nil, &Error{Op: op, Where: where, Kind: ErrNoSuchPart, Reason: fmt.Sprintf("a %T has only part 0", g)}
		}
		return nil, last
	case orb.MultiPolygon:
		if part < 0 || part >= len(g) {
			return nil, &Error{Op: op, Where: where, Kind: ErrNoSuchPart, Reason: fmt.Sprintf("the multipolygon has %d part(s)", len(g))}
		}
		switch len(g) {
		case 1:
			return nil, last
		case 2:
			return g[1-part], nil
		}
		out := make(orb.MultiPolygon, 0, len(g)-1)
		out = append(out, g[:part]...)
		return append(out, g[part+1:]...), nil
	case orb.MultiLineString:
		if part < 0 || part >= len(g) {
			return nil, &Error{Op: op, Where: where, Kind: ErrNoSuchPart, Reason: fmt.Sprintf("the multilinestring has %d part(s)", len(g))}
		}
		switch len(g) {
		case 1:
			return nil, last
		case 2:
			return g[1-part], nil
		}
		out := make(orb.MultiLineString, 0, len(g)-1)
		out = append(out, g[:part]...)
		return append(out, g[part+1:]...), nil
	}
	return nil, &Error{Op: op, Where: where, Kind: ErrUnsupported, Reason: fmt.Sprintf("a %T has no parts", g)}
}

// signedArea is twice the planar signed area of corners in degrees²:
// positive when anticlockwise.
func signedArea(c []orb.Point) float64 {
	s := 0.0
	for i := range c {
		a, b := c[i], c[(i+1)%len(c)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	return s
}
