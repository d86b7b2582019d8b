package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIUndoRedoHistory: the command line could not undo. undo, redo and
// history share the window's stack, which lives in the database.
func TestCLIUndoRedoHistory(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "atlas.db")
	file := filepath.Join(dir, "one.geojson")
	os.WriteFile(file, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"0b8e7f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b","geometry":{"type":"Point","coordinates":[129.84,42.97]},"properties":{"name":"Tumen garment factory"}}]}`), 0o644)
	if code, _, errs := cli(t, "import", "--db", db, file); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if code, out, _ := cli(t, "history", "--db", db); code != 0 || !strings.Contains(out, "Import one.geojson\t1 site(s)") {
		t.Errorf("history after an import: %d %q", code, out)
	}
	if code, out, _ := cli(t, "undo", "--db", db); code != 0 || out != "undone: Import one.geojson\n" {
		t.Errorf("undo: %d %q", code, out)
	}
	if _, out, _ := cli(t, "list", "--db", db); out != "" {
		t.Errorf("after undo the list has %q", out)
	}
	if _, out, _ := cli(t, "history", "--db", db); !strings.Contains(out, "(undone: redo brings it back)") {
		t.Errorf("history after undo: %q", out)
	}
	if code, out, _ := cli(t, "redo", "--db", db); code != 0 || out != "redone: Import one.geojson\n" {
		t.Errorf("redo: %d %q", code, out)
	}
	if _, out, _ := cli(t, "list", "--db", db); !strings.Contains(out, "Tumen garment factory") {
		t.Errorf("after redo the list has %q", out)
	}
	if code, _, errs := cli(t, "redo", "--db", db); code != 1 || !strings.Contains(errs, "nothing to redo") {
		t.Errorf("a second redo: %d %q", code, errs)
	}
}
