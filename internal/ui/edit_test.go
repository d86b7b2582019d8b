package ui

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

const tumenComplex = "North Korean industrial complex, Tumen"

func selectNamed(t *testing.T, w *Window, name string) site.Site {
	t.Helper()
	w.selectRow(rowNamed(t, w, name), false)
	waitSelected(t, w)
	s := w.details.Site()
	if s == nil || s.Name != name {
		t.Fatalf("selecting %q shows %v", name, s)
	}
	return *s
}

func stored(t *testing.T, w *Window, id string) site.Site {
	t.Helper()
	s, err := w.ws.Store().Get(context.Background(), id)
	if err != nil {
		t.Fatalf("site %s: %v", id, err)
	}
	return s
}

func TestEditFieldsSaveAndUndo(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	f := w.details.form
	tests := []struct {
		name  string
		edit  func()
		check func(s site.Site) bool
	}{
		{"name", func() { f.name.SetText("Tumen complex (renamed)") }, func(s site.Site) bool { return s.Name == "Tumen complex (renamed)" }},
		{"aliases", func() { f.aliases.SetText("图们工业园区\n투먼 공단") }, func(s site.Site) bool { return len(s.Aliases) == 2 && s.Aliases[1] == "투먼 공단" }},
		{"status", func() { f.status.SetValue("confirmed") }, func(s site.Site) bool { return s.Status == site.StatusConfirmed }},
		{"user category", func() { f.category.SetText("seafood_processing") }, func(s site.Site) bool { return s.Category == "seafood_processing" }},
		{"country by name", func() { f.country.SetText("North Korea"); f.countryLeft() }, func(s site.Site) bool { return s.Country == "KP" }},
		{"workers", func() { f.workers.SetText("1,200") }, func(s site.Site) bool { return s.WorkersEstimate != nil && *s.WorkersEstimate == 1200 }},
		{"last reported", func() { f.last.SetText("2018-02") }, func(s site.Site) bool { return s.LastReported == "2018-02" }},
		{"tags", func() { f.tags.SetText("confined, signs removed") }, func(s site.Site) bool { return len(s.Tags) == 2 && s.Tags[1] == "signs removed" }},
		{"confidential", func() { f.confidential.SetChecked(true) }, func(s site.Site) bool { return s.Confidential }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := stored(t, w, orig.ID)
			tt.edit()
			waitEvents(t, w, "saved")
			after := stored(t, w, orig.ID)
			if !tt.check(after) {
				t.Fatalf("editing %s saved %+v", tt.name, after)
			}
			w.undo()
			waitEvents(t, w, "replayed")
			if undone := stored(t, w, orig.ID); tt.check(undone) && !tt.check(before) {
				t.Errorf("undo left the %s edit in place", tt.name)
			}
			// Redo and keep the edit for the next row of the table.
			w.redo()
			waitEvents(t, w, "replayed")
			if !tt.check(stored(t, w, orig.ID)) {
				t.Errorf("redo did not bring the %s edit back", tt.name)
			}
		})
	}
	drainUntilQuiet(w)
	if got := listNames(w); !strings.Contains(strings.Join(got, "|"), "Tumen complex (renamed)") {
		t.Errorf("the list does not show the new name: %q", got)
	}
}

func TestInvalidDateShownAndNotSaved(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	f := w.details.form
	f.first.SetText("2017-13")
	msg := f.errors["first_reported"]
	if !msg.Visible() || !strings.Contains(msg.Text, "13") {
		t.Fatalf("an invalid month shows %q (visible %v)", msg.Text, msg.Visible())
	}
	if !f.banner.Visible() || !strings.HasPrefix(f.banner.Text, "Not saved yet") {
		t.Errorf("no 'not saved' banner for an invalid field: %q", f.banner.Text)
	}
	pump(2 * saveDelay)
	if got := stored(t, w, orig.ID).FirstReported; got != orig.FirstReported {
		t.Fatalf("an invalid date was saved: %q", got)
	}
	// Selecting another site and coming back keeps what was typed.
	selectNamed(t, w, "Restaurant from which 13 North Korean workers defected")
	selectNamed(t, w, tumenComplex)
	if f.first.Text != "2017-13" || !f.errors["first_reported"].Visible() {
		t.Errorf("coming back shows %q", f.first.Text)
	}
	f.first.SetText("2017-12")
	waitEvents(t, w, "saved")
	if got := stored(t, w, orig.ID).FirstReported; got != "2017-12" {
		t.Errorf("the fixed date saved as %q", got)
	}
}

