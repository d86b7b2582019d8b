// Package basemap holds the offline world map embedded in the binary (Natural
// Earth, converted by cmd/nebuild into assets/basemap) and, later, tile sources.
// It does no drawing: internal/render draws what this package loads.
//
// Load gives three levels of detail, chosen by World.Level:
//
//	110m  zoom  0–3  world view: ocean, land, countries, lakes, rivers, borders,
//	                 US state lines, 243 places
//	50m   zoom  3–6  region view: as 110m plus urban areas, admin-1 lines
//	                 (USA, CAN, BRA, AUS, CHN, RUS, IND, IDN, ZAF) and
//	                 province label points, 1,251 places
//	10m   zoom 6+    detail: 10m land, countries and rivers inside East Asia
//	                 (70–155°E, 10–60°N), 50m outside, joined in one geometry
//	                 per country so there is no seam at the box edge; 10m
//	                 lakes and borders worldwide; 7,343 places plus Hunchun,
//	                 Longjing, Antu and Rason, which Natural Earth lacks
//
// Drawing notes for the renderer:
//   - The 10m level has no Ocean features: paint the background in the ocean
//     colour first (on every level; the 110m and 50m oceans then match it).
//   - Fill each polygon feature as one path with the non-zero rule: country
//     and land MultiPolygons are cut along the East Asia box edge, and
//     filling their parts separately would show anti-aliasing hairlines.
//   - Some features are large (the 10m level's joined Eurasian land has 50,000
//     points, the 50m ocean 60,000): clip to the viewport when zoomed in.
//   - Features are sorted by Class; within a class the most important come
//     first (lowest MinZoom, then Rank, then largest Pop), so labels placed
//     greedily in slice order keep the right ones.
//   - Admin1 features are label points only (the province polygons would
//     only repeat the Admin1Border lines).
//   - Names are NE's (CJK names come from Wikidata via NE), with short map
//     forms for a few countries (中国, 朝鲜/북한, 韩国/한국, 台湾/대만),
//     Korean names added for Yanbian and fixes of known upstream errors.
//     Draw them with assets.LabelFont, falling back to assets.LabelFontLatin
//     for runes it lacks (Ł, ş, Vietnamese letters).
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
	MinZoom  float32 // Natural Earth's MIN_ZOOM (0.1 steps): do not draw below this zoom
	Name     string  // Latin-script name
	NameZH   string  // Chinese name, "" when unknown
	NameKO   string  // Korean name, "" when unknown
	ISO      string  // ISO 3166-1 alpha-2 (countries: ISO_A2_EH; places: ISO_A2), ISO 3166-2 for Admin1; "" when unknown
	Rank     int     // lower is more important: LABELRANK for countries and provinces, SCALERANK otherwise
	Pop      int     // population (POP_MAX), for places
	Capital  bool    // national capital, for places
	MapColor uint8   // 1–7 colour index for countries, keeps neighbours apart
	// LabelAt is where the label goes: Natural Earth's label point for
	// countries and provinces, the point itself for places; zero when unset.
	LabelAt orb.Point
}

// Level is one level of detail: the features to draw between MinZoom and
// MaxZoom (Web Mercator zoom levels), sorted by class in drawing order (see
// the package doc for the order within a class).
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
