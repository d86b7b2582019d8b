package render

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Clustering merges the markers that fall in one cell of a grid aligned on
// the quadtree: at zoom z the cells are those of level floor(z)+clusterShift,
// 32–64 pixels wide (times the device scale). Cells aligned on the world,
// not the window, keep clusters still while the map pans.
const (
	clusterShift = 3
	// noClusterZoom is the zoom from which every site gets its own marker.
	noClusterZoom = 17
	// pyramidMax is the deepest precomputed cluster level: below zoom
	// pyramidMax-clusterShift+1 a frame reads cell counts, not points.
	pyramidMin = clusterShift
	pyramidMax = 12
)

// aggEntry is the count of one (category, status) class in one cell.
type aggEntry struct {
	count       uint32
	cat, status uint8
	one         uint32     // a base slot in the cell, exact when count is 1
	mx, my      float32    // mean position
	b           [4]float32 // bound of the members: minx, miny, maxx, maxy
}

// pyramid holds per-level cell aggregates, sorted by cell Morton key.
type pyramid struct {
	keys    [pyramidMax + 1][]uint32
	entries [pyramidMax + 1][]aggEntry
}

// buildPyramid aggregates the base into the cells of each level, the
// deepest from the points and each coarser one from the level below.
func buildPyramid(b *base) pyramid {
	var p pyramid
	var acc [256 * 8]int32 // class → position in the current cell's output, +1
	var touched []uint16
	flush := func() {
		for _, c := range touched {
			acc[c] = 0
		}
		touched = touched[:0]
	}
	// Deepest level from the points.
	{
		L := pyramidMax
		shift := 2 * (16 - L)
		keys := make([]uint32, 0, len(b.keys)/4)
		ents := make([]aggEntry, 0, len(b.keys)/4)
		for i := range b.entries {
			k := b.keys[i] >> shift
			if i > 0 && k != b.keys[i-1]>>shift {
				flush()
			}
			e := &b.entries[i]
			c := uint16(e.cat)<<3 | uint16(e.status())
			if acc[c] == 0 {
				keys = append(keys, k)
				ents = append(ents, aggEntry{cat: e.cat, status: e.status(), one: uint32(i),
					b: [4]float32{e.x, e.y, e.x, e.y}})
				acc[c] = int32(len(ents))
				touched = append(touched, c)
			}
			a := &ents[acc[c]-1]
			a.count++
			// Running mean: sums of float32 lose precision over big cells.
			a.mx += (e.x - a.mx) / float32(a.count)
			a.my += (e.y - a.my) / float32(a.count)
			a.b = [4]float32{min(a.b[0], e.x), min(a.b[1], e.y), max(a.b[2], e.x), max(a.b[3], e.y)}
		}
		flush()
		p.keys[L], p.entries[L] = keys, ents
	}
	for L := pyramidMax - 1; L >= pyramidMin; L-- {
		src, srcKeys := p.entries[L+1], p.keys[L+1]
		keys := make([]uint32, 0, len(srcKeys)/2)
		ents := make([]aggEntry, 0, len(srcKeys)/2)
		for i := range src {
			k := srcKeys[i] >> 2
			if i > 0 && k != srcKeys[i-1]>>2 {
				flush()
			}
			s := &src[i]
			c := uint16(s.cat)<<3 | uint16(s.status)
			if acc[c] == 0 {
				keys = append(keys, k)
				ents = append(ents, aggEntry{cat: s.cat, status: s.status, one: s.one, b: s.b,
					mx: s.mx, my: s.my})
				acc[c] = int32(len(ents))
				touched = append(touched, c)
				ents[len(ents)-1].count = s.count
				continue
			}
			a := &ents[acc[c]-1]
			n := float32(a.count + s.count)
			a.mx = a.mx + (s.mx-a.mx)*float32(s.count)/n
			a.my = a.my + (s.my-a.my)*float32(s.count)/n
			a.count += s.count
			a.b = [4]float32{min(a.b[0], s.b[0]), min(a.b[1], s.b[1]), max(a.b[2], s.b[2]), max(a.b[3], s.b[3])}
		}
		flush()
		p.keys[L], p.entries[L] = keys, ents
	}
	return p
}

// cluster is one marker of a frame: a single site (n == 1) or a group.
type cluster struct {
	x, y  float64 // pixels
	n     int
	r     ref       // the site when n == 1
	bound orb.Bound // unit square, unwrapped by the world copy
}

// cellAcc accumulates a cell while clustering.
type cellAcc struct {
	n      int
	sx, sy float64
	bound  orb.Bound
	r      ref
}

// clusterLevel returns the quadtree level of the cluster grid at zoom z, or
// -1 when sites are not clustered.
func clusterLevel(z float64) int {
	if z >= noClusterZoom {
		return -1
	}
	return int(math.Floor(z)) + clusterShift
}

