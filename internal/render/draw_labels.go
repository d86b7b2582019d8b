package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
)

// SiteLabelZoom is the zoom from which single sites are labelled.
const SiteLabelZoom = 11.0

// placeTable is, per basemap level, the places and country labels in
// label priority order with their display text.
type placeTable struct {
	levels [][]placeLabel
}

type placeLabel struct {
	f       *basemap.Feature
	text    string
	x, y    float64 // unit square
	country bool
}

func newPlaceTable(w *basemap.World) *placeTable {
	t := &placeTable{levels: make([][]placeLabel, len(w.Levels))}
	for li := range w.Levels {
		l := &w.Levels[li]
		var out []placeLabel
		for i := range l.Features {
			f := &l.Features[i]
			if f.Name == "" {
				continue
			}
			switch f.Class {
			case basemap.Place:
				p := f.LabelAt
				if pt, ok := f.Geometry.(orb.Point); ok {
					p = pt
				}
				out = append(out, placeLabel{f: f, text: labelText(f), x: mercX(p[0]), y: mercY(p[1])})
			case basemap.Country:
				p := f.LabelAt
				if p == (orb.Point{}) {
					p = f.Bound.Center()
				}
				out = append(out, placeLabel{f: f, text: f.Name, x: mercX(p[0]), y: mercY(p[1]), country: true})
			}
		}
		// By rank, countries a step ahead of places of the same rank and
		// capitals half a step, then the bigger city: at zoom 2 that is
		// the big countries and the world's great capitals.
		prio := func(p placeLabel) float64 {
			v := float64(p.f.Rank)
			if !p.country {
				v++
			}
			if p.f.Capital {
				v -= 0.5
			}
			return v
		}
		slices.SortStableFunc(out, func(a, b placeLabel) int {
			if c := cmpFloat(prio(a), prio(b)); c != 0 {
				return c
			}
			return b.f.Pop - a.f.Pop
		})
		t.levels[li] = out
	}
	return t
}

// labelText is the Latin name with the local name after it where the
// researchers read it: Chinese in China, Taiwan, Hong Kong and Macau,
// Hangul in the Koreas ("Tumen 图们", "Rason 라선"). Elsewhere a Chinese
// name would only clutter the map.
func labelText(f *basemap.Feature) string {
	var second string
	switch f.ISO {
	case "CN", "TW", "HK", "MO":
		second = f.NameZH
	case "KP", "KR":
		second = f.NameKO
	}
	if second == "" || strings.EqualFold(second, f.Name) {
		return f.Name
	}
	return f.Name + " " + second
}

// pendingPlaces are the most important towns whose names found no room
// among the site markers: sites gather in towns, so without a second
// chance the towns researchers work in would go unnamed. They are drawn
// over the markers, clear of every other name.
type pendingPlaces struct {
	texts *collider // the names placed so far
	pad   image.Point
	items []pendingPlace
}

type pendingPlace struct {
	text    string
	t       *textSprite
	x, y    float64
	capital bool
	scale   float64
}

// maxPending is how many towns get a second chance in a frame.
const maxPending = 8

