package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/siteatlas/siteatlas/internal/geoio"
)

// TestOpenedFilesAreOfferedForImport: a file opened from a file manager
// (`siteatlas tumen.geojson`, the desktop entry's %F) is offered for import
// into the database named in the question, never imported unasked; a
// missing file says so (issue 20).
func TestOpenedFilesAreOfferedForImport(t *testing.T) {
	w := newTestWindow(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "tumen.geojson")
	doc := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"b6f0c6c4-1d7e-4d35-9a53-1f0f3c2c1a01",` +
		`"geometry":{"type":"Point","coordinates":[129.84,42.96]},"properties":{"name":"Opened from a file manager","category":"factory","status":"reported"}}]}`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	before := w.br.Total()
	w.offerImport([]string{"file://" + file, filepath.Join(dir, "missing.kml")})
	text := overlayText(w)
	for _, want := range []string{"Import tumen.geojson into atlas.db?", "missing.kml"} {
		if !strings.Contains(text, want) {
			t.Errorf("opening the files shows %q, which lacks %q", text, want)
		}
	}
	if w.br.Total() != before {
		t.Fatal("the file was imported before the researcher said yes")
	}
	b := findButton(w, "Import")
	if b == nil {
		t.Fatalf("no Import button in %q", text)
	}
	test.Tap(b)
	waitEvents(t, w, "import")
	drainUntilQuiet(w)
	if got := w.br.Total(); got != before+1 {
		t.Errorf("after Import the database holds %d sites, want %d; shown: %q", got, before+1, overlayText(w))
	}
}

// TestExportWithProfileFromWindow: an export with the Public profile says
// what it changed and that the file was read back, and the file says its
// positions are generalised; with a passphrase it is age-encrypted.
func TestExportWithProfileFromWindow(t *testing.T) {
	w := newTestWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "public.geojson")
	w.exportTo(path, exportChoice{format: geoio.GeoJSON, scope: scopeAll, profile: "Public"})
	waitEvents(t, w, "export")
	text := overlayText(w)
	if !strings.Contains(text, "Read back before it was kept") || !strings.Contains(text, "Profile Public:") {
		t.Errorf("the export says %q", text)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `"generalisation":"profile \"Public\"`) {
		t.Errorf("the Public file does not say it is generalised (%v)", err)
	}
	closeDialogs(w)
	enc := filepath.Join(dir, "public.geojson.age")
	w.exportTo(enc, exportChoice{format: geoio.GeoJSON, scope: scopeAll, profile: "Public", passphrase: "correct horse"})
	waitEvents(t, w, "export")
	if b, err := os.ReadFile(enc); err != nil || !strings.HasPrefix(string(b), "age-encryption.org/v1") {
		t.Errorf("the encrypted export is not an age file (%v)", err)
	}
}
