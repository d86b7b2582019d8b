// Package mercator is the one Web Mercator (EPSG:3857) of Site Atlas, in
// unit-square coordinates: x runs east from the antimeridian and y south
// from MaxLat, both from 0 to 1, so a tile of zoom z is 1/2^z of the square
// and a pixel of a 256-pixel tile is 1/(256·2^z). The renderer stores sites
// in these coordinates; tile ids, tile layers and generated tiles use the
// same functions, so a site and its tile can never disagree by a rounding.
package mercator

import "math"

// MaxLat is the latitude where Web Mercator makes the world a square.
const MaxLat = 85.05112877980659

// ClampLat brings lat into [-MaxLat, MaxLat].
func ClampLat(lat float64) float64 { return math.Max(-MaxLat, math.Min(MaxLat, lat)) }

// X maps a longitude to [0, 1] (for longitudes in [-180, 180]).
func X(lon float64) float64 { return (lon + 180) / 360 }

// Y maps a latitude to [0, 1], clamping it to ±MaxLat first.
func Y(lat float64) float64 {
	s := math.Sin(ClampLat(lat) * math.Pi / 180)
	return 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
}

// Lon is the inverse of X.
func Lon(x float64) float64 { return x*360 - 180 }

// Lat is the inverse of Y.
func Lat(y float64) float64 { return 180 / math.Pi * math.Atan(math.Sinh(math.Pi*(1-2*y))) }
