package outline

import (
	"math"

	"github.com/paulmach/orb"
)

// Snap returns the candidate nearest to p if it is within tolerance by
// dist, and true; else p and false. The caller gives the distance, usually
// in screen pixels (project both points and measure there), so "within 6
// pixels" means the same at every zoom.
func Snap(p orb.Point, candidates []orb.Point, tolerance float64, dist func(a, b orb.Point) float64) (orb.Point, bool) {
	best, bestD := p, math.Inf(1)
	for _, c := range candidates {
		if d := dist(p, c); d <= tolerance && d < bestD {
			best, bestD = c, d
		}
	}
	return best, !math.IsInf(bestD, 1)
}

// Nearest is the vertex of g nearest to p by dist (screen pixels, as for
// Snap) and its distance, for hit-testing handles; NoVertex and +Inf when g
// has none. It is one pass with no allocation: 10,000 vertices take tens
// of microseconds plus the caller's dist.
func Nearest(g orb.Geometry, p orb.Point, dist func(a, b orb.Point) float64) (Vertex, float64) {
	ps, err := paths(g)
	if err != nil {
		return NoVertex, math.Inf(1)
	}
	best, bestD := NoVertex, math.Inf(1)
	for pi, rs := range ps {
		for ri, r := range rs {
			for i, q := range r.pts {
				if d := dist(p, q); d < bestD {
					best, bestD = Vertex{pi, ri, i}, d
				}
			}
		}
	}
	return best, bestD
}
