package tiles

import (
	"context"
	"errors"
	"github.com/siteatlas/siteatlas/internal/mercator"
	"image"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/siteatlas/siteatlas/internal/render"
)

// ErrPending is returned by a Source whose tile is on its way (an online
// source fetching in the background): the layer draws a lower zoom level
// meanwhile and redraws when told.
var ErrPending = errors.New("tile pending")

// Notifier is a Source that can say when new tiles have arrived.
type Notifier interface {
	// OnUpdate adds a function called (from any goroutine) after new
	// tiles arrive.
	OnUpdate(func())
}

// LayerOptions are the display settings of a layer.
type LayerOptions struct {
	// Opacity from 0 (invisible) to 1; the zero value means 1.
	Opacity float64
	// Hidden turns the layer off.
	Hidden bool
	// CacheBytes is the budget of decoded tiles; 0 means 96 MB.
	CacheBytes int
}

// Layer draws a tile source as a render.Layer: tiles of the zoom level
// nearest the view, a lower zoom scaled up where a tile is missing (and
// the embedded world where no level has one), decoded tiles kept in an
// LRU cache. Safe for concurrent use.
type Layer struct {
	src   Source
	md    Metadata
	cache *lru

	opacity  atomic.Uint64 // math.Float64bits
	hidden   atomic.Bool
	gen      atomic.Uint64 // bumped when tiles arrive or settings change
	onChange atomic.Pointer[func()]

	mu       sync.Mutex // the frame's geometry and what it shows
	lastErr  error
	painters []*painter // one per band drawn in parallel

	// The geometry of the last frame, without labels, for pans.
	geo       *image.RGBA
	geoValid  bool
	geoGen    uint64
	geoPlan   plan
	geoView   render.Viewport
	geoCover  float64
	rasterPix atomic.Int32 // side of raster tiles in pixels, once seen
}

// NewLayer returns a layer drawing src.
func NewLayer(src Source, opts LayerOptions) *Layer {
	budget := opts.CacheBytes
	if budget <= 0 {
		budget = 96 << 20
	}
	l := &Layer{src: src, md: src.Metadata(), cache: newLRU(budget)}
	op := opts.Opacity
	if op == 0 {
		op = 1
	}
	l.SetOpacity(op)
	l.hidden.Store(opts.Hidden)
	if n, ok := src.(Notifier); ok {
		n.OnUpdate(func() {
			l.gen.Add(1)
			if f := l.onChange.Load(); f != nil {
				(*f)()
			}
		})
	}
	return l
}

// Source returns the layer's tile source.
func (l *Layer) Source() Source { return l.src }

// Metadata returns the source's metadata.
func (l *Layer) Metadata() Metadata { return l.md }

// SetOpacity sets the opacity, 0 to 1.
func (l *Layer) SetOpacity(op float64) {
	l.opacity.Store(math.Float64bits(max(0, min(1, op))))
}

// Opacity returns the opacity.
func (l *Layer) Opacity() float64 { return math.Float64frombits(l.opacity.Load()) }

// SetVisible turns the layer on or off.
func (l *Layer) SetVisible(on bool) { l.hidden.Store(!on) }

// Visible reports whether the layer is on.
func (l *Layer) Visible() bool { return !l.hidden.Load() }

// OnChange sets the function called when the layer needs a redraw
// because tiles arrived in the background (online sources).
func (l *Layer) OnChange(f func()) { l.onChange.Store(&f) }

// Err returns the last error reading or decoding a tile, for a status
// line; nil when all went well. Broken tiles are drawn as missing.
func (l *Layer) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// Attribution returns the source's credit while the layer is on.
func (l *Layer) Attribution() string {
	if !l.Visible() || l.Opacity() == 0 {
		return ""
	}
	return l.md.Attribution
}

