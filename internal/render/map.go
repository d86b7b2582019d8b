package render

import (
	"image"
	"image/draw"
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
	l := m.world.Level(z)
	for i := range m.world.Levels {
		if &m.world.Levels[i] == l {
			m.levels[i].build(l)
			return &m.levels[i]
		}
	}
	return nil
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
	// Layers are drawn over the basemap and under the sites, bottom first.
	Layers []Layer
}

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
		cl = mergeOverlaps(cl, v.scale())
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

	col := newCollider(64)
	// Markers first in the collider: place names give way to sites.
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		r := markerRadius * fr.scale
		if cl.n > 1 {
			r = clusterRadius(cl.n, fr.scale)
		}
		col.add(boxAround(cl.x, cl.y, r))
	}
	if !opts.NoBasemap && !layersLabelPlaces(v, opts.Layers) {
		m.drawPlaces(dst, fr, col)
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
	m.drawSiteLabels(dst, fs, fr, sel, col)
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

// basemapCached draws the basemap, reusing the last raster for the same
// view. The cache keeps its buffer from frame to frame: a 1280×800 raster
// is 4 MB, which allocated per frame would keep the collector busy.
func (m *Map) basemapCached(dst *image.RGBA, fr frame) {
	n := 4 * dst.Rect.Dx()
	packed := dst.Stride == n && len(dst.Pix) >= n*dst.Rect.Dy()
	if !packed {
		m.drawBasemap(newCanvas(dst), fr)
		return
	}
	size := n * dst.Rect.Dy()
	m.bmMu.Lock()
	if m.bmImg != nil && m.bmKey == fr.v && m.bmImg.Rect == dst.Rect {
		copy(dst.Pix[:size], m.bmImg.Pix)
		m.bmMu.Unlock()
		return
	}
	m.bmMu.Unlock()
	m.drawBasemap(newCanvas(dst), fr)
	m.bmMu.Lock()
	if m.bmImg == nil || len(m.bmImg.Pix) != size {
		m.bmImg = &image.RGBA{Pix: make([]byte, size)}
	}
	copy(m.bmImg.Pix, dst.Pix[:size])
	m.bmImg.Stride, m.bmImg.Rect = n, dst.Rect
	m.bmKey = fr.v
	m.bmMu.Unlock()
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
