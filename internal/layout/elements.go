package layout

import (
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

// graticule draws meridians and parallels at a round interval giving
// three to eight lines across the map, labelled inside the frame's top
// (longitudes) and left (latitudes) edges.
func (c *composer) graticule() {
	b := c.view.Bound()
	span := max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	step := 30.0
	for _, st := range []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30} {
		if span/st <= 7 {
			step = st
			break
		}
	}
	size := 6 * c.u
	line := func(a, b Pt) {
		c.add(Shape{Pts: []Pt{a, b}, Stroke: gratCol, Width: 0.4 * c.u})
	}
	mb := c.mapBox
	for lon := math.Ceil(b.Min[0]/step) * step; lon <= b.Max[0]; lon += step {
		x, _ := c.view.ToPixel(orb.Point{lon, c.view.Center[1]})
		p := c.toPage(x, 0)
		if p.X <= mb.X+2 || p.X >= mb.right()-2 {
			continue
		}
		line(Pt{p.X, mb.Y}, Pt{p.X, mb.bottom()})
		c.textC(p.X+2*c.u, mb.Y+size+2*c.u, size, *gratCol, degrees(lon, step, "E", "W"), Start, true)
	}
	for lat := math.Ceil(b.Min[1]/step) * step; lat <= b.Max[1]; lat += step {
		_, y := c.view.ToPixel(orb.Point{c.view.Center[0], lat})
		p := c.toPage(0, y)
		if p.Y <= mb.Y+2 || p.Y >= mb.bottom()-2 {
			continue
		}
		line(Pt{mb.X, p.Y}, Pt{mb.right(), p.Y})
		c.textC(mb.X+2*c.u, p.Y-2*c.u, size, *gratCol, degrees(lat, step, "N", "S"), Start, true)
	}
}

// degrees writes a graticule value with as many decimals as its step.
func degrees(v, step float64, pos, neg string) string {
	dec := 0
	for s := step; s < 1-1e-9 && dec < 3; s *= 10 {
		dec++
	}
	hemi := pos
	if v < -1e-9 {
		hemi, v = neg, -v
	}
	if math.Abs(v) < 1e-9 {
		hemi = ""
	}
	return fmt.Sprintf("%.*f°%s", dec, v, hemi)
}

// labels names the sites (or clusters) on the map: each label in the first
// of four places around its marker that is inside the map and clear of
// every marker and label already placed; a label with no such place is
// left out rather than drawn over another.
func (c *composer) labels() {
	mode := c.in.Spec.Labels
	if mode != LabelsAll && mode != LabelsSelected {
		return
	}
	sel := map[int64]bool{}
	for _, r := range c.in.Selected {
		sel[r] = true
	}
	size := max(8, 7.5*c.u) // as big as the basemap's own names, whatever the page
	var taken []Box
	k := c.mapBox.W / float64(c.view.Width)
	for _, p := range c.placed {
		q := c.toPage(p.X, p.Y)
		r := p.Radius * k
		taken = append(taken, Box{q.X - r, q.Y - r, 2 * r, 2 * r})
	}
	free := func(b Box) bool {
		if !c.mapBox.contains(b) {
			return false
		}
		for _, t := range taken {
			if t.overlaps(b) {
				return false
			}
		}
		return true
	}
	// Selected sites first: their labels win.
	order := make([]int, 0, len(c.placed))
	for i, p := range c.placed {
		if hasAny(p.Rows, sel) {
			order = append(order, i)
		}
	}
	if mode == LabelsAll {
		for i, p := range c.placed {
			if !hasAny(p.Rows, sel) {
				order = append(order, i)
			}
		}
	}
	for _, i := range order {
		p := c.placed[i]
		name := c.placeName(p)
		if name == "" {
			continue
		}
		w := measure(name, size)
		q := c.toPage(p.X, p.Y)
		r := p.Radius*k + 1.5*c.u
		asc, desc := size*0.78, size*0.24
		h := asc + desc
		cands := []Box{
			{q.X + r, q.Y - h/2, w, h},
			{q.X - r - w, q.Y - h/2, w, h},
			{q.X - w/2, q.Y + r, w, h},
			{q.X - w/2, q.Y - r - h, w, h},
		}
		for _, b := range cands {
			if !free(b) {
				continue
			}
			taken = append(taken, b)
			c.add(Text{X: b.X, Y: b.Y + asc, Size: size, Color: ink, Align: Start, S: name, Halo: true, Width: w})
			break
		}
	}
}

func hasAny(rows []int64, set map[int64]bool) bool {
	for _, r := range rows {
		if set[r] {
			return true
		}
	}
	return false
}

