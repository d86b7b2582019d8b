package tiles

import (
	"image/color"
	"math"
	"strings"
)

// The built-in vector style: one palette for the OpenMapTiles schema, the
// Protomaps basemap layers and Mapbox Streets-like tiles, matching the
// renderer's light, muted basemap so that sites carry the colour.

// rule is a drawing rule; the order of the constants is the drawing order.
type rule uint8

const (
	rNone rule = iota
	// Areas.
	rEarth
	rFarmland
	rGrass
	rWood
	rSand
	rIce
	rWetland
	rResidential
	rIndustrial
	rCommercial
	rInstitution
	rCemetery
	rWater
	rBuilding
	// Lines.
	rRiver
	rStream
	rPath
	rService
	rMinor
	rTertiary
	rSecondary
	rPrimary
	rTrunk
	rMotorway
	rRail
	rBoundaryRegion
	rBoundaryCountry
	rBoundaryDisputed
	nRules
)

// ruleStyle says how a rule is drawn.
type ruleStyle struct {
	fill    color.RGBA // areas
	line    color.RGBA // lines (and the outline of buildings)
	casing  color.RGBA // drawn first, wider
	w14     float64    // line width in pixels at display zoom 14
	growth  float64    // width factor per zoom level
	minW    float64
	minZoom float64 // display zoom from which the rule is drawn
	dash    float64 // dash and gap length in pixels, 0 for solid
	area    bool
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xff} }

// Water and land colours are those of the embedded basemap.
var (
	colWater = rgb(0xaa, 0xd3, 0xdf)
	colLand  = rgb(0xf2, 0xef, 0xe9)
)

var styles = [nRules]ruleStyle{
	rEarth:            {fill: colLand, area: true},
	rFarmland:         {fill: rgb(0xee, 0xf0, 0xd5), area: true, minZoom: 9},
	rGrass:            {fill: rgb(0xd8, 0xe8, 0xc8), area: true, minZoom: 8},
	rWood:             {fill: rgb(0xc8, 0xdc, 0xb4), area: true, minZoom: 7},
	rSand:             {fill: rgb(0xf2, 0xe8, 0xc8), area: true, minZoom: 8},
	rIce:              {fill: rgb(0xfa, 0xfc, 0xff), area: true},
	rWetland:          {fill: rgb(0xd6, 0xe6, 0xda), area: true, minZoom: 9},
	rResidential:      {fill: rgb(0xe6, 0xe1, 0xd9), area: true},
	rIndustrial:       {fill: rgb(0xeb, 0xdb, 0xe8), area: true, minZoom: 10},
	rCommercial:       {fill: rgb(0xf2, 0xda, 0xd9), area: true, minZoom: 11},
	rInstitution:      {fill: rgb(0xf0, 0xe8, 0xdc), area: true, minZoom: 12},
	rCemetery:         {fill: rgb(0xd1, 0xdf, 0xc8), area: true, minZoom: 12},
	rWater:            {fill: colWater, area: true},
	rBuilding:         {fill: rgb(0xd9, 0xd0, 0xc9), line: rgb(0xc4, 0xb6, 0xab), area: true, minZoom: 13.5, w14: 0.6, growth: 1, minW: 0.5},
	rRiver:            {line: rgb(0x9c, 0xc9, 0xd8), w14: 5, growth: 1.22, minW: 1.5},
	rStream:           {line: colWater, w14: 1.2, growth: 1.3, minW: 0.5, minZoom: 12},
	rPath:             {line: rgb(0xa8, 0x96, 0x88), w14: 1, growth: 1.2, minW: 0.5, minZoom: 14, dash: 3},
	rService:          {line: rgb(0xff, 0xff, 0xff), casing: rgb(0xcf, 0xc8, 0xbe), w14: 2, growth: 1.45, minW: 0.5, minZoom: 13.5},
	rMinor:            {line: rgb(0xff, 0xff, 0xff), casing: rgb(0xcf, 0xc8, 0xbe), w14: 3.5, growth: 1.45, minW: 0.5, minZoom: 12},
	rTertiary:         {line: rgb(0xff, 0xff, 0xff), casing: rgb(0xc6, 0xbe, 0xb2), w14: 5, growth: 1.4, minW: 0.6, minZoom: 10},
	rSecondary:        {line: rgb(0xfd, 0xf4, 0xcf), casing: rgb(0xc9, 0xbb, 0x94), w14: 6, growth: 1.35, minW: 0.6, minZoom: 8},
	rPrimary:          {line: rgb(0xfc, 0xe4, 0xb0), casing: rgb(0xd0, 0xb0, 0x7c), w14: 7, growth: 1.3, minW: 0.7, minZoom: 7},
	rTrunk:            {line: rgb(0xf9, 0xd2, 0x9c), casing: rgb(0xd2, 0xa2, 0x68), w14: 8, growth: 1.3, minW: 0.8, minZoom: 5},
	rMotorway:         {line: rgb(0xf5, 0xb9, 0x80), casing: rgb(0xcf, 0x8a, 0x55), w14: 8.5, growth: 1.3, minW: 0.8, minZoom: 4},
	rRail:             {line: rgb(0x9a, 0x96, 0x96), w14: 1.4, growth: 1.2, minW: 0.6, minZoom: 9},
	rBoundaryRegion:   {line: rgb(0xb9, 0xae, 0xbd), w14: 1.4, growth: 1.1, minW: 0.6, minZoom: 3.5, dash: 5},
	rBoundaryCountry:  {line: rgb(0x9a, 0x8b, 0xa3), casing: color.RGBA{0x9a / 4, 0x8b / 4, 0xa3 / 4, 0x40}, w14: 1.4, growth: 1.08, minW: 0.8},
	rBoundaryDisputed: {line: rgb(0x9a, 0x8b, 0xa3), w14: 1.8, growth: 1.1, minW: 0.8, dash: 5},
}

