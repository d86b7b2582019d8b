package layout

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

func smallInput(t *testing.T) Input {
	t.Helper()
	world, err := basemap.Load()
	if err != nil {
		t.Fatal(err)
	}
	ib := render.NewIndexBuilder()
	in := Input{Sites: map[int64]SiteInfo{}}
	for i, s := range []struct {
		name, cat string
		st        site.Status
		lon, lat  float64
	}{
		{"Tumen Garment Factory", "factory", site.StatusReported, 129.84, 42.97},
		{"图们 工业园区", "industrial_complex", site.StatusConfirmed, 129.70, 42.90},
		{"Musan Iron Mine", "mine", site.StatusSuspected, 129.22, 42.23},
	} {
		row := int64(i + 1)
		ib.Add(site.Summary{Row: row, Name: s.name, Category: s.cat, Status: s.st, Geometry: orb.Point{s.lon, s.lat}})
		in.Sites[row] = SiteInfo{s.name, s.cat, s.st}
	}
	m, err := render.NewMap(world, ib.Build(), assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	in.Map = m
	in.Spec = Spec{Width: 640, Height: 440, DPI: 96, Title: "Golden layout", Legend: true, Labels: LabelsAll, Inset: true, NorthArrow: true,
		Extent: Extent{BBox: []float64{128.8, 42.0, 130.6, 43.3}}, Date: "2026-12-05", Credit: "test"}
	in.ProfileNote = `profile "Public": confidential items left out`
	return in
}

// TestGoldenPNG compares the small layout with testdata/golden/small.png
// (a few pixels may differ: anti-aliasing changes across CPUs) and checks
// that every format comes out the same twice.
func TestGoldenPNG(t *testing.T) {
	in := smallInput(t)
	var outs [2]map[string][]byte
	for i := range outs {
		sh, err := Compose(in)
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = map[string][]byte{}
		for _, f := range []string{PNG, SVG, PDF} {
			var b bytes.Buffer
			if err := sh.Write(&b, f); err != nil {
				t.Fatal(err)
			}
			outs[i][f] = b.Bytes()
		}
	}
	for f, b := range outs[0] {
		if !bytes.Equal(b, outs[1][f]) {
			t.Errorf("%s: the same layout gave different bytes", f)
		}
	}
	svg := string(outs[0][SVG])
	for _, want := range []string{">Golden layout</text>", ">Legend</text>", ">Tumen Garment Factory</text>", ">图们 工业园区</text>", "Natural Earth"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg has no %q", want)
		}
	}
	path := filepath.Join("testdata", "golden", "small.png")
	if *update {
		_ = os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, outs[0][PNG], 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	a, _ := png.Decode(bytes.NewReader(outs[0][PNG]))
	b, _ := png.Decode(bytes.NewReader(want))
	if bad := differing(a, b); bad > 640*440/500 {
		_ = os.WriteFile(filepath.Join(t.TempDir(), "small.png"), outs[0][PNG], 0o644)
		t.Errorf("%d pixels differ from %s", bad, path)
	}
}

func differing(a, b image.Image) int {
	if a == nil || b == nil || a.Bounds() != b.Bounds() {
		return 1 << 30
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2) > 8<<8 || absDiff(g1, g2) > 8<<8 || absDiff(b1, b2) > 8<<8 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"paper":"a3-landscape","title":"T","legend":true,"labels":"all"}`, ""},
		{`{"legnd":true}`, `unknown field "legnd"`},
		{`{"paper":"a5"}`, `paper "a5"`},
		{`{"extent":{"bbox":[1,2,3]}}`, "extent.bbox has 3 numbers"},
		{`{"extent":{"bbox":[3,2,1,4]}}`, "west must be less than east"},
		{`{"labels":"some"}`, `labels "some"`},
		{`{"dpi":2000}`, "dpi 2000"},
		{`{"width":640}`, "give both or neither"},
		{`{} {}`, "more than one JSON value"},
		{`{"title":`, "layout x.json"},
	} {
		_, err := Decode(strings.NewReader(tc.in), "x.json")
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Decode(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"paper":"a4","extent":{"center":[130,42],"zoom":8}}`)
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := Decode(strings.NewReader(s), "f.json")
		if err == nil {
			if spec.Validate() != nil {
				t.Fatal("Decode accepted an invalid spec")
			}
			b, err := Encode(spec)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Decode(bytes.NewReader(b), "again"); err != nil {
				t.Fatalf("re-decoding an encoded spec: %v", err)
			}
		}
	})
}
