package tiles

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
)

// background says what a vector tile paints under its features.
type background uint8

const (
	bgNone  background = iota // an overlay: only its features
	bgLand                    // OpenMapTiles: land, with water polygons on it
	bgWater                   // Protomaps: water, with earth polygons on it
)

// vgeom is all the geometry of one rule in a tile, in tile units (0–1),
// as flat x, y runs.
type vgeom struct {
	xy     []float32
	starts []int32 // where each part starts, in pairs
	// holes marks the parts that are holes of the polygon before them:
	// they must be filled together with it.
	holes []bool
	bbox  []float32 // x0, y0, x1, y1 of each part
	// full marks rings that are a rectangle covering the whole tile (the
	// land or water of a tile with no coast): painted without the
	// rasterizer.
	full []bool
}

func (g *vgeom) addRing(pts []orb.Point, scale float64, hole bool) {
	n := len(g.starts)
	g.add(pts, scale, true)
	if len(g.starts) > n {
		g.holes = append(g.holes, hole)
		g.full = append(g.full, !hole && coversTile(g.part(n)))
	}
}

// coversTile reports whether a ring is an axis-aligned rectangle that
// contains the whole tile (0–1 in both directions).
func coversTile(xy []float32) bool {
	if len(xy) != 8 {
		return false
	}
	b := [4]float32{xy[0], xy[1], xy[0], xy[1]}
	for i := 0; i < 8; i += 2 {
		b = [4]float32{min(b[0], xy[i]), min(b[1], xy[i+1]), max(b[2], xy[i]), max(b[3], xy[i+1])}
	}
	for i := 0; i < 8; i += 2 {
		x, y := xy[i], xy[i+1]
		if x != b[0] && x != b[2] || y != b[1] && y != b[3] {
			return false
		}
	}
	return b[0] <= 0 && b[1] <= 0 && b[2] >= 1 && b[3] >= 1
}

func (g *vgeom) add(pts []orb.Point, scale float64, closed bool) {
	n := len(pts)
	if closed && n > 1 && pts[0] == pts[n-1] {
		n--
	}
	if n < 2 || closed && n < 3 {
		return
	}
	g.starts = append(g.starts, int32(len(g.xy)/2))
	b := [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
	for _, p := range pts[:n] {
		x, y := float32(p[0]*scale), float32(p[1]*scale)
		g.xy = append(g.xy, x, y)
		b = [4]float32{min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)}
	}
	g.bbox = append(g.bbox, b[:]...)
}

// outside reports whether part i lies entirely outside the box r (tile
// units: x0, y0, x1, y1).
func (g *vgeom) outside(i int, r [4]float32) bool {
	b := g.bbox[4*i : 4*i+4]
	return b[2] < r[0] || b[0] > r[2] || b[3] < r[1] || b[1] > r[3]
}

func (g *vgeom) part(i int) []float32 {
	e := len(g.xy)
	if i+1 < len(g.starts) {
		e = 2 * int(g.starts[i+1])
	}
	return g.xy[2*int(g.starts[i]) : e]
}

// vlabel is a label point of a vector tile.
type vlabel struct {
	text    string
	x, y    float32 // tile units
	class   labelClass
	prio    float64
	minZoom float64 // display zoom; 0 for none
	// For road names: the direction of the road at the label (radians,
	// kept upright) and the length of the road, in tile units.
	angle, room float32
}

// vtile is a decoded vector tile, ready to draw at any scale.
type vtile struct {
	geoms  [nRules]vgeom
	labels []vlabel
	bg     background
	size   int // bytes held, for the cache
}

// maxFeatures bounds what one tile may hold: a hostile tile must not
// exhaust memory.
const maxFeatures = 200_000