// LabelsPlaces reports whether the layer drew place names over most of
// the last frame of view v (an opaque basemap with labels): the renderer
// then leaves out the embedded world's names.
func (l *Layer) LabelsPlaces(v render.Viewport) bool {
	if !l.Visible() || l.Opacity() < 0.5 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.geoValid && l.geoView == v && l.geoCover >= 0.5
}

// Invalidate drops the decoded tiles, as after the file changed.
func (l *Layer) Invalidate() {
	l.cache.clear()
	l.gen.Add(1)
}

// Draw draws the layer's part of view v over dst: geometry, then labels.
func (l *Layer) Draw(dst *image.RGBA, v render.Viewport) {
	l.DrawGeometry(dst, v)
	l.DrawLabels(dst, v, nil)
}

// DrawGeometry draws the layer without its labels (render.LabelLayer:
// the renderer draws the labels after placing the site markers).
func (l *Layer) DrawGeometry(dst *image.RGBA, v render.Viewport) {
	if !l.Visible() {
		return
	}
	op := l.Opacity()
	if op <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ensureGeo(dst, &v)
	over(rebase(dst), l.geo, l.geo.Rect, uint32(math.Round(op*255)))
}

// DrawLabels draws the layer's labels of view v where place, when not
// nil, says there is room (and claims it).
func (l *Layer) DrawLabels(dst *image.RGBA, v render.Viewport, place func(image.Rectangle) bool) {
	if !l.Visible() || !l.md.Format.Vector() {
		return
	}
	op := l.Opacity()
	if op <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ensureGeo(dst, &v)
	l.drawLabels(rebase(dst), v, l.geoPlan.items, l.geoPlan.scale, op, place)
}

// ensureGeo brings l.geo up to date for view v sized to dst (under mu).
func (l *Layer) ensureGeo(dst *image.RGBA, v *render.Viewport) {
	size := dst.Rect.Size()
	v.Width, v.Height = size.X, size.Y
	gen := l.gen.Load()
	if !l.geoValid || l.geoView != *v || l.geoGen != gen || l.geo.Rect.Size() != size {
		l.updateGeo(*v, gen)
	}
}

// updateGeo draws the geometry of view v into l.geo (under mu), reusing
// the last frame's where the view only moved by whole pixels.
func (l *Layer) updateGeo(v render.Viewport, gen uint64) {
	size := image.Pt(v.Width, v.Height)
	if l.geo == nil || l.geo.Rect.Size() != size {
		l.geo = image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
		l.geoValid = false
	}
	pl := l.place(v)
	dx, dy, shift := 0, 0, false
	if l.geoValid && l.geoGen == gen && pl.zt == l.geoPlan.zt && l.geoView.Zoom == v.Zoom && l.geoView.Scale == v.Scale {
		dx, dy, shift = pixelShift(l.geoPlan, pl)
	}
	if shift {
		exposed := shiftImage(l.geo, dx, dy)
		for _, r := range exposed {
			l.drawBands(l.geo, v, pl, r)
		}
	} else {
		clear(l.geo.Pix)
		l.drawBands(l.geo, v, pl, l.geo.Rect)
	}
	l.geoValid, l.geoGen, l.geoPlan, l.geoView = true, gen, pl, v
	l.geoCover = pl.cover(v)
}

// pixelShift reports whether plan b shows what plan a showed moved by a
// whole number of pixels (a pan), and by how much.
func pixelShift(a, b plan) (int, int, bool) {
	if a.ws != b.ws {
		return 0, 0, false
	}
	fx := b.left - a.left
	fx -= math.Round(fx/a.ws) * a.ws // across the antimeridian
	fy := b.top - a.top
	rx, ry := math.Round(fx), math.Round(fy)
	if math.Abs(fx-rx) > 1e-3 || math.Abs(fy-ry) > 1e-3 {
		return 0, 0, false
	}
	return int(rx), int(ry), true
}