// width is the line width of a rule at display zoom z, in pixels at
// device scale 1.
func (s *ruleStyle) width(z float64) float64 {
	g := s.growth
	if g == 0 {
		g = 1
	}
	w := s.w14 * math.Pow(g, z-14)
	return max(s.minW, min(w, s.w14*6))
}

// labelClass orders labels: lower classes are placed first.
type labelClass uint8

const (
	lCountry labelClass = iota
	lRegion
	lCity
	lTown
	lVillage
	lSuburb
	lWater
	lPoint
	lRiver
	lRoad
)

type labelStyle struct {
	size    float64
	col     color.RGBA
	upper   bool
	minZoom float64 // display zoom
	maxZoom float64 // display zoom; 0 for none
}

var labelStyles = map[labelClass]labelStyle{
	lCountry: {size: 12, col: rgb(0x6a, 0x5a, 0x70), upper: true, maxZoom: 8},
	lRegion:  {size: 11, col: rgb(0x8a, 0x7a, 0x90), minZoom: 5, maxZoom: 10},
	lCity:    {size: 13, col: rgb(0x33, 0x33, 0x33)},
	lTown:    {size: 12, col: rgb(0x3a, 0x3a, 0x3a), minZoom: 8},
	lVillage: {size: 11, col: rgb(0x44, 0x44, 0x44), minZoom: 11},
	lSuburb:  {size: 10.5, col: rgb(0x66, 0x5e, 0x58), minZoom: 12},
	lWater:   {size: 11, col: rgb(0x3a, 0x6f, 0x8f), minZoom: 6},
	lPoint:   {size: 11, col: rgb(0x33, 0x33, 0x33)},
	lRiver:   {size: 10, col: rgb(0x3a, 0x6f, 0x8f), minZoom: 11},
	lRoad:    {size: 10, col: rgb(0x44, 0x44, 0x44), minZoom: 14},
}

// props is a feature's properties.
type props map[string]any

func (p props) str(k string) string {
	switch v := p[k].(type) {
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	case float64:
		return ftoa(v)
	case int64, uint64, int, float32:
		return anyNum(v)
	}
	return ""
}

func (p props) num(k string) (float64, bool) {
	switch v := p[k].(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case int:
		return float64(v), true
	}
	return 0, false
}

// areaRule classifies a polygon feature of layer by its class or kind.
func areaRule(layer string, p props) rule {
	class := p.str("class")
	if class == "" {
		class = p.str("kind")
	}
	sub := p.str("subclass")
	switch layer {
	case "earth":
		return rEarth
	case "water", "ocean":
		return rWater
	case "building", "buildings":
		return rBuilding
	case "park":
		return rGrass
	case "landcover", "landuse", "natural", "landuse_overlay":
		if r := landRule(class); r != rNone {
			return r
		}
		return landRule(sub)
	}
	return rNone
}

func landRule(class string) rule {
	switch class {
	case "farmland", "farm", "farmyard", "orchard", "vineyard", "allotments", "meadow":
		return rFarmland
	case "grass", "park", "national_park", "nature_reserve", "protected_area", "garden", "pitch", "playground",
		"recreation_ground", "golf_course", "grassland", "scrub", "heath", "village_green", "zoo", "stadium":
		return rGrass
	case "wood", "forest", "tree", "wood_land":
		return rWood
	case "sand", "beach", "bare_rock", "rock", "scree", "desert", "quarry":
		return rSand
	case "ice", "glacier":
		return rIce
	case "wetland", "marsh", "swamp", "bog", "mud":
		return rWetland
	case "residential", "neighbourhood", "suburb", "urban_area", "built_up", "village", "quarter":
		return rResidential
	case "industrial", "railway", "brownfield", "landfill", "works", "port", "harbour", "military", "construction":
		return rIndustrial
	case "commercial", "retail":
		return rCommercial
	case "hospital", "school", "university", "college", "kindergarten", "education", "aerodrome", "airport":
		return rInstitution
	case "cemetery", "grave_yard":
		return rCemetery
	}
	return rNone
}

