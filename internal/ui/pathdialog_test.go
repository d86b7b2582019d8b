package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pathEntry is the path field of the dialog shown.
func pathEntry(t *testing.T, w *Window) *widget.Entry {
	t.Helper()
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if e, ok := c.(*widget.Entry); ok {
				return e
			}
		}
	}
	t.Fatal("the dialog has no field to type a path in")
	return nil
}

// TestPathDialogs: the file dialogs had no field to type a path in, and
// the save dialog opened in the last folder even when it was read-only.
func TestPathDialogs(t *testing.T) {
	if os.Getuid() == 0 {
		t.Log("running as root: a read-only folder is still writable, so that case is checked by checkPath's own rule only")
	}
	w := newTestWindow(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "colleague.geojson")
	os.WriteFile(file, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[129.5,42.9]},"properties":{"name":"Yanji dormitory"}}]}`), 0o644)

	// Import: a typed path that does not exist is refused in the dialog;
	// the right one imports.
	w.importDialog()
	e := pathEntry(t, w)
	test.Type(e, filepath.Join(dir, "nope.geojson"))
	e.OnSubmitted(e.Text)
	if text := overlayText(w); !strings.Contains(text, "does not exist") {
		t.Errorf("a path to no file says %q", text)
	}
	e.SetText(" \"" + file + "\" ") // pasted with quotes
	e.OnSubmitted(e.Text)
	waitEvents(t, w, "import")
	drainUntilQuiet(w)
	if w.br.Total() != 5 {
		t.Errorf("importing by a typed path: %d sites, want 5", w.br.Total())
	}
	closeDialogs(w)

	// Export starts in the folder last used, with the name filled in.
	w.exportSaveDialog(exportChoice{scope: scopeAll})
	e = pathEntry(t, w)
	if want := filepath.Join(dir, "sites.geojson"); e.Text != want {
		t.Errorf("the save dialog suggests %q, want %q (the last folder)", e.Text, want)
	}
	closeDialogs(w)
	// A last folder that is gone falls back to the home folder.
	w.app.Preferences().SetString(prefLastFolder, filepath.Join(dir, "gone"))
	home, _ := os.UserHomeDir()
	if got := w.startFolder(true); got != home {
		t.Errorf("with the last folder gone, a save starts in %q, want the home folder %q", got, home)
	}
	if _, err := checkPath(filepath.Join(dir, "gone", "x.geojson"), true); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("saving into a missing folder: %v", err)
	}
	if _, err := checkPath(dir, true); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("saving onto a folder: %v", err)
	}
}
