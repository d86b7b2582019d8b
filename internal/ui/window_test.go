package ui

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/store"
)

// newTestWindow opens a window on a new database holding the sample project
// and waits until its list and map are loaded.
func newTestWindow(t *testing.T) *Window {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	st, err := store.Open(filepath.Join(t.TempDir(), "atlas.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.InstallSample(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	w := newWindow(a, app.NewWorkspace(st), make(chan string, 100))
	w.win.Resize(fyne.NewSize(1280, 800))
	w.Show()
	t.Cleanup(func() { closeTestWindow(w) })
	waitEvents(t, w, "query", "index")
	waitFrame(t, w)
	return w
}

// waitEvents waits until every named background job has shown its result.
func waitEvents(t *testing.T, w *Window, names ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	timeout := time.After(20 * time.Second)
	for len(want) > 0 {
		select {
		case f := <-uiQueue:
			f()
		case ev := <-w.events:
			delete(want, ev)
		case <-timeout:
			t.Fatalf("timed out waiting for %v", want)
		}
	}
}

// waitFrame waits until the map shows a frame of its current view.
func waitFrame(t *testing.T, w *Window) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if w.mapView.img.Image != nil && w.mapView.shown == w.mapView.view {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the map drew no frame of its current view")
		}
		pump(10 * time.Millisecond)
	}
}

func listNames(w *Window) []string {
	var names []string
	for i := 0; i < w.br.Len(); i++ {
		s, _ := w.br.At(context.Background(), i)
		names = append(names, s.Name)
	}
	return names
}

func TestListShowsSampleAndFilters(t *testing.T) {
	w := newTestWindow(t)
	if got := w.list.Length(); got != 4 {
		t.Fatalf("list shows %d sites, want the 4 of the sample", got)
	}
	if got := w.countLabel.Text; got != "4 of 4 sites" {
		t.Errorf("count label %q", got)
	}
	tests := []struct {
		name     string
		search   string
		category string
		status   string
		want     []string
		hint     string // over the empty list
	}{
		{"latin search", "Hunchun", "", "", []string{"Factories employing North Korean laborers, Hunchun"}, ""},
		{"chinese search", "珲春", "", "", []string{"Factories employing North Korean laborers, Hunchun"}, ""},
		{"korean search", "투먼", "", "", []string{"North Korean industrial complex, Tumen"}, ""},
		{"category", "", "restaurant", "", []string{"Restaurant from which 13 North Korean workers defected"}, ""},
		{"search and category", "Tumen", "factory", "", []string{"Factory employing North Korean laborers, Tumen"}, ""},
		{"status none", "", "", "closed", nil, `No site with the status "Closed".`},
		{"no match", "Pyongyang", "factory", "", nil, `No site matches "Pyongyang" in the category "Factory".`},
		{"all", "", "", "", []string{
			"Factories employing North Korean laborers, Hunchun",
			"Factory employing North Korean laborers, Tumen",
			"North Korean industrial complex, Tumen",
			"Restaurant from which 13 North Korean workers defected"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.search.SetText(tt.search)
			if tt.category == "" {
				w.category.SetSelectedIndex(0)
			} else {
				w.category.SetValue(tt.category)
			}
			if tt.status == "" {
				w.status.SetSelectedIndex(0)
			} else {
				w.status.SetValue(tt.status)
			}
			w.filterChanged()
			drainUntilQuiet(w)
			got := listNames(w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("list shows %q, want %q", got, tt.want)
			}
			hint := ""
			if w.emptyHint.Visible() {
				hint = w.emptyHint.Text
			}
			if !strings.HasPrefix(hint, tt.hint) || (hint == "") != (tt.hint == "") {
				t.Errorf("the empty list says %q, want %q", hint, tt.hint)
			}
			if !strings.HasPrefix(w.countLabel.Text, formatCount(len(tt.want))+" of 4") {
				t.Errorf("count label %q", w.countLabel.Text)
			}
		})
	}
}

