package layout

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

// SiteInfo is what a layout shows of a site: its name in labels, its
// category and status in the legend.
type SiteInfo struct {
	Name     string
	Category string
	Status   site.Status
}

// Input is everything a layout draws. Map must hold only what the export
// profile lets out (the sites as the profile wrote them); Sites describes
// the rows of its index.
type Input struct {
	Spec  Spec
	Map   *render.Map
	Sites map[int64]SiteInfo
	// Bound is the extent of the sites, shown when Spec.Extent is zero.
	Bound    orb.Bound
	HasBound bool
	Filter   render.Filter
	Selected []int64 // rows drawn highlighted
	Layers   []render.Layer
	// ProfileNote says which export profile was applied and how, for the
	// credits ("profile "Public": confidential items left out; …").
	ProfileNote string
}

// Compose lays the page out and draws its map rasters.
func Compose(in Input) (*Sheet, error) {
	s := in.Spec
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	if in.Map == nil {
		return nil, errors.New("layout: no map to draw")
	}
	c := &composer{in: in, dpi: s.dpi()}
	page := s.PageSize()
	c.sheet = &Sheet{Size: Box{W: page.W, H: page.H}, DPI: c.dpi, Title: s.Title}
	c.u = min(1.5, max(0.6, min(page.W, page.H)/595))
	if err := c.compose(page); err != nil {
		return nil, err
	}
	return c.sheet, nil
}

type composer struct {
	in    Input
	dpi   float64
	u     float64 // type and spacing scale: 1 on A4
	sheet *Sheet

	mapBox Box
	view   render.Viewport
	placed []render.Placed
}

func (c *composer) add(it Item) { c.sheet.Items = append(c.sheet.Items, it) }

// textC adds a line of text, measured; it returns its width.
func (c *composer) textC(x, y, size float64, col color.RGBA, s string, align Anchor, halo bool) float64 {
	if s == "" {
		return 0
	}
	w := measure(s, size)
	c.add(Text{X: x, Y: y, Size: size, Color: col, Align: align, S: s, Halo: halo, Width: w})
	return w
}

func (c *composer) compose(page pdf.Size) error {
	s := c.in.Spec
	u := c.u
	margin := 24 * u
	y := margin
	if s.Title != "" {
		size := 18 * u
		c.textC(margin, y+size*0.8, size, ink, fitText(s.Title, size, page.W-2*margin), Start, false)
		y += size * 1.15
	}
	if s.Subtitle != "" {
		size := 11 * u
		c.textC(margin, y+size*0.85, size, muted, fitText(s.Subtitle, size, page.W-2*margin), Start, false)
		y += size * 1.35
	}
	if s.Title != "" || s.Subtitle != "" {
		y += 6 * u
	}

	credits := c.creditLines(page.W - 2*margin)
	creditSize := 6.5 * u
	footer := float64(len(credits))*creditSize*1.3 + 5*u
	mapBottom := page.H - margin - footer

	panelOn := s.Legend || s.Inset || s.NorthArrow
	landscape := page.W >= page.H
	var panel Box
	c.mapBox = Box{X: margin, Y: y, W: page.W - 2*margin, H: mapBottom - y}
	gap := 10 * u
	if panelOn {
		if landscape {
			pw := min(170*u, page.W*0.26)
			panel = Box{X: page.W - margin - pw, Y: y, W: pw, H: mapBottom - y}
			c.mapBox.W -= pw + gap
		} else {
			ph := min(150*u, page.H*0.24)
			panel = Box{X: margin, Y: mapBottom - ph, W: page.W - 2*margin, H: ph}
			c.mapBox.H -= ph + gap
		}
	}
	if c.mapBox.W < 60 || c.mapBox.H < 60 {
		return fmt.Errorf("layout: the page is too small for a map beside its title, legend and credits")
	}
	if err := c.drawMap(); err != nil {
		return err
	}
	if s.Graticule {
		c.graticule()
	}
	c.labels()
	c.add(Shape{Pts: boxPts(c.mapBox), Closed: true, Stroke: frameCol, Width: 0.8 * u})
	if panelOn {
		c.panel(panel, landscape)
	} else {
		// The scale bar goes in the map's corner, on a light ground.
		b := Box{X: c.mapBox.X + 6*u, Y: c.mapBox.bottom() - 30*u, W: 120 * u, H: 24 * u}
		c.add(Shape{Pts: boxPts(b), Closed: true, Fill: white})
		c.scaleBar(Box{X: b.X + 6*u, Y: b.Y + 4*u, W: b.W - 12*u, H: b.H - 6*u})
	}
	cy := mapBottom + 5*u + creditSize
	for _, l := range credits {
		c.textC(margin, cy, creditSize, muted, l, Start, false)
		cy += creditSize * 1.3
	}
	return nil
}

