// Package render draws the map: the embedded basemap, the sites (markers,
// clusters, labels), the selection, a scale bar and the attribution, into an
// *image.RGBA. It is pure Go and knows nothing of the UI toolkit, so the same
// code serves the window and the headless `siteatlas render`.
package render

import (
	"github.com/siteatlas/siteatlas/internal/mercator"
	"math"

	"github.com/paulmach/orb"
)

// MaxLat is the latitude where Web Mercator turns the world into a square.
const MaxLat = mercator.MaxLat

// Zoom limits of a Viewport.
const (
	MinZoom = 0.0
	MaxZoom = 20.0
)

// TileSize is the size in pixels of the world at zoom 0 and device scale 1.
const TileSize = 256

// Viewport is what the map shows: a centre, a fractional Web Mercator zoom
// and a size in device pixels. Scale is the device scale (2 on a HiDPI
// screen): the world is TileSize·2^Zoom·Scale pixels wide, so a HiDPI
// viewport of twice the pixels shows the same area with sharper detail.
//
// The world repeats horizontally: at low zoom a wide window shows several
// copies side by side, and panning across the antimeridian keeps going
// instead of hitting a wall (the researchers' region is far from it, but the
// Pacific is not). Vertically the world is clamped at ±MaxLat.
type Viewport struct {
	Center        orb.Point // lon, lat
	Zoom          float64
	Width, Height int
	Scale         float64 // device scale; 0 means 1
}

// NewViewport returns a normalised viewport.
func NewViewport(center orb.Point, zoom float64, width, height int) Viewport {
	v := Viewport{Center: center, Zoom: zoom, Width: width, Height: height, Scale: 1}
	v.normalize()
	return v
}

func (v Viewport) scale() float64 {
	if v.Scale <= 0 {
		return 1
	}
	return v.Scale
}

// WorldSize is the width (and height) of the whole world in pixels.
func (v Viewport) WorldSize() float64 {
	return TileSize * math.Exp2(v.Zoom) * v.scale()
}

// mercX and mercY map lon/lat to the unit square: x east from the
// antimeridian, y south from MaxLat. Sites are stored in these coordinates.
// They are internal/mercator's, the one Web Mercator.
func mercX(lon float64) float64 { return mercator.X(lon) }

func mercY(lat float64) float64 { return mercator.Y(lat) }

func unmercX(x float64) float64 { return mercator.Lon(x) }

func unmercY(y float64) float64 { return mercator.Lat(y) }

func clampLat(lat float64) float64 { return mercator.ClampLat(lat) }

// wrapLon brings a longitude into [-180, 180).
func wrapLon(lon float64) float64 {
	lon = math.Mod(lon+180, 360)
	if lon < 0 {
		lon += 360
	}
	return lon - 180
}

// centerMerc returns the centre in unit-square coordinates.
func (v Viewport) centerMerc() (float64, float64) {
	return mercX(v.Center[0]), mercY(v.Center[1])
}

// mercToPixel maps unit-square coordinates to pixels, with no wrapping.
func (v Viewport) mercToPixel(mx, my float64) (float64, float64) {
	cx, cy := v.centerMerc()
	ws := v.WorldSize()
	return (mx-cx)*ws + float64(v.Width)/2, (my-cy)*ws + float64(v.Height)/2
}

// ToPixel returns the pixel position of p. Of the world's horizontal copies
// it picks the one nearest the centre, so a point just across the
// antimeridian lands next to the centre rather than a world away.
func (v Viewport) ToPixel(p orb.Point) (x, y float64) {
	cx, _ := v.centerMerc()
	mx := mercX(p[0])
	dx := mx - cx
	dx -= math.Floor(dx + 0.5)
	return v.mercToPixel(cx+dx, mercY(p[1]))
}

// ToLonLat returns the lon/lat under pixel (x, y); the longitude is wrapped
// into [-180, 180) and the latitude clamped to ±MaxLat.
func (v Viewport) ToLonLat(x, y float64) orb.Point {
	mx, my := v.pixelToMerc(x, y)
	return orb.Point{wrapLon(unmercX(mx)), clampLat(unmercY(math.Max(0, math.Min(1, my))))}
}

func (v Viewport) pixelToMerc(x, y float64) (float64, float64) {
	cx, cy := v.centerMerc()
	ws := v.WorldSize()
	return cx + (x-float64(v.Width)/2)/ws, cy + (y-float64(v.Height)/2)/ws
}