// drainUntilQuiet waits for the newest query to be shown: the filter
// widgets each start a query, and only the last one counts.
func drainUntilQuiet(w *Window) { settle(w, 400*time.Millisecond, time.Minute) }

func TestSelectionSyncsListMapAndDetails(t *testing.T) {
	w := newTestWindow(t)
	w.list.Select(1)
	waitSelected(t, w)
	row := w.br.Row(1)
	if w.selected != row || w.details.Site() == nil {
		t.Fatalf("selecting in the list selected row %d, details %v", w.selected, w.details.Site())
	}
	if len(w.mapView.selected) != 1 || w.mapView.selected[0] != row {
		t.Errorf("map highlights %v, want [%d]", w.mapView.selected, row)
	}

	// Click the Hunchun factory's marker on the map: the list follows.
	w.mapView.SetView(hunchunPoint, 9)
	waitFrame(t, w)
	x, y := w.mapView.View().ToPixel(hunchunPoint)
	s := w.mapView.View().Scale
	test.TapAt(w.mapView, fyne.NewPos(float32(x/s), float32(y/s)))
	waitSelected(t, w)
	got := w.details.Site()
	if got == nil || !strings.Contains(got.Name, "Hunchun") {
		t.Fatalf("clicking the Hunchun marker shows %v", got)
	}
	if w.listIndex != w.br.IndexOf(w.selected) {
		t.Errorf("list selection %d, want %d", w.listIndex, w.br.IndexOf(w.selected))
	}

	// Click the empty sea: nothing is selected.
	test.TapAt(w.mapView, fyne.NewPos(5, 5))
	if w.details.Site() != nil || w.selected != 0 {
		t.Errorf("clicking empty map left %v selected", w.details.Site())
	}
}

func TestDetailsShowSourcesAndTimeline(t *testing.T) {
	w := newTestWindow(t)
	i := w.br.IndexOf(rowNamed(t, w, "North Korean industrial complex, Tumen"))
	w.list.Select(i)
	waitSelected(t, w)
	d := w.details
	if d.tabTitle(1) != "Sources (2)" || d.tabTitle(2) != "Timeline (2)" {
		t.Errorf("tabs %q %q", d.tabTitle(1), d.tabTitle(2))
	}
	text := allText(d.timeline)
	if !strings.Contains(text, "2017-05") || !strings.Contains(text, "Undated") || !strings.Contains(text, "road signs") {
		t.Errorf("timeline shows %q", text)
	}
	if src := allText(d.sources); !strings.Contains(src, "Daily NK") || !strings.Contains(src, "🔒") {
		t.Errorf("sources show %q", src)
	}
}

func rowNamed(t *testing.T, w *Window, name string) int64 {
	t.Helper()
	for i := 0; i < w.br.Len(); i++ {
		if s, _ := w.br.At(context.Background(), i); s.Name == name {
			return s.Row
		}
	}
	t.Fatalf("no site %q in the list", name)
	return 0
}

