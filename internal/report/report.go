// Package report lays out the PDF report of sites and their evidence: a
// title page, a contents list with links, the overview map, one section per
// site (names, fields, location in DD and DMS, locator map, sources with
// their grades, the dated timeline, photos) and a table of all sources with
// the sites that cite each. Pages are numbered and bookmarked.
//
// The report prints every field it is given: apply the export profile
// (redaction, generalisation) to the sites and strip photo metadata before
// calling Write. The same input gives the same bytes.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Options describe the report. Everything but the sites is optional.
type Options struct {
	Title       string
	Author      string
	Date        string // as it should be printed; the report never reads the clock
	ProfileName string // the export profile applied, e.g. "Public"
	Paper       pdf.Size
	OverviewMap image.Image
	LocatorMap  func(site.Site) image.Image
	// Thumbnails returns the photos to show for a site; wrap JPEG bytes
	// with JPEG to embed them without re-encoding.
	Thumbnails func(site.Site) []image.Image
	// Text, when set, hears every text the report lays out, whole, before
	// it is wrapped into lines: a leak audit searches these (and the
	// document's Text, which has the lines as drawn) for what the export
	// profile withheld, which a line break would otherwise split.
	Text func(string)
}

// jpegImage is a decoded JPEG that remembers its bytes, so the report can
// pass them through (DCTDecode) instead of re-encoding.
type jpegImage struct {
	image.Image
	data []byte
}

// JPEG wraps JPEG bytes as an image.Image that the report embeds as they
// are. Strip metadata (EXIF, XMP, comments) first: the bytes go in whole.
func JPEG(data []byte) (image.Image, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("report: thumbnail JPEG: %w", err)
	}
	return &jpegImage{img, data}, nil
}

// Write writes the report of sites to w.
func Write(w io.Writer, sites []site.Site, opts Options) error {
	d, err := Build(sites, opts)
	if err != nil {
		return err
	}
	return d.Write(w)
}

