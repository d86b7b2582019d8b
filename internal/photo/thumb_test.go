package photo

import (
	"errors"
	"image"
	"image/color"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// upright says, for each EXIF orientation, which stored quadrant shows at the displayed
// top-left, top-right, bottom-left and bottom-right, from the EXIF 2.3 definitions (0th row
// and 0th column sides); stored quadrants are a=TL, b=TR, c=BL, d=BR.
var upright = map[int]string{
	1: "abcd", 2: "badc", 3: "dcba", 4: "cdab",
	5: "acbd", 6: "cadb", 7: "dbca", 8: "bdac",
}

var quad = map[byte]color.RGBA{
	'a': quadColor(false, false), 'b': quadColor(true, false),
	'c': quadColor(false, true), 'd': quadColor(true, true),
}

func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) int {
		v := int(x>>8) - int(y)
		if v < 0 {
			return -v
		}
		return v
	}
	return d(r, want.R) <= tol && d(g, want.G) <= tol && d(b, want.B) <= tol
}

func checkQuadrants(t *testing.T, name string, m image.Image, o, tol int) {
	t.Helper()
	r := m.Bounds()
	pts := []image.Point{{r.Dx() / 4, r.Dy() / 4}, {3 * r.Dx() / 4, r.Dy() / 4}, {r.Dx() / 4, 3 * r.Dy() / 4}, {3 * r.Dx() / 4, 3 * r.Dy() / 4}}
	for i, p := range pts {
		if got, want := m.At(p.X, p.Y), quad[upright[o][i]]; !near(got, want, tol) {
			t.Errorf("%s (orientation %d): quadrant %d at %v is %v, want %v", name, o, i, p, got, want)
		}
	}
}

func TestThumbnailOrientations(t *testing.T) {
	for o := 1; o <= 8; o++ {
		name := "orient" + string(rune('0'+o)) + ".jpg"
		m, err := Thumbnail(readFixture(t, name), 64)
		if err != nil {
			t.Fatal(err)
		}
		want := image.Rect(0, 0, 64, 32)
		if o >= 5 {
			want = image.Rect(0, 0, 32, 64)
		}
		if m.Bounds() != want {
			t.Errorf("%s: bounds %v, want %v", name, m.Bounds(), want)
		}
		checkQuadrants(t, name, m, o, 40) // JPEG is lossy
	}
	// PNG is lossless and not scaled: exact colours.
	m, err := Thumbnail(readFixture(t, "orient6_gps.png"), 100)
	must(t, err)
	if m.Bounds().Dx() != 32 || m.Bounds().Dy() != 64 {
		t.Errorf("png bounds %v", m.Bounds())
	}
	checkQuadrants(t, "orient6_gps.png", m, 6, 0)
}

// TestOrientAllPixels checks orient against the formula table pixel by pixel on a 3×2 image.
func TestOrientAllPixels(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i] = byte(i + 1) // pixel (x, y) holds 1 + x + 3y in red
	}
	// Each orientation's upright image, row by row, as stored pixel numbers: the stored image
	// is 1 2 3 / 4 5 6.
	want := map[int][]byte{
		1: {1, 2, 3, 4, 5, 6}, 2: {3, 2, 1, 6, 5, 4}, 3: {6, 5, 4, 3, 2, 1}, 4: {4, 5, 6, 1, 2, 3},
		5: {1, 4, 2, 5, 3, 6}, 6: {4, 1, 5, 2, 6, 3}, 7: {6, 3, 5, 2, 4, 1}, 8: {3, 6, 2, 5, 1, 4},
	}
	for o, w := range want {
		got := orient(src, o)
		var px []byte
		for i := 0; i < len(got.Pix); i += 4 {
			px = append(px, got.Pix[i])
		}
		if string(px) != string(w) {
			t.Errorf("orientation %d: %v, want %v (bounds %v)", o, px, w, got.Bounds())
		}
	}
}

func TestThumbnailScalesAndKinds(t *testing.T) {
	for _, c := range []struct {
		name string
		max  int
		w, h int
	}{
		{"tumen_ne.jpg", 16, 16, 8}, {"tumen_ne.jpg", 1000, 64, 32}, // never scaled up
		{"lossy_orient6_gps.webp", 50, 33, 50}, {"lossless_sw.webp", 20, 15, 20},
		{"tumen.tif", 32, 32, 16}, {"goexif_samsung_n920t.jpg", 128, 128, 79},
	} {
		m, err := Thumbnail(readFixture(t, c.name), c.max)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if m.Bounds().Dx() != c.w || m.Bounds().Dy() != c.h {
			t.Errorf("%s at %d: %v, want %dx%d", c.name, c.max, m.Bounds(), c.w, c.h)
		}
	}
	for _, name := range []string{"synthetic_tumen.heic", "iphone11_trunc16k.heic", "exiftool_QuickTime.heic"} {
		if _, err := Thumbnail(readFixture(t, name), 64); !errors.Is(err, ErrCannotDecode) {
			t.Errorf("%s: %v, want ErrCannotDecode", name, err)
		}
	}
	if _, err := Thumbnail([]byte("%PDF-1.4"), 64); !errors.Is(err, ErrCannotDecode) {
		t.Errorf("pdf: %v", err)
	}
	if _, err := Thumbnail(readFixture(t, "tumen_ne.jpg"), 0); err == nil {
		t.Error("size 0 accepted")
	}
}

func TestThumbnailRefusesHugeHeader(t *testing.T) {
	// A PNG header claiming 50000×50000 pixels must be refused before anything is allocated.
	b := append([]byte{}, pngSig...)
	b = appendPNGChunk(b, "IHDR", []byte{0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 6, 0, 0, 0})
	b = appendPNGChunk(b, "IEND", nil)
	if _, err := Thumbnail(b, 64); err == nil {
		t.Error("huge PNG accepted")
	}
}

// corpusInput reads a `go test fuzz v1` file holding one []byte.
func corpusInput(t *testing.T, path string) []byte {
	raw := readFixture(t, path)
	_, s, _ := strings.Cut(string(raw), "\n")
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "[]byte("), ")")
	b, err := strconv.Unquote(s)
	must(t, err)
	return []byte(b)
}

// TestThumbnailHostileTIFFMemory: a 202-byte TIFF whose tag claims a 4 GB value made
// x/image/tiff allocate 4 GB; it is refused after our own bounded look at IFD0.
func TestThumbnailHostileTIFFMemory(t *testing.T) {
	b := corpusInput(t, "fuzz/FuzzThumbnail/tiff_value_claims_4GB")
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, err := Thumbnail(b, 16)
	runtime.ReadMemStats(&m1)
	if !errors.Is(err, ErrCannotDecode) {
		t.Errorf("error %v, want ErrCannotDecode", err)
	}
	if d := m1.TotalAlloc - m0.TotalAlloc; d > 1<<20 {
		t.Errorf("allocated %d bytes for a %d-byte file", d, len(b))
	}
}

// TestThumbnailWebPCanvasMismatch: a VP8X canvas that disagrees with its frame is refused
// (x/image/webp would size buffers from one and report the other).
func TestThumbnailWebPCanvasMismatch(t *testing.T) {
	b := append([]byte{}, readFixture(t, "lossy_orient6_gps.webp")...)
	if string(b[12:16]) != "VP8X" {
		t.Fatal("fixture has no VP8X first")
	}
	copy(b[24:30], []byte{0, 0, 0, 0, 0, 0}) // canvas 1×1
	if _, err := Thumbnail(b, 16); !errors.Is(err, ErrCannotDecode) {
		t.Errorf("error %v, want ErrCannotDecode", err)
	}
}
