package render

import (
	"math"
	"sort"
)

// leafRun is the run length below which a quadtree descent stops splitting
// and tests items one by one: four binary searches cost more than that.
const leafRun = 48

// descend walks the implicit quadtree over a Morton-sorted key array with
// bits bits per axis, and calls fn for every run [lo, hi) of keys whose
// cells may touch the cell rectangle [qx0, qx1]×[qy0, qy1]. full says the
// whole run is inside, so the caller need not test its items.
func descend(keys []uint32, bits uint, qx0, qy0, qx1, qy1 uint32, fn func(lo, hi int, full bool)) {
	var rec func(lo, hi int, level uint, cx, cy uint32)
	rec = func(lo, hi int, level uint, cx, cy uint32) {
		if lo >= hi {
			return
		}
		shift := bits - level
		x0, y0 := cx<<shift, cy<<shift
		x1, y1 := x0+(1<<shift)-1, y0+(1<<shift)-1
		if x1 < qx0 || x0 > qx1 || y1 < qy0 || y0 > qy1 {
			return
		}
		// Strictly inside: the edge cells hold points on both sides of the
		// query's edge.
		if x0 > qx0 && x1 < qx1 && y0 > qy0 && y1 < qy1 {
			fn(lo, hi, true)
			return
		}
		if hi-lo <= leafRun || level == bits {
			fn(lo, hi, false)
			return
		}
		prefix := (spread(cx) | spread(cy)<<1)
		childShift := 2 * (shift - 1)
		start := lo
		for c := uint32(0); c < 4; c++ {
			end := hi
			if c < 3 {
				limit := (prefix<<2 | (c + 1)) << childShift
				end = start + sort.Search(hi-start, func(i int) bool { return keys[start+i] >= limit })
			}
			rec(start, end, level+1, cx<<1|c&1, cy<<1|c>>1)
			start = end
		}
	}
	rec(0, len(keys), 0, 0, 0)
}

// scan calls fn for every live entry inside the unit-square rectangle
// [x0, x1]×[y0, y1], which must lie within [0, 1]².
func (s *snapshot) scan(x0, y0, x1, y1 float64, fn func(r ref, e *entry)) {
	b := s.base
	fx0, fy0, fx1, fy1 := float32(x0), float32(y0), float32(x1), float32(y1)
	descend(b.keys, 16, quant(fx0), quant(fy0), quant(fx1), quant(fy1), func(lo, hi int, full bool) {
		for i := lo; i < hi; i++ {
			e := &b.entries[i]
			if !full && (e.x < fx0 || e.x > fx1 || e.y < fy0 || e.y > fy1) {
				continue
			}
			if s.dead != nil && s.isDead(i) {
				continue
			}
			fn(ref(i), e)
		}
	})
	for i := range s.extra {
		e := &s.extra[i].e
		if e.x >= fx0 && e.x <= fx1 && e.y >= fy0 && e.y <= fy1 {
			fn(ref(-1-i), e)
		}
	}
}

// worldSpan is one horizontal copy of the world in a view: the part of the
// unit square it shows, and the offset (in worlds) to add to unit x.
type worldSpan struct {
	x0, y0, x1, y1 float64
	k              float64
}

// spans splits the unit rectangle of a view (widened by margin pixels) into
// the copies of the world it covers.
func (v Viewport) spans(margin float64) []worldSpan {
	ws := v.WorldSize()
	x0, y0, x1, y1 := v.mercRect()
	m := margin / ws
	x0, x1 = x0-m, x1+m
	y0, y1 = math.Max(0, y0-m), math.Min(1, y1+m)
	var out []worldSpan
	for k := math.Floor(x0); k < x1; k++ {
		out = append(out, worldSpan{
			x0: math.Max(0, x0-k), x1: math.Min(1, x1-k),
			y0: y0, y1: y1, k: k,
		})
	}
	return out
}
