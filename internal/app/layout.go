package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/layout"
	"github.com/siteatlas/siteatlas/internal/leakaudit"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// LayoutSummary says what a map layout shows and what its profile changed.
type LayoutSummary struct {
	Format   string // png, svg or pdf
	Sites    int    // sites the profile let onto the map (in the filter, anywhere)
	Bytes    int64
	Profile  string
	Redacted share.Report
	// Skipped are withheld texts the audit did not search for, and why.
	Skipped []leakaudit.Skipped
}

// ErrLayoutLeak is wrapped by the error of a map layout the leak audit
// stopped: nothing was written.
var ErrLayoutLeak = errors.New("the map would show what its export profile withholds")

// layoutLeakHook, when set (by tests), changes the composed sheet before
// it is audited, to prove that the audit catches what slipped through.
var layoutLeakHook func(sh *layout.Sheet)

// RenderLayout writes the map layout spec to path as PNG, SVG or PDF (by
// path's extension), through the export profile spec.Profile (Public when
// empty): the map, its labels and its legend show the sites as the profile
// writes them, so a confidential site is not drawn and positions are no
// finer than the profile allows. The file appears only when it was written
// whole and the leak audit found none of the withheld texts in what the
// layout shows: every text drawn (title, labels, legend, credits), the
// PDF's text objects and information, and the bytes of an SVG or PDF as
// written. progress, when set, hears the steps (read, compose, write).
func RenderLayout(ctx context.Context, st *store.Store, spec layout.Spec, path string, progress Progress) (LayoutSummary, error) {
	var sum LayoutSummary
	step := func(n int64) {
		if progress != nil {
			progress(n, 3)
		}
	}
	if err := spec.Validate(); err != nil {
		return sum, fmt.Errorf("layout: %w", err)
	}
	format, err := layout.FormatFor(path)
	if err != nil {
		return sum, err
	}
	sum.Format = format
	if err := checkReportTarget(path, st.Path()); err != nil {
		return sum, errors.New(strings.Replace(err.Error(), "report", "layout", 1))
	}
	p := share.Public()
	if spec.Profile != "" {
		if p, err = ProfileByName(spec.Profile); err != nil {
			return sum, fmt.Errorf("layout: %w", err)
		}
	}
	sum.Profile = p.Name
	salt, err := st.ExportSalt(ctx)
	if err != nil {
		return sum, err
	}
	x, err := share.NewSession(p, share.Env{Salt: salt})
	if err != nil {
		return sum, fmt.Errorf("layout: %w", err)
	}
	x.CollectSecrets()
	step(0)

	filter := store.Filter{Text: spec.Filter.Text, Categories: spec.Filter.Categories}
	for _, s := range spec.Filter.Statuses {
		filter.Statuses = append(filter.Statuses, site.Status(s))
	}
	sites, err := reportSites(ctx, st, filter, x)
	if err != nil {
		return sum, errors.New(strings.Replace(err.Error(), "report", "layout", 1))
	}
	sum.Sites = len(sites)
	sum.Redacted = x.Report()
	if err := sum.Redacted.Err; err != nil {
		return sum, fmt.Errorf("layout: %w", err)
	}
	secrets, skipped := x.Secrets()
	sum.Skipped = skipped
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	step(1)

	in, err := layoutInput(spec, sites)
	if err != nil {
		return sum, err
	}
	in.ProfileNote = share.DescribeText(p)
	layers, closeTiles, err := openLayoutTiles(spec.Tiles)
	if err != nil {
		return sum, err
	}
	defer closeTiles()
	in.Layers = layers
	sheet, err := layout.Compose(in)
	if err != nil {
		return sum, err
	}
	if layoutLeakHook != nil {
		layoutLeakHook(sheet)
	}
	// What the reader sees is audited before a byte is written.
	shown := strings.Join(sheet.Texts(), "\n")
	var doc *pdf.Document
	if format == layout.PDF {
		if doc, err = sheet.Document(); err != nil {
			return sum, err
		}
		shown += "\n" + doc.Text()
	}
	if err := layoutLeak(secrets, shown, "the map's text"); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	step(2)
	err = writeAtomically(path, func(f *os.File) error {
		bw := bufio.NewWriterSize(f, 1<<20)
		write := func() error { return sheet.Write(bw, format) }
		if doc != nil {
			write = func() error { return doc.Write(bw) }
		}
		if err := write(); err != nil {
			return fmt.Errorf("layout: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("layout: %w", err)
		}
		fi, err := f.Stat()
		if err != nil {
			return fmt.Errorf("layout: %w", err)
		}
		sum.Bytes = fi.Size()
		if format == layout.PNG || secrets == nil {
			return nil // a PNG holds pixels: its text was audited above
		}
		// The text as written (SVG's escaped text, PDF's own names).
		if _, err := f.Seek(0, 0); err != nil {
			return fmt.Errorf("layout: %w", err)
		}
		found, err := secrets.Scan(f, fi.Size(), leakaudit.Text)
		return layoutLeakError(found, err, "the "+strings.ToUpper(format)+" file")
	})
	if err != nil {
		return sum, err
	}
	step(3)
	return sum, nil
}

// layoutInput builds the map of the sites as the profile wrote them: the
// stored index would show confidential sites and exact positions.
func layoutInput(spec layout.Spec, sites []site.Site) (layout.Input, error) {
	in := layout.Input{Spec: spec, Sites: make(map[int64]layout.SiteInfo, len(sites))}
	world, err := basemap.Load()
	if err != nil {
		return in, fmt.Errorf("layout: basemap: %w", err)
	}
	selected := map[string]bool{}
	for _, id := range spec.Selected {
		selected[id] = true
	}
	ib := render.NewIndexBuilder()
	for i, s := range sites {
		row := int64(i + 1)
		in.Sites[row] = layout.SiteInfo{Name: s.Name, Category: s.Category, Status: s.Status}
		ib.Add(site.Summary{Row: row, ID: s.ID, Name: s.Name, Category: s.Category, Status: s.Status,
			City: s.City, Geometry: s.Geometry, Precision: s.Precision, Confidential: s.Confidential})
		if selected[s.ID] {
			in.Selected = append(in.Selected, row)
		}
		if s.Geometry == nil {
			continue
		}
		if !in.HasBound {
			in.Bound, in.HasBound = s.Geometry.Bound(), true
		} else {
			in.Bound = in.Bound.Union(s.Geometry.Bound())
		}
	}
	m, err := render.NewMap(world, ib.Build(), assets.LabelFont)
	if err != nil {
		return in, fmt.Errorf("layout: map: %w", err)
	}
	in.Map = m
	return in, nil
}

func openLayoutTiles(paths []string) ([]render.Layer, func(), error) {
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
			return nil, func() {}, fmt.Errorf("layout: tiles: %w", err)
		}
		srcs = append(srcs, src)
		layers = append(layers, tiles.NewLayer(src, tiles.LayerOptions{}))
	}
	return layers, closeAll, nil
}

func layoutLeak(secrets *leakaudit.Secrets, text, where string) error {
	if secrets == nil {
		return nil
	}
	found, err := secrets.Scan(strings.NewReader(text), int64(len(text)), leakaudit.Text)
	return layoutLeakError(found, err, where)
}

// layoutLeakError is leakError for a layout.
func layoutLeakError(found []leakaudit.Finding, err error, where string) error {
	return auditError("layout", ErrLayoutLeak, found, err, where)
}
