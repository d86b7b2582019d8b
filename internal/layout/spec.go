package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Spec describes a map layout. It is the JSON file `siteatlas render
// --layout FILE.json` reads and the window saves, so a figure can be
// regenerated after edits; every member is optional. See README.md for the
// members in the file's own words.
type Spec struct {
	// Paper is a4, a3 or letter, each optionally "-landscape"; "" is
	// a4-landscape. Ignored when Width and Height are set.
	Paper string `json:"paper,omitempty"`
	// DPI is the resolution of the PNG and of the map raster embedded in
	// SVG and PDF: 72 to 600, 0 for 150.
	DPI int `json:"dpi,omitempty"`
	// Width and Height give the page in pixels (at DPI) instead of paper.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Extent is the area shown; the zero value shows every site that
	// passes the filter.
	Extent Extent `json:"extent,omitzero"`

	Title    string `json:"title,omitempty"`
	Subtitle string `json:"subtitle,omitempty"`
	// Legend lists the categories and statuses of the sites on the map,
	// with their markers as drawn; LegendCounts adds how many of each.
	Legend       bool `json:"legend,omitempty"`
	LegendCounts bool `json:"legend_counts,omitempty"`
	// Labels names the sites: "none" (or ""), "all", or "selected" (only
	// those in Selected). A cluster is named "3 sites: A, B, C".
	Labels string `json:"labels,omitempty"`
	// Selected are site IDs drawn highlighted (and named under "selected").
	Selected   []string `json:"selected,omitempty"`
	NorthArrow bool     `json:"north_arrow,omitempty"`
	// Inset adds a locator map of the region with the map's area boxed.
	Inset bool `json:"inset,omitempty"`
	// Graticule draws meridians and parallels with degree labels.
	Graticule bool `json:"graticule,omitempty"`
	// Date is printed in the credits as given ("" prints none): a layout
	// never reads the clock, so the same file gives the same bytes.
	Date string `json:"date,omitempty"`
	// Credit is the source credit printed with the attribution.
	Credit string `json:"credit,omitempty"`
	// Profile is the export profile applied to the sites: Public (the
	// default), Partner or Internal.
	Profile string `json:"profile,omitempty"`
	// Filter chooses the sites, as the list and map filters do.
	Filter Filter `json:"filter,omitzero"`
	// Tiles are MBTiles or PMTiles files drawn over the basemap, bottom
	// first; their attribution joins the credits.
	Tiles []string `json:"tiles,omitempty"`
}

// Extent is the area a layout shows: a box, or a centre and zoom.
type Extent struct {
	BBox   []float64 `json:"bbox,omitempty"`   // west, south, east, north
	Center []float64 `json:"center,omitempty"` // lon, lat
	Zoom   float64   `json:"zoom,omitempty"`
}

// IsZero reports whether e says nothing: the layout shows all its sites.
func (e Extent) IsZero() bool { return len(e.BBox) == 0 && len(e.Center) == 0 && e.Zoom == 0 }

