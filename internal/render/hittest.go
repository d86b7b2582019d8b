package render

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// HitKind says what is under the pointer.
type HitKind uint8

// The kinds of Hit.
const (
	HitNone HitKind = iota
	HitSite
	HitCluster
)

// Hit is what HitTest found: a site (Row) or a cluster of Count sites.
// Bound is the lon/lat extent of the site or of the cluster's sites, so a
// click on a cluster can zoom to it (Viewport.FitBound); its longitudes
// may pass ±180 when the cluster is on a copy of the world.
type Hit struct {
	Kind  HitKind
	Row   int64
	Count int
	Bound orb.Bound
}

// hitSlack is how far outside a marker a click still counts, in pixels at
// scale 1: markers are small and fingers and touchpads are not precise.
const hitSlack = 3.0

// HitTest returns the site or cluster at pixel (x, y) of view v, laid out
// exactly as Draw lays it out with the same options. The nearest marker
// within its radius wins; failing that, a site drawn as a shape.
func (m *Map) HitTest(v Viewport, x, y float64, opts DrawOptions) Hit {
	fs := m.layout(v, &opts)
	s := fs.snap
	best, bestD := -1, math.Inf(1)
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		r := (markerRadius + hitSlack) * v.scale()
		if cl.n > 1 {
			r = clusterRadius(cl.n, v.scale()) + hitSlack*v.scale()
		}
		d := math.Hypot(cl.x-x, cl.y-y)
		// Later clusters are drawn on top: on a tie they win.
		if d <= r && d <= bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		cl := &fs.clusters[best]
		if cl.n > 1 {
			return Hit{Kind: HitCluster, Count: cl.n, Bound: unitToLonLat(cl.bound)}
		}
		e := s.entry(cl.r)
		h := Hit{Kind: HitSite, Row: e.row, Count: 1}
		if sh := s.shape(cl.r); sh != nil {
			h.Bound = unitToLonLat(sh.bound)
		} else {
			h.Bound = unitToLonLat(cl.bound)
		}
		return h
	}
	return m.hitShape(fs, v, x, y)
}

// hitShape finds a site drawn as a polygon or line under (x, y).
func (m *Map) hitShape(fs frameSites, v Viewport, x, y float64) Hit {
	s := fs.snap
	fr := newFrame(v)
	mx, my := v.pixelToMerc(x, y)
	tol := (hitSlack + 1) * v.scale() / fr.ws
	var hit Hit
	test := func(r ref, e *entry, sh *shape) {
		if hit.Kind != HitNone || !fs.filter.ok(e) {
			return
		}
		b := sh.bound
		if (b.Max[0]-b.Min[0])*fr.ws < 6 && (b.Max[1]-b.Min[1])*fr.ws < 6 {
			return // drawn as a marker, tested as one
		}
		for _, k := range []float64{0, -1, 1} {
			p := orb.Point{mx - math.Floor(mx) + k, my}
			if !b.Pad(tol).Contains(p) {
				continue
			}
			if shapeContains(sh.geom, p, tol) {
				hit = Hit{Kind: HitSite, Row: e.row, Count: 1, Bound: unitToLonLat(b)}
				return
			}
		}
	}
	for _, slot := range s.base.shapeSlots {
		if s.dead == nil || !s.isDead(int(slot)) {
			test(ref(slot), &s.base.entries[slot], s.base.shapes[slot])
		}
	}
	for i := range s.extra {
		if s.extra[i].shape != nil {
			test(ref(-1-i), &s.extra[i].e, s.extra[i].shape)
		}
	}
	return hit
}

// shapeContains reports whether p is inside a polygon of g or within tol
// of one of its lines (all in unit-square coordinates).
func shapeContains(g orb.Geometry, p orb.Point, tol float64) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	case orb.Collection:
		for _, c := range g {
			if shapeContains(c, p, tol) {
				return true
			}
		}
		return false
	}
	near := false
	eachPart(g, func(pts []orb.Point) {
		for i := 0; i+1 < len(pts) && !near; i++ {
			near = planar.DistanceFromSegment(pts[i], pts[i+1], p) <= tol
		}
	})
	return near
}
