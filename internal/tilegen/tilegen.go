// Package tilegen writes vector (and raster) tiles of the embedded Natural
// Earth world: a real-looking PMTiles or MBTiles file for the tests,
// goldens and benchmarks of internal/tiles, and for `cmd/tilegen`. The
// vector tiles use the Protomaps basemap layer names (earth, water,
// landuse, boundaries, places), encoded with orb's encoding/mvt.
package tilegen

import (
	"context"
	"fmt"
	"github.com/siteatlas/siteatlas/internal/mercator"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// Options choose the area and zoom levels to generate.
type Options struct {
	Bound            orb.Bound // lon/lat; zero for the world
	MinZoom, MaxZoom int
}

// Attribution credits the data of the generated tiles.
const Attribution = "© Natural Earth (public domain)"

// Extent and Buffer of the generated vector tiles, in tile units.
const (
	Extent = 4096
	Buffer = 64
)

// Tiles lists the tiles of o, lowest zoom first.
func (o Options) Tiles() []tiles.TileID {
	b := o.Bound
	if b == (orb.Bound{}) {
		b = tiles.WorldBounds
	}
	var out []tiles.TileID
	for z := o.MinZoom; z <= o.MaxZoom; z++ {
		lo := tiles.TileAt(orb.Point{b.Min[0], b.Max[1]}, z)
		hi := tiles.TileAt(orb.Point{b.Max[0], b.Min[1]}, z)
		for x := lo.X; x <= hi.X; x++ {
			for y := lo.Y; y <= hi.Y; y++ {
				out = append(out, tiles.TileID{Z: z, X: x, Y: y})
			}
		}
	}
	return out
}

// Generator makes vector tiles of a world.
type Generator struct {
	world *basemap.World
}

// New returns a generator of w.
func New(w *basemap.World) *Generator { return &Generator{world: w} }

// VectorLayers are the layer names the generator writes.
var VectorLayers = []string{"earth", "water", "landuse", "boundaries", "places"}

// Vector returns the uncompressed MVT of tile t.
func (g *Generator) Vector(t tiles.TileID) ([]byte, error) {
	// Tile z is shown from display zoom z+1 (512-pixel tiles): take the
	// detail of that level.
	dz := float64(t.Z) + 1
	lvl := g.world.Level(dz)
	tb := t.Bound()
	pad := (tb.Max[0] - tb.Min[0]) * Buffer / Extent
	qb := orb.Bound{Min: orb.Point{tb.Min[0] - pad, tb.Min[1] - pad}, Max: orb.Point{tb.Max[0] + pad, tb.Max[1] + pad}}
	hasLand := false
	for i := range lvl.Features {
		if lvl.Features[i].Class == basemap.Land {
			hasLand = true
			break
		}
	}
	fcs := map[string]*geojson.FeatureCollection{}
	add := func(layer string, geom orb.Geometry, props geojson.Properties) {
		fc := fcs[layer]
		if fc == nil {
			fc = geojson.NewFeatureCollection()
			fcs[layer] = fc
		}
		f := geojson.NewFeature(project(geom, t))
		f.Properties = props
		fc.Append(f)
	}
	for i := range lvl.Features {
		f := &lvl.Features[i]
		if float64(f.MinZoom) > dz+0.5 {
			continue
		}
		if f.Class == basemap.Place || f.Class == basemap.Country && f.Name != "" {
			// Labels are points: keep those inside the tile (the buffer
			// would draw them twice).
			p := f.LabelAt
			if pt, ok := f.Geometry.(orb.Point); ok {
				p = pt
			}
			if f.Class == basemap.Country && p == (orb.Point{}) {
				p = f.Bound.Center()
			}
			if tb.Contains(p) {
				// min_zoom is in tile zoom levels (512-pixel tiles), as in the
				// Protomaps basemap: one less than the display zoom.
				props := geojson.Properties{"name": localName(f), "name:en": f.Name, "min_zoom": math.Round(float64(f.MinZoom-1)*10) / 10}
				if f.NameZH != "" {
					props["name:zh"] = f.NameZH
				}
				if f.NameKO != "" {
					props["name:ko"] = f.NameKO
				}
				if f.Class == basemap.Country {
					props["kind"] = "country"
				} else {
					props["kind"] = "locality"
					props["population"] = f.Pop
					props["population_rank"] = popRank(f.Pop)
					if f.Capital {
						props["capital"] = "yes"
					}
				}
				add("places", p, props)
			}
			if f.Class == basemap.Place {
				continue
			}
		}
		if !f.Bound.Intersects(qb) {
			continue
		}
		switch f.Class {
		case basemap.Land:
			add("earth", f.Geometry, geojson.Properties{"kind": "earth"})
		case basemap.Country:
			if !hasLand {
				add("earth", f.Geometry, geojson.Properties{"kind": "earth"})
			}
		case basemap.Ocean:
			add("water", f.Geometry, geojson.Properties{"kind": "ocean"})
		case basemap.Lake:
			add("water", f.Geometry, geojson.Properties{"kind": "lake"})
		case basemap.River:
			add("water", f.Geometry, geojson.Properties{"kind": "river", "name": f.Name})
		case basemap.Urban:
			add("landuse", f.Geometry, geojson.Properties{"kind": "urban_area"})
		case basemap.Border:
			add("boundaries", f.Geometry, geojson.Properties{"kind": "country", "kind_detail": "2"})
		case basemap.BorderDisputed:
			add("boundaries", f.Geometry, geojson.Properties{"kind": "country", "kind_detail": "2", "disputed": true})
		case basemap.Admin1Border:
			add("boundaries", f.Geometry, geojson.Properties{"kind": "region", "kind_detail": "4"})
		}
	}
	var layers mvt.Layers
	for _, name := range VectorLayers {
		if fc := fcs[name]; fc != nil {
			layers = append(layers, &mvt.Layer{Name: name, Version: 2, Extent: Extent, Features: fc.Features})
		}
	}
	layers.Clip(orb.Bound{Min: orb.Point{-Buffer, -Buffer}, Max: orb.Point{Extent + Buffer, Extent + Buffer}})
	layers.Simplify(simplify.DouglasPeucker(2))
	layers.RemoveEmpty(2, 4)
	b, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("tile %s: %w", t, err)
	}
	return b, nil
}

