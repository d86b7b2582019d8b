package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/outline"
)

// drawMode is what clicks on the map draw.
type drawMode int

const (
	drawNone    drawMode = iota
	drawPolygon          // a new compound's outline
	drawLine             // a new road, railway or crossing
	drawHole             // a hole cut out of the selected outline
	drawPart             // another part of the selected outline
	drawMeasure          // a path measured, not stored
)

// maxHandles bounds the handles drawn: a 10,000-vertex outline shows its
// vertices only where they are apart enough to be grabbed.
const maxHandles = 1500

// SetSelectedShape gives the map the selected site's geometry; an outline's
// or a line's vertices can then be dragged, inserted and removed. Points
// and nil have none.
func (mv *MapView) SetSelectedShape(g orb.Geometry) {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon, orb.LineString, orb.MultiLineString:
		mv.shape = g
	default:
		mv.shape = nil
	}
	mv.hoverOnVertex = false
	mv.refreshSketch()
}

// SetDrawing starts drawing (or with drawNone cancels it): clicks add
// vertices, double-click or Enter finishes, Escape cancels.
func (mv *MapView) SetDrawing(mode drawMode) {
	wasMeasuring := mv.drawing == drawMeasure
	mv.drawing = mode
	mv.corners = nil
	mv.closed = false
	mv.refreshSketch()
	if wasMeasuring && mode != drawMeasure && mv.OnMeasure != nil {
		mv.OnMeasure(nil, false)
	}
}

// Drawing reports what is being drawn.
func (mv *MapView) Drawing() drawMode { return mv.drawing }

// ToggleMeasure starts the measure tool, or clears and leaves it.
func (mv *MapView) ToggleMeasure() {
	if mv.drawing == drawMeasure {
		mv.SetDrawing(drawNone)
		return
	}
	mv.SetDrawing(drawMeasure)
	if mv.OnMeasure != nil {
		mv.OnMeasure(nil, false)
	}
}

// addDrawnPoint adds the clicked position to what is drawn. Measuring, a
// click on the first point closes the path into an area; a closed path
// starts again with the next click.
func (mv *MapView) addDrawnPoint(x, y float64) {
	p := mv.snapped(mv.view.ToLonLat(x, y))
	if mv.drawing == drawMeasure {
		if mv.closed {
			mv.corners, mv.closed = nil, false
		}
		if len(mv.corners) > 2 {
			fx, fy := mv.view.ToPixel(mv.corners[0])
			if math.Hypot(fx-x, fy-y) <= 8*mv.scale() {
				mv.closed = true
				mv.refreshSketch()
				mv.OnMeasure(mv.corners, true)
				return
			}
		}
	}
	if n := len(mv.corners); n > 0 && mv.corners[n-1] == p {
		return // the double-click's second click
	}
	mv.corners = append(mv.corners, p)
	mv.refreshSketch()
	if mv.drawing == drawMeasure && mv.OnMeasure != nil {
		mv.OnMeasure(mv.corners, false)
	}
}

// finishDrawing hands what was drawn to its callback. A measured path
// stays shown until Escape or the next click.
func (mv *MapView) finishDrawing() {
	mode, corners := mv.drawing, mv.corners
	if mode == drawMeasure {
		return
	}
	mv.SetDrawing(drawNone)
	row := int64(0)
	if len(mv.selected) == 1 {
		row = mv.selected[0]
	}
	switch mode {
	case drawLine:
		if len(corners) >= 2 && mv.OnLine != nil {
			mv.OnLine(orb.LineString(corners))
		}
		return
	}
	if len(corners) < 3 {
		return
	}
	ring := append(append(orb.Ring(nil), corners...), corners[0])
	switch mode {
	case drawPolygon:
		if mv.OnPolygon != nil {
			mv.OnPolygon(orb.Polygon{ring})
		}
	case drawHole:
		if mv.OnHole != nil && row != 0 {
			mv.OnHole(row, ring)
		}
	case drawPart:
		if mv.OnPart != nil && row != 0 {
			mv.OnPart(row, orb.Polygon{ring})
		}
	}
}

// pixelDistance is the distance on screen, in device pixels, between two
// positions: what "within reach of the pointer" means.
func (mv *MapView) pixelDistance(a, b orb.Point) float64 {
	ax, ay := mv.view.ToPixel(a)
	bx, by := mv.view.ToPixel(b)
	return math.Hypot(ax-bx, ay-by)
}

func (mv *MapView) reach() float64 { return 8 * mv.scale() }

// vertexAt finds a vertex of the selected shape within reach of (x, y).
func (mv *MapView) vertexAt(x, y float64) (outline.Vertex, bool) {
	if mv.shape == nil {
		return outline.NoVertex, false
	}
	v, d := outline.Nearest(mv.shape, mv.view.ToLonLat(x, y), mv.pixelDistance)
	return v, v != outline.NoVertex && d <= mv.reach()
}

// midpointAt finds the middle handle of a segment within reach of (x, y),
// and returns the vertex the new one would follow.
func (mv *MapView) midpointAt(x, y float64) (outline.Vertex, bool) {
	if mv.shape == nil {
		return outline.NoVertex, false
	}
	p := mv.view.ToLonLat(x, y)
	for _, m := range outline.Midpoints(mv.shape) {
		if mv.pixelDistance(m.Point, p) <= mv.reach() {
			return m.After, true
		}
	}
	return outline.NoVertex, false
}

func (mv *MapView) midpointOf(after outline.Vertex) orb.Point {
	for _, m := range outline.Midpoints(mv.shape) {
		if m.After == after {
			return m.Point
		}
	}
	return orb.Point{}
}

