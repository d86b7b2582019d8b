package ui

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUndoMenuAfterImport is issue 12's defect 2: after an edit was undone,
// an import must rename Undo after itself and stop offering the Redo that
// the import made impossible.
func TestUndoMenuAfterImport(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	w.details.form.status.SetValue("closed")
	waitEvents(t, w, "saved")
	drainUntilQuiet(w)
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)
	if w.redoItem.Disabled {
		t.Fatalf("after undo the menu offers no redo")
	}
	good := filepath.Join(t.TempDir(), "good.geojson")
	os.WriteFile(good, []byte(`{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[130.28,42.95]},"properties":{"name":"Hunchun seafood plant","category":"factory"}}]}`), 0o644)
	w.importFiles([]string{good})
	waitEvents(t, w, "import", "undo-menu")
	drainUntilQuiet(w)
	if want := "Undo import good.geojson"; w.undoItem.Label != want || w.undoItem.Disabled {
		t.Errorf("after the import Undo says %q (disabled %v), want %q", w.undoItem.Label, w.undoItem.Disabled, want)
	}
	if !w.redoItem.Disabled || w.redoItem.Label != "Redo" {
		t.Errorf("after the import Redo says %q (disabled %v), want a disabled Redo", w.redoItem.Label, w.redoItem.Disabled)
	}
}
