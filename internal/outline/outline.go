// Package outline edits site geometries vertex by vertex for the map's
// outline editor: handles to draw (Vertices, Midpoints), what is under the
// cursor (Nearest, Snap), edits (Move, Insert, Remove, holes and parts) and
// what is wrong with a drawing (Validate).
//
// Every edit returns a new geometry and never changes its input, because
// undo keeps the old one. Results share the rings an edit did not touch
// with the input, so treat geometries as immutable values. Rings come out
// closed (the last point repeats the first) whether or not they went in
// closed; a ring's closing copy is never a handle of its own.
//
// Positions are orb [lon, lat]. Validate works in the plane of longitude
// and latitude, which for outlines of sites (not spanning the
// antimeridian) decides crossings and containment the same way the
// sphere would.
package outline

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// Vertex names one vertex: Part is the polygon of a MultiPolygon, the line
// of a MultiLineString or the point of a MultiPoint's (0 otherwise); Ring
// is the ring of a polygon (0 the shell, 1.. the holes; 0 for lines);
// Index is the position in the ring or line, counting a ring's corners
// once (its closing copy has no index of its own).
type Vertex struct {
	Part, Ring, Index int
}

func (v Vertex) String() string {
	return fmt.Sprintf("vertex %d of ring %d of part %d", v.Index, v.Ring, v.Part)
}

// NoVertex is what Nearest returns when there is no vertex at all.
var NoVertex = Vertex{-1, -1, -1}

// Handle is a vertex with its position, to draw and to hit-test.
type Handle struct {
	Vertex
	Point orb.Point
}

// Midpoint is the handle in the middle of a segment: clicking it inserts
// a vertex after After (Insert(g, m.After, p)).
type Midpoint struct {
	After Vertex
	Point orb.Point
}

// Errors an edit can fail with; the *Error that wraps them says which
// vertex, ring or part and why. Test with errors.Is.
var (
	ErrUnsupported   = errors.New("geometry cannot be edited this way")
	ErrNoSuchVertex  = errors.New("no such vertex")
	ErrNoSuchRing    = errors.New("no such ring")
	ErrNoSuchPart    = errors.New("no such part")
	ErrTooFew        = errors.New("too few vertices")
	ErrLastPart      = errors.New("cannot remove the only part")
	ErrShellNotHole  = errors.New("the outer ring is not a hole")
	ErrBadCoordinate = errors.New("coordinate is not a number")
)

// Error is a refused edit: Op ("remove vertex"), where, the kind (one of
// the Err values, for errors.Is) and the reason in words for the user.
type Error struct {
	Op     string
	Where  string // "vertex 2 of ring 0 of part 0", "hole 3 of part 1"
	Kind   error
	Reason string
}

func (e *Error) Error() string {
	s := e.Op
	if e.Where != "" {
		s += " " + e.Where
	}
	return s + ": " + e.Reason
}

func (e *Error) Unwrap() error { return e.Kind }

// path is one editable sequence of a geometry: a ring's corners (without
// its closing copy) or a line's or points' positions.
type path struct {
	pts    []orb.Point
	closed bool
}

// corners is a ring's vertices without its closing copy; an unclosed ring
// (as some files have) is all corners.
func corners(r []orb.Point) []orb.Point {
	if n := len(r); n > 1 && r[0] == r[n-1] {
		return r[:n-1]
	}
	return r
}

// closeRing copies corners into a new ring that repeats its first point.
func closeRing(c []orb.Point) orb.Ring {
	out := make(orb.Ring, len(c)+1)
	copy(out, c)
	if len(c) > 0 {
		out[len(c)] = c[0]
	}
	return out
}

// paths lists g's editable sequences as [part][ring].
func paths(g orb.Geometry) ([][]path, error) {
	switch g := g.(type) {
	case orb.Point:
		return [][]path{{{pts: []orb.Point{g}}}}, nil
	case orb.MultiPoint:
		return [][]path{{{pts: g}}}, nil
	case orb.LineString:
		return [][]path{{{pts: g}}}, nil
	case orb.MultiLineString:
		out := make([][]path, len(g))
		for i, l := range g {
			out[i] = []path{{pts: l}}
		}
		return out, nil
	case orb.Polygon:
		return [][]path{polyPaths(g)}, nil
	case orb.MultiPolygon:
		out := make([][]path, len(g))
		for i, p := range g {
			out[i] = polyPaths(p)
		}
		return out, nil
	}
	return nil, &Error{Op: "edit", Kind: ErrUnsupported, Reason: fmt.Sprintf("%T has no vertices to edit", g)}
}

