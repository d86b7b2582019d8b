// Command tilegen writes map tiles of the embedded Natural Earth world:
// vector tiles (Protomaps basemap layer names) to a PMTiles or MBTiles
// file, or raster PNG tiles drawn by the renderer to an MBTiles file. The
// files serve the tests, goldens and benchmarks of internal/tiles, and as
// samples.
//
//	tilegen -o yanbian.pmtiles -bbox 129.3,42.5,130.9,43.2 -zoom 0-9
//	tilegen -o world.mbtiles -zoom 0-4 -raster
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tilegen"
)

func main() {
	out := flag.String("o", "", "output `FILE` (.pmtiles or .mbtiles)")
	bbox := flag.String("bbox", "", "area `W,S,E,N` in degrees (default: the world)")
	zoom := flag.String("zoom", "0-5", "zoom `RANGE` MIN-MAX")
	raster := flag.Bool("raster", false, "write PNG tiles drawn by the renderer (MBTiles only)")
	leaf := flag.Int("leaf", 0, "entries per PMTiles leaf directory (0: only when needed)")
	flag.Parse()
	if err := run(*out, *bbox, *zoom, *raster, *leaf); err != nil {
		fmt.Fprintln(os.Stderr, "tilegen:", err)
		os.Exit(1)
	}
}

func run(out, bbox, zoom string, raster bool, leaf int) error {
	if out == "" {
		return fmt.Errorf("give -o FILE")
	}
	var o tilegen.Options
	if bbox != "" {
		b, err := render.ParseBBox(bbox)
		if err != nil {
			return err
		}
		o.Bound = b
	}
	lo, hi, ok := strings.Cut(zoom, "-")
	var err1, err2 error
	o.MinZoom, err1 = strconv.Atoi(lo)
	o.MaxZoom, err2 = strconv.Atoi(hi)
	if !ok || err1 != nil || err2 != nil || o.MinZoom < 0 || o.MaxZoom < o.MinZoom || o.MaxZoom > 14 {
		return fmt.Errorf("zoom %q: want MIN-MAX between 0 and 14", zoom)
	}
	if n := len(o.Tiles()); n > 200_000 {
		return fmt.Errorf("%d tiles: choose a smaller area or fewer zoom levels", n)
	}
	world, err := basemap.Load()
	if err != nil {
		return err
	}
	ctx := context.Background()
	switch {
	case raster:
		m, err := render.NewMap(world, nil, assets.LabelFont)
		if err != nil {
			return err
		}
		m.Attribution = ""
		return tilegen.WriteRasterMBTiles(ctx, m, out, o)
	case strings.HasSuffix(out, ".pmtiles"):
		return tilegen.New(world).WritePMTiles(out, o, leaf)
	case strings.HasSuffix(out, ".mbtiles"):
		return tilegen.New(world).WriteMBTiles(ctx, out, o)
	}
	return fmt.Errorf("%s: the output name must end in .pmtiles or .mbtiles", out)
}
