package tiles

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func streetTile(tb testing.TB) []byte {
	d := sharedTiles(tb)
	b, err := os.ReadFile(filepath.Join(d, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		tb.Fatal(err)
	}
	b, err = gunzipIf(b)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkDecodeVector: MVT bytes to a drawable tile (orb's decoder,
// classification by the built-in style), bytes of uncompressed MVT.
func BenchmarkDecodeVector(b *testing.B) {
	raw := streetTile(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := decodeVector(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeRaster: a 256-pixel PNG tile to RGBA.
func BenchmarkDecodeRaster(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*7 + i/1024)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := decodeRaster(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}
