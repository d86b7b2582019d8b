package tiles

import (
	"github.com/siteatlas/siteatlas/internal/raster"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/siteatlas/siteatlas/internal/render"
)

// drawVector draws the placed vector tiles in region of buf: backgrounds,
// then each rule across all tiles (so that a road never hides under the
// next tile's water). Labels are drawn by drawLabels.
func (l *Layer) drawVector(buf *image.RGBA, v render.Viewport, items []placed, scale float64, region image.Rectangle, pt *painter) {
	c := pt.canvasFor(buf)
	z := v.Zoom
	for _, p := range items {
		switch p.d.vt.bg {
		case bgLand:
			fillRect(buf, p.clip.Intersect(region), colLand)
		case bgWater:
			fillRect(buf, p.clip.Intersect(region), colWater)
		}
	}
	var tmp [2][]float32
	var pts []float32
	project := func(p *placed, xy []float32, closed bool) []float32 {
		pts = pts[:0]
		n := len(xy) / 2
		var lx, ly float32
		ox, oy, ts := float32(p.ox), float32(p.oy), float32(p.ts)
		for i := 0; i < n; i++ {
			x, y := ox+xy[2*i]*ts, oy+xy[2*i+1]*ts
			if i > 0 && i < n-1 && abs32(x-lx) < 0.5 && abs32(y-ly) < 0.5 {
				continue
			}
			pts = append(pts, x, y)
			lx, ly = x, y
		}
		return pts
	}
	// inTile is a clip rectangle grown by margin pixels, in the tile units
	// of p: parts outside it are not drawn at all.
	inTile := func(p *placed, r image.Rectangle, margin float64) [4]float32 {
		return [4]float32{
			float32((float64(r.Min.X) - margin - p.ox) / p.ts), float32((float64(r.Min.Y) - margin - p.oy) / p.ts),
			float32((float64(r.Max.X) + margin - p.ox) / p.ts), float32((float64(r.Max.Y) + margin - p.oy) / p.ts),
		}
	}
	clipFor := func(p *placed) image.Rectangle {
		if p.parent {
			return p.clip.Intersect(region)
		}
		return region
	}
	// Areas.
	for r := rEarth; r <= rBuilding; r++ {
		st := &styles[r]
		if z < st.minZoom {
			continue
		}
		for i := range items {
			p := &items[i]
			g := &p.d.vt.geoms[r]
			if len(g.starts) == 0 {
				continue
			}
			c.clip = clipFor(p)
			// Fill nearby polygons together and far apart ones
			// separately: the rasterizer's cost is the area of the
			// bound of what it fills.
			var sum float32
			box := inTile(p, c.clip, 4)
			for j := range g.starts {
				if g.outside(j, box) {
					continue
				}
				if g.full[j] && (j+1 == len(g.starts) || !g.holes[j+1]) && st.fill.A == 255 {
					fillRect(buf, p.clip.Intersect(region), st.fill)
					continue
				}
				n := len(c.pts)
				c.ring(project(p, g.part(j), true), &tmp)
				if len(c.pts) == n {
					continue
				}
				if !g.holes[j] && len(c.start) > 1 {
					last := c.pts[n:]
					rb := boundOf(last)
					u := union(c.prevBound, rb)
					if area(u) > 4*(sum+area(rb))+64*64 {
						c.pts = c.pts[:n]
						c.start = c.start[:len(c.start)-1]
						c.bound = c.prevBound
						c.fill(st.fill)
						c.poly(last2(&tmp, last))
						sum = 0
					}
				}
				sum += area(boundOf(c.pts[2*c.start[len(c.start)-1]:]))
				c.prevBound = c.bound
			}
			c.fill(st.fill)
			c.prevBound = [4]float32{}
		}
	}
	// Lines: water, paths, road casings, road fills, rail, borders.
	lm := pt.maskFor(buf.Rect.Dx(), buf.Rect.Dy())
	line := func(r rule, col color.RGBA, w float64, dash float64) {
		if col.A == 0 {
			return
		}
		wpx := float32(w * scale)
		if wpx < 1 {
			col = fade(col, float64(wpx))
			wpx = 1
		}
		drawn := false
		for i := range items {
			p := &items[i]
			g := &p.d.vt.geoms[r]
			if len(g.starts) == 0 {
				continue
			}
			lm.clip = clipFor(p)
			drawn = true
			box := inTile(p, lm.clip, float64(wpx)/2+2)
			for j := range g.starts {
				if g.outside(j, box) {
					continue
				}
				xy := project(p, g.part(j), false)
				if dash > 0 {
					lm.dashed(xy, wpx, float32(dash*scale), float32(dash*scale*0.8))
				} else {
					lm.polyline(xy, wpx)
				}
			}
		}
		if drawn {
			lm.paint(buf, col)
		}
	}
	visible := func(r rule) bool { return z >= styles[r].minZoom }
	// The soft band of borders goes under the rivers, so that where a
	// river is the border (the Tumen, the Yalu) both stay visible.
	if st := &styles[rBoundaryCountry]; z >= 6 {
		line(rBoundaryCountry, st.casing, st.width(z)*3.5, 0)
	}
	for _, r := range []rule{rRiver, rStream, rPath} {
		if visible(r) {
			st := &styles[r]
			line(r, st.line, st.width(z), st.dash)
		}
	}
	for r := rService; r <= rMotorway; r++ {
		if st := &styles[r]; visible(r) && z >= 11 {
			line(r, st.casing, st.width(z)+max(1, st.width(z)*0.25), 0)
		}
	}
	for r := rService; r <= rMotorway; r++ {
		if st := &styles[r]; visible(r) {
			line(r, st.line, st.width(z), 0)
		}
	}
	for _, r := range []rule{rRail, rBoundaryRegion, rBoundaryCountry, rBoundaryDisputed} {
		if !visible(r) {
			continue
		}
		st := &styles[r]
		line(r, st.line, st.width(z), st.dash)
	}
}