func polyPaths(p orb.Polygon) []path {
	out := make([]path, len(p))
	for i, r := range p {
		out[i] = path{pts: corners(r), closed: true}
	}
	return out
}

// lookup finds the sequence v is on and checks v.Index is on it.
func lookup(op string, g orb.Geometry, v Vertex) (path, error) {
	ps, err := paths(g)
	if err != nil {
		err.(*Error).Op = op
		return path{}, err
	}
	if v.Part < 0 || v.Part >= len(ps) {
		return path{}, &Error{Op: op, Where: v.String(), Kind: ErrNoSuchVertex,
			Reason: fmt.Sprintf("the geometry has %d part(s)", len(ps))}
	}
	if v.Ring < 0 || v.Ring >= len(ps[v.Part]) {
		return path{}, &Error{Op: op, Where: v.String(), Kind: ErrNoSuchVertex,
			Reason: fmt.Sprintf("part %d has %d ring(s)", v.Part, len(ps[v.Part]))}
	}
	p := ps[v.Part][v.Ring]
	if v.Index < 0 || v.Index >= len(p.pts) {
		return path{}, &Error{Op: op, Where: v.String(), Kind: ErrNoSuchVertex,
			Reason: fmt.Sprintf("the ring or line has %d vertices", len(p.pts))}
	}
	return p, nil
}

// replace returns g with the sequence at (part, ring) replaced by pts (a
// ring's corners, closed here), copying only the slices on the way to it.
// pts must be the caller's own new slice: a ring is closed by appending
// to it, in place when it has room.
func replace(g orb.Geometry, part, ring int, pts []orb.Point) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return pts[0]
	case orb.MultiPoint:
		return orb.MultiPoint(pts)
	case orb.LineString:
		return orb.LineString(pts)
	case orb.MultiLineString:
		out := append(orb.MultiLineString(nil), g...)
		out[part] = pts
		return out
	case orb.Polygon:
		return replaceRing(g, ring, pts)
	case orb.MultiPolygon:
		out := append(orb.MultiPolygon(nil), g...)
		out[part] = replaceRing(g[part], ring, pts)
		return out
	}
	return g
}

func replaceRing(p orb.Polygon, ring int, c []orb.Point) orb.Polygon {
	out := append(orb.Polygon(nil), p...)
	r := orb.Ring(c)
	if len(c) > 0 {
		r = append(r, c[0])
	}
	out[ring] = r
	return out
}

// Vertices lists every vertex of g as a handle, parts then rings then
// positions; a ring's closing copy is not listed. Points and MultiPoints
// have handles too (a point site is dragged like a corner).
func Vertices(g orb.Geometry) []Handle {
	ps, err := paths(g)
	if err != nil {
		return nil
	}
	n := 0
	for _, rs := range ps {
		for _, r := range rs {
			n += len(r.pts)
		}
	}
	out := make([]Handle, 0, n)
	for pi, rs := range ps {
		for ri, r := range rs {
			for i, p := range r.pts {
				out = append(out, Handle{Vertex{pi, ri, i}, p})
			}
		}
	}
	return out
}

// Midpoints lists the middle of every segment of lines and rings (a
// ring's closing segment included): the handles that insert a vertex.
// Points have none.
func Midpoints(g orb.Geometry) []Midpoint {
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		return nil
	}
	ps, err := paths(g)
	if err != nil {
		return nil
	}
	n := 0
	for _, rs := range ps {
		for _, r := range rs {
			n += len(r.pts)
		}
	}
	out := make([]Midpoint, 0, n)
	for pi, rs := range ps {
		for ri, r := range rs {
			n := len(r.pts)
			segs := n - 1
			if r.closed && n > 2 {
				segs = n
			}
			for i := 0; i < segs; i++ {
				a, b := r.pts[i], r.pts[(i+1)%n]
				out = append(out, Midpoint{Vertex{pi, ri, i}, orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}})
			}
		}
	}
	return out
}
