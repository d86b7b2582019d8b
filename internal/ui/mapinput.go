package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
)

// The map widget's input: pointer, wheel and keys turned into pans, zooms,
// selections, moves and the drawing tools' clicks.

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
