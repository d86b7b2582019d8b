package outline

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Kind is what is wrong in a Problem.
type Kind int

const (
	// SelfIntersection: two segments of one ring cross or touch, or a ring
	// doubles back along itself.
	SelfIntersection Kind = iota
	// HoleOutside: a hole crosses its shell or lies outside it.
	HoleOutside
	// HolesOverlap: two holes of a polygon cross, or one lies in the other.
	HolesOverlap
	// PartsOverlap: segments of two parts of a multipolygon cross.
	PartsOverlap
	// TooFewVertices: a ring with fewer than 3 distinct corners, a line
	// with fewer than 2 distinct vertices, or a polygon with no ring.
	TooFewVertices
	// BadCoordinate: a position that is NaN or infinite.
	BadCoordinate
)

var kindNames = [...]string{"self-intersection", "hole outside its shell", "holes overlap", "parts overlap", "too few vertices", "bad coordinate"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Problem is one thing wrong with a geometry, with where it is so the map
// can draw it red: Part and Ring, and for crossings the segment (Segment,
// from vertex Segment to the next) and the other ring's segment.
type Problem struct {
	Kind                 Kind
	Part, Ring           int
	Segment              int // -1 when the problem is not one segment's
	OtherPart, OtherRing int // the other ring of a crossing or containment; -1 if none
	OtherSegment         int // -1 when none
	At                   orb.Point
	Message              string
}

func (p Problem) String() string { return p.Message }

// maxProblems bounds what Validate reports: a scribble with thousands of
// crossings needs a red mark, not a list of a million pairs.
const maxProblems = 100

// Validate lists what is wrong with g: rings that cross themselves, holes
// outside their shell or overlapping each other, parts of a multipolygon
// crossing, too few vertices, non-finite coordinates. Lines may cross
// themselves (a road loops) and are checked only for vertex counts. A
// valid geometry has no problems. Crossings are found by a sweep over
// segments sorted along the outline's longer axis: about n log n for
// drawn outlines, 10,000 vertices in a few milliseconds.
func Validate(g orb.Geometry) []Problem {
	v := validator{}
	switch g := g.(type) {
	case orb.LineString:
		v.line(0, g)
	case orb.MultiLineString:
		for i, l := range g {
			v.line(i, l)
		}
	case orb.Polygon:
		v.polygons([]orb.Polygon{g})
	case orb.MultiPolygon:
		v.polygons(g)
	case orb.Point:
		v.points(0, []orb.Point{g})
	case orb.MultiPoint:
		v.points(0, g)
	}
	return v.out
}

type validator struct {
	out []Problem
	// selfAt keeps one report per place a ring meets itself: a ring
	// pinched at a corner meets there in four segment pairs.
	selfAt map[selfKey]bool
	keep   []int // scratch for a ring's corners less repeats
}

type selfKey struct {
	part, ring int
	at         orb.Point
}

func (v *validator) add(p Problem) bool {
	if len(v.out) >= maxProblems {
		return false
	}
	v.out = append(v.out, p)
	return true
}

func where(part, ring int) string {
	if ring == 0 {
		return fmt.Sprintf("part %d, outline", part)
	}
	return fmt.Sprintf("part %d, hole %d", part, ring)
}

// finiteAll reports a non-finite coordinate of pts, and whether all are finite.
func (v *validator) finiteAll(part, ring int, pts []orb.Point, what string) bool {
	for i, p := range pts {
		if !finite(p) {
			v.add(Problem{Kind: BadCoordinate, Part: part, Ring: ring, Segment: i, OtherPart: -1, OtherRing: -1, OtherSegment: -1,
				Message: fmt.Sprintf("%s: vertex %d is not a finite position (%v)", what, i, p)})
			return false
		}
	}
	return true
}

func (v *validator) points(part int, pts []orb.Point) {
	v.finiteAll(part, 0, pts, "point")
}

func (v *validator) line(part int, l orb.LineString) {
	what := fmt.Sprintf("part %d, line", part)
	if !v.finiteAll(part, 0, l, what) {
		return
	}
	if d := distinct(l, minLine); d < minLine {
		v.add(Problem{Kind: TooFewVertices, Part: part, Segment: -1, OtherPart: -1, OtherRing: -1, OtherSegment: -1, At: first(l),
			Message: fmt.Sprintf("%s has %d distinct vertices; a line needs 2", what, d)})
	}
}

func first(pts []orb.Point) orb.Point {
	if len(pts) == 0 {
		return orb.Point{}
	}
	return pts[0]
}

// seg is one segment of a ring, with the ring's number of segments so
// adjacency (sharing a corner) can be told.
type seg struct {
	a, b       orb.Point
	lo, hi     float64 // extent along the sweep axis
	part, ring int
	idx, n     int // segment idx of n in its ring (ring corners deduplicated)
	orig       int // the segment's index in the ring as given
}

func (v *validator) polygons(ps []orb.Polygon) {
	n := 0
	for _, p := range ps {
		for _, r := range p {
			n += len(r)
		}
	}
	segs := make([]seg, 0, n)
	var rings []ringRef
	var box orb.Bound
	boxSet := false
	for pi, p := range ps {
		if len(p) == 0 {
			v.add(Problem{Kind: TooFewVertices, Part: pi, Segment: -1, OtherPart: -1, OtherRing: -1, OtherSegment: -1,
				Message: fmt.Sprintf("part %d has no outline", pi)})
			continue
		}
		for ri, r := range p {
			c := corners(r)
			if !v.finiteAll(pi, ri, c, where(pi, ri)) {
				continue
			}
			// Repeated consecutive positions are not crossings: drop them,
			// remembering each kept corner's index as given.
			keep := v.keep[:0]
			for i := range c {
				if len(keep) == 0 || c[i] != c[keep[len(keep)-1]] {
					keep = append(keep, i)
				}
			}
			if len(keep) > 1 && c[keep[0]] == c[keep[len(keep)-1]] {
				keep = keep[:len(keep)-1]
			}
			if d := distinct(c, minRing); d < minRing {
				v.add(Problem{Kind: TooFewVertices, Part: pi, Ring: ri, Segment: -1, OtherPart: -1, OtherRing: -1, OtherSegment: -1, At: first(c),
					Message: fmt.Sprintf("%s has %d distinct corners; a ring needs 3", where(pi, ri), d)})
				continue
			}
			rings = append(rings, ringRef{pi, ri, c})
			for k, i := range keep {
				a, b := c[i], c[keep[(k+1)%len(keep)]]
				segs = append(segs, seg{a: a, b: b, part: pi, ring: ri, idx: k, n: len(keep), orig: i})
				if !boxSet {
					box, boxSet = orb.Bound{Min: a, Max: a}, true
				}
				box = box.Extend(a)
			}
			v.keep = keep
		}
	}
	axis := 0
	if box.Max[1]-box.Min[1] > box.Max[0]-box.Min[0] {
		axis = 1
	}
	crossed := map[[4]int]bool{} // ring pairs already found crossing
	v.sweep(segs, axis, crossed)

	// Containment, for rings that do not cross: each hole inside its
	// shell, no hole inside another.
	shells := map[int][]orb.Point{}
	for _, r := range rings {
		if r.ring == 0 {
			shells[r.part] = r.c
		}
	}
	for i, h := range rings {
		if h.ring == 0 {
			continue
		}
		shell := shells[h.part]
		if shell != nil && !crossed[[4]int{h.part, 0, h.part, h.ring}] {
			if pt, ok := interiorTest(h.c, shell); ok && !pt {
				v.add(Problem{Kind: HoleOutside, Part: h.part, Ring: h.ring, Segment: -1, OtherPart: h.part, OtherRing: 0, OtherSegment: -1, At: h.c[0],
					Message: fmt.Sprintf("%s lies outside its outline", where(h.part, h.ring))})
			}
		}
		for _, o := range rings[i+1:] {
			if o.part != h.part || o.ring == 0 || crossed[[4]int{h.part, h.ring, o.part, o.ring}] || !boundOf(h.c).Intersects(boundOf(o.c)) {
				continue
			}
			in1, ok1 := interiorTest(h.c, o.c)
			in2, ok2 := interiorTest(o.c, h.c)
			if (ok1 && in1) || (ok2 && in2) {
				v.add(Problem{Kind: HolesOverlap, Part: h.part, Ring: h.ring, Segment: -1, OtherPart: o.part, OtherRing: o.ring, OtherSegment: -1, At: h.c[0],
					Message: fmt.Sprintf("%s and hole %d overlap: one lies inside the other", where(h.part, h.ring), o.ring)})
			}
		}
	}
}

type ringRef struct {
	part, ring int
	c          []orb.Point
}

func boundOf(c []orb.Point) orb.Bound {
	b := orb.Bound{Min: c[0], Max: c[0]}
	for _, p := range c[1:] {
		b = b.Extend(p)
	}
	return b
}

// sweep finds intersecting segment pairs: segments sorted by their start
// along axis, each tested against those still open (whose extent reaches
// it) and whose extent across the axis overlaps.
func (v *validator) sweep(segs []seg, axis int, crossed map[[4]int]bool) {
	other := 1 - axis
	// Sort small keys rather than the segments themselves: moving 16
	// bytes instead of 90 halves Validate's time on a big outline.
	type key struct {
		lo float64
		i  int32
	}
	order := make([]key, len(segs))
	for i := range segs {
		s := &segs[i]
		s.lo, s.hi = min(s.a[axis], s.b[axis]), max(s.a[axis], s.b[axis])
		order[i] = key{s.lo, int32(i)}
	}
	slices.SortFunc(order, func(x, y key) int { return cmp.Compare(x.lo, y.lo) })
	var active []int32
	for _, k := range order {
		s := &segs[k.i]
		keep := active[:0]
		for _, j := range active {
			if segs[j].hi >= s.lo {
				keep = append(keep, j)
			}
		}
		active = keep
		slo, shi := min(s.a[other], s.b[other]), max(s.a[other], s.b[other])
		for _, j := range active {
			t := &segs[j]
			if max(t.a[other], t.b[other]) < slo || min(t.a[other], t.b[other]) > shi {
				continue
			}
			if !v.pair(s, t, crossed) {
				return
			}
		}
		active = append(active, k.i)
	}
}

// pair classifies two segments that may meet; false once enough problems
// are reported.
func (v *validator) pair(s, t *seg, crossed map[[4]int]bool) bool {
	if t.part < s.part || (t.part == s.part && (t.ring < s.ring || (t.ring == s.ring && t.idx < s.idx))) {
		s, t = t, s
	}
	k, at := intersect(s.a, s.b, t.a, t.b)
	if k == none {
		return true
	}
	sameRing := s.part == t.part && s.ring == t.ring
	if sameRing {
		if adjacent(s.idx, t.idx, s.n) {
			// Neighbours share a corner; they are wrong only if one runs
			// back along the other (a spike).
			if k != overlap {
				return true
			}
		}
		key := selfKey{s.part, s.ring, at}
		if v.selfAt[key] {
			return true
		}
		if v.selfAt == nil {
			v.selfAt = map[selfKey]bool{}
		}
		v.selfAt[key] = true
		return v.add(Problem{Kind: SelfIntersection, Part: s.part, Ring: s.ring, Segment: s.orig, OtherPart: t.part, OtherRing: t.ring, OtherSegment: t.orig, At: at,
			Message: fmt.Sprintf("%s crosses itself: segment %d and segment %d meet at %.6f, %.6f", where(s.part, s.ring), s.orig, t.orig, at[1], at[0])})
	}
	// Rings of a polygon may touch at a point (OGC allows it); crossing
	// or running along each other is wrong.
	if k == touch {
		return true
	}
	key := [4]int{s.part, s.ring, t.part, t.ring}
	if crossed[key] {
		return true // one report per pair of rings
	}
	crossed[key] = true
	verb := "crosses"
	if k == overlap {
		verb = "runs along"
	}
	p := Problem{Part: s.part, Ring: s.ring, Segment: s.orig, OtherPart: t.part, OtherRing: t.ring, OtherSegment: t.orig, At: at}
	switch {
	case s.part != t.part:
		p.Kind = PartsOverlap
		p.Message = fmt.Sprintf("part %d and part %d overlap: segment %d of %s %s segment %d of %s", s.part, t.part, s.orig, where(s.part, s.ring), verb, t.orig, where(t.part, t.ring))
	case s.ring == 0:
		p.Kind = HoleOutside
		p.Part, p.Ring, p.Segment, p.OtherRing, p.OtherSegment = t.part, t.ring, t.orig, 0, s.orig
		p.Message = fmt.Sprintf("%s %s its outline: its segment %d %s outline segment %d", where(t.part, t.ring), verb, t.orig, verb, s.orig)
	default:
		p.Kind = HolesOverlap
		p.Message = fmt.Sprintf("%s and hole %d overlap: segment %d %s segment %d", where(s.part, s.ring), t.ring, s.orig, verb, t.orig)
	}
	return v.add(p)
}

func adjacent(i, j, n int) bool {
	d := i - j
	if d < 0 {
		d = -d
	}
	return d == 1 || d == n-1
}

type meet int

const (
	none    meet = iota
	touch        // at one point that is an end of one of them
	cross        // properly, each through the other's interior
	overlap      // collinear along a stretch
)

// orient is the sign of the turn a→b→c: >0 left, <0 right, 0 collinear.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// onSegment says c, collinear with a and b, lies within their box.
func onSegment(a, b, c orb.Point) bool {
	return min(a[0], b[0]) <= c[0] && c[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= c[1] && c[1] <= max(a[1], b[1])
}

// intersect tells how segments ab and cd meet, and where (a point of
// the meeting).
func intersect(a, b, c, d orb.Point) (meet, orb.Point) {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		t := o3 / (o3 - o4)
		return cross, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	}
	if o1 == 0 && o2 == 0 {
		// Collinear: project on the longer axis of ab and compare extents.
		ax := 0
		if math.Abs(b[1]-a[1]) > math.Abs(b[0]-a[0]) {
			ax = 1
		}
		lo := max(min(a[ax], b[ax]), min(c[ax], d[ax]))
		hi := min(max(a[ax], b[ax]), max(c[ax], d[ax]))
		switch {
		case lo < hi:
			for _, p := range []orb.Point{c, d, a} {
				if p[ax] == lo || p[ax] == hi {
					return overlap, p
				}
			}
			return overlap, c
		case lo == hi:
			for _, p := range []orb.Point{a, b} {
				if p[ax] == lo {
					return touch, p
				}
			}
			return touch, c
		}
		return none, orb.Point{}
	}
	switch {
	case o1 == 0 && onSegment(a, b, c):
		return touch, c
	case o2 == 0 && onSegment(a, b, d):
		return touch, d
	case o3 == 0 && onSegment(c, d, a):
		return touch, a
	case o4 == 0 && onSegment(c, d, b):
		return touch, b
	}
	return none, orb.Point{}
}

// interiorTest says whether ring c lies inside ring r, judged by a vertex
// of c not on r's boundary (then by a segment's midpoint); ok is false
// when every one tried is on the boundary.
func interiorTest(c, r []orb.Point) (inside, ok bool) {
	try := func(p orb.Point) (bool, bool) {
		in, onEdge := inRing(p, r)
		return in, !onEdge
	}
	for _, p := range c {
		if in, ok := try(p); ok {
			return in, true
		}
	}
	for i := range c {
		a, b := c[i], c[(i+1)%len(c)]
		if in, ok := try(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}); ok {
			return in, true
		}
	}
	return false, false
}

// inRing is the even-odd test of p against ring corners r, and whether p
// is on r's boundary.
func inRing(p orb.Point, r []orb.Point) (in, onEdge bool) {
	n := len(r)
	for i := 0; i < n; i++ {
		a, b := r[i], r[(i+1)%n]
		if orient(a, b, p) == 0 && onSegment(a, b, p) {
			return false, true
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])/(b[1]-a[1])*(b[0]-a[0])
			if p[0] < x {
				in = !in
			}
		}
	}
	return in, false
}
