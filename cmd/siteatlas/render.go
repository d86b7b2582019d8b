package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("render", stderr)
	db := dbFlag(fs)
	out := fs.String("o", "", "write the PNG to `FILE` (- for standard output)")
	size := fs.String("size", "1280x800", "image size `WIDTHxHEIGHT` in pixels")
	bbox := fs.String("bbox", "", "show the area `W,S,E,N` (degrees)")
	center := fs.String("center", "", "centre the map on `LON,LAT` (with --zoom)")
	zoom := fs.Float64("zoom", 0, "zoom level, 0 (world) to 20 (street), with --center")
	include := fs.Bool("include-confidential", false, "draw confidential sites too (they are left off by default, as in exports)")
	fs.Bool("hide-confidential", true, "accepted for old scripts; confidential sites are left off unless --include-confidential")
	var selected listFlag
	fs.Var(&selected, "select", "highlight the site with this `ID` (repeatable)")
	var tileFiles fileListFlag
	fs.Var(&tileFiles, "tiles", "draw the MBTiles or PMTiles `FILE` over the basemap (repeatable, bottom first)")
	var ff filterFlags
	lf := layoutFlags(fs)
	fs.StringVar(&ff.q, "q", "", "only sites whose text matches (full-text search)")
	fs.Var(&ff.categories, "category", "only sites of this category (repeatable)")
	fs.Var(&ff.statuses, "status", "only sites with this status (repeatable)")
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 || *out == "" {
		return errUsage
	}
	if lf.wanted(fs, *out) {
		return runRenderLayout(ctx, fs, lf, renderArgs{db: *db, out: *out, size: *size, bbox: *bbox, center: *center, zoom: *zoom,
			include: *include, selected: selected, tiles: tileFiles, filter: ff}, stderr)
	}
	w, h, err := render.ParseSize(*size)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var v render.Viewport
	switch {
	case set["bbox"] && (set["center"] || set["zoom"]):
		return fmt.Errorf("give either --bbox W,S,E,N or --center LON,LAT with --zoom Z, not both")
	case set["bbox"]:
		b, err := render.ParseBBox(*bbox)
		if err != nil {
			return err
		}
		v = render.ViewportForBBox(b, w, h)
	case set["center"] && set["zoom"]:
		c, err := render.ParseCenter(*center)
		if err != nil {
			return err
		}
		if math.IsNaN(*zoom) || *zoom < render.MinZoom || *zoom > render.MaxZoom {
			return fmt.Errorf("zoom %v: want a number from %v (the world) to %v (a street)", *zoom, render.MinZoom, render.MaxZoom)
		}
		v = render.ViewportForCenter(c, *zoom, w, h)
	case set["center"]:
		return fmt.Errorf("--center needs --zoom Z")
	case set["zoom"]:
		return fmt.Errorf("--zoom needs --center LON,LAT")
	default:
		return fmt.Errorf("give either --bbox W,S,E,N or --center LON,LAT with --zoom Z")
	}
	flt, err := ff.filter()
	if err != nil {
		return err
	}
	if tf, err := ff.time(); err != nil {
		return err
	} else if tf.Active() {
		// Not drawn yet: refuse rather than draw every site as if filtered.
		return fmt.Errorf("render does not filter by time yet: leave out reported:, after: and before: from --q")
	}

	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := loadMap(ctx, st)
	if err != nil {
		return err
	}
	layers, closeTiles, err := openTileLayers(tileFiles)
	if err != nil {
		return err
	}
	defer closeTiles()
	opts := render.DrawOptions{Filter: render.Filter{Categories: flt.Categories, Statuses: flt.Statuses, HideConfidential: !*include}, Layers: layers}
	if flt.Text != "" {
		rows, err := st.Rows(ctx, store.Filter{Text: flt.Text, Order: store.ByRow})
		if err != nil {
			return err
		}
		opts.Filter.Rows = render.NewRowSet(rows)
	}
	if len(selected) > 0 {
		err := st.Summaries(ctx, store.Filter{IDs: selected}, func(s site.Summary) error {
			opts.Selected = append(opts.Selected, s.Row)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if *out == "-" {
		return render.RenderPNG(stdout, m, v, opts)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := render.RenderPNG(f, m, v, opts); err != nil {
		f.Close()
		os.Remove(*out)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d×%d, zoom %.2f)\n", *out, w, h, v.Zoom)
	return nil
}

// loadMap builds the renderer with every site of st.
func loadMap(ctx context.Context, st *store.Store) (*render.Map, error) {
	world, err := basemap.Load()
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	idx, err := app.LoadIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	return render.NewMap(world, idx, assets.LabelFont)
}
