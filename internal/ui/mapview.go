package ui

import (
	"image"
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
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

func (mv *MapView) drawLoop() {
	for req := range mv.frames {
		dst := image.NewRGBA(image.Rect(0, 0, req.v.Width, req.v.Height))
		mv.m.Draw(dst, req.v, req.opts)
		runOnUI(func() {
			mv.img.Image = dst
			mv.shown = req.v
			mv.Refresh()
			traceFrame(mv.m) // SITEATLAS_TRACE_FIRST_FRAME, see trace.go
			if mv.frameDone != nil {
				mv.frameDone()
			}
		})
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

// SetBoxing makes the next drag draw a box (for an area download) instead
// of panning; Escape cancels.
func (mv *MapView) SetBoxing(on bool) {
	mv.boxing = on
	if !on {
		mv.boxRect.Hide()
	}
}

// SetAdding turns adding mode on or off: in it, the next click on the map
// adds a site there.
func (mv *MapView) SetAdding(on bool) { mv.adding = on }

// Adding reports whether the next click adds a site.
func (mv *MapView) Adding() bool { return mv.adding }

// Dragged pans the map, or moves the selected site when the drag started
// on its marker.
func (mv *MapView) Dragged(ev *fyne.DragEvent) {
	if mv.dragging == dragNone && mv.boxing {
		start := ev.Position.Subtract(ev.Dragged)
		x, y := mv.toDevice(start)
		mv.dragging, mv.moveFrom = dragBox, mv.view.ToLonLat(x, y)
	}
	if mv.dragging == dragBox {
		x, y := mv.toDevice(ev.Position)
		mv.moveTo = mv.view.ToLonLat(x, y)
		s := mv.scale()
		x0, y0 := mv.view.ToPixel(mv.moveFrom)
		mv.boxRect.Move(fyne.NewPos(float32(math.Min(x0, x)/s), float32(math.Min(y0, y)/s)))
		mv.boxRect.Resize(fyne.NewSize(float32(math.Abs(x-x0)/s), float32(math.Abs(y-y0)/s)))
		mv.boxRect.Show()
		mv.boxRect.Refresh()
		return
	}
	if mv.dragging == dragNone {
		mv.dragging = dragPan
		start := ev.Position.Subtract(ev.Dragged)
		if len(mv.selected) == 1 && mv.OnVertexMove != nil && mv.shape != nil {
			x, y := mv.toDevice(start)
			if v, ok := mv.vertexAt(x, y); ok {
				mv.dragging, mv.moveRow, mv.vertex, mv.inserted = dragVertex, mv.selected[0], v, false
			} else if after, ok := mv.midpointAt(x, y); ok && mv.OnVertexInsert != nil {
				mv.dragging, mv.moveRow, mv.vertex, mv.inserted = dragVertex, mv.selected[0], after, true
			}
		}
		if mv.dragging == dragPan && len(mv.selected) == 1 && mv.OnMove != nil {
			x, y := mv.toDevice(start)
			hit := mv.m.HitTest(mv.view, x, y, mv.drawOptions())
			if hit.Kind == render.HitSite && hit.Row == mv.selected[0] {
				mv.dragging, mv.moveRow = dragMove, hit.Row
				mv.moveFrom = mv.view.ToLonLat(x, y)
			}
		}
	}
	if mv.dragging == dragMove || mv.dragging == dragVertex {
		x, y := mv.toDevice(ev.Position)
		mv.moveTo = mv.view.ToLonLat(x, y)
		r := float32(9)
		mv.ghost.Move(ev.Position.SubtractXY(r, r))
		mv.ghost.Resize(fyne.NewSize(2*r, 2*r))
		mv.ghost.Show()
		mv.ghost.Refresh()
		return
	}
	dx, dy := mv.toDevice(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
	v := mv.view
	v.Pan(-dx, -dy)
	mv.setView(v)
}

// DragEnd finishes a pan, or hands a site's move to OnMove.
func (mv *MapView) DragEnd() {
	if mv.dragging == dragBox {
		mv.SetBoxing(false)
		b := orb.MultiPoint{mv.moveFrom, mv.moveTo}.Bound()
		if mv.OnBox != nil && b.Max[0] > b.Min[0] && b.Max[1] > b.Min[1] {
			mv.OnBox(b)
		}
	}
	if mv.dragging == dragVertex {
		mv.ghost.Hide()
		p := mv.snapped(mv.moveTo)
		if mv.inserted {
			mv.OnVertexInsert(mv.moveRow, mv.vertex, p)
		} else {
			mv.OnVertexMove(mv.moveRow, mv.vertex, p)
		}
	}
	if mv.dragging == dragMove {
		mv.ghost.Hide()
		delta := orb.Point{mv.moveTo[0] - mv.moveFrom[0], mv.moveTo[1] - mv.moveFrom[1]}
		if delta != (orb.Point{}) {
			mv.OnMove(mv.moveRow, delta)
		}
	}
	mv.dragging = dragNone
}

// TappedSecondary offers to add a site where the user right-clicked.
func (mv *MapView) TappedSecondary(ev *fyne.PointEvent) {
	if mv.OnAdd == nil {
		return
	}
	x, y := mv.toDevice(ev.Position)
	p := mv.view.ToLonLat(x, y)
	c := fyne.CurrentApp().Driver().CanvasForObject(mv)
	if c == nil {
		return
	}
	menu := fyne.NewMenu("", fyne.NewMenuItem("Add site here", func() { mv.OnAdd(p) }))
	if mv.OnDrawStart != nil {
		menu.Items = append(menu.Items, fyne.NewMenuItem("Draw a compound's outline…", mv.OnDrawStart))
	}
	menu.Items = append(menu.Items, mv.shapeMenuItems(x, y)...)
	menu.Items = append(menu.Items, fyne.NewMenuItemSeparator(), copyCoordinatesItem(p))
	widget.ShowPopUpMenuAtRelativePosition(menu, c, ev.Position, mv)
}

// Scrolled zooms around the pointer.
func (mv *MapView) Scrolled(ev *fyne.ScrollEvent) {
	delta := float64(ev.Scrolled.DY) / 40
	delta = math.Max(-1, math.Min(1, delta))
	x, y := mv.toDevice(ev.Position)
	v := mv.view
	v.ZoomAround(x, y, delta)
	mv.setView(v)
}

// DoubleTapped zooms in one level around the pointer, or finishes the
// polygon being drawn.
func (mv *MapView) DoubleTapped(ev *fyne.PointEvent) {
	x, y := mv.toDevice(ev.Position)
	if mv.drawing != drawNone {
		mv.addDrawnPoint(x, y)
		mv.finishDrawing()
		return
	}
	v := mv.view
	v.ZoomAround(x, y, 1)
	mv.setView(v)
}

// Tapped selects the site under the pointer, or zooms into a cluster.
func (mv *MapView) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(mv); c != nil {
		c.Focus(mv)
	}
	x, y := mv.toDevice(ev.Position)
	if mv.drawing != drawNone {
		mv.addDrawnPoint(x, y)
		return
	}
	if len(mv.selected) == 1 && mv.shape != nil && mv.OnVertexInsert != nil {
		if after, ok := mv.midpointAt(x, y); ok {
			mv.OnVertexInsert(mv.selected[0], after, mv.midpointOf(after))
			return
		}
	}
	if mv.adding && mv.OnAdd != nil {
		mv.adding = false
		mv.OnAdd(mv.view.ToLonLat(x, y))
		return
	}
	hit := mv.m.HitTest(mv.view, x, y, mv.drawOptions())
	switch hit.Kind {
	case render.HitCluster:
		v := mv.view
		if b := hit.Bound; b.Max[0]-b.Min[0] < 1e-9 && b.Max[1]-b.Min[1] < 1e-9 {
			// Sites at one spot (often several placed at a city's centre)
			// never come apart by zooming: let the user pick one.
			if mv.OnSameSpot != nil {
				mv.OnSameSpot(b, ev.Position)
				return
			}
			v.ZoomAround(x, y, 2)
		} else {
			v.FitBound(b, fitPadding(v))
		}
		mv.setView(v)
	case render.HitSite:
		if mv.OnSelect != nil {
			mv.OnSelect(hit.Row)
		}
	default:
		if mv.OnSelect != nil {
			mv.OnSelect(0)
		}
	}
}

// MouseIn implements desktop.Hoverable.
func (mv *MapView) MouseIn(ev *desktop.MouseEvent) { mv.MouseMoved(ev) }

// MouseMoved shows the name of the site under the pointer and reports the
// pointer's coordinates.
func (mv *MapView) MouseMoved(ev *desktop.MouseEvent) {
	x, y := mv.toDevice(ev.Position)
	if mv.OnCursor != nil {
		mv.OnCursor(mv.view.ToLonLat(x, y), true)
	}
	mv.hoverVertex, mv.hoverOnVertex = mv.vertexAt(x, y)
	hit := mv.m.HitTest(mv.view, x, y, mv.drawOptions())
	var row int64
	text := ""
	switch hit.Kind {
	case render.HitSite:
		row = hit.Row
		text = mv.m.Index().Name(hit.Row)
	case render.HitCluster:
		text = formatCount(hit.Count) + " sites: click to zoom in"
	}
	if text == "" {
		mv.hideTip()
	} else {
		mv.showTip(text, ev.Position)
	}
	if row != mv.hover {
		mv.hover = row
		mv.requestFrame()
	}
}

// MouseOut implements desktop.Hoverable.
func (mv *MapView) MouseOut() {
	mv.hideTip()
	if mv.OnCursor != nil {
		mv.OnCursor(orb.Point{}, false)
	}
	if mv.hover != 0 {
		mv.hover = 0
		mv.requestFrame()
	}
}

func (mv *MapView) showTip(text string, at fyne.Position) {
	size := mv.tip.setText(text)
	mv.tip.place(fyne.NewPos(
		tipOffset(at.X, size.Width, mv.Size().Width),
		tipOffset(at.Y, size.Height, mv.Size().Height)))
}

// tipOffset places a tooltip of length size along one axis of a map of
// length limit, for the pointer at p: after the pointer, else before it,
// else (a long name near the middle of a narrow map) as far in as fits.
func tipOffset(p, size, limit float32) float32 {
	switch {
	case p+14+size <= limit:
		return p + 14
	case p-6-size >= 0:
		return p - 6 - size
	default:
		return max(0, limit-size)
	}
}

func (mv *MapView) hideTip() { mv.tip.hide() }

// FocusGained implements fyne.Focusable.
func (mv *MapView) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (mv *MapView) FocusLost() {}

// TypedRune zooms with + and -.
func (mv *MapView) TypedRune(r rune) {
	switch r {
	case '+', '=':
		mv.ZoomBy(1)
	case '-', '_':
		mv.ZoomBy(-1)
	case 'm', 'M':
		mv.ToggleMeasure()
	case 'c', 'C':
		if mv.drawing == drawMeasure && mv.OnMeasureCopy != nil {
			mv.OnMeasureCopy()
		}
	}
}

// TypedKey pans with the arrow keys; Escape leaves adding mode; Delete
// asks to delete the selected site.
func (mv *MapView) TypedKey(ev *fyne.KeyEvent) {
	step := float64(mv.view.Width) / 4
	v := mv.view
	switch ev.Name {
	case fyne.KeyEscape:
		mv.adding = false
		mv.SetBoxing(false)
		mv.SetDrawing(drawNone)
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if mv.drawing != drawNone {
			mv.finishDrawing()
		}
		return
	case fyne.KeyF1:
		if mv.OnHelpKey != nil {
			mv.OnHelpKey()
		}
		return
	case fyne.KeyDelete:
		// Over a corner of the selected outline, Delete removes that
		// corner; elsewhere it asks to delete the site.
		if v, ok := mv.hoverVertex, mv.hoverOnVertex; ok && len(mv.selected) == 1 && mv.OnVertexRemove != nil {
			mv.hoverOnVertex = false
			mv.OnVertexRemove(mv.selected[0], v)
			return
		}
		if mv.OnDeleteKey != nil {
			mv.OnDeleteKey()
		}
		return
	case fyne.KeyLeft:
		v.Pan(-step, 0)
	case fyne.KeyRight:
		v.Pan(step, 0)
	case fyne.KeyUp:
		v.Pan(0, -step)
	case fyne.KeyDown:
		v.Pan(0, step)
	default:
		return
	}
	mv.setView(v)
}

// ZoomBy zooms around the centre.
func (mv *MapView) ZoomBy(delta float64) {
	v := mv.view
	v.ZoomAround(float64(v.Width)/2, float64(v.Height)/2, delta)
	mv.setView(v)
}

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