// clusters groups the visible sites of the view. margin widens the view
// in pixels so that markers half outside are still drawn.
func (s *snapshot) clusters(v Viewport, f *compiledFilter, margin float64) []cluster {
	L := clusterLevel(v.Zoom)
	cells := map[[2]int64]*cellAcc{}
	var order [][2]int64
	// Points come in Morton order, so runs of them share a cell: the last
	// cell found saves most map lookups.
	var lastKey [2]int64
	var lastAcc *cellAcc
	cell := func(k [2]int64) *cellAcc {
		if lastAcc != nil && k == lastKey {
			return lastAcc
		}
		a := cells[k]
		if a == nil {
			a = &cellAcc{bound: orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}}
			cells[k] = a
			order = append(order, k)
		}
		lastKey, lastAcc = k, a
		return a
	}
	var out []cluster
	cellScale := math.Exp2(float64(L)) // cells per unit at level L
	addPoint := func(k float64, r ref, e *entry) {
		x, y := float64(e.x)+k, float64(e.y)
		if L < 0 {
			px, py := v.mercToPixel(x, y)
			out = append(out, cluster{x: px, y: py, n: 1, r: r,
				bound: orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x, y}}})
			return
		}
		a := cell([2]int64{int64(math.Floor(x * cellScale)), int64(math.Floor(y * cellScale))})
		a.n++
		a.sx += x
		a.sy += y
		a.bound = a.bound.Extend(orb.Point{x, y})
		a.r = r
	}
	for _, sp := range v.spans(margin) {
		if L >= 0 && L <= pyramidMax && !f.hideConfid && f.rows == nil {
			s.clustersFromPyramid(L, sp, f, cell)
			continue
		}
		x0, y0, x1, y1 := sp.x0, sp.y0, sp.x1, sp.y1
		if L >= 0 {
			// Whole cells, as the pyramid counts them: a cluster at the
			// edge keeps its count while the map pans.
			sc := math.Exp2(float64(L))
			x0, y0 = math.Floor(x0*sc)/sc, math.Floor(y0*sc)/sc
			x1 = min(1, math.Nextafter((math.Floor(x1*sc)+1)/sc, 0))
			y1 = min(1, math.Nextafter((math.Floor(y1*sc)+1)/sc, 0))
		}
		s.scan(x0, y0, x1, y1, func(r ref, e *entry) {
			if f.ok(e) {
				addPoint(sp.k, r, e)
			}
		})
	}
	for _, k := range order {
		a := cells[k]
		if a.n <= 0 {
			continue
		}
		px, py := v.mercToPixel(a.sx/float64(a.n), a.sy/float64(a.n))
		out = append(out, cluster{x: px, y: py, n: a.n, r: a.r, bound: a.bound})
	}
	return out
}