func TestSwitchingSelectionMidEditKeepsIt(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	w.details.form.notes.SetText("Laborers now confined to the complex.")
	// Straight away, before the pause that saves: select another site.
	selectNamed(t, w, "Restaurant from which 13 North Korean workers defected")
	waitEvents(t, w, "saved")
	if got := stored(t, w, orig.ID).Notes; got != "Laborers now confined to the complex." {
		t.Errorf("the note typed before switching was saved as %q", got)
	}
}

func TestAddSiteByTappingMap(t *testing.T) {
	w := newTestWindow(t)
	hunchun := orb.Point{130.30, 42.90}
	w.mapView.SetView(hunchun, 12)
	waitFrame(t, w)
	w.startAdding()
	v := w.mapView.View()
	x, y := v.ToPixel(hunchun)
	test.TapAt(w.mapView, fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale)))
	waitEvents(t, w, "added")
	s := w.details.Site()
	if s == nil || s.Name != "New site" {
		t.Fatalf("after adding, the panel shows %v", s)
	}
	p, ok := s.Geometry.(orb.Point)
	if !ok || abs(p[0]-hunchun[0]) > 1e-4 || abs(p[1]-hunchun[1]) > 1e-4 {
		t.Errorf("the site was added at %v, want %v", s.Geometry, hunchun)
	}
	// A click is no survey: the site is approximate, and says so.
	if s.Precision != site.PrecisionApproximate || w.details.form.precision.Selected != "Approximate" {
		t.Errorf("a site placed by a click has precision %q (field %q), want approximate", s.Precision, w.details.form.precision.Selected)
	}
	pump(100 * time.Millisecond)
	if w.win.Canvas().Focused() != w.details.form.name {
		t.Error("the name field is not focused after adding")
	}
	if got := w.details.form.name.SelectedText(); got != "New site" {
		t.Errorf("the name field has %q selected, want the whole placeholder name", got)
	}
	if n := w.m.Index().Len(); n != 5 {
		t.Errorf("the map holds %d sites after adding, want 5", n)
	}
	drainUntilQuiet(w)
	if w.br.Len() != 5 {
		t.Errorf("the list shows %d sites after adding", w.br.Len())
	}
}

func TestDragMarkerMovesSite(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, "Restaurant from which 13 North Korean workers defected")
	from := s.Geometry.(orb.Point)
	w.mapView.SetView(from, 12)
	waitFrame(t, w)
	v := w.mapView.View()
	x, y := v.ToPixel(from)
	start := fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale))
	step := fyne.NewDelta(10, 5)
	pos := start
	for range 4 {
		pos = pos.Add(step)
		w.mapView.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: step})
	}
	w.mapView.DragEnd()
	waitEvents(t, w, "moved")
	to := stored(t, w, s.ID).Geometry.(orb.Point)
	want := v.ToLonLat(float64(pos.X)*v.Scale, float64(pos.Y)*v.Scale)
	if abs(to[0]-want[0]) > 1e-6 || abs(to[1]-want[1]) > 1e-6 {
		t.Errorf("the marker dropped at %v was saved at %v", want, to)
	}
	if w.mapView.View().Center != v.Center {
		t.Error("dragging the selected marker also panned the map")
	}
	if label, _, _ := w.ws.Store().UndoLabel(context.Background()); !strings.HasPrefix(label, "Move 'Restaurant") {
		t.Errorf("undo would %q", label)
	}
}

