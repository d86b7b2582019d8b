package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x08"))
	f.Add([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x0cmeta\x00\x00\x00\x00"))
}

func FuzzRead(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := Read(b, "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		if p := in.Position; p != nil {
			if p.Lat() < -90 || p.Lat() > 90 || p.Lon() < -180 || p.Lon() > 180 || (p.Lat() == 0 && p.Lon() == 0) {
				t.Fatalf("position %v", *p)
			}
		}
		if in.Orientation < 1 || in.Orientation > 8 {
			t.Fatalf("orientation %d", in.Orientation)
		}
	})
}

func FuzzStrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Strip(b)
		if err != nil {
			return
		}
		before, after := readMeta(b, ""), readMeta(out, "")
		if after.Position != nil || after.TakenAt != nil || after.Make != "" || after.Model != "" {
			t.Fatalf("metadata left: %+v", after)
		}
		if after.Orientation != before.Orientation {
			t.Fatalf("orientation %d, was %d", after.Orientation, before.Orientation)
		}
		again, err := Strip(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %v", err)
		}
		// An image that decodes must decode to the same pixels after Strip.
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width*cfg.Height > 1<<16 {
			return
		}
		m1, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		m2, _, err := image.Decode(bytes.NewReader(out))
		if err != nil || !samePixels(m1, m2) {
			t.Fatalf("pixels changed or no longer decode: %v", err)
		}
	})
}

func FuzzThumbnail(f *testing.F) {
	addSeeds(f)
	old := maxDecodePixels
	maxDecodePixels = 1 << 18 // keep each decode small so the fuzzer explores structure
	defer func() { maxDecodePixels = old }()
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Thumbnail(b, 16)
		if err != nil {
			return
		}
		if r := m.Bounds(); r.Dx() < 1 || r.Dy() < 1 || r.Dx() > 16 || r.Dy() > 16 {
			t.Fatalf("bounds %v", r)
		}
	})
}

// bigJPEG is a ≥5 MB JPEG of noise with the EXIF of tumen_ne.jpg.
func bigJPEG(tb testing.TB) []byte {
	tb.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 2000, 1400))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range m.Pix {
		m.Pix[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	must(tb, jpeg.Encode(&buf, m, &jpeg.Options{Quality: 100}))
	exif, _, _, err := jpegMeta(readFixture(tb, "tumen_ne.jpg"))
	must(tb, err)
	seg := append(append([]byte{}, exifPrefix...), exif...)
	out := []byte{0xFF, 0xD8, 0xFF, mAPP1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(append(out, seg...), buf.Bytes()[2:]...)
	if len(out) < 5<<20 {
		tb.Fatalf("only %d bytes", len(out))
	}
	return out
}

// BenchmarkRead5MB: Read hashes the file and walks its headers; it never decodes pixels, so
// the bytes allocated per call stay a few KB whatever the file size (see B/op).
func BenchmarkRead5MB(b *testing.B) {
	data := bigJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		in, _ := Read(data, "big.jpg")
		if in.Position == nil {
			b.Fatal("no position")
		}
	}
}

// TestReadMemoryFlat: reading a 5 MB JPEG allocates under 64 KB (no pixel decoding).
func TestReadMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 5 MB JPEG")
	}
	data := bigJPEG(t)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	in, _ := Read(data, "big.jpg")
	runtime.ReadMemStats(&m1)
	if d := m1.TotalAlloc - m0.TotalAlloc; d > 64<<10 {
		t.Errorf("Read of %d bytes allocated %d bytes", len(data), d)
	}
	if in.Position == nil || in.Width != 2000 {
		t.Errorf("%+v", in)
	}
}