// localName is the name in the local script, as OpenStreetMap's name tag
// has it: Chinese in China, Korean in the Koreas, else the Latin name.
func localName(f *basemap.Feature) string {
	switch f.ISO {
	case "CN", "TW", "HK", "MO":
		if f.NameZH != "" {
			return f.NameZH
		}
	case "KP", "KR":
		if f.NameKO != "" {
			return f.NameKO
		}
	}
	return f.Name
}

func popRank(pop int) int {
	switch {
	case pop >= 5_000_000:
		return 15
	case pop >= 1_000_000:
		return 13
	case pop >= 200_000:
		return 11
	case pop >= 50_000:
		return 9
	case pop > 0:
		return 7
	}
	return 5
}

// project maps lon/lat to tile units of t; geometry is copied.
func project(g orb.Geometry, t tiles.TileID) orb.Geometry {
	n := math.Exp2(float64(t.Z))
	pt := func(p orb.Point) orb.Point {
		mx, my := mercator.X(p[0]), mercator.Y(p[1])
		return orb.Point{(mx*n - float64(t.X)) * Extent, (my*n - float64(t.Y)) * Extent}
	}
	ls := func(l []orb.Point) []orb.Point {
		out := make([]orb.Point, len(l))
		for i, p := range l {
			out[i] = pt(p)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return pt(g)
	case orb.LineString:
		return orb.LineString(ls(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = ls(l)
		}
		return out
	case orb.Ring:
		return orb.Polygon{ls(g)}
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, r := range g {
			out[i] = ls(r)
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = project(p, t).(orb.Polygon)
		}
		return out
	}
	return orb.Collection{}
}

// WritePMTiles writes the vector tiles of o to a PMTiles file. leafSize
// > 0 forces leaf directories of that many entries.
func (g *Generator) WritePMTiles(path string, o Options, leafSize int) error {
	md := metadata(o)
	w := tiles.NewPMTilesWriter(path, md)
	w.LeafSize = leafSize
	for _, t := range o.Tiles() {
		b, err := g.Vector(t)
		if err != nil {
			return err
		}
		if err := w.Put(t, b); err != nil {
			return err
		}
	}
	return w.Close()
}

// WriteMBTiles writes the vector tiles of o (gzipped) to an MBTiles file.
func (g *Generator) WriteMBTiles(ctx context.Context, path string, o Options) error {
	w, err := tiles.CreateMBTiles(path)
	if err != nil {
		return err
	}
	var ids []tiles.TileID
	var data [][]byte
	for _, t := range o.Tiles() {
		b, err := g.Vector(t)
		if err != nil {
			w.Close()
			return err
		}
		ids, data = append(ids, t), append(data, gzipped(b))
	}
	if err := w.PutBatch(ctx, ids, data); err != nil {
		w.Close()
		return err
	}
	if err := w.SetMetadata(metadata(o)); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func metadata(o Options) tiles.Metadata {
	b := o.Bound
	if b == (orb.Bound{}) {
		b = tiles.WorldBounds
	}
	return tiles.Metadata{
		Name: "Natural Earth (Site Atlas tilegen)", Description: "z" + strconv.Itoa(o.MinZoom) + "-" + strconv.Itoa(o.MaxZoom),
		Attribution: Attribution, Format: tiles.FormatMVT, MinZoom: o.MinZoom, MaxZoom: o.MaxZoom,
		Bounds: b, Center: b.Center(), CenterZoom: o.MinZoom, VectorLayers: VectorLayers,
	}
}