func TestDeleteAndUndoBringsEverythingBack(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, tumenComplex)
	w.deleteSites(s)
	waitEvents(t, w, "deleted")
	if n, _ := w.ws.Store().Count(context.Background(), store.Filter{}); n != 3 {
		t.Fatalf("after deleting, %d sites remain", n)
	}
	if w.details.Site() != nil || w.m.Index().Len() != 3 {
		t.Errorf("after deleting: panel %v, map %d sites", w.details.Site(), w.m.Index().Len())
	}
	w.undo()
	waitEvents(t, w, "replayed")
	back := stored(t, w, s.ID)
	if len(back.Sources) != len(s.Sources) || len(back.Observations) != len(s.Observations) {
		t.Errorf("undo brought the site back with %d sources and %d observations, want %d and %d",
			len(back.Sources), len(back.Observations), len(s.Sources), len(s.Observations))
	}
	drainUntilQuiet(w)
	if w.br.Len() != 4 || w.m.Index().Len() != 4 {
		t.Errorf("after undo the list shows %d and the map %d sites", w.br.Len(), w.m.Index().Len())
	}
}

// TestUndoUpdatesOnlyWhatChanged: undoing and redoing a move, a rename or
// an added site update that site in the map and the list without reloading
// every site (seconds with a million), and the selection follows.
func TestUndoUpdatesOnlyWhatChanged(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, tumenComplex)
	row := w.selected
	orig, _ := w.m.Index().Bound(row)
	// replay undoes or redoes and fails if the window reloaded everything.
	replay := func(undo bool) {
		t.Helper()
		if undo {
			w.undo()
		} else {
			w.redo()
		}
		// Watch every event from the start: a reload's "index" comes
		// before "replayed".
		var deadline <-chan time.Time
		timeout := time.After(20 * time.Second)
		for {
			select {
			case f := <-uiQueue:
				f()
				continue
			case ev := <-w.events:
				switch ev {
				case "index":
					t.Errorf("undo=%v reloaded every site", undo)
				case "replayed":
					deadline = time.After(400 * time.Millisecond)
				}
				continue
			case <-timeout:
				t.Fatal("timed out waiting for the replay")
			case <-deadline:
			}
			break
		}
	}

	w.moveTo(s, orb.Point{130.5, 43.1})
	waitEvents(t, w, "moved")
	replay(true)
	if b, _ := w.m.Index().Bound(row); b != orig {
		t.Errorf("after undoing the move the map has the site at %v, want %v", b, orig)
	}
	replay(false)
	if b, _ := w.m.Index().Bound(row); math.Abs(b.Min.Lon()-130.5) > 1e-4 || math.Abs(b.Min.Lat()-43.1) > 1e-4 {
		t.Errorf("after redoing the move the map has the site at %v", b)
	}

	w.details.form.name.SetText("Tumen complex (renamed)")
	waitEvents(t, w, "saved")
	replay(true)
	if got := listNames(w); !strings.Contains(strings.Join(got, "|"), tumenComplex) || w.details.Site().Name != tumenComplex {
		t.Errorf("after undoing the rename the list shows %q and the panel %q", got, w.details.Site().Name)
	}

	w.addSiteAt(orb.Point{129.9, 42.95})
	waitEvents(t, w, "added")
	if w.m.Index().Len() != 5 || w.details.Site() == nil {
		t.Fatalf("adding: the map has %d sites, the panel %v", w.m.Index().Len(), w.details.Site())
	}
	replay(true)
	if w.m.Index().Len() != 4 || w.br.Len() != 4 || w.details.Site() != nil {
		t.Errorf("after undoing the add: map %d, list %d sites, panel %v", w.m.Index().Len(), w.br.Len(), w.details.Site())
	}
	replay(false)
	if w.m.Index().Len() != 5 || w.br.Len() != 5 {
		t.Errorf("after redoing the add: map %d, list %d sites", w.m.Index().Len(), w.br.Len())
	}
}

