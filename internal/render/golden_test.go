package render

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

// goldenTolerance is how far a channel may differ, and goldenMaxBad how
// many pixels may differ by more, before an image fails: anti-aliasing
// may change in the last bit across Go versions and CPUs.
const (
	goldenTolerance = 8
	goldenMaxBad    = 0.001
)

// assertGolden compares img with testdata/golden/name.png. On mismatch it
// writes the image and a diff (changed pixels red) to testdata/failed.
func assertGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".png")
	if *update {
		if err := writePNG(path, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	diff, bad := compareImages(img, want)
	if bad <= int(goldenMaxBad*float64(img.Rect.Dx()*img.Rect.Dy())) {
		return
	}
	failed := filepath.Join("testdata", "failed")
	_ = writePNG(filepath.Join(failed, name+".png"), img)
	_ = writePNG(filepath.Join(failed, name+"-diff.png"), diff)
	t.Errorf("%s: %d pixels differ from %s; see %s", name, bad, path, failed)
}

// compareImages returns a diff image and the number of pixels that differ
// beyond the tolerance; a size mismatch counts every pixel.
func compareImages(got *image.RGBA, want image.Image) (*image.RGBA, int) {
	b := got.Rect
	diff := image.NewRGBA(b)
	if want.Bounds() != b {
		return diff, b.Dx() * b.Dy()
	}
	bad := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := got.RGBAAt(x, y)
			wr, wg, wb, wa := want.At(x, y).RGBA()
			w := color.RGBA{uint8(wr >> 8), uint8(wg >> 8), uint8(wb >> 8), uint8(wa >> 8)}
			if absDiff(g.R, w.R) > goldenTolerance || absDiff(g.G, w.G) > goldenTolerance ||
				absDiff(g.B, w.B) > goldenTolerance || absDiff(g.A, w.A) > goldenTolerance {
				bad++
				diff.SetRGBA(x, y, color.RGBA{0xff, 0, 0, 0xff})
			} else {
				l := uint8((uint16(g.R) + uint16(g.G) + uint16(g.B)) / 3 / 4)
				diff.SetRGBA(x, y, color.RGBA{0xc0 + l, 0xc0 + l, 0xc0 + l, 0xff})
			}
		}
	}
	return diff, bad
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// testMap returns a map of the embedded world with the embedded font.
func testMap(t testing.TB, idx *Index) *Map {
	t.Helper()
	m, err := NewMap(testWorld(t), idx, assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Sample sites in Tumen and Hunchun, with names in the scripts the
// researchers use. Positions are illustrative, not reported locations.
var sampleSites = []site.Summary{
	{Row: 1, Name: "Tumen garment factory", Category: "factory", Status: site.StatusConfirmed, Geometry: orb.Point{129.852, 42.958}},
	{Row: 2, Name: "图们 水产品加工厂", Category: "factory", Status: site.StatusReported, Geometry: orb.Point{129.873, 42.951}},
	{Row: 3, Name: "Tumen electronics assembly", Category: "factory", Status: site.StatusSuspected, Geometry: orb.Point{129.815, 42.975}},
	{Row: 4, Name: "Tumen workers' dormitory", Category: "dormitory", Status: site.StatusConfirmed, Geometry: orb.Point{129.835, 42.985}},
	{Row: 5, Name: "훈춘 수산물 가공공장", Category: "fishery", Status: site.StatusConfirmed, Geometry: orb.Point{130.381, 42.871}},
	{Row: 6, Name: "Hunchun seafood processing", Category: "fishery", Status: site.StatusReported, Geometry: orb.Point{130.335, 42.851}},
	{Row: 7, Name: "Hunchun wig factory", Category: "factory", Status: site.StatusClosed, Geometry: orb.Point{130.402, 42.892}},
	{Row: 8, Name: "Unknown site", Category: "other", Status: site.StatusUnknown, Geometry: orb.Point{130.10, 42.90}},
	{Row: 9, Name: "Hunchun Border Economic Cooperation Zone 珲春边境经济合作区", Category: "industrial_complex", Status: site.StatusConfirmed,
		Geometry: orb.Polygon{{{130.265, 42.885}, {130.325, 42.885}, {130.325, 42.915}, {130.265, 42.915}, {130.265, 42.885}}}},
	{Row: 10, Name: "Tumen restaurant 도문 식당", Category: "restaurant", Status: site.StatusReported, Geometry: orb.Point{129.846, 42.967}},
	{Row: 11, Name: "Yanji textile mill", Category: "factory", Status: site.StatusSuspected, Geometry: orb.Point{129.51, 42.89}},
	{Row: 12, Name: "Quanhe construction site", Category: "construction", Status: site.StatusReported, Geometry: orb.Point{130.55, 42.53}},
}

func render(t testing.TB, m *Map, v Viewport, opts DrawOptions) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	m.Draw(img, v, opts)
	return img
}

func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("golden images load the whole basemap")
	}
	many := buildIndex(genSummaries(50000, 7))
	samples := buildIndex(sampleSites)
	tests := []struct {
		name string
		idx  *Index
		v    Viewport
		opts DrawOptions
	}{
		{"world-z2", samples, NewViewport(orb.Point{20, 25}, 2, 1024, 640), DrawOptions{}},
		{"tumen-hunchun-z10", samples, NewViewport(orb.Point{130.1, 42.9}, 10, 1024, 640), DrawOptions{}},
		{"clusters-z4", many, NewViewport(orb.Point{125, 38}, 4, 1024, 640), DrawOptions{}},
		{"selected-z13", samples, NewViewport(orb.Point{129.845, 42.965}, 13, 800, 500), DrawOptions{Selected: []int64{1}, Hover: 10}},
		{"cjk-hunchun-z12", samples, NewViewport(orb.Point{130.33, 42.88}, 12, 800, 500), DrawOptions{Selected: []int64{9}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := testMap(t, tc.idx)
			img := render(t, m, tc.v, tc.opts)
			assertGolden(t, tc.name, img)
		})
	}
}

func Example_formatCount() {
	for _, n := range []int{7, 999, 1234, 12345, 1234567} {
		fmt.Print(formatCount(n), " ")
	}
	// Output: 7 999 1.2k 12k 1.2M
}
