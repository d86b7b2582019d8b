package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for Thumbnail
	_ "image/jpeg"
	_ "image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// ErrCannotDecode is wrapped by Thumbnail for images no pure-Go decoder here reads (HEIC,
// HEIF, AVIF) and for files that are not images: the caller shows a plain icon instead.
var ErrCannotDecode = errors.New("cannot decode this kind of image")

// maxDecodePixels bounds the image Thumbnail will decode (stored size, all frames' canvas):
// 100 megapixels, more than any phone's default, and a header claiming more is refused before
// a decoder allocates for it (a 40-byte PNG can claim 4 billion pixels). Tests lower it.
var maxDecodePixels = 100_000_000

// Thumbnail decodes data and returns it scaled down to fit maxPx×maxPx (never scaled up),
// drawn upright according to its EXIF orientation.
func Thumbnail(data []byte, maxPx int) (image.Image, error) {
	if maxPx < 1 {
		return nil, fmt.Errorf("thumbnail: size %d is not positive", maxPx)
	}
	in := readMeta(data, "")
	switch in.Kind {
	case KindJPEG, KindPNG, KindGIF, KindWebP, KindTIFF:
	case KindHEIC, KindHEIF, KindAVIF:
		return nil, fmt.Errorf("thumbnail: %w: %s needs a HEVC/AV1 decoder, none is pure Go", ErrCannotDecode, in.Kind)
	default:
		return nil, fmt.Errorf("thumbnail: %w: %s is not an image", ErrCannotDecode, in.Kind)
	}
	if in.Kind == KindTIFF {
		// x/image/tiff (v0.24.0) allocates each IFD value before reading it, so a 202-byte file
		// whose tag claims a value of 2^32 bytes makes it allocate 4 GB (found by FuzzThumbnail,
		// testdata/fuzz/FuzzThumbnail/tiff_value_claims_4GB). Check IFD0 with our bounded reader first.
		if d, err := parseTIFF(data); err != nil || d.badIFD0 {
			return nil, fmt.Errorf("thumbnail: %w: TIFF IFD0 is malformed (%v)", ErrCannotDecode, firstProblem(d, err))
		}
	}
	if in.Kind == KindWebP {
		if err := webpFrameMatchesCanvas(data); err != nil {
			return nil, fmt.Errorf("thumbnail: %w: %v", ErrCannotDecode, err)
		}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: reading the %s header: %w", in.Kind, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(maxDecodePixels) {
		return nil, fmt.Errorf("thumbnail: %s image of %d×%d pixels is larger than the %d-pixel limit",
			format, cfg.Width, cfg.Height, maxDecodePixels)
	}
	dst, err := decodeScaled(data, format, maxPx)
	if err != nil {
		return nil, err
	}
	return orient(dst, in.Orientation), nil
}

// decodeScaled decodes and scales inside a recover guard: the bounds checks are the decoders'
// (standard library and x/image), and x/image/webp v0.24.0 returns an NYCbCrA whose planes are
// shorter than its bounds for some broken files (testdata/fuzz/FuzzThumbnail), which panics
// in draw. A panic there becomes an error about that file, never a crash of the app.
func decodeScaled(data []byte, format string, maxPx int) (dst *image.RGBA, err error) {
	defer func() {
		if e := recover(); e != nil {
			dst, err = nil, fmt.Errorf("thumbnail: the %s decoder failed on malformed data: %v", format, e)
		}
	}()
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: decoding the %s image: %w", format, err)
	}
	b := src.Bounds()
	w, h := fit(b.Dx(), b.Dy(), maxPx)
	dst = image.NewRGBA(image.Rect(0, 0, w, h))
	scaler := draw.Scaler(draw.CatmullRom)
	if w == b.Dx() && h == b.Dy() {
		scaler = draw.NearestNeighbor // same size: a plain copy, pixels exact
	}
	scaler.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst, nil
}

// fit scales w×h down to fit in max×max keeping the aspect ratio, at least 1 pixel a side.
func fit(w, h, limit int) (int, int) {
	if w <= limit && h <= limit {
		return w, h
	}
	if w >= h {
		return limit, max(1, int((int64(h)*int64(limit)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(limit)+int64(h)/2)/int64(h))), limit
}

// orient returns src drawn upright for an EXIF orientation (1..8). For the stored image with
// columns x in [0,W) and rows y in [0,H), the upright pixel (x, y) comes from:
//
//	1 (x, y)  2 (W-1-x, y)  3 (W-1-x, H-1-y)  4 (x, H-1-y)
//	5 (y, x)  6 (y, H-1-x)  7 (W-1-y, H-1-x)  8 (W-1-y, x)
//
// where 5..8 swap width and height (6 is "rotate 90° clockwise to view", 8 counter-clockwise).
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	W, H := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = W-1-x, y
			case 3:
				sx, sy = W-1-x, H-1-y
			case 4:
				sx, sy = x, H-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, H-1-x
			case 7:
				sx, sy = W-1-y, H-1-x
			case 8:
				sx, sy = W-1-y, x
			}
			si, di := src.PixOffset(sx, sy), dst.PixOffset(x, y)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

func firstProblem(d *exifData, err error) string {
	if err != nil {
		return err.Error()
	}
	if d != nil && len(d.problems) > 0 {
		return d.problems[0]
	}
	return "unknown"
}

// webpFrameMatchesCanvas checks that the VP8/VP8L frame is the size the VP8X canvas says.
// x/image/webp sizes its buffers from the frame but DecodeConfig reports the canvas, so a file
// claiming a 1×1 canvas around a 16383×16383 frame would get past the pixel limit, and a
// mismatch with the ALPH plane makes the decoder return an image that panics when drawn.
func webpFrameMatchesCanvas(b []byte) error {
	var cw, ch, fw, fh int
	_ = webpChunks(b, func(c riffChunk) bool {
		switch c.id {
		case "VP8X":
			cw, ch, _ = webpSize(c.id, c.data)
		case "VP8 ", "VP8L":
			fw, fh, _ = webpSize(c.id, c.data)
			return false
		}
		return true
	})
	if cw != 0 && fw != 0 && (cw != fw || ch != fh) {
		return fmt.Errorf("WebP frame is %d×%d but its canvas is %d×%d", fw, fh, cw, ch)
	}
	return nil
}