func TestSourceAndObservationEditsSaveAtOnce(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, tumenComplex)
	w.details.removeSource(0)
	waitEvents(t, w, "saved")
	got := stored(t, w, s.ID)
	if len(got.Sources) != len(s.Sources)-1 {
		t.Fatalf("removing a source left %d", len(got.Sources))
	}
	for _, o := range got.Observations {
		if o.SourceID == s.Sources[0].ID {
			t.Error("an observation still cites the removed source")
		}
	}
	if w.details.tabTitle(1) != "Sources (1)" {
		t.Errorf("the sources tab says %q", w.details.tabTitle(1))
	}
	w.details.removeObservation(0)
	waitEvents(t, w, "saved")
	if got := stored(t, w, s.ID); len(got.Observations) != len(s.Observations)-1 {
		t.Errorf("removing an observation left %d", len(got.Observations))
	}
	if label, _, _ := w.ws.Store().UndoLabel(context.Background()); label != "Remove observation from '"+tumenComplex+"'" {
		t.Errorf("undo would %q", label)
	}
}

// TestUndoAfterReopening closes the database and opens a new window on it:
// the edit can still be undone, and the menu says what undo will do.
func TestUndoAfterReopening(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, tumenComplex)
	w.details.form.status.SetValue("closed")
	waitEvents(t, w, "saved")
	w.saveState()

	st, err := store.Open(w.ws.Store().Path())
	if err != nil {
		t.Fatal(err)
	}
	w2 := newWindow(w.app, app.NewWorkspace(st), make(chan string, 100))
	t.Cleanup(func() { closeTestWindow(w2) })
	waitEvents(t, w2, "index", "query", "undo-menu")
	if want := "Undo edit status of '" + tumenComplex + "'"; w2.undoItem.Label != want || w2.undoItem.Disabled {
		t.Errorf("after reopening the menu says %q (disabled %v), want %q", w2.undoItem.Label, w2.undoItem.Disabled, want)
	}
	w2.undo()
	waitEvents(t, w2, "replayed")
	if got, _ := st.Get(context.Background(), s.ID); got.Status != s.Status {
		t.Errorf("undo after reopening left status %q", got.Status)
	}
}

func TestDrawCompoundOutline(t *testing.T) {
	w := newTestWindow(t)
	centre := orb.Point{130.30, 42.90}
	w.mapView.SetView(centre, 13)
	waitFrame(t, w)
	w.startDrawing()
	v := w.mapView.View()
	x, y := v.ToPixel(centre)
	c := fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale))
	for _, d := range []fyne.Position{{X: -40, Y: -30}, {X: 40, Y: -30}, {X: 40, Y: 30}} {
		test.TapAt(w.mapView, c.Add(d))
	}
	if got := len(w.mapView.sketch.Objects); got == 0 {
		t.Error("the outline being drawn is not shown")
	}
	// Double-click adds the last corner and finishes.
	w.mapView.DoubleTapped(&fyne.PointEvent{Position: c.Add(fyne.NewPos(-40, 30))})
	waitEvents(t, w, "added")
	s := w.details.Site()
	if s == nil {
		t.Fatal("no site selected after drawing")
	}
	poly, ok := s.Geometry.(orb.Polygon)
	if !ok || len(poly) != 1 || len(poly[0]) != 5 || poly[0][0] != poly[0][4] {
		t.Fatalf("drawing four corners made %#v", s.Geometry)
	}
	if !poly.Bound().Contains(centre) {
		t.Errorf("the outline %v does not surround the centre", poly.Bound())
	}

	w.startDrawing()
	test.TapAt(w.mapView, c)
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.mapView.Drawing() != drawNone || len(w.mapView.corners) != 0 {
		t.Error("Escape did not cancel drawing")
	}
}