// mercRect is the visible part of the unit square, unwrapped: x0 may be
// negative or x1 above 1 when the view crosses the antimeridian.
func (v Viewport) mercRect() (x0, y0, x1, y1 float64) {
	x0, y0 = v.pixelToMerc(0, 0)
	x1, y1 = v.pixelToMerc(float64(v.Width), float64(v.Height))
	return x0, math.Max(0, y0), x1, math.Min(1, y1)
}

// Bound returns the lon/lat extent of the view. When the view crosses the
// antimeridian the longitudes are not wrapped (Min[0] < -180 or Max[0] >
// 180), so the bound stays one rectangle; when the view is wider than the
// world they are clamped to ±180.
func (v Viewport) Bound() orb.Bound {
	x0, y0, x1, y1 := v.mercRect()
	if x1-x0 >= 1 {
		x0, x1 = 0, 1
	}
	return orb.Bound{
		Min: orb.Point{unmercX(x0), unmercY(y1)},
		Max: orb.Point{unmercX(x1), unmercY(y0)},
	}
}

// Pan moves the view by (dx, dy) pixels: the map content moves by
// (-dx, -dy), as when the camera moves right by dx.
func (v *Viewport) Pan(dx, dy float64) {
	cx, cy := v.centerMerc()
	ws := v.WorldSize()
	v.setCenterMerc(cx+dx/ws, cy+dy/ws)
}

// ZoomAround changes the zoom by delta keeping the point under pixel
// (px, py) where it is, as a mouse wheel zoom should.
func (v *Viewport) ZoomAround(px, py, delta float64) {
	mx, my := v.pixelToMerc(px, py)
	v.Zoom = math.Max(MinZoom, math.Min(MaxZoom, v.Zoom+delta))
	ws := v.WorldSize()
	v.setCenterMerc(mx-(px-float64(v.Width)/2)/ws, my-(py-float64(v.Height)/2)/ws)
}

// FitBound centres the view on b and picks the largest zoom at which b fits
// with padding pixels to spare on every side. A bound crossing the
// antimeridian is given as Min[0] > Max[0] or with Max[0] beyond 180.
func (v *Viewport) FitBound(b orb.Bound, padding float64) {
	x0, x1 := mercX(b.Min[0]), mercX(b.Max[0])
	if x1 < x0 {
		x1++
	}
	y0, y1 := mercY(b.Max[1]), mercY(b.Min[1])
	w := math.Max(1, float64(v.Width)-2*padding)
	h := math.Max(1, float64(v.Height)-2*padding)
	z := MaxZoom
	if dx := x1 - x0; dx > 0 {
		z = math.Min(z, math.Log2(w/(dx*TileSize*v.scale())))
	}
	if dy := y1 - y0; dy > 0 {
		z = math.Min(z, math.Log2(h/(dy*TileSize*v.scale())))
	}
	if z > 16 && (x1-x0 == 0 || y1-y0 == 0) {
		z = 16 // a single point: close enough to see its streets
	}
	v.Zoom = math.Max(MinZoom, math.Min(MaxZoom, z))
	v.setCenterMerc((x0+x1)/2, (y0+y1)/2)
}

// setCenterMerc sets the centre from unit-square coordinates and normalises.
func (v *Viewport) setCenterMerc(mx, my float64) {
	v.Center = orb.Point{unmercX(mx), unmercY(math.Max(0, math.Min(1, my)))}
	v.normalize()
}

// normalize wraps the centre longitude, clamps the zoom, and keeps the
// poles from scrolling into the middle of the window: when the world is
// taller than the window the view stays inside it, otherwise it is centred
// vertically.
func (v *Viewport) normalize() {
	v.Zoom = math.Max(MinZoom, math.Min(MaxZoom, v.Zoom))
	v.Center[0] = wrapLon(v.Center[0])
	ws := v.WorldSize()
	half := float64(v.Height) / 2 / ws
	my := mercY(v.Center[1])
	if half >= 0.5 {
		my = 0.5
	} else {
		my = math.Max(half, math.Min(1-half, my))
	}
	v.Center[1] = unmercY(my)
}

// MetersPerPixel is the ground resolution at the centre of the view.
func (v Viewport) MetersPerPixel() float64 {
	const earthCircumference = 2 * math.Pi * 6378137
	return earthCircumference * math.Cos(v.Center[1]*math.Pi/180) / v.WorldSize()
}