// allText gathers the text of every label in o.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *widget.Card:
			b.WriteString(o.Title + "\n")
			walk(o.Content)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestMapPanZoomAndHover(t *testing.T) {
	w := newTestWindow(t)
	mv := w.mapView
	mv.SetView(hunchunPoint, 8)
	start := mv.View()

	mv.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 100, DY: 0}})
	if got := mv.View().Center[0]; got >= start.Center[0] {
		t.Errorf("dragging right moved the centre from %v to %v, want west", start.Center[0], got)
	}
	mv.SetView(hunchunPoint, 8)
	mv.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(10, 10)}, Scrolled: fyne.Delta{DY: 40}})
	v := mv.View()
	if v.Zoom <= 8 {
		t.Errorf("scrolling up left zoom at %v", v.Zoom)
	}
	// Zooming around the pointer keeps the place under it where it was.
	before := start.ToLonLat(10*start.Scale, 10*start.Scale)
	if after := v.ToLonLat(10*v.Scale, 10*v.Scale); abs(after[0]-before[0]) > 1e-6 || abs(after[1]-before[1]) > 1e-6 {
		t.Errorf("the point under the pointer moved from %v to %v", before, after)
	}

	mv.SetView(hunchunPoint, 8)
	mv.TypedRune('+')
	if mv.View().Zoom != 9 {
		t.Errorf("+ zoomed to %v", mv.View().Zoom)
	}
	mv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if mv.View().Center[0] >= hunchunPoint[0] {
		t.Errorf("left arrow did not pan west: %v", mv.View().Center)
	}

	mv.SetView(hunchunPoint, 9)
	waitFrame(t, w)
	x, y := mv.View().ToPixel(hunchunPoint)
	s := mv.View().Scale
	mv.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(float32(x/s), float32(y/s))}})
	if !mv.tip.text.Visible() || !strings.Contains(mv.tip.text.Text, "Hunchun") {
		t.Errorf("hovering the marker shows tooltip %q (visible %v)", mv.tip.text.Text, mv.tip.text.Visible())
	}
	if p, sz := mv.tip.text.Position(), mv.tip.text.Size(); p.X < 0 || p.Y < 0 || p.X+sz.Width > mv.Size().Width || p.Y+sz.Height > mv.Size().Height {
		t.Errorf("the tooltip at %v, %v leaves the map of %v", p, sz, mv.Size())
	}
	if !strings.Contains(w.cursorLabel.Text, "42.") || !strings.Contains(w.cursorLabel.Text, "°N") {
		t.Errorf("status bar shows cursor %q", w.cursorLabel.Text)
	}
	mv.MouseOut()
	if mv.tip.text.Visible() {
		t.Error("the tooltip stays after the pointer left")
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestImportGoodAndBadFile(t *testing.T) {
	w := newTestWindow(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.geojson")
	os.WriteFile(good, []byte(`{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[130.28,42.95]},"properties":{"name":"Hunchun seafood plant","category":"factory"}}]}`), 0o644)
	bad := filepath.Join(dir, "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[212.5,42.95]},"properties":{"name":"Nowhere"}}]}`), 0o644)

	w.importFiles([]string{good})
	waitEvents(t, w, "import")
	drainUntilQuiet(w)
	if got := w.br.Total(); got != 5 {
		t.Fatalf("after importing one site the database has %d, want 5", got)
	}
	if !strings.Contains(strings.Join(listNames(w), "|"), "Hunchun seafood plant") {
		t.Errorf("the imported site is not in the list: %q", listNames(w))
	}
	if w.m.Index().Len() != 5 {
		t.Errorf("the map has %d sites, want 5", w.m.Index().Len())
	}
	closeDialogs(w)

	w.importFiles([]string{bad})
	waitEvents(t, w, "import")
	n, _ := w.ws.Store().Count(context.Background(), store.Filter{})
	if n != 5 {
		t.Errorf("a refused import changed the database: %d sites", n)
	}
	text := overlayText(w)
	if !strings.Contains(text, "Import refused") || !strings.Contains(text, "bad.geojson: features[0]") || !strings.Contains(text, "212.5") {
		t.Errorf("the refusal says %q", text)
	}
}

func TestExportLeavesConfidentialOut(t *testing.T) {
	w := newTestWindow(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		format  geoio.Format
		ext     string
		include bool
		want    bool
	}{
		{geoio.GeoJSON, ".geojson", false, false}, {geoio.GeoJSON, ".geojson", true, true},
		{geoio.GeoPackage, ".gpkg", false, false}, {geoio.GeoPackage, ".gpkg", true, true},
		{geoio.KML, ".kml", false, false}, {geoio.KML, ".kml", true, true},
	} {
		path := filepath.Join(dir, "out"+tt.ext)
		w.exportTo(path, exportChoice{format: tt.format, scope: scopeAll, confidential: tt.include})
		waitEvents(t, w, "export")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(data), "quoted anonymously"); got != tt.want {
			t.Errorf("%v, include confidential %v: file holds the informants: %v", tt.format, tt.include, got)
		}
		text := overlayText(w)
		if !tt.include && !strings.Contains(text, "Left out as confidential: 3 sources") {
			t.Errorf("the result does not say what was left out: %q", text)
		}
		closeDialogs(w)
	}
}

func closeDialogs(w *Window) {
	for _, o := range w.win.Canvas().Overlays().List() {
		w.win.Canvas().Overlays().Remove(o)
	}
}

// overlayText gathers the text of the dialogs shown.
func overlayText(w *Window) string {
	var b strings.Builder
	for _, o := range w.win.Canvas().Overlays().List() {
		b.WriteString(deepText(o))
	}
	return b.String()
}

// deepText gathers the text of every label and text object drawn inside o.
func deepText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		switch c := c.(type) {
		case *widget.Label:
			b.WriteString(c.Text + "\n")
		case *canvas.Text:
			b.WriteString(c.Text + "\n")
		}
	}
	return b.String()
}

