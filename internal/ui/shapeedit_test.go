package ui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/measure"
	"github.com/siteatlas/siteatlas/internal/outline"
)

// drawSquare draws a compound of four corners around centre and returns
// the map position of centre; the new site is selected.
func drawSquare(t *testing.T, w *Window, centre orb.Point) fyne.Position {
	t.Helper()
	w.mapView.SetView(centre, 13)
	waitFrame(t, w)
	w.startDrawing()
	c := screenPos(w, centre)
	for _, d := range []fyne.Position{{X: -60, Y: -60}, {X: 60, Y: -60}, {X: 60, Y: 60}} {
		test.TapAt(w.mapView, c.Add(d))
	}
	w.mapView.DoubleTapped(&fyne.PointEvent{Position: c.Add(fyne.NewPos(-60, 60))})
	waitEvents(t, w, "added")
	drainUntilQuiet(w)
	return c
}

func screenPos(w *Window, p orb.Point) fyne.Position {
	v := w.mapView.View()
	x, y := v.ToPixel(p)
	return fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale))
}

func selectedShape(t *testing.T, w *Window) orb.Geometry {
	t.Helper()
	s := w.details.Site()
	if s == nil {
		t.Fatal("no site selected")
	}
	return s.Geometry
}

func corners(g orb.Geometry) []int {
	var n []int
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			n = append(n, len(r)-1)
		}
	case orb.LineString:
		n = append(n, len(g))
	}
	return n
}

// TestEditOutlineVertices: a click on a side's middle handle adds a corner,
// "Remove this corner" removes one and is refused below three, a hole is
// cut by drawing inside and removed again, and Undo reverts each (issue 24).
func TestEditOutlineVertices(t *testing.T) {
	w := newTestWindow(t)
	centre := orb.Point{130.30, 42.90}
	c := drawSquare(t, w, centre)
	row := w.selected
	if got := corners(selectedShape(t, w)); len(got) != 1 || got[0] != 4 {
		t.Fatalf("the drawn square has corners %v", got)
	}
	if n := len(w.mapView.sketch.Objects); n < 8 {
		t.Errorf("the selected outline shows %d handles, want 4 corners and 4 middles", n)
	}

	// The middle of the top side.
	test.TapAt(w.mapView, c.Add(fyne.NewPos(0, -60)))
	waitEvents(t, w, "moved")
	if got := corners(selectedShape(t, w)); got[0] != 5 {
		t.Fatalf("a click on a side's middle left corners %v, want 5", got)
	}
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)
	if got := corners(selectedShape(t, w)); got[0] != 4 {
		t.Fatalf("undo of the added corner left %v", got)
	}

	// Remove corners down to three; the fourth removal is refused.
	w.mapView.OnVertexRemove(row, outline.Vertex{})
	waitEvents(t, w, "moved")
	if got := corners(selectedShape(t, w)); got[0] != 3 {
		t.Fatalf("removing a corner left %v", got)
	}
	w.mapView.OnVertexRemove(row, outline.Vertex{})
	drainUntilQuiet(w)
	if text := overlayText(w); !strings.Contains(text, "at least 3") {
		t.Errorf("removing a triangle's corner says %q", text)
	}
	closeDialogs(w)
	if got := corners(selectedShape(t, w)); got[0] != 3 {
		t.Fatalf("a refused removal changed the outline to %v", got)
	}
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)

	// Cut a hole: draw a triangle inside, Enter.
	w.mapView.SetDrawing(drawHole)
	for _, d := range []fyne.Position{{X: -20, Y: -20}, {X: 20, Y: -20}, {X: 0, Y: 20}} {
		test.TapAt(w.mapView, c.Add(d))
	}
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitEvents(t, w, "moved")
	if got := corners(selectedShape(t, w)); len(got) != 2 || got[1] != 3 {
		t.Fatalf("cutting a hole left rings %v", got)
	}
	before := measure.Area(orb.Polygon{selectedShape(t, w).(orb.Polygon)[0]})
	if after := measure.Area(selectedShape(t, w)); after >= before {
		t.Errorf("the hole did not reduce the area: %v m² of %v", after, before)
	}
	w.mapView.OnHoleRemove(row, 0, 1)
	waitEvents(t, w, "moved")
	if got := corners(selectedShape(t, w)); len(got) != 1 {
		t.Fatalf("removing the hole left rings %v", got)
	}
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)
	if got := corners(selectedShape(t, w)); len(got) != 2 {
		t.Errorf("undo of the hole's removal left rings %v", got)
	}
}