// placeName is a marker's site name, or "3 sites: A, B, C" for a cluster
// (the first three names, then "…").
func (c *composer) placeName(p render.Placed) string {
	if p.N <= 1 && len(p.Rows) == 1 {
		return truncateRunes(c.in.Sites[p.Rows[0]].Name, 48)
	}
	var names []string
	for _, r := range p.Rows {
		if n := strings.TrimSpace(c.in.Sites[r].Name); n != "" && !slices.Contains(names, n) {
			names = append(names, truncateRunes(n, 22))
		}
		if len(names) == 3 {
			break
		}
	}
	out := fmt.Sprintf("%d sites", p.N)
	if len(names) > 0 {
		out += ": " + strings.Join(names, ", ")
		if p.N > len(names) {
			out += ", …"
		}
	}
	return out
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// panel places the legend, the scale bar with the north arrow, and the
// inset beside the map (landscape: a column at the right) or under it
// (portrait: a row).
func (c *composer) panel(p Box, column bool) {
	s := c.in.Spec
	u := c.u
	gap := 10 * u
	scaleH := 34 * u
	if s.NorthArrow {
		scaleH = 48 * u
	}
	var legend, scale, inset Box
	if column {
		insetH := 0.0
		if s.Inset {
			insetH = p.W * 0.8
		}
		inset = Box{p.X, p.bottom() - insetH, p.W, insetH}
		scale = Box{p.X, inset.Y - gap - scaleH, p.W, scaleH}
		legend = Box{p.X, p.Y, p.W, scale.Y - gap - p.Y}
	} else {
		insetW := 0.0
		if s.Inset {
			insetW = p.H * 1.3
		}
		inset = Box{p.right() - insetW, p.Y, insetW, p.H}
		scale = Box{inset.X - gap - 120*u, p.Y + p.H - scaleH, 120 * u, scaleH}
		legend = Box{p.X, p.Y, scale.X - gap - p.X, p.H}
	}
	if s.Legend {
		c.legend(legend)
	}
	sb := scale
	if s.NorthArrow {
		c.northArrow(Box{sb.X, sb.Y, 20 * u, sb.H})
		sb = Box{sb.X + 28*u, sb.Y + sb.H - 30*u, sb.W - 28*u, 30 * u}
	}
	c.scaleBar(sb)
	if s.Inset {
		c.inset(inset)
	}
}

type legendEntry struct {
	label  string
	marker *image.RGBA
	count  int
}

// legend lists the categories and statuses of the sites on the map, each
// with its marker as the map draws it.
func (c *composer) legend(b Box) {
	u := c.u
	cats := map[string]int{}
	stats := map[site.Status]int{}
	for _, p := range c.placed {
		for _, r := range p.Rows {
			in := c.in.Sites[r]
			cats[in.Category]++
			stats[in.Status]++
		}
	}
	scale := c.dpi / 96
	var catRows, statRows []legendEntry
	for _, cat := range orderedCategories(cats) {
		catRows = append(catRows, legendEntry{categoryLabel(cat), render.MarkerImage(cat, site.StatusConfirmed, scale), cats[cat]})
	}
	for _, st := range site.Statuses {
		if n := stats[st]; n > 0 {
			statRows = append(statRows, legendEntry{statusLabel(st), render.MarkerImage("other", st, scale), n})
		}
	}
	head := 9 * u
	size := 7.5 * u
	row := 12 * u
	y := b.Y + head
	c.textC(b.X, y, head, ink, "Legend", Start, false)
	y += 6 * u
	if len(catRows) == 0 {
		c.textC(b.X, y+size+2*u, size, muted, "No sites on this map", Start, false)
		return
	}
	section := func(title string, rows []legendEntry) {
		if y+row*2 > b.bottom() {
			return
		}
		y += row
		c.textC(b.X, y-2*u, size*0.9, muted, title, Start, false)
		for i, e := range rows {
			if y+2*row > b.bottom() && i < len(rows)-1 {
				y += row
				c.textC(b.X+16*u, y-3*u, size, muted, fmt.Sprintf("and %d more", len(rows)-i), Start, false)
				return
			}
			y += row
			mw := float64(e.marker.Rect.Dx()) * 72 / c.dpi
			mh := float64(e.marker.Rect.Dy()) * 72 / c.dpi
			cx, cy := b.X+6*u, y-row/2
			c.add(Picture{Box: Box{cx - mw/2, cy - mh/2, mw, mh}, Img: e.marker})
			label := e.label
			if c.in.Spec.LegendCounts {
				label += fmt.Sprintf(" (%d)", e.count)
			}
			c.textC(b.X+16*u, cy+size*0.35, size, ink, fitText(label, size, b.W-16*u), Start, false)
		}
	}
	section("Category", catRows)
	y += 4 * u
	section("Status", statRows)
}

// orderedCategories are the categories present, built-ins in their usual
// order, then the users' own alphabetically.
func orderedCategories(n map[string]int) []string {
	var out []string
	for _, c := range site.Categories {
		if n[c] > 0 {
			out = append(out, c)
		}
	}
	var extra []string
	for c := range n {
		if !slices.Contains(site.Categories, c) {
			extra = append(extra, c)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

func categoryLabel(c string) string {
	if c == "" {
		return "Uncategorised"
	}
	s := strings.ReplaceAll(c, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func statusLabel(s site.Status) string {
	if s == "" {
		return "Unknown"
	}
	return strings.ToUpper(string(s)[:1]) + string(s)[1:]
}

// scaleBar draws a two-part bar of a round ground length with its ticks
// labelled, at the foot of b. The length is measured at the map's centre:
// in Web Mercator the scale changes with latitude.
func (c *composer) scaleBar(b Box) {
	u := c.u
	mPerPt := c.view.MetersPerPixel() * float64(c.view.Width) / c.mapBox.W
	meters, length := roundLength(mPerPt, b.W-14*u)
	if meters <= 0 {
		return
	}
	size := 6.5 * u
	barH := 4 * u
	y := b.bottom() - 2*u - barH
	x := b.X
	half := length / 2
	c.add(Shape{Pts: boxPts(Box{x, y, half, barH}), Closed: true, Fill: frameCol, Stroke: frameCol, Width: 0.5 * u})
	c.add(Shape{Pts: boxPts(Box{x + half, y, half, barH}), Closed: true, Fill: white, Stroke: frameCol, Width: 0.5 * u})
	unit, div := "m", 1.0
	if meters >= 1000 {
		unit, div = "km", 1000
	}
	c.textC(x, y-2*u, size, ink, "0", Middle, false)
	c.textC(x+half, y-2*u, size, ink, fmt.Sprintf("%g", meters/2/div), Middle, false)
	c.textC(x+length, y-2*u, size, ink, fmt.Sprintf("%g %s", meters/div, unit), Middle, false)
}

// roundLength returns the longest 1, 2 or 5 × 10^k metres that fits in
// maxPt points, and its length in points.
func roundLength(mPerPt, maxPt float64) (meters, pts float64) {
	if mPerPt <= 0 || maxPt <= 0 || math.IsNaN(mPerPt) {
		return 0, 0
	}
	maxM := mPerPt * maxPt
	p := math.Pow(10, math.Floor(math.Log10(maxM)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= maxM {
			meters = f * p
			break
		}
	}
	return meters, meters / mPerPt
}

// northArrow draws an arrow with an N over it; in Web Mercator north is
// straight up everywhere on the map.
func (c *composer) northArrow(b Box) {
	u := c.u
	size := 9 * u
	cx := b.X + b.W/2
	top := b.Y + size + 3*u
	bottom := b.bottom() - 2*u
	w := min(b.W, 14*u) / 2
	mid := bottom - (bottom-top)*0.3
	c.textC(cx, b.Y+size, size, ink, "N", Middle, false)
	c.add(Shape{Pts: []Pt{{cx, top}, {cx, mid}, {cx - w, bottom}}, Closed: true, Fill: white, Stroke: frameCol, Width: 0.6 * u})
	c.add(Shape{Pts: []Pt{{cx, top}, {cx + w, bottom}, {cx, mid}}, Closed: true, Fill: frameCol, Stroke: frameCol, Width: 0.6 * u})
}

// inset draws the region around the map a few zoom levels out, without
// sites, and boxes the map's area on it (a cross when the box would be too
// small to see).
func (c *composer) inset(b Box) {
	u := c.u
	k := c.dpi / 72
	w, h := int(math.Round(b.W*k)), int(math.Round(b.H*k))
	if w < 20 || h < 20 {
		return
	}
	v := render.NewViewport(c.view.Center, max(0, c.view.Zoom-4), w, h)
	v.Scale = c.view.Scale * 0.8
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c.in.Map.Draw(img, v, render.DrawOptions{Filter: render.Filter{Rows: render.NewRowSet(nil)}, NoOverlay: true, NoSiteLabels: true})
	c.add(Picture{Box: b, Img: img})
	mb := c.view.Bound()
	x0, y0 := v.ToPixel(orb.Point{mb.Min[0], mb.Max[1]})
	x1, y1 := v.ToPixel(orb.Point{mb.Max[0], mb.Min[1]})
	kx, ky := b.W/float64(w), b.H/float64(h)
	r := Box{b.X + x0*kx, b.Y + y0*ky, (x1 - x0) * kx, (y1 - y0) * ky}
	r = clip(r, b)
	if r.W < 4*u || r.H < 4*u {
		cx, cy := r.X+r.W/2, r.Y+r.H/2
		d := 5 * u
		c.add(Shape{Pts: []Pt{{cx - d, cy}, {cx + d, cy}}, Stroke: boxRed, Width: 1.2 * u})
		c.add(Shape{Pts: []Pt{{cx, cy - d}, {cx, cy + d}}, Stroke: boxRed, Width: 1.2 * u})
	} else {
		c.add(Shape{Pts: boxPts(r), Closed: true, Stroke: boxRed, Width: 1.2 * u})
	}
	c.add(Shape{Pts: boxPts(b), Closed: true, Stroke: frameCol, Width: 0.6 * u})
}

// clip returns the part of r inside b.
func clip(r, b Box) Box {
	x0, y0 := max(r.X, b.X), max(r.Y, b.Y)
	x1, y1 := min(r.right(), b.right()), min(r.bottom(), b.bottom())
	return Box{x0, y0, max(0, x1-x0), max(0, y1-y0)}
}
