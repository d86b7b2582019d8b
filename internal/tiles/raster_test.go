package tiles

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// TestDecodeRasterFormats decodes the image kinds tile files hold into
// premultiplied RGBA: JPEG (YCbCr), paletted and grey PNG, PNG with alpha.
func TestDecodeRasterFormats(t *testing.T) {
	var jb, pb, gb, ab bytes.Buffer
	rgb := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range rgb.Pix {
		rgb.Pix[i] = 200
	}
	jpeg.Encode(&jb, rgb, &jpeg.Options{Quality: 90})
	pal := image.NewPaletted(image.Rect(0, 0, 256, 256), color.Palette{color.RGBA{10, 20, 30, 255}, color.RGBA{0, 0, 0, 0}})
	png.Encode(&pb, pal)
	png.Encode(&gb, image.NewGray(image.Rect(0, 0, 256, 256)))
	nrgba := image.NewNRGBA(image.Rect(0, 0, 256, 256))
	for i := 0; i < len(nrgba.Pix); i += 4 {
		nrgba.Pix[i], nrgba.Pix[i+3] = 255, 128 // half-transparent red
	}
	png.Encode(&ab, nrgba)
	for _, c := range []struct {
		name string
		b    []byte
		want color.RGBA
	}{
		{"jpeg", jb.Bytes(), color.RGBA{200, 200, 200, 255}},
		{"paletted", pb.Bytes(), color.RGBA{10, 20, 30, 255}},
		{"gray", gb.Bytes(), color.RGBA{0, 0, 0, 255}},
		{"alpha", ab.Bytes(), color.RGBA{128, 0, 0, 128}},
	} {
		img, err := decodeRaster(c.b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := img.RGBAAt(100, 100)
		if d := int(got.R) - int(c.want.R); d > 2 || d < -2 || got.A != c.want.A {
			t.Errorf("%s: pixel %v; want %v", c.name, got, c.want)
		}
	}
	if _, err := decodeRaster([]byte("RIFF\\x00\\x00\\x00\\x00WEBPVP8 ")); err == nil {
		t.Error("broken WebP decoded")
	}
	huge := image.NewGray(image.Rect(0, 0, 4096, 1))
	var hb bytes.Buffer
	png.Encode(&hb, huge)
	if _, err := decodeRaster(hb.Bytes()); err == nil {
		t.Error("a 4096-pixel-wide tile was accepted")
	}
}

// TestScaleBilinear: a uniform tile scaled by any factor stays uniform,
// and a 2x enlargement keeps the corners' colours.
func TestScaleBilinear(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(x * 60), uint8(y * 60), 50, 255})
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, 8, 8))
	scaleBilinear(dst, dst.Rect, src, src.Rect)
	if c := dst.RGBAAt(0, 0); c != (color.RGBA{0, 0, 50, 255}) {
		t.Errorf("top-left %v", c)
	}
	if c := dst.RGBAAt(7, 7); c != (color.RGBA{180, 180, 50, 255}) {
		t.Errorf("bottom-right %v", c)
	}
	if c := dst.RGBAAt(3, 0); c.R <= 60 || c.R >= 120 {
		t.Errorf("(3,0) = %v; want between the 2nd and 3rd columns", c)
	}
	// Clipped: only the visible part is written.
	part := image.NewRGBA(image.Rect(0, 0, 8, 8))
	scaleBilinear(part, image.Rect(-4, -4, 4, 4), src, src.Rect)
	if c := part.RGBAAt(0, 0); c != dst.RGBAAt(4, 4) {
		t.Errorf("clipped %v; want %v", c, dst.RGBAAt(4, 4))
	}
}
