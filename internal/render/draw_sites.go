package render

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Marker sizes in pixels at device scale 1.
const (
	markerRadius  = 5.5
	unknownRadius = 3.5
	selectHalo    = 5.0
)

// markerKind is how a marker is emphasised.
type markerKind uint8

const (
	kindNormal markerKind = iota
	kindHover
	kindSelected
	kindPlace // a town's dot; status 1 for a capital
)

type spriteKey struct {
	col    color.RGBA
	status uint8
	kind   markerKind
	scale  float64
	count  string // cluster label; "" for a site marker
}

// sprite is a pre-rendered marker with its centre at (cx, cy).
type sprite struct {
	img    *image.RGBA
	cx, cy int
}

// spriteFor returns the cached marker image for a key, drawing it once.
// Markers are composited at whole pixels: thousands per frame cost one
// copy each instead of a rasterisation.
func (m *Map) spriteFor(k spriteKey) *sprite {
	m.spriteMu.Lock()
	sp, ok := m.sprites[k]
	m.spriteMu.Unlock()
	if ok {
		return sp
	}
	switch {
	case k.kind == kindPlace:
		sp = drawPlaceSprite(k)
	case k.count != "":
		sp = m.drawClusterSprite(k)
	default:
		sp = drawMarkerSprite(k)
	}
	m.spriteMu.Lock()
	if len(m.sprites) > 4096 {
		clear(m.sprites)
	}
	m.sprites[k] = sp
	m.spriteMu.Unlock()
	return sp
}

func newSprite(radius float64) (*sprite, *canvas, float32) {
	half := int(math.Ceil(radius)) + 2
	img := image.NewRGBA(image.Rect(0, 0, 2*half+1, 2*half+1))
	c := newCanvas(img)
	return &sprite{img: img, cx: half, cy: half}, c, float32(half) + 0.5
}

func drawPlaceSprite(k spriteKey) *sprite {
	sp, c, o := newSprite(3 * k.scale)
	s := float32(k.scale)
	c.circle(o, o, 3*s)
	c.fill(color.RGBA{0xff, 0xff, 0xff, 0xff})
	if k.status == 1 {
		c.ring(o, o, 1.2*s, 2.4*s)
		c.circle(o, o, 0.9*s)
	} else {
		c.circle(o, o, 2*s)
	}
	c.fill(colPlaceDot)
	return sp
}

// drawMarkerSprite draws a site marker: colour by category, shape by
// status, so that status reads even for colour-blind users and in print.
func drawMarkerSprite(k spriteKey) *sprite {
	s := float32(k.scale)
	r := float32(markerRadius) * s
	outer := float64(r) + 2*float64(s)
	if k.kind == kindSelected {
		outer += selectHalo * k.scale
	}
	sp, c, o := newSprite(outer)
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	dark := darken(k.col, 0.55)
	switch k.kind {
	case kindSelected:
		c.circle(o, o, r+float32(selectHalo)*s)
		c.fill(fade(colSelect, 0.45))
		c.ring(o, o, r+1.5*s, r+3.5*s)
		c.fill(colSelect)
	case kindHover:
		c.circle(o, o, r+3*s)
		c.fill(fade(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.8))
	}
	switch k.status {
	case codeConfirmed:
		c.circle(o, o, r)
		c.fill(dark)
		c.circle(o, o, r-1*s)
		c.fill(k.col)
	case codeReported:
		c.circle(o, o, r+0.5*s)
		c.fill(dark)
		c.circle(o, o, r-0.5*s)
		c.fill(white)
		c.circle(o, o, r-2*s)
		c.fill(k.col)
	case codeSuspected:
		// A dashed ring around a pale centre: something is there, maybe.
		c.circle(o, o, r)
		c.fill(fade(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.82))
		for i := 0; i < 8; i++ {
			a0 := float64(i)*math.Pi/4 + 0.12
			c.arc(o, o, r-2.2*s, r, a0, a0+math.Pi/4-0.24)
		}
		c.fill(k.col)
		c.circle(o, o, 1.6*s)
		c.fill(k.col)
	case codeClosed:
		c.circle(o, o, r)
		c.fill(darken(colClosed, 0.7))
		c.circle(o, o, r-1*s)
		c.fill(colClosed)
		d := (r - 2*s) * 0.75
		c.strokeLine([]float32{o - d, o - d, o + d, o + d}, 1.6*s)
		c.strokeLine([]float32{o - d, o + d, o + d, o - d}, 1.6*s)
		c.fill(white)
	default: // unknown
		ru := float32(unknownRadius) * s
		c.circle(o, o, ru+0.8*s)
		c.fill(white)
		c.circle(o, o, ru)
		c.fill(colUnknown)
	}
	return sp
}