// creditLines are the attribution, the source credit, the export profile
// and the date, wrapped to width.
func (c *composer) creditLines(width float64) []string {
	s := c.in.Spec
	var attrib []string
	seen := map[string]bool{}
	for i := len(c.in.Layers) - 1; i >= 0; i-- {
		if a, ok := c.in.Layers[i].(render.Attributor); ok {
			if t := strings.TrimSpace(a.Attribution()); t != "" && !seen[t] {
				seen[t] = true
				attrib = append(attrib, t)
			}
		}
	}
	attrib = append(attrib, "Basemap © Natural Earth (public domain)")
	parts := []string{"Map data: " + strings.Join(attrib, " · ")}
	if t := strings.TrimSpace(s.Credit); t != "" {
		parts = append(parts, "Source: "+t)
	}
	first := strings.Join(parts, ". ") + "."
	var tail []string
	if n := strings.TrimSpace(c.in.ProfileNote); n != "" {
		tail = append(tail, "Export "+n+".")
	}
	made := "Made with Site Atlas"
	if d := strings.TrimSpace(s.Date); d != "" {
		made += ", " + d
	}
	tail = append(tail, made+".")
	size := 6.5 * c.u
	var lines []string
	for _, p := range append([]string{first}, tail...) {
		lines = append(lines, wrap(p, size, width)...)
	}
	return lines
}

// drawMap draws the map raster into the map box and works out where the
// sites are on it.
func (c *composer) drawMap() error {
	s := c.in.Spec
	k := c.dpi / 72
	w, h := int(math.Round(c.mapBox.W*k)), int(math.Round(c.mapBox.H*k))
	scale := c.dpi / 96 // markers and basemap text as big as on a screen
	v := render.NewViewport(orb.Point{}, 0, w, h)
	v.Scale = scale
	switch e := s.Extent; {
	case len(e.BBox) == 4:
		v.FitBound(orb.Bound{Min: orb.Point{e.BBox[0], e.BBox[1]}, Max: orb.Point{e.BBox[2], e.BBox[3]}}, 0)
	case len(e.Center) == 2:
		v = render.NewViewport(orb.Point{e.Center[0], e.Center[1]}, e.Zoom, w, h)
		v.Scale = scale
	case c.in.HasBound:
		v.FitBound(c.in.Bound, 36*scale)
		v.Zoom = min(v.Zoom, 14)
	default:
		v = render.NewViewport(orb.Point{}, 0, w, h)
		v.Scale = scale
		v.FitBound(orb.Bound{Min: orb.Point{-170, -60}, Max: orb.Point{170, 75}}, 0)
	}
	c.view = v
	opts := c.drawOptions()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c.in.Map.Draw(img, v, opts)
	c.add(Picture{Box: c.mapBox, Img: img})
	c.placed = c.in.Map.Placed(v, opts)
	return nil
}

func (c *composer) drawOptions() render.DrawOptions {
	return render.DrawOptions{Filter: c.in.Filter, Selected: c.in.Selected, Layers: c.in.Layers, NoOverlay: true, NoSiteLabels: true}
}

// toPage converts a pixel of the map raster to the page.
func (c *composer) toPage(x, y float64) Pt {
	kx := c.mapBox.W / float64(c.view.Width)
	ky := c.mapBox.H / float64(c.view.Height)
	return Pt{c.mapBox.X + x*kx, c.mapBox.Y + y*ky}
}

func boxPts(b Box) []Pt {
	return []Pt{{b.X, b.Y}, {b.right(), b.Y}, {b.right(), b.bottom()}, {b.X, b.bottom()}}
}

// The fonts that measure text are those the PDF embeds (and the PNG draws
// with), Latin first; a pdf.Document is not safe for concurrent use.
var (
	measureMu  sync.Mutex
	measureDoc *pdf.Document
)

func measureFonts() *pdf.Document {
	if measureDoc == nil {
		d := pdf.New(pdf.Info{})
		for _, f := range [][]byte{assets.LabelFontLatin, assets.LabelFont} {
			if _, err := d.AddFont(f); err != nil {
				panic("layout: embedded font: " + err.Error()) // the build embeds them: a broken asset is a build bug
			}
		}
		measureDoc = d
	}
	return measureDoc
}

func measure(s string, size float64) float64 {
	measureMu.Lock()
	defer measureMu.Unlock()
	return measureFonts().Width(s, size)
}

func wrap(s string, size, width float64) []string {
	measureMu.Lock()
	defer measureMu.Unlock()
	return measureFonts().Wrap(s, size, width)
}

// fitText shortens s with an ellipsis to fit width.
func fitText(s string, size, width float64) string {
	if measure(s, size) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && measure(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