// shiftImage moves the content of img by (-dx, -dy) pixels (the view
// moved by dx, dy), clears what was uncovered and returns those parts.
func shiftImage(img *image.RGBA, dx, dy int) []image.Rectangle {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if dx >= w || -dx >= w || dy >= h || -dy >= h {
		clear(img.Pix)
		return []image.Rectangle{img.Rect}
	}
	if dx == 0 && dy == 0 {
		return nil
	}
	rowBytes := 4 * (w - abs(dx))
	sx, tx := max(dx, 0), max(-dx, 0) // source and target columns
	move := func(y int) {
		src := img.Pix[(y+dy)*img.Stride+4*sx:]
		dst := img.Pix[y*img.Stride+4*tx:]
		copy(dst[:rowBytes], src[:rowBytes])
	}
	if dy >= 0 {
		for y := 0; y < h-dy; y++ {
			move(y)
		}
	} else {
		for y := h - 1; y >= -dy; y-- {
			move(y)
		}
	}
	var out []image.Rectangle
	if dy > 0 {
		out = append(out, image.Rect(0, h-dy, w, h))
	} else if dy < 0 {
		out = append(out, image.Rect(0, 0, w, -dy))
	}
	ry0, ry1 := max(0, -dy), min(h, h-dy)
	if dx > 0 {
		out = append(out, image.Rect(w-dx, ry0, w, ry1))
	} else if dx < 0 {
		out = append(out, image.Rect(0, ry0, -dx, ry1))
	}
	for _, r := range out {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			clear(img.Pix[y*img.Stride+4*r.Min.X : y*img.Stride+4*r.Max.X])
		}
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// painter is the drawing state of one goroutine: a path rasterizer and
// a line mask, reused from frame to frame.
type painter struct {
	c  *canvas
	lm *lineMask
}

func (p *painter) canvasFor(dst *image.RGBA) *canvas {
	if p.c == nil || p.c.dst != dst {
		p.c = newCanvas(dst)
	}
	return p.c
}

func (p *painter) maskFor(w, h int) *lineMask {
	if p.lm == nil || p.lm.w != w || p.lm.h != h {
		p.lm = newLineMask(w, h)
	}
	return p.lm
}

// drawBands draws the plan into region of img, split into horizontal
// bands drawn on all cores: the bands touch disjoint pixels, and every
// pixel's value is the same however the frame is cut.
func (l *Layer) drawBands(img *image.RGBA, v render.Viewport, pl plan, region image.Rectangle) {
	n := runtime.GOMAXPROCS(0)
	n = max(1, min(n, region.Dy()/64, 8))
	for len(l.painters) < n {
		l.painters = append(l.painters, &painter{})
	}
	if n == 1 {
		l.drawGeometry(img, v, pl, region, l.painters[0])
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		band := region
		band.Min.Y = region.Min.Y + region.Dy()*i/n
		band.Max.Y = region.Min.Y + region.Dy()*(i+1)/n
		wg.Add(1)
		go func(band image.Rectangle, pt *painter) {
			defer wg.Done()
			l.drawGeometry(img, v, pl, band, pt)
		}(band, l.painters[i])
	}
	wg.Wait()
}

func rebase(dst *image.RGBA) *image.RGBA {
	if dst.Rect.Min == (image.Point{}) {
		return dst
	}
	return &image.RGBA{Pix: dst.Pix, Stride: dst.Stride, Rect: image.Rect(0, 0, dst.Rect.Dx(), dst.Rect.Dy())}
}

// placed is a tile to draw: the decoded tile (maybe an ancestor of the
// wanted one), its pixel origin and size, and the clip of the wanted tile.
type placed struct {
	d      *decoded
	ox, oy float64
	ts     float64
	clip   image.Rectangle
	sub    image.Rectangle // for raster ancestors: the part of the image
	want   image.Rectangle // the wanted tile, unclipped
	parent bool
}

// maxFallback is how many zoom levels up a missing tile is looked for.
const maxFallback = 8

// plan is what a frame shows: the tiles to draw and where.
type plan struct {
	items     []placed
	zt        int
	ws        float64 // world size in pixels
	left, top float64 // world pixel of the frame's top-left corner
	scale     float64
	vector    bool
}

// cover is the fraction of the frame covered by tiles that paint a
// background (vector tiles of a basemap schema, raster tiles).
func (p *plan) cover(v render.Viewport) float64 {
	covered := 0
	for _, it := range p.items {
		if !p.vector || it.d.vt.bg != bgNone {
			covered += it.clip.Dx() * it.clip.Dy()
		}
	}
	return float64(covered) / float64(max(1, v.Width*v.Height))
}

// place finds the tiles of view v: those of the zoom level nearest the
// view, or for each missing one its nearest ancestor.
func (l *Layer) place(v render.Viewport) plan {
	vector := l.md.Format.Vector()
	scale := v.Scale
	if scale <= 0 {
		scale = 1
	}
	pl := plan{scale: scale, vector: vector, zt: -1}
	var zt int
	if vector {
		// Vector tiles are made for 512-pixel display.
		zt = int(math.Round(v.Zoom - 1))
	} else {
		side := float64(l.rasterPix.Load())
		if side <= 0 {
			side = 256
		}
		zt = int(math.Round(v.Zoom + math.Log2(scale) - math.Log2(side/256)))
	}
	zt = max(0, zt)
	if zt < l.md.MinZoom {
		if l.md.MinZoom-zt > 3 {
			return pl // too many tiles; the embedded world is enough
		}
		zt = l.md.MinZoom
	}
	zt = min(zt, l.md.MaxZoom, MaxZoom)
	n := 1 << zt
	ws := v.WorldSize()
	ts := ws / float64(n)
	cx := (v.Center[0] + 180) / 360
	cy := mercY(v.Center[1])
	left := cx*ws - float64(v.Width)/2
	top := cy*ws - float64(v.Height)/2
	pl.zt, pl.ws, pl.left, pl.top = zt, ws, left, top
	tx0, tx1 := int(math.Floor(left/ts)), int(math.Floor((left+float64(v.Width)-1e-9)/ts))
	ty0, ty1 := max(0, int(math.Floor(top/ts))), min(n-1, int(math.Floor((top+float64(v.Height)-1e-9)/ts)))
	if tx1-tx0 > 64 || ty1-ty0 > 64 {
		return pl
	}
	frame := image.Rect(0, 0, v.Width, v.Height)
	bounds := l.md.Bounds
	ctx := context.Background()
	// Read and decode the tiles not in the cache on all cores first: a
	// dense vector tile takes milliseconds to decode.
	var todo []TileID
	for ty := ty0; ty <= ty1; ty++ {
		for tx := tx0; tx <= tx1; tx++ {
			id := TileID{zt, ((tx % n) + n) % n, ty}
			if _, ok := l.cache.get(id); !ok && bounds.Intersects(id.Bound()) {
				todo = append(todo, id)
			}
		}
	}
	l.prefetch(ctx, todo)
	for ty := ty0; ty <= ty1; ty++ {
		for tx := tx0; tx <= tx1; tx++ {
			id := TileID{zt, ((tx % n) + n) % n, ty}
			if !bounds.Intersects(id.Bound()) {
				continue
			}
			ox, oy := float64(tx)*ts-left, float64(ty)*ts-top
			clip := tileRect(ox, oy, ts).Intersect(frame)
			// The wanted tile, else its nearest ancestor.
			for d := 0; d <= maxFallback && zt-d >= l.md.MinZoom; d++ {
				aid := TileID{zt - d, id.X >> d, id.Y >> d}
				dec := l.tile(ctx, aid)
				if dec == nil || dec.missing() {
					continue
				}
				f := float64(int(1) << d)
				atx := math.Floor(float64(tx) / f)
				aty := float64(ty >> d)
				p := placed{d: dec, ox: atx*ts*f - left, oy: aty*ts*f - top, ts: ts * f, clip: clip, parent: d > 0, want: tileRect(ox, oy, ts)}
				if dec.img != nil {
					side := max(1, dec.img.Rect.Dx()>>d)
					p.sub = image.Rect((id.X-aid.X<<d)*side, (id.Y-aid.Y<<d)*side, 0, 0)
					p.sub.Max = p.sub.Min.Add(image.Pt(side, side))
				}
				pl.items = append(pl.items, p)
				break
			}
		}
	}
	return pl
}

// drawGeometry draws the plan's tiles, without labels, into the part
// region of an image that is clear there.
func (l *Layer) drawGeometry(buf *image.RGBA, v render.Viewport, pl plan, region image.Rectangle, pt *painter) {
	if pl.vector {
		l.drawVector(buf, v, pl.items, pl.scale, region, pt)
		return
	}
	for _, p := range pl.items {
		sr := p.d.img.Rect
		if p.parent {
			sr = p.sub
		}
		drawRasterClipped(buf, p.want, p.clip.Intersect(region), p.d.img, sr)
	}
}

func tileRect(ox, oy, ts float64) image.Rectangle {
	return image.Rect(int(math.Floor(ox)), int(math.Floor(oy)), int(math.Floor(ox+ts)), int(math.Floor(oy+ts)))
}

// drawRasterClipped draws src's part sr scaled to the rectangle full,
// keeping only what falls in clip.
func drawRasterClipped(dst *image.RGBA, full, clip image.Rectangle, src *image.RGBA, sr image.Rectangle) {
	clip = clip.Intersect(full).Intersect(dst.Rect)
	if clip.Empty() || full.Empty() {
		return
	}
	sub := dst.SubImage(clip).(*image.RGBA)
	drawRaster(sub, full, src, sr)
}

// prefetch reads and decodes tiles into the cache in parallel.
func (l *Layer) prefetch(ctx context.Context, ids []TileID) {
	if len(ids) < 2 {
		return
	}
	workers := min(len(ids), runtime.GOMAXPROCS(0))
	if workers < 2 {
		return
	}
	next := make(chan TileID)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				d, err := l.load(ctx, id)
				if d != nil {
					l.cache.put(id, d)
				}
				if err != nil {
					mu.Lock()
					l.lastErr = err
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
}

// tile returns the decoded tile id, from the cache or the source; nil
// when it is pending.
func (l *Layer) tile(ctx context.Context, id TileID) *decoded {
	if d, ok := l.cache.get(id); ok {
		return d
	}
	d, err := l.load(ctx, id)
	if err != nil {
		l.lastErr = err
	}
	if d != nil {
		l.cache.put(id, d)
	}
	return d
}

// load reads and decodes tile id; nil when it is pending. A broken tile
// is returned as missing, with the error.
func (l *Layer) load(ctx context.Context, id TileID) (*decoded, error) {
	data, err := l.src.Tile(ctx, id)
	if errors.Is(err, ErrPending) {
		return nil, nil
	}
	d := &decoded{size: 64}
	if err != nil || data == nil {
		return d, err
	}
	if l.md.Format.Vector() || l.md.Format == FormatUnknown && sniffFormat(data) == FormatMVT {
		if len(data) == 0 {
			d.vt = &vtile{}
			return d, nil
		}
		if d.vt, err = decodeVector(data); err != nil {
			return d, err
		}
		d.size += d.vt.size
		return d, nil
	}
	if d.img, err = decodeRaster(data); err != nil {
		return d, err
	}
	d.size += len(d.img.Pix)
	l.rasterPix.CompareAndSwap(0, int32(d.img.Rect.Dx()))
	return d, nil
}

func mercY(lat float64) float64 { return mercator.Y(lat) }

// Layer is drawn by the renderer as a LabelLayer.
var _ render.LabelLayer = (*Layer)(nil)