// snapped moves p onto a vertex of the selected shape or of what is being
// drawn (its first corner closes a ring) when one is within reach; holding
// Alt turns snapping off.
func (mv *MapView) snapped(p orb.Point) orb.Point {
	if altHeld() {
		return p
	}
	var candidates []orb.Point
	if mv.shape != nil && mv.dragging != dragVertex {
		for _, h := range outline.Vertices(mv.shape) {
			candidates = append(candidates, h.Point)
		}
	}
	if len(mv.corners) > 0 {
		candidates = append(candidates, mv.corners[0])
	}
	if q, ok := outline.Snap(p, candidates, mv.reach(), mv.pixelDistance); ok {
		return q
	}
	return p
}

// altHeld reports whether Alt is down (desktop drivers only).
func altHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierAlt != 0
	}
	return false
}

// shapeMenuItems are the right-click entries for the selected outline or
// line under the pointer: remove this corner, cut or remove a hole, add
// another part.
func (mv *MapView) shapeMenuItems(x, y float64) []*fyne.MenuItem {
	if len(mv.selected) != 1 || mv.shape == nil {
		return nil
	}
	row := mv.selected[0]
	var items []*fyne.MenuItem
	if v, ok := mv.vertexAt(x, y); ok && mv.OnVertexRemove != nil {
		label := "Remove this corner"
		if _, line := mv.shape.(orb.LineString); line {
			label = "Remove this vertex"
		} else if _, lines := mv.shape.(orb.MultiLineString); lines {
			label = "Remove this vertex"
		}
		items = append(items, fyne.NewMenuItem(label, func() { mv.OnVertexRemove(row, v) }))
		if v.Ring > 0 && mv.OnHoleRemove != nil {
			items = append(items, fyne.NewMenuItem("Remove this hole", func() { mv.OnHoleRemove(row, v.Part, v.Ring) }))
		}
	}
	switch mv.shape.(type) {
	case orb.Polygon, orb.MultiPolygon:
		if mv.OnHole != nil {
			items = append(items, fyne.NewMenuItem("Cut a hole in this outline…", func() { mv.SetDrawing(drawHole) }))
		}
		if mv.OnPart != nil {
			items = append(items, fyne.NewMenuItem("Add another part to this outline…", func() { mv.SetDrawing(drawPart) }))
		}
	}
	if len(items) > 0 {
		items = append([]*fyne.MenuItem{fyne.NewMenuItemSeparator()}, items...)
	}
	return items
}

var (
	sketchStroke  = color.NRGBA{R: 0xe6, G: 0x51, B: 0x00, A: 0xff}
	measureStroke = color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff}
	handleStroke  = color.NRGBA{R: 0x21, G: 0x21, B: 0x21, A: 0xff}
	midpointFill  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xa0}
)

// refreshSketch draws what is being drawn, and the handles of the
// selected outline's vertices and segment middles, over the map.
func (mv *MapView) refreshSketch() {
	s := mv.view.Scale
	if s <= 0 {
		s = 1
	}
	pos := func(p orb.Point) fyne.Position {
		x, y := mv.view.ToPixel(p)
		return fyne.NewPos(float32(x/s), float32(y/s))
	}
	var objs []fyne.CanvasObject
	if mv.shape != nil && mv.drawing == drawNone {
		objs = mv.appendHandles(objs, pos)
	}
	stroke := sketchStroke
	if mv.drawing == drawMeasure {
		stroke = measureStroke
	}
	path := mv.corners
	if mv.closed && len(path) > 0 {
		path = append(append([]orb.Point(nil), path...), path[0])
	}
	for i, c := range path {
		if i > 0 {
			l := canvas.NewLine(stroke)
			l.StrokeWidth = 2
			l.Position1, l.Position2 = pos(path[i-1]), pos(c)
			objs = append(objs, l)
		}
	}
	for _, c := range mv.corners {
		dot := canvas.NewCircle(color.White)
		dot.StrokeColor, dot.StrokeWidth = stroke, 2
		dot.Move(pos(c).SubtractXY(4, 4))
		dot.Resize(fyne.NewSize(8, 8))
		objs = append(objs, dot)
	}
	mv.sketch.Objects = objs
	mv.sketch.Refresh()
}

// appendHandles adds a square per vertex and a small circle per segment
// middle of the selected shape, those on screen and apart enough to grab.
func (mv *MapView) appendHandles(objs []fyne.CanvasObject, pos func(orb.Point) fyne.Position) []fyne.CanvasObject {
	size := mv.Size()
	onScreen := func(p fyne.Position) bool {
		return p.X >= -8 && p.Y >= -8 && p.X <= size.Width+8 && p.Y <= size.Height+8
	}
	var last fyne.Position
	n := 0
	for _, h := range outline.Vertices(mv.shape) {
		p := pos(h.Point)
		if !onScreen(p) || n > 0 && math.Abs(float64(p.X-last.X)) < 6 && math.Abs(float64(p.Y-last.Y)) < 6 {
			continue
		}
		if n++; n > maxHandles {
			break
		}
		last = p
		sq := canvas.NewRectangle(color.White)
		sq.StrokeColor, sq.StrokeWidth = handleStroke, 1.5
		sq.Move(p.SubtractXY(4, 4))
		sq.Resize(fyne.NewSize(8, 8))
		objs = append(objs, sq)
	}
	if n > maxHandles/2 {
		return objs // too dense for middles to be told apart
	}
	for _, m := range outline.Midpoints(mv.shape) {
		p := pos(m.Point)
		if !onScreen(p) {
			continue
		}
		dot := canvas.NewCircle(midpointFill)
		dot.StrokeColor, dot.StrokeWidth = handleStroke, 1
		dot.Move(p.SubtractXY(3, 3))
		dot.Resize(fyne.NewSize(6, 6))
		objs = append(objs, dot)
	}
	return objs
}
