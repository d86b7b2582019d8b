package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

// newFlags returns a flag set that reports errors to stderr and does not exit.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("import a.geojson --db x.db"), which flag.Parse
// alone does not allow, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		args = fs.Args()
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// listFlag collects a flag given several times or with commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// bboxFlag parses W,S,E,N in degrees.
type bboxFlag struct{ b *orb.Bound }

func (f *bboxFlag) String() string {
	if f.b == nil {
		return ""
	}
	return fmt.Sprintf("%g,%g,%g,%g", f.b.Min[0], f.b.Min[1], f.b.Max[0], f.b.Max[1])
}

func (f *bboxFlag) Set(v string) error {
	b, err := parseBBox(v)
	if err != nil {
		return err
	}
	f.b = &b
	return nil
}

// parseBBox parses W,S,E,N for a filter, which cannot cross the antimeridian.
func parseBBox(v string) (orb.Bound, error) {
	b, err := render.ParseBBox(v)
	if err == nil && b.Min[0] > b.Max[0] {
		err = fmt.Errorf("bbox %q: west must be less than east (a filter cannot cross the antimeridian)", v)
	}
	return b, err
}

// filterFlags are the filters export, list and render share.
type filterFlags struct {
	bbox       bboxFlag
	q          string
	categories listFlag
	statuses   listFlag
	// from, until and asOf are the time filter (issue 14), read by time().
	from, until, asOf string
}

func (f *filterFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.bbox, "bbox", "only sites within `W,S,E,N` (degrees)")
	fs.StringVar(&f.q, "q", "", "only sites whose text matches (full-text search)")
	fs.Var(&f.categories, "category", "only sites of this category (repeatable)")
	fs.Var(&f.statuses, "status", "only sites with this status (repeatable)")
	fs.StringVar(&f.from, "from", "", "only sites with evidence (first/last reported, observations) from `DATE` on (2017, 2017-05, 2017-05-14, May 2017…)")
	fs.StringVar(&f.until, "until", "", "only sites with evidence up to the end of `DATE`")
	fs.StringVar(&f.asOf, "as-of", "", "only sites reported by the end of `DATE`, with their status then")
}

// time returns the time filter of --from, --until and --as-of.
func (f *filterFlags) time() (app.TimeFilter, error) {
	tf, err := app.ParseTimeFilter(f.from, f.until, f.asOf)
	if err != nil {
		return tf, err
	}
	_, r, err := timeline.SearchTerms(f.q)
	if err != nil {
		return tf, err
	}
	if tf.Range = tf.Range.Intersect(r); tf.Range.Empty() {
		return tf, fmt.Errorf("the dates asked for leave no day: %s", tf.Range)
	}
	return tf, nil
}

func (f *filterFlags) filter() (store.Filter, error) {
	// reported:/after:/before: in the text are time terms (time() reads
	// them); the rest goes to the full-text index.
	text, _, err := timeline.SearchTerms(f.q)
	if err != nil {
		return store.Filter{}, err
	}
	flt := store.Filter{BBox: f.bbox.b, Text: text, Categories: f.categories}
	for _, s := range f.statuses {
		if !site.ValidStatus(site.Status(s)) {
			return flt, fmt.Errorf("--status %q: use one of reported, confirmed, suspected, closed, unknown", s)
		}
		flt.Statuses = append(flt.Statuses, site.Status(s))
	}
	return flt, nil
}

// dbFlag registers --db and returns where the database path lands.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", app.DefaultDBPath(), "the database `PATH`")
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// readPassphrase is the first line of a file: a passphrase never goes on
// the command line, where other users' ps and the shell history see it.
func readPassphrase(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("passphrase file %s: the first line is empty", path)
	}
	return line, nil
}
