package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestGPXExportRoundTrip: a GPX export, imported into an empty database,
// gives back every site: the GeoJSON exports of both are the same bytes.
func TestGPXExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := openDB(t, newDB(t, append(sitegen.Sites(500, 5), fixtureSites()...)))
	want, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true})
	path := filepath.Join(t.TempDir(), "sites.gpx")
	if FormatForFile(path) != geoio.GPX {
		t.Fatalf("FormatForFile(%q) = %v", path, FormatForFile(path))
	}
	rep, err := ExportFile(ctx, st, path, ExportOptions{Format: geoio.GPX, IncludeConfidential: true}, nil)
	if err != nil || rep.Written != count(t, st) {
		t.Fatalf("export: wrote %d of %d: %v", rep.Written, count(t, st), err)
	}
	back := openDB(t, newDB(t, nil))
	irep, err := Import(ctx, back, []string{path}, nil)
	if err != nil {
		t.Fatalf("import of our own GPX: %v\n%s", err, strings.Join(problemTexts(irep), "\n"))
	}
	for _, w := range irep.Warnings {
		if w.Code != geoio.CodeNullGeometry {
			t.Errorf("warning on our own export: %v", w.Error())
		}
	}
	got, _ := exportBytes(t, back, ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true})
	if !bytes.Equal(got, want) {
		t.Errorf("GPX round trip lost something: %s", firstDiff(want, got))
	}
}

// TestGPXExportLeavesConfidentialOut: the GPX export goes through the same
// redaction as every other format.
func TestGPXExportLeavesConfidentialOut(t *testing.T) {
	ctx := context.Background()
	sites := fixtureSites()
	st := openDB(t, newDB(t, sites))
	var want site.Redaction
	for _, s := range sites {
		_, left, _ := site.Redact(s)
		want.Add(left)
	}
	secrets := []string{"Secret Dormitory", "informant K.", "Private chat", "phone number of the driver"}
	for _, include := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "sites.gpx")
		rep, err := ExportFile(ctx, st, path, ExportOptions{Format: geoio.GPX, IncludeConfidential: include}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !include && rep.LeftOut != want {
			t.Errorf("left out %+v, want %+v", rep.LeftOut, want)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) != include {
				t.Errorf("include confidential %v: the file contains %q: %v", include, s, !include)
			}
		}
		if !bytes.Contains(data, []byte("Open Fish Plant")) {
			t.Errorf("the public site is missing")
		}
	}
}