// lineRule classifies a line feature.
func lineRule(layer string, p props) rule {
	class := p.str("class")
	kind := p.str("kind")
	switch layer {
	case "waterway", "water":
		switch class + kind {
		case "stream", "ditch", "drain", "brook":
			return rStream
		}
		return rRiver
	case "boundary", "boundaries", "admin":
		if p.str("maritime") == "1" || p.str("maritime") == "true" {
			return rNone
		}
		lvl, ok := p.num("admin_level")
		if !ok {
			if v, ok2 := p.num("kind_detail"); ok2 {
				lvl, ok = v, true
			}
		}
		if !ok {
			switch {
			case kind == "country" || kind == "disputed":
				lvl = 2
			case kind == "region":
				lvl = 4
			default:
				lvl = 4
			}
		}
		if p.str("kind_detail") == "2" {
			lvl = 2
		}
		if lvl > 4 {
			return rNone
		}
		disp := p.str("disputed")
		if disp == "1" || disp == "true" || kind == "disputed" {
			return rBoundaryDisputed
		}
		if lvl <= 2 {
			return rBoundaryCountry
		}
		return rBoundaryRegion
	case "transportation", "road", "roads", "transit", "railway":
		return roadRule(class, kind, p.str("kind_detail"))
	}
	return rNone
}

func roadRule(class, kind, detail string) rule {
	c := strings.TrimSuffix(strings.TrimSuffix(class, "_construction"), "_link")
	switch kind {
	case "highway":
		return rMotorway
	case "major_road":
		switch detail {
		case "trunk", "trunk_link":
			return rTrunk
		case "secondary", "secondary_link":
			return rSecondary
		}
		return rPrimary
	case "medium_road":
		return rTertiary
	case "minor_road":
		if detail == "service" {
			return rService
		}
		return rMinor
	case "path":
		return rPath
	case "rail":
		return rRail
	case "other":
		return rService
	}
	switch c {
	case "motorway":
		return rMotorway
	case "trunk":
		return rTrunk
	case "primary":
		return rPrimary
	case "secondary":
		return rSecondary
	case "tertiary":
		return rTertiary
	case "minor", "street", "street_limited", "residential", "unclassified", "living_street", "road":
		return rMinor
	case "service", "track", "busway", "raceway":
		return rService
	case "path", "pedestrian", "footway", "cycleway", "steps", "bridleway":
		return rPath
	case "rail", "major_rail", "minor_rail", "transit", "subway", "light_rail", "tram", "narrow_gauge":
		return rRail
	}
	return rNone
}

// labelFor classifies a point label; ok is false for points that are not
// labels (POIs are left out: the sites are the map's points).
func labelFor(layer string, p props) (labelClass, float64, bool) {
	class := p.str("class")
	if class == "" {
		class = p.str("kind")
	}
	if class == "" {
		class = p.str("type")
	}
	switch layer {
	case "place", "places", "place_label":
		prio := 0.0
		if r, ok := p.num("rank"); ok {
			prio = r
		} else if r, ok := p.num("scalerank"); ok {
			prio = r
		} else if r, ok := p.num("population_rank"); ok {
			prio = 20 - r
		} else if pop, ok := p.num("population"); ok && pop > 0 {
			prio = 20 - math.Log10(pop)*2
		}
		if p.str("capital") == "yes" || p.str("capital") == "2" {
			prio -= 3
		}
		switch class {
		case "continent", "ocean":
			return 0, 0, false
		case "country":
			return lCountry, prio, true
		case "state", "province", "region":
			return lRegion, prio, true
		case "city", "locality", "macrohood":
			if class == "locality" {
				if pr, ok := p.num("population_rank"); ok && pr < 9 {
					return lTown, prio, true
				}
				if pop, ok := p.num("population"); ok && pop < 100_000 && pop > 0 {
					return lTown, prio, true
				}
			}
			return lCity, prio, true
		case "town":
			return lTown, prio, true
		case "village", "hamlet", "isolated_dwelling":
			return lVillage, prio, true
		case "suburb", "neighbourhood", "quarter":
			return lSuburb, prio, true
		}
		return lVillage, prio, true
	case "water_name", "water_label", "marine_label":
		return lWater, 0, true
	case "poi", "pois", "poi_label", "housenumber", "aerodrome_label", "mountain_peak", "transportation_name", "road_label":
		return 0, 0, false
	}
	// An overlay of named points (e.g. "cities"): label them.
	if p.str("name") != "" {
		return lPoint, 0, true
	}
	return 0, 0, false
}

// labelText is the Latin name with the local name after it where that is
// in another script (Chinese, Korean): "Tumen 图们市", as the renderer does.
func labelText(p props) string {
	local := p.str("name")
	latin := ""
	for _, k := range []string{"name:en", "name_en", "name:latin", "name_int"} {
		if s := p.str(k); s != "" {
			latin = s
			break
		}
	}
	if latin == "" {
		return local
	}
	if local == "" || strings.EqualFold(local, latin) || !hasCJK(local) || hasCJK(latin) {
		return latin
	}
	return latin + " " + local
}

func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x11ff || r >= 0x2e80 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7af || r >= 0xf900 && r <= 0xfaff) {
			return true
		}
	}
	return false
}