func TestDeleteListedSites(t *testing.T) {
	w := newTestWindow(t)
	w.search.SetText("Tumen")
	w.filterChanged()
	drainUntilQuiet(w)
	if w.br.Len() != 2 {
		t.Fatalf("searching Tumen lists %d sites", w.br.Len())
	}
	w.deleteListed()
	confirm := findButton(w, "Yes")
	if confirm == nil || !strings.Contains(overlayText(w), "Delete the 2 sites in the list") {
		t.Fatalf("the confirmation says %q", overlayText(w))
	}
	test.Tap(confirm)
	waitEvents(t, w, "deleted")
	if n, _ := w.ws.Store().Count(context.Background(), store.Filter{}); n != 2 {
		t.Fatalf("after deleting the 2 listed sites %d remain", n)
	}
	drainUntilQuiet(w)
	if w.m.Index().Len() != 2 || w.br.Total() != 2 || w.br.Len() != 0 {
		t.Errorf("after deleting the 2 listed sites the map has %d, the catalog %d, the list %d", w.m.Index().Len(), w.br.Total(), w.br.Len())
	}
	w.undo()
	waitEvents(t, w, "replayed")
	if n, _ := w.ws.Store().Count(context.Background(), store.Filter{}); n != 4 {
		t.Errorf("undo brought back %d of 4 sites", n)
	}
}

// TestCancelDeleteAndUndo: deleting the listed sites and undoing show a
// progress dialog with Cancel once they take a while; cancelling changes
// nothing and says so.
func TestCancelDeleteAndUndo(t *testing.T) {
	w := newTestWindow(t)
	defer func(d time.Duration) { quietJobDelay = d }(quietJobDelay)
	quietJobDelay = 0
	ctx := context.Background()
	count := func() int {
		n, _ := w.ws.Store().Count(ctx, store.Filter{})
		return n
	}
	all := count()
	// cancelWhileWaiting starts an action while the writer is held, so that
	// it cannot finish before Cancel is pressed.
	cancelWhileWaiting := func(start func(), say string) {
		t.Helper()
		release := w.ws.HoldChanges()
		start()
		deadline := time.Now().Add(10 * time.Second)
		for findButton(w, "Cancel") == nil {
			if time.Now().After(deadline) {
				release()
				t.Fatalf("no progress dialog with Cancel; the window shows %q", overlayText(w))
			}
			pump(20 * time.Millisecond)
		}
		if !strings.Contains(overlayText(w), say) {
			t.Errorf("the progress dialog says %q, want %q", overlayText(w), say)
		}
		test.Tap(findButton(w, "Cancel"))
		release()
		waitEvents(t, w, "cancelled")
	}

	cancelWhileWaiting(func() {
		w.deleteListed()
		test.Tap(findButton(w, "Yes"))
	}, fmt.Sprintf("Deleting %d sites", all))
	if n := count(); n != all || !strings.Contains(overlayText(w), "No site was deleted") {
		t.Fatalf("after cancelling the delete: %d of %d sites; the window says %q", n, all, overlayText(w))
	}
	test.Tap(findButton(w, "OK"))

	w.deleteListed()
	test.Tap(findButton(w, "Yes"))
	waitEvents(t, w, "deleted", "undo-menu")
	if n := count(); n != 0 {
		t.Fatalf("deleting every listed site left %d", n)
	}
	drainUntilQuiet(w)
	if !w.emptyHint.Visible() || !strings.HasPrefix(w.emptyHint.Text, "No sites yet") {
		t.Errorf("the empty database's list says %q (shown: %v)", w.emptyHint.Text, w.emptyHint.Visible())
	}
	cancelWhileWaiting(w.undo, "Undo delete "+formatCount(all)+" sites")
	if n := count(); n != 0 || !strings.Contains(overlayText(w), "Undo cancelled") {
		t.Fatalf("after cancelling the undo: %d sites; the window says %q", n, overlayText(w))
	}
	w.undo()
	waitEvents(t, w, "replayed")
	if n := count(); n != all {
		t.Errorf("undo brought back %d of %d sites", n, all)
	}
}

