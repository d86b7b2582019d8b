package render

import (
	"encoding/binary"
	"hash/maphash"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
)

// projLevel is a basemap level projected once into the unit square, so a
// frame only scales and shifts coordinates.
type projLevel struct {
	once  sync.Once
	feats []projFeature
}

// projFeature is a feature's geometry as flat x, y runs in the unit square.
type projFeature struct {
	f     *basemap.Feature
	bound [4]float64 // x0, y0, x1, y1 in the unit square
	parts []projPart
}

type projPart struct {
	xy    []float64
	bound [4]float64
	// hidden marks a land polygon that a country polygon repeats exactly:
	// the country fill paints the same pixels, so the land one is skipped.
	hidden bool
}

func (p *projLevel) build(l *basemap.Level) {
	p.once.Do(func() {
		p.feats = make([]projFeature, 0, len(l.Features))
		for i := range l.Features {
			f := &l.Features[i]
			pf := projFeature{f: f, bound: [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
			eachPart(f.Geometry, func(pts []orb.Point) {
				pp := projPart{xy: make([]float64, 0, 2*len(pts)), bound: [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
				for _, q := range pts {
					x, y := mercX(q[0]), mercY(q[1])
					pp.xy = append(pp.xy, x, y)
					pp.bound = [4]float64{min(pp.bound[0], x), min(pp.bound[1], y), max(pp.bound[2], x), max(pp.bound[3], y)}
				}
				pf.parts = append(pf.parts, pp)
				pf.bound = [4]float64{min(pf.bound[0], pp.bound[0]), min(pf.bound[1], pp.bound[1]),
					max(pf.bound[2], pp.bound[2]), max(pf.bound[3], pp.bound[3])}
			})
			if len(pf.parts) > 0 || f.Class == basemap.Place {
				if f.Class == basemap.Place {
					pt := f.LabelAt
					if p, ok := f.Geometry.(orb.Point); ok {
						pt = p
					}
					x, y := mercX(pt[0]), mercY(pt[1])
					pf.bound = [4]float64{x, y, x, y}
				}
				p.feats = append(p.feats, pf)
			}
		}
		p.hideCoveredLand()
	})
}

// hideCoveredLand marks the land polygons (without holes) whose ring is
// the outer ring of a country polygon. Land is drawn under the countries
// only for the few places no country covers (Western Sahara, neutral
// zones); most islands are a country of their own, point for point, and
// drawing them twice cost a fifth of the edges of a frame at zoom 3.
func (p *projLevel) hideCoveredLand() {
	// Walk the polygons of a feature in the order eachPart flattened them,
	// calling fn with the index of each polygon's outer ring and its ring
	// count.
	polygons := func(g orb.Geometry, fn func(outer, rings int)) {
		i := 0
		switch g := g.(type) {
		case orb.Polygon:
			fn(0, len(g))
		case orb.MultiPolygon:
			for _, poly := range g {
				fn(i, len(poly))
				i += len(poly)
			}
		}
	}
	seed := maphash.MakeSeed()
	outers := map[uint64][]*projPart{}
	for fi := range p.feats {
		pf := &p.feats[fi]
		if pf.f.Class != basemap.Country {
			continue
		}
		polygons(pf.f.Geometry, func(outer, rings int) {
			if outer < len(pf.parts) {
				k := ringKey(seed, pf.parts[outer].xy)
				outers[k] = append(outers[k], &pf.parts[outer])
			}
		})
	}
	for fi := range p.feats {
		pf := &p.feats[fi]
		if pf.f.Class != basemap.Land {
			continue
		}
		polygons(pf.f.Geometry, func(outer, rings int) {
			if rings != 1 || outer >= len(pf.parts) {
				return
			}
			part := &pf.parts[outer]
			for _, c := range outers[ringKey(seed, part.xy)] {
				if sameRing(c.xy, part.xy) {
					part.hidden = true
					return
				}
			}
		})
	}
}

// ringKey hashes the points of a ring regardless of where the ring starts
// and which way it turns.
func ringKey(seed maphash.Seed, xy []float64) uint64 {
	n := len(xy) / 2
	if n > 1 && xy[0] == xy[2*n-2] && xy[1] == xy[2*n-1] {
		n-- // the closing point
	}
	var sum uint64
	var b [16]byte
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint64(b[:8], math.Float64bits(xy[2*i]))
		binary.LittleEndian.PutUint64(b[8:], math.Float64bits(xy[2*i+1]))
		sum += maphash.Bytes(seed, b[:])
	}
	return sum ^ uint64(n)
}

// sameRing reports whether two rings have the same points in the same
// cyclic order, either way round.
func sameRing(a, b []float64) bool {
	open := func(xy []float64) []float64 {
		n := len(xy)
		if n >= 4 && xy[0] == xy[n-2] && xy[1] == xy[n-1] {
			return xy[:n-2]
		}
		return xy
	}
	a, b = open(a), open(b)
	n := len(a) / 2
	if n == 0 || len(b) != len(a) {
		return false
	}
	for s := 0; s < n; s++ {
		if b[2*s] != a[0] || b[2*s+1] != a[1] {
			continue
		}
		fwd, back := true, true
		for i := 0; i < n && (fwd || back); i++ {
			j, k := (s+i)%n, (s-i+n)%n
			fwd = fwd && b[2*j] == a[2*i] && b[2*j+1] == a[2*i+1]
			back = back && b[2*k] == a[2*i] && b[2*k+1] == a[2*i+1]
		}
		if fwd || back {
			return true
		}
	}
	return false
}

// eachPart calls fn for every ring and line of g; points are left out.
func eachPart(g orb.Geometry, fn func([]orb.Point)) {
	switch g := g.(type) {
	case orb.LineString:
		fn(g)
	case orb.Ring:
		fn(g)
	case orb.MultiLineString:
		for _, l := range g {
			fn(l)
		}
	case orb.Polygon:
		for _, r := range g {
			fn(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				fn(r)
			}
		}
	case orb.Collection:
		for _, c := range g {
			eachPart(c, fn)
		}
	case orb.Bound:
		fn(g.ToRing())
	}
}

// basemapLayer is one pass over the features of a class.
type basemapLayer struct {
	class  basemap.Class
	casing bool // the soft band under a border
}

// basemapOrder is the drawing order. Borders get a soft band under the
// rivers and a thin line over them: where a river is the border (the
// Tumen, the Yalu) both stay visible.
var basemapOrder = []basemapLayer{
	{class: basemap.Land}, {class: basemap.Country}, {class: basemap.Urban}, {class: basemap.Lake},
	{class: basemap.Admin1Border}, {class: basemap.Border, casing: true},
	{class: basemap.River}, {class: basemap.Border}, {class: basemap.BorderDisputed},
}

// frame carries what one Draw needs about the view.
type frame struct {
	v      Viewport
	ws     float64 // world size in pixels
	cx, cy float64 // centre in the unit square
	w2, h2 float64 // half the window
	scale  float64
	copies []float64 // offsets, in worlds, of the world copies in view
}

func newFrame(v Viewport) frame {
	cx, cy := v.centerMerc()
	return frame{v: v, ws: v.WorldSize(), cx: cx, cy: cy, w2: float64(v.Width) / 2, h2: float64(v.Height) / 2,
		scale: v.scale(), copies: worldCopies(v)}
}

// px maps a unit-square point of world copy k to pixels.
func (f *frame) px(x, y, k float64) (float64, float64) {
	return (x+k-f.cx)*f.ws + f.w2, (y-f.cy)*f.ws + f.h2
}

// visible reports whether a unit bound in copy k touches the window.
func (f *frame) visible(b [4]float64, k, margin float64) bool {
	x0, y0 := f.px(b[0], b[1], k)
	x1, y1 := f.px(b[2], b[3], k)
	return x1 >= -margin && x0 <= 2*f.w2+margin && y1 >= -margin && y0 <= 2*f.h2+margin
}

// drawBasemap draws land, water and borders (not labels) of the level for
// the view.
func (m *Map) drawBasemap(c *canvas, fr frame) {
	defer c.release()
	draw.Draw(c.dst, c.dst.Bounds(), image.NewUniform(colOcean), image.Point{}, draw.Src)
	if m.world == nil {
		return
	}
	pl := m.level(fr.v.Zoom)
	if pl == nil {
		return
	}
	ks := fr.copies
	var buf []float32
	for _, layer := range basemapOrder {
		cls := layer.class
		if layer.casing && fr.v.Zoom < 6 {
			continue // rivers are too thin to hide under borders
		}
		polygon := cls == basemap.Land || cls == basemap.Country || cls == basemap.Urban || cls == basemap.Lake
		st := lineStyle(cls, fr.v.Zoom)
		if layer.casing {
			st.stroke, st.width = fade(colBorder, 0.22), st.width*3.5
		}
		w := float32(st.width * fr.scale)
		col := st.stroke
		if w < 1 {
			// Thinner than a pixel: draw one pixel, fainter, which reads
			// as thin without breaking up.
			col = fade(col, float64(w))
			w = 1
		}
		for i := range pl.feats {
			pf := &pl.feats[i]
			f := pf.f
			if f.Class != cls || float64(f.MinZoom) > fr.v.Zoom+0.5 {
				continue
			}
			if cls == basemap.Admin1Border && fr.v.Zoom < 3.5 {
				continue // province lines clutter the world view
			}
			for _, k := range ks {
				if !fr.visible(pf.bound, k, 4) {
					continue
				}
				for j := range pf.parts {
					part := &pf.parts[j]
					if part.hidden || !fr.visible(part.bound, k, 4) {
						continue
					}
					if (part.bound[2]-part.bound[0])*fr.ws < 0.7 && (part.bound[3]-part.bound[1])*fr.ws < 0.7 {
						continue // sub-pixel
					}
					buf = projectPart(buf[:0], part.xy, &fr, k, polygon)
					switch {
					case polygon:
						c.addRing(buf)
					case st.dash > 0:
						c.dashLine(buf, w, float32(st.dash*fr.scale))
					default:
						c.strokeLine(buf, w)
					}
				}
			}
			// Polygons are filled one feature at a time: the rasterizer
			// works on the feature's bound, not on the union of a class.
			if polygon {
				c.fill(polygonColor(f))
			}
		}
		if !polygon {
			c.fill(col)
		}
	}
}

// polygonColor is the fill of a basemap polygon.
func polygonColor(f *basemap.Feature) color.RGBA {
	switch f.Class {
	case basemap.Country:
		return countryTints[int(f.MapColor)%len(countryTints)]
	case basemap.Urban:
		return colUrban
	case basemap.Lake:
		return colLake
	}
	return colLand
}

// projectPart maps unit x, y pairs to pixels, dropping points that moved
// less than a pixel and points on nearly straight runs: at low zoom a
// 10,000-point coastline is a few hundred pixels long, and every edge left
// costs the rasterizer.
func projectPart(dst []float32, xy []float64, fr *frame, k float64, closed bool) []float32 {
	const minStep = 0.6
	start := len(dst)
	n := len(xy) / 2
	var lx, ly float64
	for i := 0; i < n; i++ {
		x, y := fr.px(xy[2*i], xy[2*i+1], k)
		if i > 0 && i < n-1 && math.Abs(x-lx) < minStep && math.Abs(y-ly) < minStep {
			continue
		}
		dst = append(dst, float32(x), float32(y))
		lx, ly = x, y
	}
	dst = dropStraight(dst, start)
	if closed && len(dst) >= 4 && dst[0] == dst[len(dst)-2] && dst[1] == dst[len(dst)-1] {
		dst = dst[:len(dst)-2]
	}
	return dst
}

// dropStraight removes, from the points of dst after start, those within
// a fifth of a pixel of the line between the last point kept and the next
// one: a gently curving coastline needs a point every few pixels, not one
// per pixel. Segments stay short enough that the dropped points cannot
// drift from the line by much more.
func dropStraight(dst []float32, start int) []float32 {
	const tol, maxLen = 0.2, 16
	pts := dst[start:]
	n := len(pts) / 2
	if n < 3 {
		return dst
	}
	out := 1 // points kept, in place
	for i := 1; i < n-1; i++ {
		ax, ay := pts[2*(out-1)], pts[2*(out-1)+1]
		px, py := pts[2*i], pts[2*i+1]
		bx, by := pts[2*(i+1)], pts[2*(i+1)+1]
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		if l2 > 0 && l2 < maxLen*maxLen {
			cross := (px-ax)*dy - (py-ay)*dx
			dot := (px-ax)*dx + (py-ay)*dy
			if cross*cross <= tol*tol*l2 && dot >= 0 && dot <= l2 {
				continue
			}
		}
		pts[2*out], pts[2*out+1] = px, py
		out++
	}
	pts[2*out], pts[2*out+1] = pts[2*(n-1)], pts[2*(n-1)+1]
	out++
	return dst[:start+2*out]
}

// worldCopies returns the offsets, in worlds, of the copies in view.
func worldCopies(v Viewport) []float64 {
	var ks []float64
	for _, sp := range v.spans(0) {
		ks = append(ks, sp.k)
	}
	return ks
}

// fade scales a colour's alpha (premultiplied).
func fade(c color.RGBA, a float64) color.RGBA {
	a = max(0, min(1, a))
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(float64(c.A) * a)}
}
