package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestFormatForFile: an export's format follows the file name.
func TestFormatForFile(t *testing.T) {
	for _, tt := range []struct {
		name string
		want geoio.Format
	}{
		{"sites.geojson", geoio.GeoJSON},
		{"sites.json", geoio.GeoJSON},
		{"SITES.CSV", geoio.CSV},
		{"tumen.kml", geoio.KML},
		{"report/sites.gpkg", geoio.GeoPackage},
		{"sites", geoio.GeoJSON},
	} {
		if got := FormatForFile(tt.name); got != tt.want {
			t.Errorf("FormatForFile(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestKMLAndGeoPackageRoundTrip: an export as KML or GeoPackage, imported
// into an empty database, gives back every site exactly: the GeoJSON
// exports of both databases are the same bytes.
func TestKMLAndGeoPackageRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := openDB(t, newDB(t, append(sitegen.Sites(500, 5), fixtureSites()...)))
	want, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true})
	for _, tt := range []struct {
		format geoio.Format
		ext    string
	}{{geoio.KML, ".kml"}, {geoio.GeoPackage, ".gpkg"}} {
		t.Run(tt.format.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sites"+tt.ext)
			rep, err := ExportFile(ctx, st, path, ExportOptions{Format: tt.format, IncludeConfidential: true}, nil)
			if err != nil || rep.Written != count(t, st) {
				t.Fatalf("export: wrote %d of %d: %v", rep.Written, count(t, st), err)
			}
			back := openDB(t, newDB(t, nil))
			irep, err := Import(ctx, back, []string{path}, nil)
			if err != nil {
				t.Fatalf("import of our own %v: %v\n%s", tt.format, err, strings.Join(problemTexts(irep), "\n"))
			}
			for _, w := range irep.Warnings {
				if w.Code != geoio.CodeNullGeometry {
					t.Errorf("warning on our own export: %v", w.Error())
				}
			}
			got, _ := exportBytes(t, back, ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true})
			if !bytes.Equal(got, want) {
				t.Errorf("%v round trip lost something: %s", tt.format, firstDiff(want, got))
			}
		})
	}
}

// TestKMLAndGeoPackageLeaveConfidentialOut: every format leaves confidential
// data out unless asked, and says what it left out.
func TestKMLAndGeoPackageLeaveConfidentialOut(t *testing.T) {
	ctx := context.Background()
	sites := fixtureSites()
	st := openDB(t, newDB(t, sites))
	var want site.Redaction
	for _, s := range sites {
		_, left, _ := site.Redact(s)
		want.Add(left)
	}
	secrets := []string{"Secret Dormitory", "informant K.", "Private chat", "phone number of the driver"}
	for _, tt := range []struct {
		format geoio.Format
		ext    string
	}{{geoio.KML, ".kml"}, {geoio.GeoPackage, ".gpkg"}, {geoio.CSV, ".csv"}, {geoio.GeoJSON, ".geojson"}} {
		for _, include := range []bool{false, true} {
			path := filepath.Join(t.TempDir(), "sites"+tt.ext)
			rep, err := ExportFile(ctx, st, path, ExportOptions{Format: tt.format, IncludeConfidential: include}, nil)
			if err != nil {
				t.Fatalf("%v: %v", tt.format, err)
			}
			if !include && rep.LeftOut != want {
				t.Errorf("%v: left out %+v, want %+v", tt.format, rep.LeftOut, want)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if bytes.Contains(data, []byte(s)) != include {
					t.Errorf("%v (include confidential %v): the file contains %q: %v", tt.format, include, s, !include)
				}
			}
			if !bytes.Contains(data, []byte("Open Fish Plant")) {
				t.Errorf("%v: the public site is missing", tt.format)
			}
		}
	}
}

// TestGeoPackageNeedsAFile: a GeoPackage is a database, not a stream.
func TestGeoPackageNeedsAFile(t *testing.T) {
	st := openDB(t, newDB(t, fixtureSites()))
	var buf bytes.Buffer
	_, err := Export(context.Background(), st, &buf, ExportOptions{Format: geoio.GeoPackage}, nil)
	if err == nil || !strings.Contains(err.Error(), "file name") {
		t.Errorf("GeoPackage to a stream: %v", err)
	}
}

// TestGeoPackageImportProgress: a GeoPackage import moves the progress bar
// as its rows are read, not only at the end.
func TestGeoPackageImportProgress(t *testing.T) {
	ctx := context.Background()
	st := openDB(t, newDB(t, sitegen.Sites(3000, 2)))
	path := filepath.Join(t.TempDir(), "sites.gpkg")
	if _, err := ExportFile(ctx, st, path, ExportOptions{Format: geoio.GeoPackage, IncludeConfidential: true}, nil); err != nil {
		t.Fatal(err)
	}
	var seen []int64
	var of int64
	rep, err := Import(ctx, openDB(t, newDB(t, nil)), []string{path}, func(done, total int64) {
		seen = append(seen, done)
		of = total
	})
	if err != nil || rep.Added != 3000 {
		t.Fatalf("import: %d added, %v", rep.Added, err)
	}
	if len(seen) < 3 || seen[len(seen)-1] != of || seen[0] <= 0 || seen[0] >= of {
		t.Errorf("progress %v of %d: want steps on the way to the file size", seen, of)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Errorf("progress went back: %v", seen)
		}
	}
}

// shortWriter fails once n bytes are written, like a full disk.
type shortWriter struct{ n int }

func (w *shortWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("no space left on device")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestExportWriteFails: a write error mid-export (a full disk) stops the
// export with that error, in every streamed format, without hanging.
func TestExportWriteFails(t *testing.T) {
	st := openDB(t, newDB(t, sitegen.Sites(3000, 4)))
	for _, f := range []geoio.Format{geoio.GeoJSON, geoio.CSV, geoio.KML} {
		_, err := Export(context.Background(), st, &shortWriter{n: 300_000}, ExportOptions{Format: f}, nil)
		if err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("%v onto a full disk: %v", f, err)
		}
	}
}