// arc adds the annular sector between radii r0 < r1 from angle a0 to a1.
func (c *canvas) arc(x, y, r0, r1 float32, a0, a1 float64) {
	const n = 6
	pts := make([]float32, 0, 4*(n+1))
	for i := 0; i <= n; i++ {
		a := a0 + (a1-a0)*float64(i)/n
		pts = append(pts, x+r1*float32(math.Cos(a)), y+r1*float32(math.Sin(a)))
	}
	for i := n; i >= 0; i-- {
		a := a0 + (a1-a0)*float64(i)/n
		pts = append(pts, x+r0*float32(math.Cos(a)), y+r0*float32(math.Sin(a)))
	}
	c.path.addPoly(pts)
}

// clusterRadius grows with the count, slowly, so that a cluster of a
// hundred thousand is bigger than one of ten but does not cover a city.
func clusterRadius(n int, scale float64) float64 {
	return (9 + 3.2*math.Log10(float64(n))) * scale
}

func (m *Map) drawClusterSprite(k spriteKey) *sprite {
	r := float32(clusterRadius(int(labelValue(k.count)), k.scale))
	s := float32(k.scale)
	outer := float64(r + 4*s)
	if k.kind == kindSelected {
		outer += selectHalo * k.scale
	}
	sp, c, o := newSprite(outer)
	if k.kind == kindSelected {
		c.circle(o, o, r+float32(selectHalo+3)*s)
		c.fill(fade(colSelect, 0.5))
	}
	c.circle(o, o, r+4*s)
	c.fill(fade(colCluster, 0.22))
	c.circle(o, o, r)
	c.fill(colClusterBg)
	c.circle(o, o, r-1.5*s)
	c.fill(colCluster)
	t := m.fonts.Text(k.count, 11*k.scale, 0)
	sz := t.Size()
	t.Draw(sp.img, sp.cx-sz.X/2, sp.cy-t.Ascent+int(math.Round(4*k.scale)), color.RGBA{0xff, 0xff, 0xff, 0xff}, color.RGBA{})
	return sp
}

// labelValue reads back the count a cluster label stands for: the radius
// depends on the label only, so one sprite serves every cluster with it.
func labelValue(s string) float64 {
	mult := 1.0
	switch {
	case len(s) > 0 && s[len(s)-1] == 'k':
		mult, s = 1e3, s[:len(s)-1]
	case len(s) > 0 && s[len(s)-1] == 'M':
		mult, s = 1e6, s[:len(s)-1]
	}
	v, _ := strconv.ParseFloat(s, 64)
	return v * mult
}

// formatCount is the short form of a cluster count.
func formatCount(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n)
	case n < 10_000:
		return strconv.FormatFloat(math.Floor(float64(n)/100)/10, 'f', -1, 64) + "k"
	case n < 1_000_000:
		return strconv.Itoa(n/1000) + "k"
	case n < 10_000_000:
		return strconv.FormatFloat(math.Floor(float64(n)/100_000)/10, 'f', -1, 64) + "M"
	}
	return strconv.Itoa(n/1_000_000) + "M"
}

// blit composites a sprite centred on (x, y).
func blit(dst *image.RGBA, sp *sprite, x, y float64) {
	blitOver(dst, sp.img, image.Pt(int(math.Round(x))-sp.cx, int(math.Round(y))-sp.cy))
}