// Filter chooses the sites of a layout.
type Filter struct {
	Text       string   `json:"q,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Statuses   []string `json:"statuses,omitempty"`
}

// IsZero reports whether f lets every site through.
func (f Filter) IsZero() bool { return f.Text == "" && len(f.Categories) == 0 && len(f.Statuses) == 0 }

// Label modes.
const (
	LabelsNone     = "none"
	LabelsAll      = "all"
	LabelsSelected = "selected"
)

// DefaultDPI is the resolution of a layout that gives none.
const DefaultDPI = 150

// Decode reads a layout file strictly: an unknown member is an error (a
// misspelt "legnd" would otherwise vanish without a word), as is a second
// JSON value after the first.
func Decode(r io.Reader, name string) (Spec, error) {
	var s Spec
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return s, fmt.Errorf("layout %s: byte %d: %v", name, se.Offset, err)
		}
		return s, fmt.Errorf("layout %s: %v", name, err)
	}
	if dec.More() {
		return s, fmt.Errorf("layout %s: more than one JSON value", name)
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("layout %s: %w", name, err)
	}
	return s, nil
}

// Encode writes s as an indented layout file, members in a fixed order.
func Encode(s Spec) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Validate reports the first thing wrong with s, naming the member.
func (s Spec) Validate() error {
	if s.DPI != 0 && (s.DPI < 72 || s.DPI > 600) {
		return fmt.Errorf("dpi %d: use 72 to 600", s.DPI)
	}
	if (s.Width == 0) != (s.Height == 0) {
		return errors.New("width and height: give both or neither")
	}
	if s.Width != 0 && (s.Width < 200 || s.Height < 150 || s.Width > 20000 || s.Height > 20000) {
		return fmt.Errorf("width×height %d×%d: use 200×150 to 20000×20000 pixels", s.Width, s.Height)
	}
	if s.Width == 0 {
		if _, err := PaperSize(s.Paper); err != nil {
			return err
		}
	}
	if w, h := s.PixelSize(); int64(w)*int64(h) > 120_000_000 {
		return fmt.Errorf("page of %d×%d pixels is too large: lower dpi", w, h)
	}
	switch s.Labels {
	case "", LabelsNone, LabelsAll, LabelsSelected:
	default:
		return fmt.Errorf("labels %q: use none, all or selected", s.Labels)
	}
	e := s.Extent
	switch {
	case len(e.BBox) > 0 && (len(e.Center) > 0 || e.Zoom != 0):
		return errors.New("extent: give either bbox or center with zoom, not both")
	case len(e.BBox) > 0:
		b := e.BBox
		if len(b) != 4 {
			return fmt.Errorf("extent.bbox has %d numbers: want west, south, east, north", len(b))
		}
		for i, v := range b {
			if math.IsNaN(v) || math.Abs(v) > 180 || (i%2 == 1 && math.Abs(v) > 90) {
				return fmt.Errorf("extent.bbox[%d] %v is out of range", i, v)
			}
		}
		if b[0] >= b[2] || b[1] >= b[3] {
			return fmt.Errorf("extent.bbox %v: west must be less than east and south less than north", b)
		}
	case len(e.Center) > 0:
		if len(e.Center) != 2 || math.Abs(e.Center[0]) > 180 || math.Abs(e.Center[1]) > 90 {
			return fmt.Errorf("extent.center %v: want lon, lat in degrees", e.Center)
		}
		if e.Zoom < 0 || e.Zoom > 20 || math.IsNaN(e.Zoom) {
			return fmt.Errorf("extent.zoom %v: use 0 (the world) to 20 (a street)", e.Zoom)
		}
	case e.Zoom != 0:
		return errors.New("extent.zoom needs extent.center")
	}
	for _, st := range s.Filter.Statuses {
		if !site.ValidStatus(site.Status(st)) {
			return fmt.Errorf("filter.statuses: %q is not a status", st)
		}
	}
	return nil
}

// PaperSize reads a4, a3 or letter, each optionally "-landscape"; "" is
// a4-landscape, the usual shape of a map figure.
func PaperSize(name string) (pdf.Size, error) {
	if strings.TrimSpace(name) == "" {
		return pdf.A4.Landscape(), nil
	}
	return pdf.PaperSize(name)
}

// dpi is s.DPI or the default.
func (s Spec) dpi() float64 {
	if s.DPI == 0 {
		return DefaultDPI
	}
	return float64(s.DPI)
}

// PageSize is the page in points.
func (s Spec) PageSize() pdf.Size {
	if s.Width > 0 {
		k := 72 / s.dpi()
		return pdf.Size{W: float64(s.Width) * k, H: float64(s.Height) * k}
	}
	p, _ := PaperSize(s.Paper)
	return p
}

// PixelSize is the page in pixels at the layout's resolution.
func (s Spec) PixelSize() (int, int) {
	if s.Width > 0 {
		return s.Width, s.Height
	}
	p := s.PageSize()
	k := s.dpi() / 72
	return int(math.Round(p.W * k)), int(math.Round(p.H * k))
}