// TestUndoRedoKeys presses the keys as the desktop driver reports them:
// Ctrl+Z and Ctrl+Y arrive as fyne.ShortcutUndo and fyne.ShortcutRedo,
// Ctrl+Shift+Z as a custom shortcut.
func TestUndoRedoKeys(t *testing.T) {
	w := newTestWindow(t)
	keys := w.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	count := func() int {
		n, _ := w.ws.Store().Count(context.Background(), store.Filter{})
		return n
	}
	w.search.SetText("Tumen")
	w.filterChanged()
	drainUntilQuiet(w)
	w.deleteListed()
	test.Tap(findButton(w, "Yes"))
	waitEvents(t, w, "deleted")
	for _, step := range []struct {
		name string
		key  fyne.Shortcut
		want int
	}{
		{"Ctrl+Z", &fyne.ShortcutUndo{}, 4},
		{"Ctrl+Y", &fyne.ShortcutRedo{}, 2},
		{"Ctrl+Z again", &fyne.ShortcutUndo{}, 4},
		{"Ctrl+Shift+Z", shiftShortcut(fyne.KeyZ), 2},
	} {
		keys.TypedShortcut(step.key)
		waitEvents(t, w, "replayed")
		if n := count(); n != step.want {
			t.Errorf("after %s: %d sites, want %d", step.name, n, step.want)
		}
	}
	// Behind a dialog the keys do nothing.
	w.about()
	keys.TypedShortcut(&fyne.ShortcutUndo{})
	pump(300 * time.Millisecond)
	if n := count(); n != 2 {
		t.Errorf("Ctrl+Z behind a dialog changed the sites to %d", n)
	}
	test.Tap(findButton(w, "OK"))
	keys.TypedShortcut(&fyne.ShortcutUndo{})
	waitEvents(t, w, "replayed")
	if n := count(); n != 4 {
		t.Errorf("Ctrl+Z after the dialog closed: %d sites, want 4", n)
	}
}

func TestDragPolygonCorner(t *testing.T) {
	w := newTestWindow(t)
	ring := orb.Ring{{130.30, 42.90}, {130.32, 42.90}, {130.32, 42.92}, {130.30, 42.92}, {130.30, 42.90}}
	w.addPolygon(orb.Polygon{ring})
	waitEvents(t, w, "added")
	id := w.details.Site().ID
	w.mapView.SetView(orb.Point{130.31, 42.91}, 14)
	waitFrame(t, w)
	v := w.mapView.View()
	x, y := v.ToPixel(ring[2])
	pos := fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale))
	step := fyne.NewDelta(6, -4)
	for range 5 {
		pos = pos.Add(step)
		w.mapView.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: step})
	}
	w.mapView.DragEnd()
	waitEvents(t, w, "moved")
	got := stored(t, w, id).Geometry.(orb.Polygon)[0]
	want := v.ToLonLat(float64(pos.X)*v.Scale, float64(pos.Y)*v.Scale)
	if abs(got[2][0]-want[0]) > 1e-6 || abs(got[2][1]-want[1]) > 1e-6 {
		t.Errorf("the dragged corner is at %v, want %v", got[2], want)
	}
	for _, k := range []int{0, 1, 3} {
		if got[k] != ring[k] {
			t.Errorf("corner %d moved from %v to %v", k, ring[k], got[k])
		}
	}
	if w.mapView.View().Center != v.Center {
		t.Error("dragging a corner panned the map")
	}
}

// TestMoveKeepsTypedEdit: a name typed just before dragging the marker is
// not undone by the move.
func TestMoveKeepsTypedEdit(t *testing.T) {
	w := newTestWindow(t)
	s := selectNamed(t, w, "Restaurant from which 13 North Korean workers defected")
	w.details.form.name.SetText("Ningbo restaurant")
	w.moveSelected(w.selected, orb.Point{0.01, 0})
	waitEvents(t, w, "moved")
	got := stored(t, w, s.ID)
	if got.Name != "Ningbo restaurant" {
		t.Errorf("after the move the name is %q", got.Name)
	}
	if p := got.Geometry.(orb.Point); abs(p[0]-s.Geometry.(orb.Point)[0]-0.01) > 1e-9 {
		t.Errorf("moved to %v", p)
	}
}
