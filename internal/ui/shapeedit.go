package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/measure"
	"github.com/siteatlas/siteatlas/internal/outline"
	"github.com/siteatlas/siteatlas/internal/site"
)

// wireShapeEditing connects the map's vertex, hole, part, line and measure
// gestures to the edits they make. Each edit is one undoable change.
func (w *Window) wireShapeEditing() {
	mv := w.mapView
	mv.OnVertexMove = func(_ int64, v outline.Vertex, p orb.Point) {
		w.editShape("move", func(g orb.Geometry) (orb.Geometry, error) { return outline.Move(g, v, p) })
	}
	mv.OnVertexInsert = func(_ int64, after outline.Vertex, p orb.Point) {
		w.editShape("add a corner", func(g orb.Geometry) (orb.Geometry, error) { return outline.Insert(g, after, p) })
	}
	mv.OnVertexRemove = func(_ int64, v outline.Vertex) {
		w.editShape("remove the corner", func(g orb.Geometry) (orb.Geometry, error) { return outline.Remove(g, v) })
	}
	mv.OnHole = func(_ int64, ring orb.Ring) {
		w.editShape("cut the hole", func(g orb.Geometry) (orb.Geometry, error) {
			return outline.AddHole(g, partContaining(g, ring), ring)
		})
	}
	mv.OnHoleRemove = func(_ int64, part, ring int) {
		w.editShape("remove the hole", func(g orb.Geometry) (orb.Geometry, error) { return outline.RemoveHole(g, part, ring) })
	}
	mv.OnPart = func(_ int64, p orb.Polygon) {
		w.editShape("add the part", func(g orb.Geometry) (orb.Geometry, error) { return outline.AddPart(g, p) })
	}
	mv.OnLine = func(l orb.LineString) { w.addSite(l) }
	mv.OnMeasure = w.showMeasure
	mv.OnMeasureCopy = w.copyMeasure
}

// startLine arms the map for drawing a road, railway or crossing.
func (w *Window) startLine() {
	w.mapView.SetAdding(false)
	w.mapView.SetDrawing(drawLine)
	w.hintLabel.SetText("Click along the line; double-click or Enter to finish, Esc to cancel")
	w.win.Canvas().Focus(w.mapView)
}

// startMeasure turns the measure tool on or off (M on the map).
func (w *Window) startMeasure() {
	w.mapView.ToggleMeasure()
	w.win.Canvas().Focus(w.mapView)
}

// editShape applies op to the selected site's geometry, then saves it as
// one undoable change. A refused edit says why; a result that is not a
// valid outline (it crosses itself, a hole is outside) is saved only when
// the researcher accepts, since real compounds are often drawn roughly.
func (w *Window) editShape(what string, op func(orb.Geometry) (orb.Geometry, error)) {
	cur, ok := w.details.working()
	if !ok || cur.Geometry == nil {
		return
	}
	g, err := op(cur.Geometry)
	if err != nil {
		var oe *outline.Error
		if errors.As(err, &oe) {
			err = errors.New(oe.Reason)
		}
		w.showError(fmt.Errorf("could not %s: %w", what, err))
		return
	}
	problems := outline.Validate(g)
	if len(problems) == 0 {
		w.moveTo(cur, g)
		return
	}
	var lines []string
	for i, p := range problems {
		if i == 3 {
			lines = append(lines, fmt.Sprintf("and %d more", len(problems)-3))
			break
		}
		lines = append(lines, p.Message)
	}
	msg := fmt.Sprintf("After this edit the outline of %s is not valid:\n\n%s\n\nGIS tools may refuse or misdraw it. Save it anyway?",
		app.Quote(cur.Name), strings.Join(lines, "\n"))
	d := dialog.NewConfirm("Outline not valid", msg, func(yes bool) {
		if yes {
			w.moveTo(cur, g)
		} else {
			w.mapView.SetSelectedShape(cur.Geometry)
		}
	}, w.win)
	d.SetConfirmText("Save anyway")
	d.SetDismissText("Undo the edit")
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
	w.emit("shape-invalid")
}

// partContaining is the part of a multipolygon whose shell holds ring's
// first corner (0 for a polygon, or when none does).
func partContaining(g orb.Geometry, ring orb.Ring) int {
	mp, ok := g.(orb.MultiPolygon)
	if !ok || len(ring) == 0 {
		return 0
	}
	for i, p := range mp {
		if len(p) > 0 && ringContains(p[0], ring[0]) {
			return i
		}
	}
	return 0
}

// ringContains is the even-odd test in lon/lat, enough to pick a part.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// showMeasure puts the measured path's figures under the map: each
// segment, the total and, closed, the area.
func (w *Window) showMeasure(path []orb.Point, closed bool) {
	w.measured = measureText(path, closed, w.imperial())
	switch {
	case w.measured != "":
		w.hintLabel.SetText(w.measured + "   (C copies, Esc clears)")
	case w.mapView.Drawing() == drawMeasure:
		w.hintLabel.SetText("Measure: click points along the way; click the first point to close an area; Esc to stop")
	default:
		w.hintLabel.SetText("")
	}
	w.emit("measure")
}

// measureText is the measure tool's line: "Segments 1.20 km, 850 m ·
// total 2.05 km", closed "… · perimeter 3.1 km · area 52 ha".
func measureText(path []orb.Point, closed bool, imperial bool) string {
	if len(path) < 2 {
		return ""
	}
	f := measure.Path(path, closed)
	segs := make([]string, len(f.Segments))
	for i, s := range f.Segments {
		segs[i] = measure.FormatLength(s, imperial)
	}
	if len(segs) > 6 {
		segs = append(segs[:3:3], "…", segs[len(segs)-1])
	}
	if closed {
		return fmt.Sprintf("Area %s · perimeter %s · sides %s", measure.FormatArea(f.AreaM2, imperial),
			measure.FormatLength(f.TotalM, imperial), strings.Join(segs, ", "))
	}
	if len(f.Segments) == 1 {
		return "Distance " + measure.FormatLength(f.TotalM, imperial)
	}
	return fmt.Sprintf("Total %s · segments %s", measure.FormatLength(f.TotalM, imperial), strings.Join(segs, ", "))
}

// copyMeasure puts the measure tool's figures on the clipboard.
func (w *Window) copyMeasure() {
	if w.measured != "" {
		w.app.Clipboard().SetContent(w.measured)
	}
}

// imperial is whether the locale asks for miles (en_US and a few others).
func (w *Window) imperial() bool {
	return measure.ImperialLocale(string(fyne.CurrentDevice().Locale()))
}

// shapeFigures is the details panel's line for an outline or a line.
func shapeFigures(s *site.Site, imperial bool) string {
	if s == nil || s.Geometry == nil {
		return ""
	}
	switch s.Geometry.(type) {
	case orb.Point, orb.MultiPoint:
		return ""
	}
	f := measure.Of(s.Geometry)
	var parts []string
	if f.AreaM2 > 0 {
		parts = append(parts, "Area "+measure.FormatArea(f.AreaM2, imperial), "perimeter "+measure.FormatLength(f.PerimeterM, imperial))
	}
	if f.LengthM > 0 {
		parts = append(parts, "Length "+measure.FormatLength(f.LengthM, imperial))
	}
	return strings.Join(parts, " · ")
}
