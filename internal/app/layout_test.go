package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/layout"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
)

// layoutSecret is the name of a confidential site: no Public layout may
// show it.
const layoutSecret = "Yanji Shoe Factory Q7"

// layoutDB is the sample project (Tumen–Hunchun), a few more factories
// and mines around Hunchun, and one confidential site.
func layoutDB(t *testing.T) string {
	t.Helper()
	sites := SampleSites()
	add := func(name, cat string, st site.Status, lon, lat float64, conf bool) {
		sites = append(sites, site.Site{Name: name, Category: cat, Status: st, Geometry: orb.Point{lon, lat}, Confidential: conf, Precision: site.PrecisionExact})
	}
	add("Hunchun Seafood Plant", "factory", site.StatusConfirmed, 130.37, 42.87, false)
	add("Hunchun Coal Mine", "mine", site.StatusSuspected, 130.45, 42.95, false)
	add("Musan Iron Mine", "mine", site.StatusConfirmed, 129.22, 42.23, false)
	add("Quanhe Garment Works", "factory", site.StatusClosed, 130.40, 42.50, false)
	add(layoutSecret, "factory", site.StatusReported, 129.51, 42.89, true)
	return newDB(t, sites)
}

func publicationSpec() layout.Spec {
	return layout.Spec{
		Paper: "a4-landscape", DPI: 100,
		Extent:   layout.Extent{BBox: []float64{128.9, 42.1, 131.0, 43.3}},
		Title:    "Reported sites employing North Korean workers, Tumen–Hunchun",
		Subtitle: "Jilin, China · sites reported 2016–2019",
		Legend:   true, LegendCounts: true, Labels: layout.LabelsAll, Inset: true, NorthArrow: true, Graticule: true,
		Date: "5 December 2026", Credit: "news reports compiled by the authors",
	}
}

// TestRenderLayoutFormats writes the Tumen–Hunchun layout as PNG, SVG and
// PDF twice: the same data gives the same bytes, the PDF's title, legend
// and credits are text poppler extracts, and the confidential site is in
// none of them.
func TestRenderLayoutFormats(t *testing.T) {
	st := openDB(t, layoutDB(t))
	ctx := context.Background()
	dir := t.TempDir()
	keep := os.Getenv("SITEATLAS_LAYOUT_KEEP") // a folder to keep the files in, to look at them
	for _, ext := range []string{"png", "svg", "pdf"} {
		var first []byte
		for i := range 2 {
			path := filepath.Join(dir, "map."+ext)
			sum, err := RenderLayout(ctx, st, publicationSpec(), path, nil)
			if err != nil {
				t.Fatalf("%s: %v", ext, err)
			}
			if sum.Format != ext || sum.Profile != share.PublicName || sum.Sites != 8 {
				t.Errorf("%s: summary %+v: want format %s, profile Public, 8 sites (the confidential one left out)", ext, sum, ext)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(b)) != sum.Bytes {
				t.Errorf("%s: summary says %d bytes, file has %d", ext, sum.Bytes, len(b))
			}
			if i == 0 {
				first = b
				if keep != "" {
					_ = os.WriteFile(filepath.Join(keep, "layout."+ext), b, 0o644)
				}
				continue
			}
			if !bytes.Equal(first, b) {
				t.Errorf("%s: the same layout gave different bytes (%d and %d)", ext, len(first), len(b))
			}
		}
		b, _ := os.ReadFile(filepath.Join(dir, "map."+ext))
		if ext == "svg" {
			for _, want := range []string{"Reported sites employing", "Legend", "Industrial complex", "Natural Earth", "Hunchun Seafood Plant", `profile "Public"`} {
				if !strings.Contains(string(b), want) && !strings.Contains(string(b), strings.ReplaceAll(want, `"`, "&#34;")) {
					t.Errorf("svg: no text %q", want)
				}
			}
		}
		if bytes.Contains(b, []byte(layoutSecret)) {
			t.Errorf("%s: the confidential site's name is in the file", ext)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian poppler-utils): the PDF's text is not read back")
	}
	text := pdfText(t, filepath.Join(dir, "map.pdf"))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Reported sites employing North Korean workers", "Legend", "Industrial complex", "Mine", "Confirmed",
		"Natural Earth", "compiled by the authors", "Public", "5 December 2026", "Hunchun Seafood Plant", "km"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdftotext finds no %q in\n%s", want, text)
		}
	}
	if strings.Contains(flat, layoutSecret) {
		t.Errorf("pdftotext finds the confidential site's name")
	}
}

