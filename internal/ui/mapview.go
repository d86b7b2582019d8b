package ui

import (
	"image"
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/outline"
	"github.com/siteatlas/siteatlas/internal/render"
)

// MapView shows the map and turns pointer and keyboard input into pans, zooms
// and selections. Frames are drawn by a goroutine of its own: the UI thread
// only asks for a frame and shows the newest one that is ready, so dragging
// stays smooth however many sites there are. While a frame is being drawn,
// the last one is shifted and scaled to where it belongs, so the map follows
// the pointer at once.
type MapView struct {
	widget.BaseWidget

	m *render.Map

	// Called on the UI goroutine.
	OnSelect func(row int64) // a site was clicked (0: empty map)
	OnCursor func(p orb.Point, ok bool)
	// OnSameSpot hears a click on a cluster of sites that share one
	// position (bound b), at pos in the widget.
	OnSameSpot   func(b orb.Bound, pos fyne.Position)
	OnViewChange func(v render.Viewport)
	// OnAdd hears where a new site should go: a click in adding mode, or
	// "Add site here" from the right-click menu.
	OnAdd func(p orb.Point)
	// OnMove hears that the selected site (row) was dragged by delta (in
	// degrees: new position minus old).
	OnMove func(row int64, delta orb.Point)
	// OnVertexMove hears that vertex v of the selected site's outline or
	// line was dragged to p; OnVertexInsert that a segment's middle handle
	// was dragged (or clicked) to p, adding a vertex after after;
	// OnVertexRemove that "Remove this corner" was picked.
	OnVertexMove   func(row int64, v outline.Vertex, p orb.Point)
	OnVertexInsert func(row int64, after outline.Vertex, p orb.Point)
	OnVertexRemove func(row int64, v outline.Vertex)
	// OnHole hears a ring drawn in hole mode, to cut out of the selected
	// outline; OnHoleRemove that a hole's "Remove this hole" was picked;
	// OnPart hears another part drawn for the selected outline.
	OnHole       func(row int64, ring orb.Ring)
	OnHoleRemove func(row int64, part, ring int)
	OnPart       func(row int64, p orb.Polygon)
	// OnLine hears a line drawn by clicking its vertices.
	OnLine func(l orb.LineString)
	// OnMeasure hears the measure tool's path after each click (nil when
	// cleared), and whether it was closed into an area.
	OnMeasure func(path []orb.Point, closed bool)
	// OnMeasureCopy hears C pressed while measuring.
	OnMeasureCopy func()
	// OnBox hears the box dragged out in box mode (SetBoxing).
	OnBox func(b orb.Bound)
	// OnDeleteKey hears the Delete key pressed on the map.
	OnDeleteKey func()
	// OnHelpKey hears F1 while the map has the focus.
	OnHelpKey func()

	// OnPolygon hears a polygon drawn by clicking its corners.
	OnPolygon func(p orb.Polygon)
	// OnDrawStart asks the window to start drawing (from the context menu).
	OnDrawStart func()

	boxing   bool // the next drag draws a box instead of panning
	boxRect  *canvas.Rectangle
	drawing  drawMode    // what clicks on the map draw
	corners  []orb.Point // the polygon, line or measured path drawn so far
	closed   bool        // the measured path was closed into an area
	sketch   *fyne.Container
	adding   bool           // the next click adds a site
	dragging int            // dragNone, dragPan or dragMove
	moveRow  int64          // the site being dragged
	shape    orb.Geometry   // the selected site's outline or line, for editing its vertices
	vertex   outline.Vertex // the vertex being dragged, or the one a new vertex follows
	inserted bool           // the drag started on a segment's middle: it adds a vertex
	// hoverVertex is the selected shape's vertex under the pointer, which
	// Delete removes, when hoverOnVertex.
	hoverVertex   outline.Vertex
	hoverOnVertex bool
	moveFrom      orb.Point // where the drag of a site started (lon/lat)
	moveTo        orb.Point // where the pointer is now
	ghost         *canvas.Circle

	view     render.Viewport // logical: Width/Height in device pixels, Scale set from the canvas
	selected []int64
	hover    int64
	filter   render.Filter
	layers   []render.Layer
	// approximateRadius is the setting of the same name, in metres.
	approximateRadius float64

	img   *canvas.Image
	shown render.Viewport // the viewport of the frame in img
	tip   *tipLayer       // the hovered site's name

	frames  chan frameRequest
	startMu sync.Once
	// frameDone, when set (tests), is called after each frame is shown.
	frameDone func()
}