// TestInvalidOutlineAsks: dragging a corner across the opposite side makes
// a bow tie; it is saved only when the researcher says so.
func TestInvalidOutlineAsks(t *testing.T) {
	w := newTestWindow(t)
	centre := orb.Point{130.30, 42.90}
	drawSquare(t, w, centre)
	sq := selectedShape(t, w).(orb.Polygon)
	// Swap two neighbouring corners: the sides cross.
	w.mapView.OnVertexMove(w.selected, outline.Vertex{Index: 0}, orb.Point{sq[0][1][0] + 0.0001, sq[0][1][1]})
	waitEvents(t, w, "shape-invalid")
	if text := overlayText(w); !strings.Contains(text, "not valid") {
		t.Fatalf("a crossing outline says %q", text)
	}
	if got := selectedShape(t, w).(orb.Polygon); got[0][0] != sq[0][0] {
		t.Error("the crossing outline was saved before the researcher said so")
	}
	test.Tap(findButton(w, "Save anyway"))
	waitEvents(t, w, "moved")
	if got := selectedShape(t, w).(orb.Polygon); got[0][0] == sq[0][0] {
		t.Error("Save anyway did not save the outline")
	}
}

// TestDrawLine: Edit > Add line draws a line site vertex by vertex; a
// vertex added at a segment's middle and removed again, each undoable.
func TestDrawLine(t *testing.T) {
	w := newTestWindow(t)
	centre := orb.Point{130.30, 42.90}
	w.mapView.SetView(centre, 13)
	waitFrame(t, w)
	c := screenPos(w, centre)
	w.startLine()
	for _, d := range []fyne.Position{{X: -100, Y: 0}, {X: 0, Y: 40}, {X: 100, Y: 0}} {
		test.TapAt(w.mapView, c.Add(d))
	}
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitEvents(t, w, "added")
	drainUntilQuiet(w)
	l, ok := selectedShape(t, w).(orb.LineString)
	if !ok || len(l) != 3 {
		t.Fatalf("drawing three vertices made %#v", selectedShape(t, w))
	}
	if note := w.details.form.locationNote.Text; !strings.Contains(note, "Length ") {
		t.Errorf("a line's details say %q, want its length", note)
	}
	w.mapView.OnVertexRemove(w.selected, outline.Vertex{Index: 1})
	waitEvents(t, w, "moved")
	if l := selectedShape(t, w).(orb.LineString); len(l) != 2 {
		t.Fatalf("removing a vertex left %d", len(l))
	}
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)
	if l := selectedShape(t, w).(orb.LineString); len(l) != 3 {
		t.Errorf("undo left %d vertices", len(l))
	}
}

// TestMeasureTool: M starts measuring; two clicks give the geodesic
// distance, closing on the first point gives the area; Esc clears.
func TestMeasureTool(t *testing.T) {
	w := newTestWindow(t)
	centre := orb.Point{130.30, 42.90}
	w.mapView.SetView(centre, 13)
	waitFrame(t, w)
	c := screenPos(w, centre)
	w.mapView.TypedRune('m')
	pts := []fyne.Position{c.Add(fyne.NewPos(-100, -100)), c.Add(fyne.NewPos(100, -100)), c.Add(fyne.NewPos(100, 100))}
	test.TapAt(w.mapView, pts[0])
	test.TapAt(w.mapView, pts[1])
	a, b := w.mapView.corners[0], w.mapView.corners[1]
	want := "Distance " + measure.FormatLength(measure.Distance(a, b), false)
	if got := w.hintLabel.Text; !strings.HasPrefix(got, want) {
		t.Errorf("measuring two points says %q, want %q", got, want)
	}
	test.TapAt(w.mapView, pts[2])
	test.TapAt(w.mapView, pts[0]) // back on the first: closed
	if got := w.hintLabel.Text; !strings.HasPrefix(got, "Area ") {
		t.Errorf("closing the path says %q", got)
	}
	area := measure.Path(w.mapView.corners, true).AreaM2
	// A right triangle of two 200-pixel legs: half the square's area.
	side := measure.Distance(a, b)
	if math.Abs(area-side*side/2)/area > 0.01 {
		t.Errorf("the triangle's area %v m², want about %v", area, side*side/2)
	}
	w.mapView.TypedRune('c')
	if got := w.app.Clipboard().Content(); !strings.HasPrefix(got, "Area ") {
		t.Errorf("C copied %q", got)
	}
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.mapView.Drawing() != drawNone || w.hintLabel.Text != "" {
		t.Errorf("Esc left mode %v and %q", w.mapView.Drawing(), w.hintLabel.Text)
	}
}

// TestDeleteKeyRemovesHoveredCorner: with the pointer on a corner of the
// selected outline, Delete removes that corner, not the site.
func TestDeleteKeyRemovesHoveredCorner(t *testing.T) {
	w := newTestWindow(t)
	c := drawSquare(t, w, orb.Point{130.30, 42.90})
	w.mapView.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: c.Add(fyne.NewPos(60, 60))}})
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	waitEvents(t, w, "moved")
	if got := corners(selectedShape(t, w)); got[0] != 3 {
		t.Errorf("Delete over a corner left corners %v", got)
	}
	if strings.Contains(overlayText(w), "Delete site") {
		t.Error("Delete over a corner asked to delete the site")
	}
}