// drawLabels places labels of all tiles by class and priority, skipping
// any that would overlap one already placed or repeat a nearby name.
func (l *Layer) drawLabels(buf *image.RGBA, v render.Viewport, items []placed, scale, opacity float64, place func(image.Rectangle) bool) {
	type cand struct {
		lb   *vlabel
		x, y float64
		ts   float64 // tile size in pixels
	}
	var cs []cand
	z := v.Zoom
	for i := range items {
		p := &items[i]
		for j := range p.d.vt.labels {
			lb := &p.d.vt.labels[j]
			st := labelStyles[lb.class]
			if z < st.minZoom || st.maxZoom > 0 && z > st.maxZoom || lb.minZoom > 0 && z+0.5 < lb.minZoom {
				continue
			}
			x, y := p.ox+float64(lb.x)*p.ts, p.oy+float64(lb.y)*p.ts
			if !image.Pt(int(x), int(y)).In(p.clip) {
				continue // in the tile's buffer, or outside the wanted part of an ancestor
			}
			cs = append(cs, cand{lb, x, y, p.ts})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.lb.class != b.lb.class {
			return int(a.lb.class) - int(b.lb.class)
		}
		switch {
		case a.lb.prio < b.lb.prio:
			return -1
		case a.lb.prio > b.lb.prio:
			return 1
		}
		return 0
	})
	if place == nil {
		place = raster.NewCollider(64).Place
	}
	seen := map[string][]image.Point{}
	fonts, err := raster.DefaultFonts()
	if err != nil {
		return
	}
	halo := fade(rgb(0xff, 0xff, 0xff), 0.85*opacity)
	for _, c := range cs {
		st := labelStyles[c.lb.class]
		near := false
		for _, q := range seen[c.lb.text] {
			if math.Abs(float64(q.X)-c.x) < 256*scale && math.Abs(float64(q.Y)-c.y) < 128*scale {
				near = true
				break
			}
		}
		if near {
			continue
		}
		deg := 0
		along := c.lb.class == lRoad || c.lb.class == lRiver
		if along {
			deg = int(math.Round(float64(c.lb.angle)*180/math.Pi/3)) * 3
		}
		t := fonts.Rotated(c.lb.text, st.size*scale, int(math.Round(1.5*scale)), deg)
		if t == nil {
			continue
		}
		if along {
			// The name must fit on its stretch of road.
			flat := fonts.Text(c.lb.text, st.size*scale, int(math.Round(1.5*scale)))
			if float64(flat.Size().X) > float64(c.lb.room)*c.ts {
				continue
			}
		}
		sz := t.Size()
		r := image.Rect(int(c.x)-sz.X/2, int(c.y)-sz.Y/2, int(c.x)-sz.X/2+sz.X, int(c.y)-sz.Y/2+sz.Y)
		dot := c.lb.class == lPoint
		if dot {
			// A point of an overlay: a dot with its name to the right,
			// as the embedded world draws places.
			r = r.Add(image.Pt(sz.X/2+int(3*scale), 0))
			r.Min.X -= int(6 * scale)
		}
		ok := r.In(buf.Rect) && place(r)
		if !ok && c.lb.class <= lTown {
			// A site marker or a bigger name sits on the place: try
			// beside it, above and below.
			gap := int(7 * scale)
			for _, d := range []image.Point{{sz.X/2 + gap, 0}, {-sz.X/2 - gap, 0}, {0, -sz.Y/2 - gap}, {0, sz.Y/2 + gap}} {
				if rr := r.Add(d); rr.In(buf.Rect) && place(rr) {
					r, ok = rr, true
					break
				}
			}
		}
		if !ok {
			continue
		}
		if dot {
			dr := 2.5 * scale
			lc := newCanvas(buf)
			ring := make([]float32, 0, 32)
			for k := 0; k < 16; k++ {
				a := float64(k) * math.Pi / 8
				ring = append(ring, float32(c.x+dr*math.Cos(a)), float32(c.y+dr*math.Sin(a)))
			}
			lc.poly(ring)
			lc.fill(fade(st.col, opacity))
			r.Min.X += int(6 * scale)
		}
		t.Draw(buf, r.Min.X, r.Min.Y, fade(st.col, opacity), halo)
		seen[c.lb.text] = append(seen[c.lb.text], image.Pt(int(c.x), int(c.y)))
	}
}

// fillRect paints r with an opaque colour.
func fillRect(dst *image.RGBA, r image.Rectangle, col color.RGBA) {
	r = r.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	row := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y):][:4*r.Dx()]
	for i := 0; i < len(row); i += 4 {
		row[i], row[i+1], row[i+2], row[i+3] = col.R, col.G, col.B, col.A
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(dst.Pix[dst.PixOffset(r.Min.X, y):], row)
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func boundOf(xy []float32) [4]float32 {
	b := [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
	for i := 0; i+1 < len(xy); i += 2 {
		b[0], b[1] = min(b[0], xy[i]), min(b[1], xy[i+1])
		b[2], b[3] = max(b[2], xy[i]), max(b[3], xy[i+1])
	}
	return b
}

func union(a, b [4]float32) [4]float32 {
	return [4]float32{min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])}
}

func area(b [4]float32) float32 {
	if b[2] < b[0] || b[3] < b[1] {
		return 0
	}
	return (b[2] - b[0]) * (b[3] - b[1])
}

// last2 copies a ring out of the canvas path before a fill resets it.
func last2(tmp *[2][]float32, xy []float32) []float32 {
	tmp[0] = append(tmp[0][:0], xy...)
	return tmp[0]
}