// drawPlaces draws place dots and names, and country names at low zoom,
// skipping any that would overlap what is already placed. It returns the
// towns to name over the markers once they are drawn.
func (m *Map) drawPlaces(dst *image.RGBA, fr frame, col *collider) *pendingPlaces {
	if m.places == nil {
		return nil
	}
	li := -1
	l := m.worldLevel(fr.v.Zoom)
	for i := range m.world.Levels {
		if &m.world.Levels[i] == l {
			li = i
		}
	}
	if li < 0 {
		return nil
	}
	z := fr.v.Zoom
	s := fr.scale
	placed := 0
	// Names keep some air around them, wider than tall, so that a
	// crowded region reads as a few names instead of a carpet of text.
	// texts holds the names alone: a town's dot may hide under a site
	// marker, but never sit on another town's name.
	pad := image.Pt(int(math.Round(5*s)), int(math.Round(1*s)))
	padded := func(r image.Rectangle) image.Rectangle {
		return image.Rectangle{Min: r.Min.Sub(pad), Max: r.Max.Add(pad)}
	}
	texts := newCollider(64)
	pending := &pendingPlaces{texts: texts, pad: pad}
	for _, pl := range m.places.levels[li] {
		f := pl.f
		if pl.country {
			if z >= 7 || float64(f.MinZoom) > z+1 || float64(f.Rank) > z+0.5 {
				continue
			}
		} else if float64(f.MinZoom) > z+0.5 {
			continue
		}
		for _, k := range fr.copies {
			x, y := fr.px(pl.x, pl.y, k)
			if x < -100 || x > 2*fr.w2+100 || y < -20 || y > 2*fr.h2+20 {
				continue
			}
			if pl.country {
				t := m.fonts.Text(strings.ToUpper(pl.text), 11*s, int(math.Round(1.5*s)))
				sz := t.Size()
				r := image.Rect(int(x)-sz.X/2, int(y)-sz.Y/2, int(x)-sz.X/2+sz.X, int(y)-sz.Y/2+sz.Y)
				if !inside(r, dst.Rect) || !col.Place(padded(r)) {
					continue
				}
				texts.Add(r)
				t.Draw(dst, r.Min.X, r.Min.Y, colCountry, fade(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.55))
				m.labelDrawn(pl.text, r)
				continue
			}
			size := 11.0
			switch {
			case f.Capital || f.Rank <= 2:
				size = 13
			case f.Rank <= 5:
				size = 12
			}
			t := m.fonts.Text(pl.text, size*s, int(math.Round(1.5*s)))
			sz := t.Size()
			// The dot may hide under a marker; the name must be clear.
			dot := boxAround(x, y, 3*s)
			// Right of the dot, then left, above, below; then the same
			// further out, to clear a marker sitting on the town.
			var cands []image.Point
			for _, gap := range []int{int(4 * s), int(16 * s)} {
				cands = append(cands,
					image.Pt(int(x)+gap, int(y)-t.Ascent+int(4*s)),
					image.Pt(int(x)-gap-sz.X, int(y)-t.Ascent+int(4*s)),
					image.Pt(int(x)-sz.X/2, int(y)-gap-sz.Y),
					image.Pt(int(x)-sz.X/2, int(y)+gap))
			}
			drawn := false
			for _, p := range cands {
				r := image.Rectangle{Min: p, Max: p.Add(sz)}
				if !inside(r, dst.Rect) || col.Hits(padded(r)) || texts.Hits(dot) {
					continue
				}
				col.Add(padded(r))
				col.Add(dot)
				texts.Add(r)
				m.placeDot(dst, x, y, f.Capital, s)
				t.Draw(dst, p.X, p.Y, colPlaceText, colHalo)
				m.labelDrawn(pl.text, r)
				placed++
				drawn = true
				break
			}
			if !drawn && len(pending.items) < maxPending && x >= 0 && y >= 0 && x < 2*fr.w2 && y < 2*fr.h2 {
				pending.items = append(pending.items, pendingPlace{text: pl.text, t: t, x: x, y: y, capital: f.Capital, scale: s})
			}
		}
		if placed > 400 {
			break
		}
	}
	return pending
}

