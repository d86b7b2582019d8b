package geoio

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestKMZ reads zipped KML: the same sites as the KML itself, images
// listed in one warning.
func TestKMZ(t *testing.T) {
	for _, c := range []struct{ kmz, kml string }{
		{"google_earth.kmz", "google_earth.kml"},
		{"nested_kml.kmz", "my_maps.kml"},
	} {
		got := readPath(t, shpFixture(c.kmz))
		want := readFile(t, filepath.Join("testdata", "kml", c.kml))
		if !slices.Equal(got.names(), want.names()) || len(got.names()) == 0 {
			t.Errorf("%s: names %q, want %q", c.kmz, got.names(), want.names())
		}
		for i := range min(len(got.items), len(want.items)) {
			if g, w := got.items[i].Site.Geometry, want.items[i].Site.Geometry; fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%s: site %d geometry %v, want %v", c.kmz, i, g, w)
			}
		}
		if len(got.problems) != len(want.problems) {
			t.Errorf("%s: problems %v, want %d", c.kmz, got.messages(), len(want.problems))
		}
	}
	r := readPath(t, shpFixture("google_earth.kmz"))
	if w := r.warnings[0]; w.Code != CodeNotImported || w.Error() != "testdata/shp/google_earth.kmz: 2 images inside the KMZ were not imported: files/photo1.png, files/photo2.jpg" {
		t.Errorf("image warning %q [%s]", w.Error(), w.Code)
	}
	for _, w := range r.warnings[1:] {
		if !strings.HasPrefix(w.Error(), "testdata/shp/google_earth.kmz: doc.kml: ") {
			t.Errorf("KML warning %q does not name the KMZ and its document", w.Error())
		}
	}
}

func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(p, data, 0o644))
	return p
}

// bombZip makes a small zip whose one entry unpacks to n bytes.
func bombZip(t testing.TB, entry, prefix string, n int) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(entry)
	must(t, err)
	w.Write([]byte(prefix))
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for i := 0; i < n>>20; i++ {
		w.Write(chunk)
	}
	must(t, zw.Close())
	return b.Bytes()
}

// TestZipLimits: zip bombs, too many entries and nested zips are refused
// with what the limit is.
func TestZipLimits(t *testing.T) {
	kml := `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name><Point><coordinates>129.8,42.9</coordinates></Point></Placemark>`
	shpHead := string(shpFile(shpPoint)[:100]) + "\x00\x00\x00\x01\x00\x80\x00\x00" // one record of 16 MiB
	many := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for i := range zipMaxEntries + 1 {
			zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("f%d.txt", i), Method: zip.Store})
		}
		must(t, zw.Close())
		return b.Bytes()
	}
	tests := []struct {
		name, file string
		data       []byte
		code, want string
	}{
		{"kml bomb", "bomb.kmz", bombZip(t, "doc.kml", kml, 64<<20), CodeZipBomb, "bomb.kmz: doc.kml: refused as a possible zip bomb: it unpacks to more than"},
		{"shapefile bomb", "bomb.zip", bombZip(t, "a.shp", shpHead, 32<<20), CodeZipBomb, "(200 times its size, and 1 GiB at most)"},
		{"too many entries", "many.zip", many(), CodeZipBomb, "the archive has 10001 entries, more than the 10000 read here"},
		{"nested zip", "nested.zip", zipBytes(t, "inner.zip", "PK\x05\x06"+strings.Repeat("\x00", 18), "readme.txt", "hi"), CodeUnknownFormat,
			"the archive holds no shapefile (.shp) and no KML; zips inside a zip are not opened (inner.zip)"},
		{"nothing usable", "other.zip", zipBytes(t, "a.txt", "x", "b.csv", "y"), CodeUnknownFormat, "the archive holds no shapefile (.shp) and no KML (it holds a.txt, b.csv)"},
		{"not a zip", "broken.kmz", []byte("PK\x03\x04 broken"), CodeUnknownFormat, "not a readable ZIP archive"},
	}
	for _, tt := range tests {
		r := readPath(t, writeTemp(t, tt.file, tt.data))
		p := r.fatal()
		if p == nil || p.Code != tt.code || !strings.Contains(p.Error(), tt.want) {
			t.Errorf("%s: got %v, want [%s] %q", tt.name, r.messages(), tt.code, tt.want)
		}
		if len(tt.data) < 1<<20 && tt.code == CodeZipBomb && len(r.items) > 1 {
			t.Errorf("%s: read %d items", tt.name, len(r.items))
		}
	}

	// Two KML documents: doc.kml is read, the other named.
	two := zipBytes(t, "extra.kml", kml+"</Document></kml>", "doc.kml", strings.Replace(kml, ">A<", ">B<", 1)+"</Document></kml>")
	r := readPath(t, writeTemp(t, "two.kmz", two))
	if !slices.Equal(r.names(), []string{"B"}) || len(r.warnings) == 0 || !strings.Contains(r.warnings[0].Message, "read doc.kml, not read: extra.kml") {
		t.Errorf("two documents: %q %v", r.names(), r.messages())
	}
	// A KMZ found by content, whatever its name.
	r = readPath(t, writeTemp(t, "download", zipBytes(t, "doc.kml", kml+"</Document></kml>")))
	if !slices.Equal(r.names(), []string{"A"}) {
		t.Errorf("KMZ without extension: %v", r.messages())
	}
}

// TestDetectShapefileKMZ: names and first bytes that mean a shapefile or
// a KMZ, and the stream reader's refusal of them.
func TestDetectShapefileKMZ(t *testing.T) {
	shpZip := zipBytes(t, "roads.shp", "x")
	kmz := zipBytes(t, "doc.kml", "<kml/>")
	tests := []struct {
		name string
		head []byte
		want Format
		err  string
	}{
		{"a.shp", nil, Shapefile, ""},
		{"A.SHP", []byte("junk"), Shapefile, ""},
		{"noext", shpFile(shpPoint), Shapefile, ""},
		{"a.zip", shpZip, Shapefile, ""},
		{"a.zip", kmz, KMZ, ""},
		{"a.zip", zipBytes(t, "x.txt", "1"), Shapefile, ""},
		{"a.kmz", kmz, KMZ, ""},
		{"download", kmz, KMZ, ""},
		{"download", shpZip, Shapefile, ""},
		{"data.bin", zipBytes(t, "x.txt", "1"), Shapefile, ""}, // the path reader says what it holds
		{"a.dbf", []byte{3, 0x7e}, 0, "this .dbf file is part of a shapefile: import the .shp beside it"},
		{"a.shx", nil, 0, "import the .shp beside it"},
	}
	for _, tt := range tests {
		f, err := DetectFormat(tt.name, tt.head)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, %v; want error %q", tt.name, f, err, tt.err)
			}
			continue
		}
		if err != nil || f != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.name, f, err, tt.want)
		}
	}
	r := readAll(t, "a.kmz", bytes.NewReader(kmz))
	if p := r.fatal(); p == nil || !strings.Contains(p.Message, "must be opened by path (NewPathReader)") {
		t.Errorf("stream reader on a KMZ: %v", r.messages())
	}
	for _, f := range []Format{Shapefile, KMZ, GeoPackage} {
		if !ReadsByPath(f) {
			t.Errorf("%v is read by path", f)
		}
	}
	if ReadsByPath(GeoJSON) {
		t.Errorf("GeoJSON is a stream")
	}
}
