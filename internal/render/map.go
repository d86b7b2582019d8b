package render

import (
	"image"
	"image/draw"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// Map draws the basemap and the sites of an Index. Draw and HitTest are
// safe to call from any goroutine, concurrently with each other and with
// edits of the index: each call works on one snapshot of the index.
type Map struct {
	world  *basemap.World
	levels []projLevel
	index  atomic.Pointer[Index]
	fonts  *fontSet
	places *placeTable

	// Attribution is the credit line drawn in the corner of every map.
	Attribution string

	spriteMu sync.Mutex
	sprites  map[spriteKey]*sprite

	// The last basemap raster: redrawing the same view (a marker moved,
	// the selection changed) copies it instead of rasterising the world.
	bmMu  sync.Mutex
	bmKey Viewport
	bmImg *image.RGBA

	// onLabel, when set (by tests), is called for every label drawn.
	onLabel func(text string, box image.Rectangle)
}

// DefaultAttribution credits the basemap data.
const DefaultAttribution = "© Natural Earth · Site Atlas"

// NewMap returns a Map of world (nil for no basemap) and idx (nil for no
// sites), with labels in labelFonts, OpenType fonts or collections in order
// of preference: pass assets.LabelFont for Chinese, Japanese and Korean
// names. The embedded Noto Sans Latin subset and Go Regular always follow
// them, for the accented Latin, Greek and Cyrillic a CJK font lacks; with
// no label font the map names places in those scripts only.
func NewMap(world *basemap.World, idx *Index, labelFonts ...[]byte) (*Map, error) {
	fs, err := newFontSet(labelFonts...)
	if err != nil {
		return nil, err
	}
	m := &Map{world: world, fonts: fs, sprites: map[spriteKey]*sprite{}, Attribution: DefaultAttribution}
	if world != nil {
		m.levels = make([]projLevel, len(world.Levels))
		m.places = newPlaceTable(world)
	}
	if idx == nil {
		idx = NewIndexBuilder().Build()
	}
	m.index.Store(idx)
	return m, nil
}

// Index returns the index the map draws.
func (m *Map) Index() *Index { return m.index.Load() }

// SetIndex replaces the index, as after opening another database.
func (m *Map) SetIndex(idx *Index) { m.index.Store(idx) }

// level returns the projected basemap level for zoom z.
func (m *Map) level(z float64) *projLevel {
	if m.world == nil || len(m.world.Levels) == 0 {
		return nil
	}
	l := m.worldLevel(z)
	for i := range m.world.Levels {
		if &m.world.Levels[i] == l {
			m.levels[i].build(l)
			return &m.levels[i]
		}
	}
	return nil
}

// levelLag delays the switch from the coarsest basemap level to the next
// by half a zoom level: the 1:50m world from zoom 3.5 rather than 3. Just
// past a switch a frame shows the most of the finer level, so it is the
// slowest frame of that level; at zoom 3 the 1:50m coastlines, rivers and
// borders of a whole continent cost more than a frame may (see
// BENCHMARKS.md), and the 1:110m world is still about as fine as the
// pixels there (a pixel is 20 km at the equator, 15 km at Hunchun). The
// switch to the 1:10m level at zoom 6 is where the researchers' provinces
// come into view, so it stays.
const levelLag = 0.5

// worldLevel returns the basemap level drawn at zoom z.
func (m *Map) worldLevel(z float64) *basemap.Level {
	l := m.world.Level(z)
	if len(m.world.Levels) > 1 && l == &m.world.Levels[1] && z < l.MinZoom+levelLag {
		return &m.world.Levels[0]
	}
	return l
}

// DrawOptions are the per-frame choices of what to show.
type DrawOptions struct {
	Filter Filter
	// Selected rows are highlighted and drawn on top; their labels win.
	Selected []int64
	// Hover is the row under the pointer; 0 for none (store rows start at 1).
	Hover int64
	// NoBasemap leaves the background transparent: for drawing over tiles.
	NoBasemap bool
	// NoOverlay leaves out the scale bar and the attribution.
	NoOverlay bool
	// NoSiteLabels leaves the sites unnamed: a print layout names them
	// itself, from Placed, as text a reader can select.
	NoSiteLabels bool
	// Layers are drawn over the basemap and under the sites, bottom first.
	Layers []Layer
	// ApproximateRadius and CityRadius, in metres, size the circle of doubt
	// drawn around a point placed approximately or to its city; 0 means
	// DefaultApproximateRadius and DefaultCityRadius, and a negative value
	// draws none.
	ApproximateRadius, CityRadius float64
}

// Default radii of the circles of doubt: a click on a map at street zoom is
// good to a few hundred metres; a city centre says only which city.
const (
	DefaultApproximateRadius = 500
	DefaultCityRadius        = 5000
)

// frameSites is the result of laying out the sites of one frame, shared
// by Draw and HitTest so that what is clicked is what is drawn.
type frameSites struct {
	snap     *snapshot
	clusters []cluster
	filter   compiledFilter
}

func (m *Map) layout(v Viewport, opts *DrawOptions) frameSites {
	s := m.Index().snapshot()
	f := opts.Filter.compile(s.categories)
	margin := clusterRadius(1_000_000, v.scale()) + 8
	cl := s.clusters(v, &f, margin)
	if clusterLevel(v.Zoom) >= 0 {
		cl = mergeOverlaps(s.splitByDistance(cl, v, &f), v.scale())
	}
	// Markers lower on the screen are drawn later, so they overlap the ones
	// behind them as on a tilted map; ties broken by row for stable output.
	slices.SortFunc(cl, func(a, b cluster) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	return frameSites{snap: s, clusters: cl, filter: f}
}

// Draw draws the map of view v into dst. dst should be v.Width×v.Height;
// if not, the view is resized to dst.
func (m *Map) Draw(dst *image.RGBA, v Viewport, opts DrawOptions) {
	dst = rebase(dst)
	v.Width, v.Height = dst.Rect.Dx(), dst.Rect.Dy()
	fr := newFrame(v)
	if opts.NoBasemap {
		draw.Draw(dst, dst.Rect, image.Transparent, image.Point{}, draw.Src)
	} else {
		m.basemapCached(dst, fr)
	}
	drawLayers(dst, v, opts.Layers)
	c := newCanvas(dst)
	fs := m.layout(v, &opts)
	selected := make(map[int64]bool, len(opts.Selected))
	for _, r := range opts.Selected {
		selected[r] = true
	}
	m.drawShapes(c, fs.snap, fr, &fs.filter, selected)
	drawDoubt(c, fs, fr, opts.ApproximateRadius, opts.CityRadius)

	col := newCollider(64)
	var pending *pendingPlaces
	// Markers first in the collider: place names give way to sites.
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		r := markerRadius * fr.scale
		if cl.n > 1 {
			r = clusterRadius(cl.n, fr.scale)
		}
		col.Add(boxAround(cl.x, cl.y, r))
	}
	drawLayerLabels(dst, v, opts.Layers, col)
	if !opts.NoBasemap && !layersLabelPlaces(v, opts.Layers) {
		pending = m.drawPlaces(dst, fr, col)
	}
	var sel []*cluster
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		kind := kindNormal
		if cl.n == 1 && fs.snap.entry(cl.r).row == opts.Hover {
			kind = kindHover
		}
		if cl.n == 1 && selected[fs.snap.entry(cl.r).row] || cl.n > 1 && len(selected) > 0 && m.clusterHasSelected(fs, cl, selected) {
			sel = append(sel, cl)
			continue
		}
		m.drawCluster(dst, fs.snap, cl, kind, fr.scale)
	}
	for _, cl := range sel {
		m.drawCluster(dst, fs.snap, cl, kindSelected, fr.scale)
	}
	pending.drawOver(m, dst, col)
	if !opts.NoSiteLabels {
		m.drawSiteLabels(dst, fs, fr, sel, col)
	}
	if !opts.NoOverlay {
		m.drawOverlay(dst, fr, m.attribution(opts.Layers))
	}
}

