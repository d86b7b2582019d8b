package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// fileListFlag collects a flag given several times; unlike listFlag it
// does not split on commas, which file names may hold.
type fileListFlag []string

func (l *fileListFlag) String() string { return strings.Join(*l, " ") }
func (l *fileListFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// openTileLayers opens MBTiles/PMTiles files as map layers, bottom first.
func openTileLayers(paths []string) ([]render.Layer, func(), error) {
	var srcs []tiles.Source
	closeAll := func() {
		for _, s := range srcs {
			s.Close()
		}
	}
	var layers []render.Layer
	for _, p := range paths {
		src, err := tiles.Open(p)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		srcs = append(srcs, src)
		layers = append(layers, tiles.NewLayer(src, tiles.LayerOptions{}))
	}
	return layers, closeAll, nil
}

// runTiles is `siteatlas tiles download …` (and `tiles info FILE…`).
func runTiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 1 && args[0] == "info" {
		return tilesInfo(args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "download" {
		return errUsage
	}
	fs := newFlags("tiles download", stderr)
	url := fs.String("url", "", "XYZ tile URL `TEMPLATE`, e.g. https://tiles.example.org/{z}/{x}/{y}.png")
	bbox := fs.String("bbox", "", "area `W,S,E,N` in degrees")
	zoom := fs.String("zoom", "", "zoom `RANGE` MIN-MAX, e.g. 10-15")
	out := fs.String("o", "", "write the MBTiles `FILE` (an existing one is resumed)")
	attribution := fs.String("attribution", "", "the tile server's required credit `TEXT`, stored in the file")
	conc := fs.Int("concurrency", 4, "parallel requests `N` (respect the server's policy)")
	dry := fs.Bool("estimate", false, "print the tile count and size estimate and stop")
	cache := fs.String("cache", "", "the app's tile cache `DIR`: tiles seen there are copied, not fetched")
	if rest, err := parseInterspersed(fs, args[1:]); err != nil || len(rest) > 0 || *url == "" || *bbox == "" || *zoom == "" || *out == "" && !*dry {
		return errUsage
	}
	b, err := render.ParseBBox(*bbox)
	if err != nil {
		return err
	}
	lo, hi, ok := strings.Cut(*zoom, "-")
	if !ok {
		lo, hi = *zoom, *zoom
	}
	minZ, err1 := strconv.Atoi(strings.TrimSpace(lo))
	maxZ, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || minZ < 0 || maxZ < minZ || maxZ > tiles.MaxZoom {
		return fmt.Errorf("zoom %q: want MIN-MAX, e.g. 10-15 (0 to %d)", *zoom, tiles.MaxZoom)
	}
	tpl, err := tiles.ParseTemplate(*url)
	if err != nil {
		return err
	}
	est := tiles.EstimateDownload(b, minZ, maxZ, tpl.Format())
	fmt.Fprintf(stderr, "%d tiles at zoom %d-%d, about %s\n", est.Tiles, minZ, maxZ, tiles.HumanBytes(est.Bytes))
	if *dry {
		if est.Tiles > tiles.MaxDownloadTiles {
			return fmt.Errorf("more than the %d tiles allowed in one download", tiles.MaxDownloadTiles)
		}
		return nil
	}
	var last time.Time
	p, err := tiles.Download(ctx, tiles.DownloadOptions{
		Template: *url, Attribution: *attribution, Bound: b, MinZoom: minZ, MaxZoom: maxZ, Output: *out, Concurrency: *conc, CacheDir: *cache,
		Progress: func(p tiles.DownloadProgress) {
			if time.Since(last) > 500*time.Millisecond || p.Done == p.Total {
				last = time.Now()
				fmt.Fprintf(stderr, "\r%d/%d tiles (%d%%)", p.Done, p.Total, 100*p.Done/max(1, p.Total))
			}
		},
	})
	fmt.Fprintln(stderr)
	summary := fmt.Sprintf("%s: %d fetched, %d from the cache (%s), %d already there, %d missing on the server, %d failed",
		*out, p.Fetched, p.Cached, tiles.HumanBytes(p.Bytes), p.Skipped, p.Missing, p.Failed)
	if p.Refused > 0 {
		summary += fmt.Sprintf(", %d refused (%s); they were not stored", p.Refused, p.LastRefusal)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, summary)
		return fmt.Errorf("cancelled; run the same command again to resume")
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, summary)
	if p.Refused > 0 {
		return exitError(1)
	}
	return nil
}

// tilesInfo prints what a tile file holds.
func tilesInfo(paths []string, stdout io.Writer) error {
	for _, p := range paths {
		src, err := tiles.Open(p)
		if err != nil {
			return err
		}
		md := src.Metadata()
		src.Close()
		kind := "raster"
		if md.Format.Vector() {
			kind = "vector"
		}
		fmt.Fprintf(stdout, "%s\n  name: %s\n  %s tiles (%s), zoom %d-%d\n  bounds: %g,%g,%g,%g\n  attribution: %s\n",
			p, md.Name, kind, md.Format, md.MinZoom, md.MaxZoom, md.Bounds.Min[0], md.Bounds.Min[1], md.Bounds.Max[0], md.Bounds.Max[1], md.Attribution)
		if len(md.VectorLayers) > 0 {
			fmt.Fprintf(stdout, "  layers: %s\n", strings.Join(md.VectorLayers, ", "))
		}
	}
	return nil
}
