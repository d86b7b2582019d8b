package render

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// RenderPNG draws the map of view v and writes it to w as a PNG: the
// headless `siteatlas render`.
func RenderPNG(w io.Writer, m *Map, v Viewport, opts DrawOptions) error {
	if v.Width <= 0 || v.Height <= 0 {
		return fmt.Errorf("render: image size %d×%d is empty", v.Width, v.Height)
	}
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	m.Draw(img, v, opts)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("render: write PNG: %w", err)
	}
	return nil
}

// ParseSize parses "WIDTHxHEIGHT", e.g. "1280x800".
func ParseSize(s string) (width, height int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if ok {
		width, err = strconv.Atoi(ws)
		if err == nil {
			height, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil || width <= 0 || height <= 0 || width > 16384 || height > 16384 {
		return 0, 0, fmt.Errorf("size %q: want WIDTHxHEIGHT in pixels, e.g. 1280x800", s)
	}
	return width, height, nil
}

// ParseBBox parses "W,S,E,N" in degrees. W may be greater than E for a
// box across the antimeridian.
func ParseBBox(s string) (orb.Bound, error) {
	v, err := parseFloats(s, 4)
	if err != nil || v[1] >= v[3] || v[1] < -90 || v[3] > 90 || v[0] < -180 || v[2] > 180 || v[0] == v[2] {
		return orb.Bound{}, fmt.Errorf("bbox %q: want W,S,E,N in degrees, south below north, e.g. 129.5,42.7,130.6,43.1", s)
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// ParseCenter parses "LON,LAT" in degrees.
func ParseCenter(s string) (orb.Point, error) {
	v, err := parseFloats(s, 2)
	if err != nil || v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90 {
		return orb.Point{}, fmt.Errorf("center %q: want LON,LAT in degrees, e.g. 129.84,42.97", s)
	}
	return orb.Point{v[0], v[1]}, nil
}

func parseFloats(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers", n)
	}
	out := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// ViewportForBBox returns the view of the given size that fits b.
func ViewportForBBox(b orb.Bound, width, height int) Viewport {
	v := NewViewport(orb.Point{}, 0, width, height)
	v.FitBound(b, 0)
	return v
}

// ViewportForCenter returns the view of the given size centred on c at
// zoom z.
func ViewportForCenter(c orb.Point, z float64, width, height int) Viewport {
	return NewViewport(c, z, width, height)
}
