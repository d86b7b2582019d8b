// Package basemap holds the offline world map embedded in the binary (Natural
// Earth, converted by cmd/nebuild into assets/basemap) and, later, tile sources.
// It does no drawing: internal/render draws what this package loads.
package basemap

import "github.com/paulmach/orb"

// Class says what a basemap feature is, and so how it is drawn.
type Class uint8

// The feature classes of the embedded world.
const (
	Ocean Class = iota
	Land
	Country        // a country polygon (fill by MapColor)
	Lake           // lake polygon
	River          // river or lake centre line
	Urban          // urban area polygon
	Border         // international land boundary line
	BorderDisputed // disputed boundary, line of control and the like
	Admin1Border   // first-level (province) boundary line
	Admin1         // first-level (province) polygon, for labels only
	Place          // populated place point with names
)

// Feature is one basemap feature in WGS84 lon/lat.
type Feature struct {
	Class    Class
	Geometry orb.Geometry
	Bound    orb.Bound
	MinZoom  float32 // Natural Earth's MIN_ZOOM: do not draw below this zoom
	Name     string  // Latin-script name
	NameZH   string  // Chinese name, "" when unknown
	NameKO   string  // Korean name, "" when unknown
	ISO      string  // ISO 3166-1 alpha-2 (countries: ISO_A2_EH; places: ISO_A2), ISO 3166-2 for Admin1; "" when unknown
	Rank     int     // label rank: lower is more important
	Pop      int     // population, for places
	Capital  bool    // national capital, for places
	MapColor uint8   // 1–7 colour index for countries, keeps neighbours apart
	// LabelAt is where the label goes: Natural Earth's label point for
	// countries and provinces, the point itself for places; zero when unset.
	LabelAt orb.Point
}

// Level is one level of detail: the features to draw between MinZoom and
// MaxZoom (Web Mercator zoom levels), sorted by class in drawing order.
type Level struct {
	Name     string // "110m", "50m", "10m"
	MinZoom  float64
	MaxZoom  float64
	Features []Feature
}

// World is the decoded embedded basemap.
type World struct {
	Levels []Level
}

// Level returns the level of detail to draw at zoom z.
func (w *World) Level(z float64) *Level {
	for i := range w.Levels {
		if z < w.Levels[i].MaxZoom {
			return &w.Levels[i]
		}
	}
	if len(w.Levels) == 0 {
		return &Level{}
	}
	return &w.Levels[len(w.Levels)-1]
}
