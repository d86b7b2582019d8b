package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/layout"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/store"
)

// renderLayoutFlags are the flags of `siteatlas render` that make a
// publication layout instead of a plain map image.
type renderLayoutFlags struct {
	file, title, subtitle, paper, profile, date, credit *string
	labels                                              *labelsFlag
	dpi                                                 *int
	legend, counts, inset, north, graticule             *bool
}

var layoutFlagNames = []string{"layout", "title", "subtitle", "paper", "dpi", "profile", "date", "credit", "legend", "legend-counts", "labels", "inset", "north-arrow", "graticule"}

func layoutFlags(fs *flag.FlagSet) *renderLayoutFlags {
	lf := &renderLayoutFlags{
		file:      fs.String("layout", "", "draw the map layout described by the JSON `FILE` (title, legend, labels, inset…; see internal/layout/README.md); the flags below override it"),
		title:     fs.String("title", "", "layout: the map's `TITLE`"),
		subtitle:  fs.String("subtitle", "", "layout: a `SUBTITLE` under the title"),
		paper:     fs.String("paper", "", "layout: a4, a4-landscape (default), a3, a3-landscape, letter or letter-landscape; --size WxH gives pixels instead"),
		dpi:       fs.Int("dpi", 0, "layout: resolution in dots per inch, 72 to 600 (default 150)"),
		profile:   fs.String("profile", "", "layout: the export profile: Public (default), Partner or Internal"),
		date:      fs.String("date", "", "layout: the `DATE` printed in the credits, as given"),
		credit:    fs.String("credit", "", "layout: the source credit printed in the credits"),
		legend:    fs.Bool("legend", false, "layout: a legend of the categories and statuses shown"),
		counts:    fs.Bool("legend-counts", false, "layout: how many sites of each in the legend"),
		labels:    new(labelsFlag),
		inset:     fs.Bool("inset", false, "layout: an inset locator map of the region"),
		north:     fs.Bool("north-arrow", false, "layout: a north arrow"),
		graticule: fs.Bool("graticule", false, "layout: meridians and parallels with degree labels"),
	}
	fs.Var(lf.labels, "labels", "layout: name the sites: --labels (all), --labels=selected (the --select ones) or --labels=none")
	return lf
}

// labelsFlag is --labels alone (all sites named) or --labels=MODE.
type labelsFlag string

func (l *labelsFlag) String() string   { return string(*l) }
func (l *labelsFlag) IsBoolFlag() bool { return true }
func (l *labelsFlag) Set(v string) error {
	switch strings.ToLower(v) {
	case "true", layout.LabelsAll:
		*l = layout.LabelsAll
	case "false", layout.LabelsNone:
		*l = layout.LabelsNone
	case layout.LabelsSelected:
		*l = layout.LabelsSelected
	default:
		return fmt.Errorf("use --labels, --labels=selected or --labels=none")
	}
	return nil
}

// wanted reports whether the command line asks for a layout: a layout
// flag, or an SVG or PDF output.
func (lf *renderLayoutFlags) wanted(fs *flag.FlagSet, out string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		for _, n := range layoutFlagNames {
			if f.Name == n {
				set = true
			}
		}
	})
	ext := strings.ToLower(out)
	return set || strings.HasSuffix(ext, ".svg") || strings.HasSuffix(ext, ".pdf")
}

type renderArgs struct {
	db, out, size, bbox, center string
	zoom                        float64
	include                     bool
	selected                    listFlag
	tiles                       fileListFlag
	filter                      filterFlags
}

func runRenderLayout(ctx context.Context, fset *flag.FlagSet, lf *renderLayoutFlags, a renderArgs, stderr io.Writer) error {
	if a.out == "-" {
		return errors.New("a layout is written to a file: give -o map.png, map.svg or map.pdf")
	}
	set := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var spec layout.Spec
	if *lf.file != "" {
		f, err := os.Open(*lf.file)
		if err != nil {
			return err
		}
		spec, err = layout.Decode(f, *lf.file)
		f.Close()
		if err != nil {
			return err
		}
	}
	str := func(name string, dst *string, v string) {
		if set[name] {
			*dst = v
		}
	}
	str("title", &spec.Title, *lf.title)
	str("subtitle", &spec.Subtitle, *lf.subtitle)
	str("paper", &spec.Paper, *lf.paper)
	str("profile", &spec.Profile, *lf.profile)
	str("date", &spec.Date, *lf.date)
	str("credit", &spec.Credit, *lf.credit)
	if set["labels"] {
		spec.Labels = string(*lf.labels)
	}
	if set["dpi"] {
		spec.DPI = *lf.dpi
	}
	flags := []struct {
		name string
		dst  *bool
		v    bool
	}{{"legend", &spec.Legend, *lf.legend}, {"legend-counts", &spec.LegendCounts, *lf.counts}, {"inset", &spec.Inset, *lf.inset},
		{"north-arrow", &spec.NorthArrow, *lf.north}, {"graticule", &spec.Graticule, *lf.graticule}}
	for _, f := range flags {
		if set[f.name] {
			*f.dst = f.v
		}
	}
	if set["paper"] {
		spec.Width, spec.Height = 0, 0
	}
	if set["size"] {
		w, h, err := render.ParseSize(a.size)
		if err != nil {
			return err
		}
		spec.Width, spec.Height = w, h
	}
	switch {
	case set["bbox"] && (set["center"] || set["zoom"]):
		return fmt.Errorf("give either --bbox W,S,E,N or --center LON,LAT with --zoom Z, not both")
	case set["bbox"]:
		b, err := render.ParseBBox(a.bbox)
		if err != nil {
			return err
		}
		spec.Extent = layout.Extent{BBox: []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
	case set["center"] && set["zoom"]:
		c, err := render.ParseCenter(a.center)
		if err != nil {
			return err
		}
		spec.Extent = layout.Extent{Center: []float64{c[0], c[1]}, Zoom: a.zoom}
	case set["center"]:
		return fmt.Errorf("--center needs --zoom Z")
	case set["zoom"]:
		return fmt.Errorf("--zoom needs --center LON,LAT")
	}
	if set["q"] || set["category"] || set["status"] {
		spec.Filter = layout.Filter{Text: a.filter.q, Categories: a.filter.categories, Statuses: a.filter.statuses}
	}
	if len(a.selected) > 0 {
		spec.Selected = a.selected
	}
	if len(a.tiles) > 0 {
		spec.Tiles = a.tiles
	}
	if a.include {
		if set["profile"] && !strings.EqualFold(spec.Profile, share.InternalName) {
			return fmt.Errorf("--include-confidential contradicts --profile %s: use --profile Internal", spec.Profile)
		}
		spec.Profile = share.InternalName
	}
	if err := spec.Validate(); err != nil {
		if *lf.file != "" {
			return fmt.Errorf("layout %s: %w", *lf.file, err)
		}
		return err
	}
	if _, err := os.Stat(a.db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s: give one with --db PATH", a.db)
	}
	st, err := store.Open(a.db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := app.RenderLayout(ctx, st, spec, a.out, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s layout, %d site(s), %.1f kB, profile %s)\n", a.out, strings.ToUpper(sum.Format), sum.Sites, float64(sum.Bytes)/1e3, sum.Profile)
	for _, l := range sum.Redacted.Lines() {
		fmt.Fprintf(stderr, "  %s\n", l)
	}
	return nil
}