// clustersFromPyramid adds the cells of one world copy from the
// precomputed level L, then recounts from the points the few cells that
// edits since the last build have touched.
func (s *snapshot) clustersFromPyramid(L int, sp worldSpan, f *compiledFilter, cell func([2]int64) *cellAcc) {
	sc := math.Exp2(float64(L))
	last := uint32(sc) - 1
	q := func(v float64) uint32 { return uint32(max(0, min(float64(last), math.Floor(v*sc)))) }
	qx0, qy0, qx1, qy1 := q(sp.x0), q(sp.y0), q(sp.x1), q(sp.y1)
	keys, ents := s.base.pyramid.keys[L], s.base.pyramid.entries[L]
	off := int64(sp.k) << L
	dirty := map[[2]int64]bool{}
	mark := func(x, y float32) {
		if cx, cy := q(float64(x)), q(float64(y)); cx >= qx0 && cx <= qx1 && cy >= qy0 && cy <= qy1 {
			dirty[[2]int64{int64(cx) + off, int64(cy)}] = true
		}
	}
	for _, slot := range s.deadList {
		e := &s.base.entries[slot]
		mark(e.x, e.y)
	}
	for i := range s.extra {
		mark(s.extra[i].e.x, s.extra[i].e.y)
	}
	// The classes of one cell are consecutive: sum them locally and touch
	// the cell map once per cell.
	var (
		curKey         = ^uint32(0)
		n              uint32
		sx, sy         float64
		bx0, by0       = float32(math.MaxFloat32), float32(math.MaxFloat32)
		bx1, by1       = float32(-math.MaxFloat32), float32(-math.MaxFloat32)
		one            uint32
		curCx, curCy   uint32
		flushCell      func()
		checkDirtyCell = len(dirty) > 0
	)
	flushCell = func() {
		if n == 0 {
			return
		}
		c := cell([2]int64{int64(curCx) + off, int64(curCy)})
		c.n += int(n)
		c.sx += sx + sp.k*float64(n)
		c.sy += sy
		c.bound = c.bound.Union(orb.Bound{
			Min: orb.Point{float64(bx0) + sp.k, float64(by0)},
			Max: orb.Point{float64(bx1) + sp.k, float64(by1)},
		})
		c.r = ref(one)
		n, sx, sy = 0, 0, 0
		bx0, by0 = math.MaxFloat32, math.MaxFloat32
		bx1, by1 = -math.MaxFloat32, -math.MaxFloat32
	}
	descend(keys, uint(L), qx0, qy0, qx1, qy1, func(lo, hi int, full bool) {
		for i := lo; i < hi; i++ {
			a := &ents[i]
			if !f.classOK(a.cat, a.status) {
				continue
			}
			if keys[i] != curKey {
				flushCell()
				curKey = keys[i]
				curCx, curCy = unspread(curKey), unspread(curKey>>1)
			}
			cx, cy := curCx, curCy
			if !full && (cx < qx0 || cx > qx1 || cy < qy0 || cy > qy1) {
				continue
			}
			if checkDirtyCell && dirty[[2]int64{int64(cx) + off, int64(cy)}] {
				continue
			}
			cnt := float64(a.count)
			n += a.count
			sx += float64(a.mx) * cnt
			sy += float64(a.my) * cnt
			bx0, by0 = min(bx0, a.b[0]), min(by0, a.b[1])
			bx1, by1 = max(bx1, a.b[2]), max(by1, a.b[3])
			one = a.one
		}
	})
	flushCell()
	for k := range dirty {
		x0, y0 := float64(k[0]-off)/sc, float64(k[1])/sc
		c := cell(k)
		s.scan(x0, y0, math.Nextafter(x0+1/sc, 0), math.Nextafter(y0+1/sc, 0), func(r ref, e *entry) {
			if f.ok(e) {
				x, y := float64(e.x)+sp.k, float64(e.y)
				c.n++
				c.sx += x
				c.sy += y
				c.bound = c.bound.Extend(orb.Point{x, y})
				c.r = r
			}
		})
	}
}

// unspread is the inverse of spread: it gathers the even bits of v.
func unspread(v uint32) uint32 {
	v &= 0x55555555
	v = (v | v>>1) & 0x33333333
	v = (v | v>>2) & 0x0f0f0f0f
	v = (v | v>>4) & 0x00ff00ff
	v = (v | v>>8) & 0x0000ffff
	return v
}

// drawnRadius is the radius a cluster is drawn with.
func (c *cluster) drawnRadius(scale float64) float64 {
	if c.n > 1 {
		return clusterRadius(c.n, scale) + 4*scale // with its halo
	}
	return (markerRadius + 1) * scale
}

// mergeOverlaps merges markers that would overlap on screen: grid cells
// keep clusters stable, but two busy cells side by side would otherwise
// draw two half-hidden circles. The biggest clusters absorb their
// neighbours, so counts only move between clusters, never get lost.
func mergeOverlaps(cl []cluster, scale float64) []cluster {
	if len(cl) < 2 {
		return cl
	}
	order := make([]int, len(cl))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if cl[a].n != cl[b].n {
			return cl[b].n - cl[a].n
		}
		return cmpFloat(cl[a].y, cl[b].y)*2 + cmpFloat(cl[a].x, cl[b].x)
	})
	cell := 2 * clusterRadius(10_000_000, scale)
	grid := map[[2]int][]int{}
	key := func(x, y float64) [2]int { return [2]int{int(math.Floor(x / cell)), int(math.Floor(y / cell))} }
	for i := range cl {
		k := key(cl[i].x, cl[i].y)
		grid[k] = append(grid[k], i)
	}
	gone := make([]bool, len(cl))
	out := make([]cluster, 0, len(cl))
	for _, i := range order {
		if gone[i] {
			continue
		}
		c := cl[i]
		k := key(c.x, c.y)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				for _, j := range grid[[2]int{k[0] + dx, k[1] + dy}] {
					if j == i || gone[j] {
						continue
					}
					o := &cl[j]
					if math.Hypot(o.x-c.x, o.y-c.y) >= c.drawnRadius(scale)+o.drawnRadius(scale) {
						continue
					}
					gone[j] = true
					n := float64(c.n + o.n)
					c.x = (c.x*float64(c.n) + o.x*float64(o.n)) / n
					c.y = (c.y*float64(c.n) + o.y*float64(o.n)) / n
					c.n += o.n
					c.bound = c.bound.Union(o.bound)
				}
			}
		}
		gone[i] = true
		out = append(out, c)
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