type frameRequest struct {
	v    render.Viewport
	opts render.DrawOptions
}

// NewMapView returns a map over m centred on center at zoom.
func NewMapView(m *render.Map, center orb.Point, zoom float64) *MapView {
	mv := &MapView{
		m:      m,
		view:   render.NewViewport(center, zoom, 1, 1),
		img:    &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleFastest},
		tip:    newTipLayer(),
		frames: make(chan frameRequest, 1),
	}
	mv.sketch = container.NewWithoutLayout()
	mv.boxRect = canvas.NewRectangle(color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0x30})
	mv.boxRect.StrokeColor = color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}
	mv.boxRect.StrokeWidth = 2
	mv.boxRect.Hide()
	mv.ghost = canvas.NewCircle(color.NRGBA{R: 0xff, G: 0xc1, B: 0x07, A: 0xb0})
	mv.ghost.StrokeColor = color.NRGBA{A: 0xc0}
	mv.ghost.StrokeWidth = 2
	mv.ghost.Hide()
	mv.ExtendBaseWidget(mv)
	return mv
}

// CreateRenderer implements fyne.Widget.
func (mv *MapView) CreateRenderer() fyne.WidgetRenderer {
	mv.startMu.Do(func() { go mv.drawLoop() })
	bg := canvas.NewRectangle(render.OceanColor)
	return &mapRenderer{mv: mv, bg: bg, objects: []fyne.CanvasObject{bg, mv.img, container.NewWithoutLayout(mv.boxRect, mv.sketch, mv.ghost), mv.tip.layer}}
}

// View returns the current viewport.
func (mv *MapView) View() render.Viewport { return mv.view }

// SetView moves the map to v's centre and zoom.
func (mv *MapView) SetView(center orb.Point, zoom float64) {
	v := render.NewViewport(center, zoom, mv.view.Width, mv.view.Height)
	v.Scale = mv.view.Scale
	mv.setView(v)
}

// SetSelected highlights these rows.
func (mv *MapView) SetSelected(rows []int64) {
	mv.selected = append([]int64(nil), rows...)
	mv.requestFrame()
}

// SetFilter shows only the sites f lets through.
func (mv *MapView) SetFilter(f render.Filter) {
	mv.filter = f
	mv.requestFrame()
}

// Redraw asks for a new frame, after the sites changed.
func (mv *MapView) Redraw() { mv.requestFrame() }

// FitBound zooms to show b with some margin.
func (mv *MapView) FitBound(b orb.Bound) {
	v := mv.view
	v.FitBound(b, fitPadding(v))
	mv.setView(v)
}

// fitPadding is the margin, in device pixels, kept around what a fit shows:
// a marker, its halo and the start of its label stay clear of the edge
// (40 px put sites on the very edge of the map).
func fitPadding(v render.Viewport) float64 {
	scale := v.Scale
	if scale == 0 {
		scale = 1
	}
	return max(64*scale, 0.12*float64(min(v.Width, v.Height)))
}

// viewShows reports whether b is inside v with room to spare: a site 2 px
// from the edge of the map is not "in view".
func viewShows(v render.Viewport, b orb.Bound) bool {
	m := fitPadding(v) / 2
	for _, p := range []orb.Point{b.Min, b.Max} {
		x, y := v.ToPixel(p)
		if x < m || y < m || x > float64(v.Width)-m || y > float64(v.Height)-m {
			return false
		}
	}
	return true
}

func (mv *MapView) setView(v render.Viewport) {
	mv.view = v
	mv.refreshSketch()
	mv.Refresh()
	mv.requestFrame()
	if mv.OnViewChange != nil {
		mv.OnViewChange(v)
	}
}

func (mv *MapView) scale() float64 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(mv); c != nil {
		return float64(c.Scale())
	}
	return 1
}

func (mv *MapView) drawOptions() render.DrawOptions {
	return render.DrawOptions{Selected: mv.selected, Hover: mv.hover, Filter: mv.filter, Layers: mv.layers,
		ApproximateRadius: mv.approximateRadius}
}

// SetApproximateRadius sizes, in metres, the circle drawn around sites
// placed approximately; a negative radius draws none.
func (mv *MapView) SetApproximateRadius(metres float64) {
	mv.approximateRadius = metres
	mv.requestFrame()
}

// SetLayers sets the tile layers drawn over the embedded world, bottom
// first.
func (mv *MapView) SetLayers(ls []render.Layer) {
	mv.layers = ls
	mv.requestFrame()
}

