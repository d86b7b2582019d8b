package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/store"
)

// findButton returns the first button labelled text in the dialogs shown.
func findButton(w *Window, text string) *widget.Button {
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if b, ok := c.(*widget.Button); ok && b.Text == text {
				return b
			}
		}
	}
	return nil
}

func feature(i int) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[130.%04d,42.9]},"properties":{"name":"Streamed site %d"}}`, i, i)
}

// TestImportCancel cancels an import while it is reading: the database
// keeps exactly what it had. The file is a pipe the test feeds, so the
// import is certainly still running when Cancel is pressed.
func TestImportCancel(t *testing.T) {
	w := newTestWindow(t)
	pipe := filepath.Join(t.TempDir(), "slow.geojson")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	writerReady := make(chan *os.File, 1)
	go func() {
		f, err := os.OpenFile(pipe, os.O_WRONLY, 0)
		if err != nil {
			close(writerReady)
			return
		}
		fmt.Fprint(f, `{"type":"FeatureCollection","features":[`)
		for i := range 100 {
			if i > 0 {
				fmt.Fprint(f, ",")
			}
			fmt.Fprint(f, feature(i))
		}
		writerReady <- f
	}()

	w.importFiles([]string{pipe})
	f := <-writerReady
	if f == nil {
		t.Fatal("could not write to the pipe")
	}
	cancel := findButton(w, "Cancel")
	if cancel == nil {
		t.Fatalf("the import shows no Cancel button: %q", overlayText(w))
	}
	test.Tap(cancel)
	// The rest of the file arrives after the cancel.
	for i := 100; i < 200; i++ {
		fmt.Fprint(f, ","+feature(i))
	}
	fmt.Fprint(f, "]}")
	f.Close()
	waitEvents(t, w, "import")

	if n, _ := w.ws.Store().Count(context.Background(), store.Filter{}); n != 4 {
		t.Errorf("after a cancelled import the database holds %d sites, want the 4 it had", n)
	}
	if text := overlayText(w); !strings.Contains(text, "Import cancelled") || !strings.Contains(text, "unchanged") {
		t.Errorf("after cancel the window says %q", text)
	}
}

func TestExportScopesAndFormats(t *testing.T) {
	w := newTestWindow(t)
	dir := t.TempDir()
	export := func(name string, choice exportChoice) string {
		t.Helper()
		path := filepath.Join(dir, name)
		w.exportTo(path, choice)
		waitEvents(t, w, "export")
		closeDialogs(w)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	all := export("all.geojson", exportChoice{format: geoio.GeoJSON, scope: scopeAll})
	if n := strings.Count(all, `"type":"Feature"`); n != 4 {
		t.Errorf("exporting all wrote %d features, want 4", n)
	}

	w.search.SetText("Tumen")
	w.filterChanged()
	drainUntilQuiet(w)
	filtered := export("filtered.geojson", exportChoice{format: geoio.GeoJSON, scope: scopeFilter})
	if n := strings.Count(filtered, `"type":"Feature"`); n != 2 || strings.Contains(filtered, "Hunchun\"") {
		t.Errorf("exporting the list (search Tumen) wrote %d features", n)
	}

	w.selectRow(rowNamed(t, w, "North Korean industrial complex, Tumen"), false)
	waitSelected(t, w)
	one := export("one.csv", exportChoice{format: geoio.CSV, scope: scopeSelected})
	if !strings.HasPrefix(one, "\ufeff") {
		t.Error("the CSV has no UTF-8 byte order mark, so spreadsheets garble Chinese names")
	}
	lines := strings.Split(strings.TrimSpace(one), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "North Korean industrial complex, Tumen") {
		t.Errorf("exporting the selected site as CSV wrote %d lines: %q", len(lines), one)
	}
}

// TestExportDialogCountsConfidential opens the dialog: it must say, before
// anything is written, what will be left out.
func TestExportDialogCountsConfidential(t *testing.T) {
	w := newTestWindow(t)
	w.exportDialog()
	deadline := time.Now().Add(10 * time.Second)
	for {
		text := overlayText(w)
		if strings.Contains(text, "Will be left out as confidential: 3 sources") {
			for _, f := range []string{"GeoJSON", "GeoPackage", "KML", "CSV"} {
				if !strings.Contains(text, f+" (") {
					t.Errorf("the export dialog does not offer %s: %q", f, text)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the export dialog says %q", text)
		}
		pump(20 * time.Millisecond)
	}
	// Confidential data goes only when asked: the protection chosen at
	// first is the Public profile (issue 16).
	var protect *widget.Select
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if c, ok := c.(*widget.Select); ok && strings.Contains(strings.Join(c.Options, "|"), "Internal: ") {
				protect = c
			}
		}
	}
	if protect == nil || !strings.HasPrefix(protect.Selected, "Public: ") {
		t.Fatal("the dialog does not protect the export with the Public profile by default")
	}
	waitEvents(t, w, "export-preview")
	if text := overlayText(w); !strings.Contains(text, "Preview of ") || !strings.Contains(text, "moved ") {
		t.Errorf("the dialog previews no site as Public writes it: %q", text)
	}
}

func TestClusterTapZoomsIn(t *testing.T) {
	w := newTestWindow(t)
	tumen := orb.Point{129.8436, 42.9672}
	w.mapView.SetView(tumen, 4)
	waitFrame(t, w)
	v := w.mapView.View()
	x, y := v.ToPixel(tumen)
	s := v.Scale
	test.TapAt(w.mapView, fyne.NewPos(float32(x/s), float32(y/s)))
	after := w.mapView.View()
	if after.Zoom <= v.Zoom+1 {
		t.Fatalf("clicking the cluster of Tumen and Hunchun sites zoomed from %v to %v", v.Zoom, after.Zoom)
	}
	if w.details.Site() != nil {
		t.Errorf("clicking a cluster selected %q", w.details.Site().Name)
	}
	b := after.Bound()
	for _, p := range []orb.Point{tumen, hunchunPoint} {
		if !b.Contains(p) {
			t.Errorf("after zooming into the cluster %v is out of view %v", p, b)
		}
	}
}

func TestSortByLastUpdate(t *testing.T) {
	w := newTestWindow(t)
	s, err := w.ws.Store().GetByRow(context.Background(), rowNamed(t, w, "Restaurant from which 13 North Korean workers defected"))
	if err != nil {
		t.Fatal(err)
	}
	s.Notes = "touched so that it is the newest"
	if err := w.ws.Store().Update(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	w.reloadAll()
	drainUntilQuiet(w)
	w.order.SetSelectedIndex(1)
	drainUntilQuiet(w)
	if got := listNames(w); len(got) != 4 || got[0] != s.Name {
		t.Errorf("sorted by last update the list starts %q, want %q first", got, s.Name)
	}
}

// TestWindowStateComesBack closes a window and opens another on the same
// preferences: the map view and the panel widths are where they were.
func TestWindowStateComesBack(t *testing.T) {
	w := newTestWindow(t)
	w.mapView.SetView(orb.Point{121.5, 29.8}, 9.5)
	w.split.SetOffset(0.3)
	w.saveState()

	st, err := store.Open(w.ws.Store().Path())
	if err != nil {
		t.Fatal(err)
	}
	w2 := newWindow(w.app, app.NewWorkspace(st), make(chan string, 100))
	t.Cleanup(func() { closeTestWindow(w2) })
	v := w2.mapView.View()
	if v.Zoom != 9.5 || abs(v.Center[0]-121.5) > 1e-9 || abs(v.Center[1]-29.8) > 1e-9 {
		t.Errorf("the map came back at %v zoom %v", v.Center, v.Zoom)
	}
	if abs(w2.split.Offset-0.3) > 1e-6 {
		t.Errorf("the list panel came back at %v, want 0.3", w2.split.Offset)
	}
}

// TestOpenStoreRefusals: a file that is not a database, or from a newer
// version, gets a message a researcher can act on, and is not changed.
func TestOpenStoreRefusals(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	content := []byte("my field notes, not a database\n")
	os.WriteFile(notDB, content, 0o644)
	_, err := app.OpenWorkspace(notDB)
	if err == nil || !strings.Contains(err.Error(), "“notes.db” is not a Site Atlas database") {
		t.Errorf("opening a text file: %v", err)
	}
	// The dialog shows the name as it is on disk: Fyne's own error dialog
	// capitalised it to "Notes.db", a file that does not exist.
	w := newTestWindow(t)
	showError(err, w.win)
	if shown := overlayText(w); !strings.Contains(shown, "“notes.db”") || strings.Contains(shown, "Notes.db") {
		t.Errorf("the error dialog reads %q, want the name notes.db as written", shown)
	}
	if got, _ := os.ReadFile(notDB); string(got) != string(content) {
		t.Error("opening a text file as a database changed it")
	}
	folder := filepath.Join(dir, "folder.db")
	os.Mkdir(folder, 0o755)
	if _, err := app.OpenWorkspace(folder); err == nil || !strings.Contains(err.Error(), "folder.db") {
		t.Errorf("opening a folder: %v", err)
	}
}

// TestSameSpotChooser: two sample sites sit at Tumen's centre and stay one
// cluster at any zoom; clicking it offers both by name.
func TestSameSpotChooser(t *testing.T) {
	w := newTestWindow(t)
	tumen := orb.Point{129.8436, 42.9672}
	w.mapView.SetView(tumen, 16)
	waitFrame(t, w)
	v := w.mapView.View()
	x, y := v.ToPixel(tumen)
	test.TapAt(w.mapView, fyne.NewPos(float32(x/v.Scale), float32(y/v.Scale)))
	waitEvents(t, w, "spot")
	if w.spotMenu == nil {
		t.Fatal("clicking sites at one spot shows no menu")
	}
	items := w.spotMenu.Items
	if len(items) != 2 || items[0].Label != "Factory employing North Korean laborers, Tumen" || items[1].Label != "North Korean industrial complex, Tumen" {
		t.Fatalf("the menu offers %d items", len(items))
	}
	items[1].Action()
	waitSelected(t, w)
	if s := w.details.Site(); s == nil || s.Name != "North Korean industrial complex, Tumen" {
		t.Errorf("choosing from the menu selected %v", s)
	}
}

func TestZoomToSelectionByPrecision(t *testing.T) {
	w := newTestWindow(t)
	w.selectRow(rowNamed(t, w, "North Korean industrial complex, Tumen"), true)
	waitSelected(t, w)
	w.zoomToSelection()
	if z := w.mapView.View().Zoom; z != 11 {
		t.Errorf("zoom to a city-precision site went to zoom %v, want 11", z)
	}
}
