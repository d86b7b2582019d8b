package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif" // photos attached as GIF
	"image/jpeg"
	_ "image/png" // photos attached as PNG
	"math"
	"strings"

	"github.com/paulmach/orb"
	xdraw "golang.org/x/image/draw"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/report"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Maps of a report are drawn at the resolution the report prints images
// at, with markers and labels scaled up to stay readable on paper.
const (
	reportDPI      = 150
	reportMapScale = 1.6
	locatorZoom    = 7 // a region: which part of the province a site is in
	overviewMaxZ   = 12
	reportMargin   = 56 // report's page margin and footer, in points
	reportFooter   = 28
)

// reportMaps draws the report's maps from the sites as the profile wrote
// them: the stored index would show confidential sites and exact positions.
type reportMaps struct {
	m    *render.Map
	rows map[string]int64 // site ID -> row in m's index
	b    orb.Bound
	any  bool
}

func newReportMaps(sites []site.Site) (*reportMaps, error) {
	world, err := basemap.Load()
	if err != nil {
		return nil, fmt.Errorf("report: basemap: %w", err)
	}
	ib := render.NewIndexBuilder()
	rm := &reportMaps{rows: map[string]int64{}}
	for i, s := range sites {
		row := int64(i + 1)
		rm.rows[s.ID] = row
		ib.Add(site.Summary{Row: row, ID: s.ID, Name: s.Name, Category: s.Category, Status: s.Status,
			City: s.City, Geometry: s.Geometry, Precision: s.Precision, Confidential: s.Confidential})
		if s.Geometry != nil {
			if !rm.any {
				rm.b, rm.any = s.Geometry.Bound(), true
			} else {
				rm.b = rm.b.Union(s.Geometry.Bound())
			}
		}
	}
	m, err := render.NewMap(world, ib.Build(), assets.LabelFont)
	if err != nil {
		return nil, fmt.Errorf("report: map: %w", err)
	}
	rm.m = m
	return rm, nil
}

func pixels(pt float64) int { return int(math.Round(pt * reportDPI / 72)) }

// overview draws the extent of the sites to fill the overview page.
func (rm *reportMaps) overview(paper pdf.Size) image.Image {
	if !rm.any {
		return nil
	}
	w := pixels(paper.W - 2*reportMargin)
	h := pixels(min(paper.H-2*reportMargin-reportFooter-50, (paper.W-2*reportMargin)*0.8))
	v := render.NewViewport(orb.Point{}, 0, w, h)
	v.Scale = reportMapScale
	v.FitBound(rm.b, 40)
	v.Zoom = min(v.Zoom, overviewMaxZ)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rm.m.Draw(img, v, render.DrawOptions{})
	return img
}

// locator draws the region around one site, the site highlighted.
func (rm *reportMaps) locator(s site.Site) image.Image {
	if s.Geometry == nil {
		return nil
	}
	w, h := pixels(170), pixels(130)
	v := render.NewViewport(s.Geometry.Bound().Center(), locatorZoom, w, h)
	v.Scale = reportMapScale
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rm.m.Draw(img, v, render.DrawOptions{Selected: []int64{rm.rows[s.ID]}})
	return img
}

// Thumbnails are at most this many pixels on their long side (120 pt at
// the report's 150 dpi is 250; a little more for a sharp print), and photos
// above maxPhotoPixels are not decoded at all (a crafted or huge image
// would take the memory of the whole report).
const (
	thumbPixels    = 320
	maxPhotoPixels = 60_000_000
)

// reportThumbnails returns thumbnails of s's image attachments (those the
// profile kept), re-encoded as JPEG from the decoded pixels: no EXIF, XMP,
// comment or other metadata of the stored bytes reaches the report.
func reportThumbnails(ctx context.Context, st *store.Store, s site.Site) ([]image.Image, int, error) {
	var out []image.Image
	for _, a := range s.Attachments {
		if !strings.HasPrefix(strings.ToLower(a.MediaType), "image/") || a.ID == "" {
			continue
		}
		data, err := st.AttachmentData(ctx, a.ID)
		if err != nil {
			return out, len(out), fmt.Errorf("site %q: attachment %q: %w", s.Name, a.FileName, err)
		}
		img, ok := thumbnail(data)
		if !ok {
			continue // not an image we can read: the fields still list it
		}
		out = append(out, img)
	}
	return out, len(out), nil
}

// thumbnail decodes data, scales it to thumbPixels and re-encodes it as a
// JPEG the report embeds as it is. False when data is no readable image.
func thumbnail(data []byte) (image.Image, bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels {
		return nil, false
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, false
	}
	b := src.Bounds()
	k := min(1, float64(thumbPixels)/float64(max(b.Dx(), b.Dy())))
	w, h := max(1, int(float64(b.Dx())*k+0.5)), max(1, int(float64(b.Dy())*k+0.5))
	// A kernel over every source pixel of a phone photo costs ~50 ms; a
	// cheap sampling pass to twice the size first, then a small kernel,
	// keeps the thumbnail smooth at a fraction of that.
	var kernel xdraw.Interpolator = xdraw.CatmullRom
	if b.Dx() > 4*w && b.Dy() > 4*h {
		mid := image.NewRGBA(image.Rect(0, 0, 2*w, 2*h))
		xdraw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, b, xdraw.Src, nil)
		src, b, kernel = mid, mid.Bounds(), xdraw.BiLinear
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// White under transparent pixels: JPEG has no alpha.
	xdraw.Draw(dst, dst.Bounds(), image.White, image.Point{}, xdraw.Src)
	kernel.Scale(dst, dst.Bounds(), src, b, xdraw.Over, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
		return nil, false
	}
	img, err := report.JPEG(buf.Bytes())
	if err != nil {
		return nil, false
	}
	return img, true
}
