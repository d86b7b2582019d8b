package tiles

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // JPEG tiles
	_ "image/png"  // PNG tiles

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // WebP tiles
)

// maxRasterSide bounds a raster tile's decoded size.
const maxRasterSide = 2048

// decodeRaster decodes a PNG, JPEG or WebP tile into premultiplied RGBA.
func decodeRaster(data []byte) (*image.RGBA, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("raster tile: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxRasterSide || cfg.Height > maxRasterSide {
		return nil, fmt.Errorf("raster tile: %d×%d pixels", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("raster tile: %w", err)
	}
	if rgba, ok := img.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) {
		return rgba, nil
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out, nil
}

// drawRaster draws the part sr of src into the rectangle dr of dst,
// scaling as needed.
func drawRaster(dst *image.RGBA, dr image.Rectangle, src *image.RGBA, sr image.Rectangle) {
	if dr.Dx() == sr.Dx() && dr.Dy() == sr.Dy() {
		draw.Draw(dst, dr, src, sr.Min, draw.Src)
		return
	}
	xdraw.ApproxBiLinear.Scale(dst, dr, src, sr, xdraw.Src, nil)
}