// drawOver names the pending towns over the site markers, in order of
// importance, where the name touches no other name; the dot goes on top
// of the markers too, so that the name points somewhere.
func (p *pendingPlaces) drawOver(m *Map, dst *image.RGBA, col *collider) {
	if p == nil {
		return
	}
	for _, it := range p.items {
		s := it.scale
		sz := it.t.Size()
		dot := boxAround(it.x, it.y, 3*s)
		if p.texts.Hits(dot) {
			continue
		}
		x, y := int(it.x), int(it.y)
		var cands []image.Point
		for _, gap := range []int{int(4 * s), int(16 * s)} {
			cands = append(cands,
				image.Pt(x+gap, y-it.t.Ascent+int(4*s)),
				image.Pt(x-gap-sz.X, y-it.t.Ascent+int(4*s)),
				image.Pt(x-sz.X/2, y-gap-sz.Y),
				image.Pt(x-sz.X/2, y+gap))
		}
		// Of the places clear of other names, the one that hides the
		// least of the markers.
		best, bestArea := -1, 0
		for i, c := range cands {
			r := image.Rectangle{Min: c, Max: c.Add(sz)}
			pr := image.Rectangle{Min: r.Min.Sub(p.pad), Max: r.Max.Add(p.pad)}
			if !inside(r, dst.Rect) || p.texts.Hits(pr) {
				continue
			}
			if a := col.Overlap(r); best < 0 || a < bestArea {
				best, bestArea = i, a
			}
		}
		if best < 0 {
			continue
		}
		c := cands[best]
		r := image.Rectangle{Min: c, Max: c.Add(sz)}
		pr := image.Rectangle{Min: r.Min.Sub(p.pad), Max: r.Max.Add(p.pad)}
		// The dot, unless a marker sits on the town: the name then names
		// the marker's place.
		if col.Overlap(dot) == 0 {
			m.placeDot(dst, it.x, it.y, it.capital, s)
		}
		p.texts.Add(pr)
		p.texts.Add(dot)
		col.Add(pr)
		col.Add(dot)
		it.t.Draw(dst, c.X, c.Y, colPlaceText, colHalo)
		m.labelDrawn(it.text, r)
	}
}

// labelDrawn tells a test which label was drawn where: r is the box the
// collision test used.
func (m *Map) labelDrawn(text string, r image.Rectangle) {
	if m.onLabel != nil {
		m.onLabel(text, r)
	}
}

func (m *Map) placeDot(dst *image.RGBA, x, y float64, capital bool, s float64) {
	k := spriteKey{kind: kindPlace, scale: s}
	if capital {
		k.status = 1
	}
	blit(dst, m.spriteFor(k), x, y)
}

// drawSiteLabels names single sites when zoomed in: the selected ones
// first, then in drawing order, never over another label.
func (m *Map) drawSiteLabels(dst *image.RGBA, fs frameSites, fr frame, sel []*cluster, col *collider) {
	if fr.v.Zoom < SiteLabelZoom && len(sel) == 0 {
		return
	}
	s := fr.scale
	label := func(cl *cluster, bold bool) {
		if cl.n != 1 {
			return
		}
		name := fs.snap.name(cl.r)
		if name == "" {
			return
		}
		name = truncate(name, 60)
		size := 11.5 * s
		if bold {
			size = 12.5 * s
		}
		t := m.fonts.Text(name, size, int(math.Round(1.5*s)))
		sz := t.Size()
		off := int(math.Ceil((markerRadius + 1.5) * s))
		cands := []image.Point{
			{int(cl.x) + off, int(cl.y) - sz.Y/2},
			{int(cl.x) - off - sz.X, int(cl.y) - sz.Y/2},
			{int(cl.x) - sz.X/2, int(cl.y) + off - int(2*s)},
			{int(cl.x) - sz.X/2, int(cl.y) - off - sz.Y + int(2*s)},
		}
		// A selected site is always named: in the first free place, or
		// right of its marker when there is none.
		for i, p := range cands {
			r := image.Rectangle{Min: p, Max: p.Add(sz)}.Inset(int(2 * s))
			if !inside(r, dst.Rect) || col.Hits(r) {
				if !bold || i < len(cands)-1 {
					continue
				}
				p = cands[0]
				r = image.Rectangle{Min: p, Max: p.Add(sz)}.Inset(int(2 * s))
			}
			col.Add(r)
			t.Draw(dst, p.X, p.Y, colSiteText, colHalo)
			m.labelDrawn(name, r)
			return
		}
	}
	done := make(map[*cluster]bool, len(sel))
	for _, cl := range sel {
		label(cl, true)
		done[cl] = true
	}
	if fr.v.Zoom < SiteLabelZoom {
		return
	}
	for i := range fs.clusters {
		if !done[&fs.clusters[i]] {
			label(&fs.clusters[i], false)
		}
	}
}

// inside reports whether r is entirely within b.
func inside(r, b image.Rectangle) bool { return r.In(b) }

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