// markerColor is the fill of a site's marker.
func markerColor(s *snapshot, e *entry) color.RGBA {
	switch e.status() {
	case codeClosed:
		return colClosed
	case codeUnknown:
		return colUnknown
	}
	name := ""
	if int(e.cat) < len(s.categories) {
		name = s.categories[e.cat]
	}
	return CategoryColor(name)
}

func darken(c color.RGBA, f float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), c.A}
}

// drawShapes draws the lines and polygons of sites big enough on screen to
// show as shapes: an industrial complex is an area, not a dot.
func (m *Map) drawShapes(c *canvas, s *snapshot, fr frame, f *compiledFilter, selected map[int64]bool) {
	var buf []float32
	each := func(r ref, e *entry, sh *shape) {
		if !f.ok(e) {
			return
		}
		for _, k := range fr.copies {
			b := [4]float64{sh.bound.Min[0], sh.bound.Min[1], sh.bound.Max[0], sh.bound.Max[1]}
			if !fr.visible(b, k, 4) {
				continue
			}
			if (b[2]-b[0])*fr.ws < 6 && (b[3]-b[1])*fr.ws < 6 {
				continue // a marker says it better
			}
			col := markerColor(s, e)
			w := float32(2 * fr.scale)
			polygon := false
			eachPart(sh.geom, func(pts []orb.Point) {
				xy := make([]float64, 0, 2*len(pts))
				for _, p := range pts {
					xy = append(xy, p[0], p[1])
				}
				_, isPoly := sh.geom.(orb.Polygon)
				_, isMulti := sh.geom.(orb.MultiPolygon)
				polygon = isPoly || isMulti
				buf = projectPart(buf[:0], xy, &fr, k, polygon)
				if polygon {
					c.addRing(buf)
				}
			})
			if polygon {
				c.fill(fade(col, 0.25))
				eachPart(sh.geom, func(pts []orb.Point) {
					xy := make([]float64, 0, 2*len(pts)+2)
					for _, p := range pts {
						xy = append(xy, p[0], p[1])
					}
					buf = projectPart(buf[:0], xy, &fr, k, false)
					if e.status() == codeSuspected {
						c.dashLine(buf, w, 5*float32(fr.scale))
					} else {
						c.strokeLine(buf, w)
					}
				})
				c.fill(col)
			} else {
				eachPart(sh.geom, func(pts []orb.Point) {
					xy := make([]float64, 0, 2*len(pts))
					for _, p := range pts {
						xy = append(xy, p[0], p[1])
					}
					buf = projectPart(buf[:0], xy, &fr, k, false)
					c.strokeLine(buf, w+2*float32(fr.scale))
				})
				c.fill(color.RGBA{0xff, 0xff, 0xff, 0xff})
				eachPart(sh.geom, func(pts []orb.Point) {
					xy := make([]float64, 0, 2*len(pts))
					for _, p := range pts {
						xy = append(xy, p[0], p[1])
					}
					buf = projectPart(buf[:0], xy, &fr, k, false)
					c.strokeLine(buf, w)
				})
				c.fill(col)
			}
			if selected[e.row] {
				eachPart(sh.geom, func(pts []orb.Point) {
					xy := make([]float64, 0, 2*len(pts))
					for _, p := range pts {
						xy = append(xy, p[0], p[1])
					}
					buf = projectPart(buf[:0], xy, &fr, k, false)
					c.strokeLine(buf, w+4*float32(fr.scale))
				})
				c.fill(fade(colSelect, 0.8))
			}
		}
	}
	for _, slot := range s.base.shapeSlots {
		if s.dead != nil && s.isDead(int(slot)) {
			continue
		}
		each(ref(slot), &s.base.entries[slot], s.base.shapes[slot])
	}
	for i := range s.extra {
		if s.extra[i].shape != nil {
			each(ref(-1-i), &s.extra[i].e, s.extra[i].shape)
		}
	}
}
