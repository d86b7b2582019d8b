package render

import (
	"image/color"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// The basemap palette: a light, muted style in which the sites, not the
// countries, carry the colour.
var (
	colOcean     = color.RGBA{0xaa, 0xd3, 0xdf, 0xff}
	colLand      = color.RGBA{0xf2, 0xef, 0xe9, 0xff}
	colLake      = colOcean
	colRiver     = color.RGBA{0x9c, 0xc9, 0xd8, 0xff}
	colUrban     = color.RGBA{0xe4, 0xdf, 0xd6, 0xff}
	colBorder    = color.RGBA{0x9a, 0x8b, 0xa3, 0xff}
	colAdmin1    = color.RGBA{0xb9, 0xae, 0xbd, 0xff}
	colPlaceDot  = color.RGBA{0x55, 0x55, 0x55, 0xff}
	colPlaceText = color.RGBA{0x33, 0x33, 0x33, 0xff}
	colCountry   = color.RGBA{0x7a, 0x6a, 0x80, 0xff}
	colHalo      = color.RGBA{0xe6, 0xe6, 0xe6, 0xe6} // white, premultiplied
	colSiteText  = color.RGBA{0x1f, 0x1f, 0x1f, 0xff}
	colSelect    = color.RGBA{0xff, 0xc1, 0x07, 0xff}
	colOverlay   = color.RGBA{0x44, 0x44, 0x44, 0xff}
)

// countryTints are Natural Earth's MAPCOLOR7 classes as barely different
// warm greys: enough to tell neighbours apart, never louder than a marker.
var countryTints = [8]color.RGBA{
	{0xf2, 0xef, 0xe9, 0xff}, // 0: unknown
	{0xf3, 0xef, 0xe6, 0xff},
	{0xee, 0xee, 0xe8, 0xff},
	{0xf4, 0xee, 0xea, 0xff},
	{0xef, 0xf0, 0xe6, 0xff},
	{0xf1, 0xed, 0xee, 0xff},
	{0xec, 0xef, 0xea, 0xff},
	{0xf5, 0xf1, 0xe4, 0xff},
}

// categoryColors is the marker palette by built-in category: Okabe–Ito and
// Tol colours that stay distinct for the common colour-vision deficiencies.
var categoryColors = map[string]color.RGBA{
	"factory":            {0xd5, 0x5e, 0x00, 0xff}, // vermilion
	"industrial_complex": {0x88, 0x22, 0x55, 0xff}, // wine
	"restaurant":         {0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	"construction":       {0xe6, 0x9f, 0x00, 0xff}, // orange
	"mine":               {0x44, 0x44, 0x44, 0xff}, // charcoal
	"fishery":            {0x00, 0x72, 0xb2, 0xff}, // blue
	"logging":            {0x11, 0x77, 0x33, 0xff}, // green
	"farm":               {0x99, 0x99, 0x33, 0xff}, // olive
	"dormitory":          {0x33, 0x22, 0x88, 0xff}, // indigo
	"other":              {0x66, 0x66, 0x66, 0xff}, // grey
}

// extraColors colour user-defined categories, by their code.
var extraColors = []color.RGBA{
	{0x44, 0xaa, 0x99, 0xff}, {0xaa, 0x44, 0x99, 0xff}, {0x88, 0xcc, 0xee, 0xff},
	{0x99, 0x77, 0x00, 0xff}, {0x00, 0x99, 0x88, 0xff}, {0xee, 0x33, 0x77, 0xff},
}

var (
	colClosed    = color.RGBA{0x8c, 0x8c, 0x8c, 0xff}
	colUnknown   = color.RGBA{0xa0, 0xa0, 0xa0, 0xff}
	colCluster   = color.RGBA{0x2b, 0x4c, 0x7e, 0xff}
	colClusterBg = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// CategoryColor returns the marker colour of a category, for the legend.
func CategoryColor(category string) color.RGBA {
	if c, ok := categoryColors[category]; ok {
		return c
	}
	h := uint32(2166136261)
	for i := 0; i < len(category); i++ {
		h = (h ^ uint32(category[i])) * 16777619
	}
	return extraColors[h%uint32(len(extraColors))]
}

// featureStyle says how a basemap class is drawn.
type featureStyle struct {
	stroke color.RGBA
	width  float64 // stroke width in pixels at scale 1
	dash   float64 // dash length, 0 for solid
}

// lineStyle returns the stroke of a line class at zoom z: lines thicken as
// the map zooms in, as on any web map.
func lineStyle(c basemap.Class, z float64) featureStyle {
	grow := func(w0, w1 float64) float64 { // w0 at zoom 2, w1 at zoom 10
		t := min(1, max(0, (z-2)/8))
		return w0 + (w1-w0)*t
	}
	switch c {
	case basemap.River:
		return featureStyle{stroke: colRiver, width: grow(0.6, 2.4)}
	case basemap.Border:
		return featureStyle{stroke: fade(colBorder, 0.85), width: grow(0.7, 1.3)}
	case basemap.BorderDisputed:
		return featureStyle{stroke: colBorder, width: grow(0.7, 1.4), dash: 4}
	case basemap.Admin1Border:
		return featureStyle{stroke: colAdmin1, width: grow(0.4, 1.0), dash: 0}
	}
	return featureStyle{stroke: colBorder, width: 1}
}
