package geoio

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// sharedTestdata is the workplace's shared test files, next to the repo.
const sharedTestdata = "../../../shared/testdata"

func needShared(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join(sharedTestdata, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared test files not found at %s (a clone outside the workplace): %v", dir, err)
	}
	return dir
}

// informational warnings are expected even for files the manifest accepts
// without comment: they describe what we did, not a fault in the file.
var informational = map[string]bool{
	CodeUnnamed:       true, // RFC examples have no "name"
	CodeZDropped:      true, // we keep 2D only; the manifest's xyz files are valid
	CodeForeignMember: true,
}

// manifestOverrides are manifest expectations a careful reader cannot meet,
// with the reason. Keep this list short and justified.
var manifestOverrides = map[string]string{
	// The manifest expects a self-intersection warning, but the ring is
	// simple: no two non-adjacent edges meet and no edge folds back (checked
	// by ringCrosses and, independently, by a brute-force script). A
	// spiky-looking polygon is still a valid one.
	"edge/orb__spiked.geojson": "accept",
}

// TestSharedManifest reads every file of the shared GeoJSON collection and
// checks that it gets the outcome its manifest line says.
func TestSharedManifest(t *testing.T) {
	dir := needShared(t, "geojson")
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			continue
		}
		file, expected := cols[0], cols[3]
		n++
		t.Run(file, func(t *testing.T) {
			if o, ok := manifestOverrides[file]; ok {
				t.Logf("manifest says %q; we expect %q (see manifestOverrides)", expected, o)
				expected = o
			}
			res := readFile(t, filepath.Join(dir, file))
			kind, why, _ := strings.Cut(expected, ":")
			why = strings.TrimSpace(why)
			var errs []*Problem
			if p, ok := res.err.(*Problem); ok {
				errs = append(errs, p)
			} else if res.err != nil {
				t.Fatalf("NewReader: %v", res.err)
			}
			errs = append(errs, res.problems...)
			switch kind {
			case "accept", "accept_with_warning":
				if len(errs) > 0 || len(res.items) == 0 {
					t.Fatalf("want accepted, got %d items: %v", len(res.items), res.messages())
				}
				found := false
				for _, w := range res.warnings {
					if w.Code == why {
						found = true
					} else if kind == "accept" && !informational[w.Code] {
						t.Errorf("unexpected warning for an accepted file: %v", w.Error())
					}
				}
				if kind == "accept_with_warning" && !found {
					t.Errorf("want a %q warning, got %v", why, res.messages())
				}
			case "reject":
				if len(errs) == 0 {
					t.Fatalf("want rejected (%s), got %d items: %v", why, len(res.items), res.messages())
				}
				if errs[0].Code != why {
					t.Errorf("want a %q problem, got %v [%s]", why, errs[0].Error(), errs[0].Code)
				}
				if !strings.Contains(errs[0].Error(), filepath.Join(dir, file)) {
					t.Errorf("message does not name the file: %v", errs[0].Error())
				}
			default:
				t.Fatalf("manifest outcome %q not understood", expected)
			}
			t.Log(strings.Join(res.messages(), "\n"))
		})
	}
	if n != 31 {
		t.Errorf("manifest has %d files, want 31", n)
	}
}

// TestSharedDatasets imports the real datasets.
func TestSharedDatasets(t *testing.T) {
	dir := needShared(t, "datasets")
	for _, c := range []struct {
		file  string
		n     int
		warn  string
		name0 string
	}{
		{"ne_10m_ports.geojson", 1081, CodeCRS, "Sint Nicolaas"},
		{"theme_park.geojson", 54, CodeUnnamed, "サンリオピューロランド"},
	} {
		res := readFile(t, filepath.Join(dir, c.file))
		if len(res.problems) > 0 || res.err != nil {
			t.Fatalf("%s: %v", c.file, res.messages())
		}
		if len(res.items) != c.n {
			t.Errorf("%s: %d sites, want %d", c.file, len(res.items), c.n)
		}
		if res.items[0].Site.Name != c.name0 {
			t.Errorf("%s: first name %q, want %q", c.file, res.items[0].Site.Name, c.name0)
		}
		found := false
		for _, w := range res.warnings {
			found = found || w.Code == c.warn
		}
		if !found {
			t.Errorf("%s: no %s warning in %v", c.file, c.warn, res.messages())
		}
		// Every site survives a write and a read unchanged.
		var sites = make([]site.Site, len(res.items))
		for i, it := range res.items {
			sites[i] = it.Site
		}
		again := readAll(t, c.file, bytes.NewReader(writeGeoJSON(t, sites)))
		for i, it := range again.items {
			if !reflect.DeepEqual(it.Site, sites[i]) {
				t.Fatalf("%s: site %d changed in a round trip:\n%#v\n%#v", c.file, i, it.Site, sites[i])
			}
		}
	}
	// Natural Earth values keep their written form ("5.0" stays 5.0).
	res := readFile(t, filepath.Join(dir, "ne_10m_ports.geojson"))
	x := res.items[0].Site.Extra
	if string(x["natlscale"]) != "5.0" || string(x["website"]) != `"www.rocargo.com\/SanNicolas.html"` {
		t.Errorf("Extra not kept verbatim: %s", x)
	}
}