var hunchunPoint = app.SampleSites()[2].Geometry.(orb.Point)

// TestTipOffset: a site's name shows after the pointer, else before it, and
// never off the map, where it would be cut (a long name over a narrow map
// showed as "ch 13 North Korean workers defected").
func TestTipOffset(t *testing.T) {
	for _, tt := range []struct {
		name               string
		p, size, limit, at float32
	}{
		{"after the pointer", 100, 200, 600, 114},
		{"before the pointer near the far edge", 550, 200, 600, 344},
		{"neither fits: as far in as fits", 251, 370, 626, 256},
		{"longer than the map: from its start", 100, 700, 600, 0},
	} {
		if got := tipOffset(tt.p, tt.size, tt.limit); got != tt.at {
			t.Errorf("%s: tipOffset(%v, %v, %v) = %v, want %v", tt.name, tt.p, tt.size, tt.limit, got, tt.at)
		}
	}
}

// TestExportMapImageFromWindow: File > Export map image offers sizes from
// the map on screen and says what it leaves off; the saved PNG is the view
// at the chosen sharpness.
func TestExportMapImageFromWindow(t *testing.T) {
	w := newTestWindow(t)
	waitFrame(t, w)
	w.mapImageDialog()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(overlayText(w), "confidential") || strings.Contains(overlayText(w), "Counting") {
		if time.Now().After(deadline) {
			t.Fatalf("the dialog says %q", overlayText(w))
		}
		pump(20 * time.Millisecond)
	}
	v := w.mapView.View()
	if text := overlayText(w); !strings.Contains(text, fmt.Sprintf("(%d × %d pixels)", 2*v.Width, 2*v.Height)) {
		t.Errorf("the dialog offers %q; want twice the view of %dx%d", text, v.Width, v.Height)
	}
	test.Tap(findButton(w, "Cancel"))

	path := filepath.Join(t.TempDir(), "map.png")
	w.saveMapImage(path, mapImageChoice{scale: 2})
	waitEvents(t, w, "map-image")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no image saved: %v (the window says %q)", err, overlayText(w))
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 2*v.Width || cfg.Height != 2*v.Height {
		t.Errorf("saved %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, 2*v.Width, 2*v.Height)
	}
	if !strings.Contains(overlayText(w), "Confidential sites were left off") {
		t.Errorf("the window says %q", overlayText(w))
	}
}

// closeTestWindow closes w, lets the background work the test started (a
// save's list query, the undo labels) finish and closes its database, all
// before the temporary folder goes: a query that opened a connection while
// the folder was being removed left "directory not empty".
func closeTestWindow(w *Window) {
	w.win.Close()
	settle(w, 100*time.Millisecond, 5*time.Second)
	w.ws.Store().Close()
}

// settle runs what background work hands the UI until nothing has come for
// quiet, or for at most limit.
func settle(w *Window, quiet, limit time.Duration) {
	end := time.After(limit)
	for {
		select {
		case f := <-uiQueue:
			f()
		case <-w.events:
		case <-time.After(quiet):
			return
		case <-end:
			return
		}
	}
}