// requestFrame replaces any waiting request with the current state: the
// latest request wins and stale ones are never drawn.
func (mv *MapView) requestFrame() {
	if mv.view.Width <= 1 || mv.view.Height <= 1 {
		return
	}
	req := frameRequest{v: mv.view, opts: mv.drawOptions()}
	for {
		select {
		case mv.frames <- req:
			return
		default:
			select {
			case <-mv.frames:
			default:
			}
		}
	}
}

// drawLoop draws the frames asked for, into two buffers in turn: one is
// shown while the next frame is drawn into the other (a 1280x800 frame is
// 4 MB, which allocating per frame would hand to the garbage collector 60
// times a second). It waits for each frame to be shown before drawing into
// the buffer that was on screen.
func (mv *MapView) drawLoop() {
	var bufs [2]*image.RGBA
	next := 0
	for req := range mv.frames {
		dst := bufs[next]
		if dst == nil || dst.Rect.Dx() != req.v.Width || dst.Rect.Dy() != req.v.Height {
			dst = image.NewRGBA(image.Rect(0, 0, req.v.Width, req.v.Height))
			bufs[next] = dst
		} else {
			clear(dst.Pix) // the renderer draws over a transparent frame
		}
		mv.m.Draw(dst, req.v, req.opts)
		shown := make(chan struct{})
		runOnUI(func() {
			defer close(shown)
			mv.img.Image = dst
			mv.shown = req.v
			mv.Refresh()
			traceFrame(mv.m) // SITEATLAS_TRACE_FIRST_FRAME, see trace.go
			if mv.frameDone != nil {
				mv.frameDone()
			}
		})
		<-shown
		next = 1 - next
	}
}

// toDevice converts a position in the widget to device pixels.
func (mv *MapView) toDevice(p fyne.Position) (float64, float64) {
	s := mv.view.Scale
	if s <= 0 {
		s = 1
	}
	return float64(p.X) * s, float64(p.Y) * s
}

const (
	dragNone = iota
	dragPan
	dragMove
	dragVertex
	dragBox
)

type mapRenderer struct {
	mv      *MapView
	bg      *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *mapRenderer) Layout(size fyne.Size) {
	mv := r.mv
	r.bg.Resize(size)
	r.objects[2].Resize(size)
	s := mv.scale()
	w, h := int(math.Round(float64(size.Width)*s)), int(math.Round(float64(size.Height)*s))
	if w != mv.view.Width || h != mv.view.Height || s != mv.view.Scale {
		v := render.NewViewport(mv.view.Center, mv.view.Zoom, w, h)
		v.Scale = s
		mv.view = v
		mv.requestFrame()
	}
	r.placeFrame()
}

// placeFrame puts the last frame where its map belongs in the current view,
// scaled when the zoom differs: the frame shown while the next is drawn.
func (r *mapRenderer) placeFrame() {
	mv := r.mv
	if mv.img.Image == nil || mv.shown.Width == 0 {
		return
	}
	s := mv.view.Scale
	if s <= 0 {
		s = 1
	}
	x0, y0 := mv.view.ToPixel(mv.shown.ToLonLat(0, 0))
	x1, y1 := mv.view.ToPixel(mv.shown.ToLonLat(float64(mv.shown.Width), float64(mv.shown.Height)))
	if x1 <= x0 { // the frame wraps around the antimeridian: show it unshifted
		x0, x1 = 0, float64(mv.shown.Width)
	}
	mv.img.Move(fyne.NewPos(float32(x0/s), float32(y0/s)))
	mv.img.Resize(fyne.NewSize(float32((x1-x0)/s), float32((y1-y0)/s)))
}

func (r *mapRenderer) MinSize() fyne.Size           { return fyne.NewSize(200, 200) }
func (r *mapRenderer) Refresh()                     { r.Layout(r.mv.Size()); canvas.Refresh(r.mv.img) }
func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *mapRenderer) Destroy()                     {}

// copyCoordinatesItem offers the position p in every notation, to paste
// into a report or a colleague's message.
func copyCoordinatesItem(p orb.Point) *fyne.MenuItem {
	item := fyne.NewMenuItem("Copy coordinates as", nil)
	var items []*fyne.MenuItem
	for _, n := range coords.Notations {
		text := coords.Format(p, n)
		if text == "" {
			continue // UTM and MGRS stop short of the poles
		}
		items = append(items, fyne.NewMenuItem(n.String()+": "+text, func() {
			fyne.CurrentApp().Clipboard().SetContent(text)
		}))
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}