func (m *Map) drawCluster(dst *image.RGBA, s *snapshot, cl *cluster, kind markerKind, scale float64) {
	if cl.n > 1 {
		blit(dst, m.spriteFor(spriteKey{kind: kind, scale: scale, count: formatCount(cl.n)}), cl.x, cl.y)
		return
	}
	e := s.entry(cl.r)
	blit(dst, m.spriteFor(spriteKey{col: markerColor(s, e), status: e.status(), kind: kind, scale: scale}), cl.x, cl.y)
}

// clusterHasSelected reports whether a selected site is inside a cluster,
// so that the selection stays visible when zoomed out.
func (m *Map) clusterHasSelected(fs frameSites, cl *cluster, selected map[int64]bool) bool {
	for row := range selected {
		r, ok := fs.snap.find(row)
		if !ok {
			continue
		}
		e := fs.snap.entry(r)
		x := float64(e.x)
		for _, k := range []float64{0, -1, 1} {
			if x+k >= cl.bound.Min[0] && x+k <= cl.bound.Max[0] && float64(e.y) >= cl.bound.Min[1] && float64(e.y) <= cl.bound.Max[1] && fs.filter.ok(e) {
				return true
			}
		}
	}
	return false
}

// basemapCached draws the basemap, reusing the last raster: as it is for
// the same view (the selection changed), or shifted by whole pixels with
// only the uncovered strips rasterised when the view was panned, as while
// dragging. The cache keeps its buffer from frame to frame: a 1280×800
// raster is 4 MB, which allocated per frame would keep the collector busy.
func (m *Map) basemapCached(dst *image.RGBA, fr frame) {
	n := 4 * dst.Rect.Dx()
	packed := dst.Stride == n && len(dst.Pix) >= n*dst.Rect.Dy()
	if !packed {
		m.drawBasemap(newCanvas(dst), fr)
		return
	}
	size := n * dst.Rect.Dy()
	m.bmMu.Lock()
	if m.bmImg != nil && m.bmImg.Rect == dst.Rect {
		if m.bmKey == fr.v {
			copy(dst.Pix[:size], m.bmImg.Pix)
			m.bmMu.Unlock()
			return
		}
		if dx, dy, ok := panShift(m.bmKey, fr.v); ok {
			shiftCopy(dst, m.bmImg, dx, dy)
			m.bmMu.Unlock()
			for _, strip := range exposed(dst.Rect, dx, dy) {
				m.drawBasemap(newCanvas(dst.SubImage(strip).(*image.RGBA)), fr)
			}
			m.storeBasemap(dst, fr.v)
			return
		}
	}
	m.bmMu.Unlock()
	m.drawBasemap(newCanvas(dst), fr)
	m.storeBasemap(dst, fr.v)
}