// Build lays the report out as a document, for callers that add to it.
func Build(sites []site.Site, opts Options) (*pdf.Document, error) {
	if opts.Title == "" {
		opts.Title = "Site report"
	}
	if opts.Paper == (pdf.Size{}) {
		opts.Paper = pdf.A4
	}
	if opts.Paper.W < 300 || opts.Paper.H < 300 {
		return nil, fmt.Errorf("report: paper %.0f×%.0f pt is too small for a report (minimum 300×300)", opts.Paper.W, opts.Paper.H)
	}
	d := pdf.New(pdf.Info{Title: opts.Title, Author: opts.Author, Creator: "Site Atlas"})
	for _, font := range [][]byte{assets.LabelFontLatin, assets.LabelFont} {
		if _, err := d.AddFont(font); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	r := &builder{flow: flow{doc: d, heard: opts.Text, size: opts.Paper}, opts: opts, sites: sites}
	r.sources = collectSources(sites)
	r.titlePage()
	contents := r.reserveContents()
	if opts.OverviewMap != nil {
		if err := r.overview(); err != nil {
			return nil, err
		}
	}
	for i := range sites {
		if err := r.siteSection(i); err != nil {
			return nil, fmt.Errorf("report: site %d (%s): %w", i+1, sites[i].Name, err)
		}
	}
	if len(r.sources) > 0 {
		r.sourceTable()
	}
	if err := r.fillContents(contents); err != nil {
		return nil, err
	}
	r.footers()
	return d, nil
}

// entry is one line of the contents: a heading and where it is.
type entry struct {
	title string
	level int
	page  *pdf.Page
	y     float64
}

type builder struct {
	flow
	opts    Options
	sites   []site.Site
	sources []sourceRef
	entries []entry
}

// mark records a heading for the contents and the outline.
func (r *builder) mark(title string, level int) {
	r.entries = append(r.entries, entry{title, level, r.page, r.y})
}

func (r *builder) titlePage() {
	r.newPage()
	r.y = r.size.H * 0.28
	r.para(r.opts.Title, 26, accent, 0)
	r.y += 12
	if r.opts.Author != "" {
		r.para(r.opts.Author, 13, ink, 0)
	}
	if r.opts.Date != "" {
		r.para(r.opts.Date, 13, ink, 0)
	}
	r.y += 18
	r.hr()
	if r.opts.ProfileName != "" {
		r.field("Export profile", r.opts.ProfileName)
	}
	var obs, photos int
	status := map[site.Status]int{}
	cats := map[string]int{}
	var catOrder []string
	for _, s := range r.sites {
		obs += len(s.Observations)
		photos += len(s.Attachments)
		status[s.Status]++
		if cats[s.Category] == 0 {
			catOrder = append(catOrder, s.Category)
		}
		cats[s.Category]++
	}
	r.field("Sites", fmt.Sprint(len(r.sites)))
	r.field("Sources", fmt.Sprint(len(r.sources)))
	r.field("Observations", fmt.Sprint(obs))
	r.field("Attachments", fmt.Sprint(photos))
	var st string
	for _, s := range append(site.Statuses, "") {
		if n := status[s]; n > 0 {
			st += fmt.Sprintf("%s %d · ", orDash(string(s)), n)
		}
	}
	r.field("By status", trimSep(st))
	var ct string
	for _, c := range catOrder {
		ct += fmt.Sprintf("%s %d · ", orDash(label(c)), cats[c])
	}
	r.field("By category", trimSep(ct))
}

func (r *builder) overview() error {
	r.newPage()
	r.mark("Overview map", 0)
	r.heading("Overview map", 16)
	m := r.opts.OverviewMap
	w, h := fit(m.Bounds().Dx(), m.Bounds().Dy(), r.width(), r.bottom()-r.y)
	img, err := embed(r.doc, m, w, h)
	if err != nil {
		return fmt.Errorf("report: overview map: %w", err)
	}
	r.page.Image(img, pdf.Rect{X: r.left(), Y: r.y, W: w, H: h})
	r.page.Rect(pdf.Rect{X: r.left(), Y: r.y, W: w, H: h}, pdf.Style{Stroke: &rule, LineWidth: 0.5})
	r.y += h
	return nil
}

// contentsLayout is where the contents go: reserved pages, filled at the
// end when every heading's page is known.
type contentsLayout struct {
	pages []*pdf.Page
	per   int
}

func (r *builder) entryCount() int {
	n := len(r.sites)
	if r.opts.OverviewMap != nil {
		n++
	}
	if len(r.sources) > 0 {
		n++
	}
	if len(r.sites) > 0 {
		n++ // the "Sites" group
	}
	return n
}

func (r *builder) reserveContents() contentsLayout {
	lh := bodySize * lineGap * 1.3
	first := (r.bottom() - margin - 40) / lh
	per := int(first)
	c := contentsLayout{per: per}
	for n := r.entryCount(); len(c.pages) == 0 || n > 0; n -= per {
		c.pages = append(c.pages, r.newPage())
	}
	return c
}

func (r *builder) fillContents(c contentsLayout) error {
	lh := bodySize * lineGap * 1.3
	if len(r.entries) > len(c.pages)*c.per {
		return errors.New("report: internal error: contents overflow their reserved pages")
	}
	d := r.doc
	for i, e := range r.entries {
		p := c.pages[i/c.per]
		y := margin + 40 + float64(i%c.per)*lh
		if i%c.per == 0 {
			p.Text(r.left(), margin+18, pdf.TextStyle{Size: 16, Color: accent}, "Contents")
		}
		indent := 14 * float64(e.level)
		num := fmt.Sprint(e.page.Number())
		nw := d.Width(num, bodySize)
		title := truncate(d, e.title, bodySize, r.width()-indent-nw-24)
		p.Text(r.left()+indent, y, pdf.TextStyle{Size: bodySize, Color: ink}, title)
		p.Text(r.right()-nw, y, pdf.TextStyle{Size: bodySize, Color: ink}, num)
		// Dotted leader between the title and the page number.
		tw := d.Width(title, bodySize)
		if x0, x1 := r.left()+indent+tw+6, r.right()-nw-6; x1 > x0 {
			p.Path([]pdf.Point{{X: x0, Y: y}, {X: x1, Y: y}}, false, pdf.Style{Stroke: &rule, LineWidth: 0.6, Dash: []float64{0.6, 2.4}})
		}
		if err := p.LinkPage(pdf.Rect{X: r.left(), Y: y - bodySize, W: r.width(), H: lh}, e.page, e.y); err != nil {
			return err
		}
		d.AddOutline(e.title, e.level, e.page, e.y)
	}
	return nil
}

func (r *builder) footers() {
	pages := r.doc.Pages()
	for _, p := range pages {
		y := r.size.H - margin + 6
		st := pdf.TextStyle{Size: smallSize, Color: muted}
		n := fmt.Sprintf("Page %d of %d", p.Number(), len(pages))
		nw := r.doc.Width(n, smallSize)
		p.Text(r.right()-nw, y, st, n)
		p.Text(r.left(), y, st, truncate(r.doc, r.opts.Title, smallSize, r.width()-nw-20))
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func trimSep(s string) string {
	if len(s) >= len(" · ") {
		return s[:len(s)-len(" · ")]
	}
	return s
}
