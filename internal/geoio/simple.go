package geoio

import (
	"fmt"

	"github.com/paulmach/orb"
)

// maxSimpleCheck bounds the ring size whose self-intersection is checked:
// the check compares every pair of edges, and a ring of this size takes a
// few milliseconds. Larger rings (coastlines) are rare in site data and are
// accepted unchecked.
const maxSimpleCheck = 2048

// selfIntersection returns where the first ring that crosses itself is
// ("ring 0", "polygon 2 ring 1") or "" when none does.
func selfIntersection(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.Polygon:
		return polygonCrossing(g, "")
	case orb.MultiPolygon:
		for i, p := range g {
			if w := polygonCrossing(p, fmt.Sprintf("polygon %d ", i)); w != "" {
				return w
			}
		}
	case orb.Collection:
		for i, c := range g {
			if w := selfIntersection(c); w != "" {
				return fmt.Sprintf("geometry %d %s", i, w)
			}
		}
	}
	return ""
}

func polygonCrossing(p orb.Polygon, where string) string {
	for i, r := range p {
		if len(r) <= maxSimpleCheck && ringCrosses(r) {
			return fmt.Sprintf("%sring %d", where, i)
		}
	}
	return ""
}

// ringCrosses reports whether two edges of closed ring r that are not
// neighbours intersect, or two neighbours fold back onto each other (a
// zero-width spike).
func ringCrosses(r orb.Ring) bool {
	n := len(r) - 1 // edges; r[n] == r[0]
	if n < 3 {
		return false
	}
	for i := 0; i < n; i++ {
		a, b := r[i], r[i+1]
		if a == b {
			continue
		}
		// A spike: the next edge goes back along this one.
		c := r[(i+2)%n]
		if orient(a, b, c) == 0 && dot(b, a, c) > 0 && c != b {
			return true
		}
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // the closing edge neighbours the first
			}
			if segmentsIntersect(a, b, r[j], r[j+1]) {
				return true
			}
		}
	}
	return false
}

func orient(p, q, r orb.Point) int {
	v := (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// dot is the dot product of (a-b) and (c-b): positive when a and c lie on
// the same side of b.
func dot(b, a, c orb.Point) float64 {
	return (a[0]-b[0])*(c[0]-b[0]) + (a[1]-b[1])*(c[1]-b[1])
}

func onSegment(p, q, r orb.Point) bool {
	return min(p[0], r[0]) <= q[0] && q[0] <= max(p[0], r[0]) &&
		min(p[1], r[1]) <= q[1] && q[1] <= max(p[1], r[1])
}

func segmentsIntersect(p1, q1, p2, q2 orb.Point) bool {
	o1, o2 := orient(p1, q1, p2), orient(p1, q1, q2)
	o3, o4 := orient(p2, q2, p1), orient(p2, q2, q1)
	if o1 != o2 && o3 != o4 {
		return true
	}
	return o1 == 0 && onSegment(p1, p2, q1) || o2 == 0 && onSegment(p1, q2, q1) ||
		o3 == 0 && onSegment(p2, p1, q2) || o4 == 0 && onSegment(p2, q1, q2)
}
