package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const photoDir = "../../internal/photo/testdata/"

// TestPhotosInfoAndAttach: `photos info` reads a geotagged photo's position
// with its signs and none from one without; `attach` stores photos with a
// site and refuses them all when one is unreadable (issue 13).
func TestPhotosInfoAndAttach(t *testing.T) {
	dir := isolate(t)
	code, out, stderr := cli(t, "photos", "info", "--json", photoDir+"tumen_ne.jpg", photoDir+"santiago_sw.jpg", photoDir+"gps_no_position.jpg")
	if code != 0 {
		t.Fatalf("photos info: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("photos info printed %q", out)
	}
	var tumen, santiago, none map[string]any
	for i, m := range []*map[string]any{&tumen, &santiago, &none} {
		if err := json.Unmarshal([]byte(lines[i]), m); err != nil {
			t.Fatal(err)
		}
	}
	if lat, _ := tumen["lat"].(float64); lat < 42.9 || lat > 43.0 {
		t.Errorf("the Tumen photo is at %v", tumen)
	}
	if lat, _ := santiago["lat"].(float64); lat >= 0 {
		t.Errorf("a photo south and west reads %v", santiago)
	}
	if lon, _ := santiago["lon"].(float64); lon >= 0 {
		t.Errorf("a photo south and west reads %v", santiago)
	}
	if _, ok := none["lat"]; ok {
		t.Errorf("a GPS block without a position gave %v", none)
	}
	if len(tumen["sha256"].(string)) != 64 {
		t.Errorf("no SHA-256: %v", tumen)
	}

	db := filepath.Join(dir, "atlas.db")
	sampleFile := filepath.Join(dir, "one.geojson")
	doc := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000f1","geometry":{"type":"Point","coordinates":[129.84,42.96]},"properties":{"name":"Photographed factory"}}]}`
	if err := os.WriteFile(sampleFile, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, "import", "--db", db, sampleFile); code != 0 {
		t.Fatal(stderr)
	}
	bad := filepath.Join(dir, "huge.jpg")
	f, _ := os.Create(bad)
	f.Truncate(101 << 20)
	f.Close()
	id := "0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000f1"
	if code, _, stderr := cli(t, "attach", "--db", db, "--site", id, photoDir+"tumen_ne.jpg", bad); code != 1 || !strings.Contains(stderr, "nothing was attached") {
		t.Errorf("attaching with a file over the limit: exit %d, %q", code, stderr)
	}
	code, out, stderr = cli(t, "attach", "--db", db, "--site", id, photoDir+"tumen_ne.jpg", photoDir+"exiftool_PNG.png")
	if code != 0 || strings.Count(out, "sha256 ") != 2 {
		t.Fatalf("attach: exit %d, %q %q", code, out, stderr)
	}
	_, hist, _ := cli(t, "history", "--db", db, "--limit", "3")
	if strings.Count(hist, "attach ") != 2 {
		t.Errorf("the history does not show the two attachments: %q", hist)
	}
	if code, _, _ := cli(t, "undo", "--db", db); code != 0 {
		t.Error("undo of an attachment failed")
	}
}

// TestDuplicatesCommand: a colleague's record of a sample site in Chinese
// near it is found as a duplicate of the English one, with reasons.
func TestDuplicatesCommand(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "atlas.db")
	doc := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000d1","geometry":{"type":"Point","coordinates":[129.8436,42.9672]},"properties":{"name":"North Korean industrial complex, Tumen","category":"industrial_complex","precision":"approximate"}},` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000d2","geometry":{"type":"Point","coordinates":[129.8466,42.9660]},"properties":{"name":"图们 朝鲜工业园区","category":"industrial_complex","precision":"approximate"}},` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000d3","geometry":{"type":"Point","coordinates":[130.3655,42.8624]},"properties":{"name":"Hunchun seafood plant","category":"factory","precision":"approximate"}}]}`
	file := filepath.Join(dir, "dups.geojson")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, "import", "--db", db, file); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := cli(t, "duplicates", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("duplicates: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || !strings.Contains(out, "0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000d1") || !strings.Contains(out, "0b8c3d1e-7c55-4e7e-9a1e-4d5b0a0000d2") {
		t.Fatalf("duplicates found %q (%s)", out, stderr)
	}
	if !strings.Contains(out, "reasons") || !strings.Contains(out, "apart") {
		t.Errorf("the pair gives no reasons: %s", out)
	}
}