// TestRenderLayoutLeakInTitle: a title naming a confidential site is
// stopped by the leak audit under Public in every format, and nothing is
// written; under Internal the same title is the user's to publish.
func TestRenderLayoutLeakInTitle(t *testing.T) {
	st := openDB(t, layoutDB(t))
	ctx := context.Background()
	dir := t.TempDir()
	spec := publicationSpec()
	spec.Width, spec.Height, spec.DPI = 600, 420, 96
	spec.Title = "Where the " + layoutSecret + " is"
	for _, ext := range []string{"png", "svg", "pdf"} {
		path := filepath.Join(dir, "leak."+ext)
		_, err := RenderLayout(ctx, st, spec, path, nil)
		if !errors.Is(err, ErrLayoutLeak) {
			t.Errorf("%s: err = %v, want ErrLayoutLeak", ext, err)
		} else if strings.Contains(err.Error(), layoutSecret) {
			t.Errorf("%s: the error repeats the secret: %v", ext, err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s: a file was left after the audit stopped it", ext)
		}
		if matches, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(matches) > 0 {
			t.Errorf("%s: temporary files left: %v", ext, matches)
		}
	}
	spec.Profile = share.InternalName
	if _, err := RenderLayout(ctx, st, spec, filepath.Join(dir, "internal.svg"), nil); err != nil {
		t.Errorf("Internal: %v", err)
	}
}

// TestRenderLayoutLeakInLabel: what the audit reads is the composed page,
// so a label that slipped past the profile is caught too.
func TestRenderLayoutLeakInLabel(t *testing.T) {
	st := openDB(t, layoutDB(t))
	layoutLeakHook = func(sh *layout.Sheet) {
		sh.Items = append(sh.Items, layout.Text{X: 10, Y: 10, Size: 8, S: "near " + layoutSecret})
	}
	defer func() { layoutLeakHook = nil }()
	spec := publicationSpec()
	spec.Width, spec.Height, spec.DPI = 600, 420, 96
	path := filepath.Join(t.TempDir(), "m.pdf")
	if _, err := RenderLayout(context.Background(), st, spec, path, nil); !errors.Is(err, ErrLayoutLeak) {
		t.Fatalf("err = %v, want ErrLayoutLeak", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was written")
	}
}

func TestRenderLayoutErrors(t *testing.T) {
	st := openDB(t, layoutDB(t))
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		spec layout.Spec
		path string
		want string
	}{
		{"format", layout.Spec{}, filepath.Join(dir, "m.jpg"), ".png, .svg or .pdf"},
		{"profile", layout.Spec{Profile: "Secretive"}, filepath.Join(dir, "m.png"), `no export profile "Secretive"`},
		{"paper", layout.Spec{Paper: "a5"}, filepath.Join(dir, "m.png"), `paper "a5"`},
		{"folder", layout.Spec{}, dir + "/sub.png/", "folder"},
		{"tiles", layout.Spec{Tiles: []string{filepath.Join(dir, "none.mbtiles")}}, filepath.Join(dir, "m.png"), "tiles"},
	} {
		if tc.name == "folder" {
			_ = os.Mkdir(filepath.Join(dir, "sub.png"), 0o755)
			tc.path = filepath.Join(dir, "sub.png")
		}
		_, err := RenderLayout(context.Background(), st, tc.spec, tc.path, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
