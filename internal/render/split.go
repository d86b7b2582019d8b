package render

import (
	"math"

	"github.com/paulmach/orb"
)

// splitMax is the largest grid cluster looked into again by distance:
// bigger ones are busy places whose count is the message.
const splitMax = 32

// splitByDistance breaks up the small grid clusters whose members are
// apart on screen: a grid cell is 32–64 pixels wide, so two sites 450 m
// apart stayed one cluster up to zoom 14 and a new site vanished into a
// neighbour's. Members closer than a marker's width stay together; the
// rest get markers of their own (mergeOverlaps then joins what would still
// overlap).
func (s *snapshot) splitByDistance(cl []cluster, v Viewport, f *compiledFilter) []cluster {
	scale := v.scale()
	apart := 2 * (markerRadius + 1) * scale
	ws := v.WorldSize()
	out := cl[:0:0]
	for _, c := range cl {
		wide := (c.bound.Max[0]-c.bound.Min[0])*ws > apart || (c.bound.Max[1]-c.bound.Min[1])*ws > apart
		if c.n < 2 || c.n > splitMax || !wide {
			out = append(out, c)
			continue
		}
		k := math.Floor(c.bound.Min[0])
		type member struct {
			x, y float64 // pixels
			r    ref
			p    orb.Point
		}
		var members []member
		s.scan(c.bound.Min[0]-k, c.bound.Min[1], c.bound.Max[0]-k, c.bound.Max[1], func(r ref, e *entry) {
			if f.ok(e) {
				x, y := float64(e.x)+k, float64(e.y)
				px, py := v.mercToPixel(x, y)
				members = append(members, member{px, py, r, orb.Point{x, y}})
			}
		})
		if len(members) != c.n {
			out = append(out, c) // the bound holds sites of other cells: keep the grid's answer
			continue
		}
		// Leader clustering in the scan's (Morton) order: stable while the
		// map pans, since the order does not depend on the view.
		var groups []cluster
		for _, m := range members {
			joined := false
			for i := range groups {
				g := &groups[i]
				if math.Hypot(m.x-g.x, m.y-g.y) < apart {
					n := float64(g.n + 1)
					g.x += (m.x - g.x) / n
					g.y += (m.y - g.y) / n
					g.n++
					g.bound = g.bound.Extend(m.p)
					joined = true
					break
				}
			}
			if !joined {
				groups = append(groups, cluster{x: m.x, y: m.y, n: 1, r: m.r, bound: orb.Bound{Min: m.p, Max: m.p}})
			}
		}
		out = append(out, groups...)
	}
	return out
}