// decodeVector decodes an uncompressed Mapbox Vector Tile.
func decodeVector(data []byte) (t *vtile, err error) {
	defer func() {
		// The MVT decoder trusts its input more than a map file deserves.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("vector tile: %v", r)
		}
	}()
	// Sources remove transfer compression, but a tile may have been
	// stored gzipped twice or come from elsewhere.
	if data, err = gunzipIf(data); err != nil {
		return nil, fmt.Errorf("vector tile: %w", err)
	}
	ls, err := mvt.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("vector tile: %w", err)
	}
	t = &vtile{}
	nf := 0
	for _, l := range ls {
		switch l.Name {
		case "earth":
			t.bg = bgWater
		case "water", "landcover", "transportation", "landuse":
			if t.bg == bgNone {
				t.bg = bgLand
			}
		}
	}
	for _, l := range ls {
		ext := float64(l.Extent)
		if ext <= 0 {
			ext = 4096
		}
		s := 1 / ext
		for _, f := range l.Features {
			nf++
			if nf > maxFeatures {
				return nil, fmt.Errorf("vector tile: more than %d features", maxFeatures)
			}
			p := props(f.Properties)
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				if r := areaRule(l.Name, p); r != rNone {
					for j, ring := range g {
						t.geoms[r].addRing(ring, s, j > 0)
					}
				}
			case orb.MultiPolygon:
				if r := areaRule(l.Name, p); r != rNone {
					for _, poly := range g {
						for j, ring := range poly {
							t.geoms[r].addRing(ring, s, j > 0)
						}
					}
				}
			case orb.LineString:
				t.addLine(l.Name, p, []orb.LineString{g}, s)
			case orb.MultiLineString:
				t.addLine(l.Name, p, g, s)
			case orb.Point:
				t.addLabel(l.Name, p, g, s)
			case orb.MultiPoint:
				if len(g) > 0 {
					t.addLabel(l.Name, p, g[0], s)
				}
			}
		}
	}
	if t.bg != bgNone {
		// A basemap: named points of layers the style does not know
		// (building names, shops) would only clutter it.
		t.labels = slices.DeleteFunc(t.labels, func(l vlabel) bool { return l.class == lPoint })
	}
	for i := range t.geoms {
		t.size += 4*len(t.geoms[i].xy) + 4*len(t.geoms[i].starts) + 4*len(t.geoms[i].bbox)
	}
	t.size += 64 * len(t.labels)
	return t, nil
}

func (t *vtile) addLine(layer string, p props, lines []orb.LineString, s float64) {
	r := lineRule(layer, p)
	if r == rNone {
		return
	}
	for _, l := range lines {
		t.geoms[r].add(l, s, false)
	}
	// Road and river names: at the middle of the longest line, along it.
	class := lRoad
	if r == rRiver {
		class = lRiver
	}
	if r >= rService && r <= rMotorway || r == rRiver {
		name := labelText(p)
		if name == "" {
			return
		}
		best, bl := -1, 0.0
		for i, l := range lines {
			if ll := lineLen(l); ll > bl {
				best, bl = i, ll
			}
		}
		if best < 0 || bl*s < 0.08 {
			return
		}
		x, y, ang, _ := midpoint(lines[best])
		room := bl // the whole line: a name may cross a gentle bend
		t.labels = append(t.labels, vlabel{text: name, x: float32(x * s), y: float32(y * s), class: class, prio: float64(rMotorway - r),
			angle: float32(ang), room: float32(room * s)})
	}
}

func (t *vtile) addLabel(layer string, p props, pt orb.Point, s float64) {
	class, prio, ok := labelFor(layer, p)
	if layer == "water" && ok {
		class = lWater // the Protomaps basemap's water names
	}
	if !ok {
		return
	}
	text := labelText(p)
	if text == "" {
		return
	}
	if labelStyles[class].upper {
		text = upperLatin(text)
	}
	mz := 0.0
	if v, ok := p.num("min_zoom"); ok {
		mz = v + 1 // tile zoom of 512-pixel tiles to display zoom
	}
	t.labels = append(t.labels, vlabel{text: text, x: float32(pt[0] * s), y: float32(pt[1] * s), class: class, prio: prio, minZoom: mz})
}

func lineLen(l orb.LineString) float64 {
	d := 0.0
	for i := 1; i < len(l); i++ {
		d += math.Hypot(l[i][0]-l[i-1][0], l[i][1]-l[i-1][1])
	}
	return d
}

// midpoint returns the point halfway along l, the direction of the
// segment there (radians, turned to read left to right) and that
// segment's length.
func midpoint(l orb.LineString) (x, y, angle, room float64) {
	half := lineLen(l) / 2
	for i := 1; i < len(l); i++ {
		d := math.Hypot(l[i][0]-l[i-1][0], l[i][1]-l[i-1][1])
		if d >= half && d > 0 {
			f := half / d
			a := math.Atan2(l[i][1]-l[i-1][1], l[i][0]-l[i-1][0])
			if a > math.Pi/2 {
				a -= math.Pi
			} else if a <= -math.Pi/2 {
				a += math.Pi
			}
			return l[i-1][0] + f*(l[i][0]-l[i-1][0]), l[i-1][1] + f*(l[i][1]-l[i-1][1]), a, d
		}
		half -= d
	}
	return l[0][0], l[0][1], 0, 0
}

// upperLatin upper-cases ASCII letters only (country names), leaving
// other scripts alone.
func upperLatin(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