// storeBasemap keeps dst, a packed image, as the raster of view v.
func (m *Map) storeBasemap(dst *image.RGBA, v Viewport) {
	size := dst.Stride * dst.Rect.Dy()
	m.bmMu.Lock()
	defer m.bmMu.Unlock()
	if m.bmImg == nil || len(m.bmImg.Pix) != size {
		m.bmImg = &image.RGBA{Pix: make([]byte, size)}
	}
	copy(m.bmImg.Pix, dst.Pix[:size])
	m.bmImg.Stride, m.bmImg.Rect = dst.Stride, dst.Rect
	m.bmKey = v
}

// panShift reports whether view b is view a panned by whole pixels, and
// by how many: the content at (x+dx, y+dy) of a is at (x, y) of b. Shifts
// of half the window or more are not worth reusing.
func panShift(a, b Viewport) (dx, dy int, ok bool) {
	if a.Zoom != b.Zoom || a.Width != b.Width || a.Height != b.Height || a.scale() != b.scale() {
		return 0, 0, false
	}
	ax, ay := a.centerMerc()
	bx, by := b.centerMerc()
	ws := a.WorldSize()
	fx := (bx - ax) * ws
	fx -= ws * math.Round(fx/ws) // the world repeats east–west
	fy := (by - ay) * ws
	rx, ry := math.Round(fx), math.Round(fy)
	// A hundredth of a pixel is invisible, and Pan's round trip through
	// degrees is exact to far better than that.
	if math.Abs(fx-rx) > 0.01 || math.Abs(fy-ry) > 0.01 ||
		math.Abs(rx) >= float64(a.Width)/2 || math.Abs(ry) >= float64(a.Height)/2 {
		return 0, 0, false
	}
	return int(rx), int(ry), true
}

// shiftCopy copies src into dst moved by (-dx, -dy); both are packed and
// of the same size. What src does not cover is left as it was.
func shiftCopy(dst, src *image.RGBA, dx, dy int) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	x0, x1 := max(0, -dx), min(w, w-dx) // dst columns that src covers
	for y := max(0, -dy); y < min(h, h-dy); y++ {
		d := dst.Pix[y*dst.Stride:]
		s := src.Pix[(y+dy)*src.Stride:]
		copy(d[4*x0:4*x1], s[4*(x0+dx):4*(x1+dx)])
	}
}

// exposed returns the parts of r that a shift by (dx, dy) leaves uncovered.
func exposed(r image.Rectangle, dx, dy int) []image.Rectangle {
	var out []image.Rectangle
	switch {
	case dx > 0:
		out = append(out, image.Rect(r.Max.X-dx, r.Min.Y, r.Max.X, r.Max.Y))
		r.Max.X -= dx
	case dx < 0:
		out = append(out, image.Rect(r.Min.X, r.Min.Y, r.Min.X-dx, r.Max.Y))
		r.Min.X -= dx
	}
	switch {
	case dy > 0:
		out = append(out, image.Rect(r.Min.X, r.Max.Y-dy, r.Max.X, r.Max.Y))
	case dy < 0:
		out = append(out, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y-dy))
	}
	return out
}

// rebase returns dst with its origin at (0, 0), sharing the pixels.
func rebase(dst *image.RGBA) *image.RGBA {
	if dst.Rect.Min == (image.Point{}) {
		return dst
	}
	return &image.RGBA{Pix: dst.Pix, Stride: dst.Stride, Rect: image.Rect(0, 0, dst.Rect.Dx(), dst.Rect.Dy())}
}

func boxAround(x, y, r float64) image.Rectangle {
	return image.Rect(int(x-r), int(y-r), int(x+r)+1, int(y+r)+1)
}
