package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/ui"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	db := dbFlag(fs)
	replace := fs.Bool("replace", false, "an updated site becomes the file's record: sources, observations and fields the file does not carry are removed (default: kept)")
	identity := fs.String("identity", "", "decrypt .age files with the age key in `FILE`")
	passFile := fs.String("passphrase-file", "", "decrypt .age files with the passphrase in the first line of `FILE`")
	files, err := parseInterspersed(fs, args)
	if err != nil || len(files) == 0 {
		return errUsage
	}
	for i, f := range files {
		if !strings.EqualFold(filepath.Ext(f), ".age") {
			continue
		}
		pass := ""
		if *passFile != "" {
			if pass, err = readPassphrase(*passFile); err != nil {
				return err
			}
		}
		plain, cleanup, err := app.DecryptToTemp(f, pass, *identity)
		if err != nil {
			return err
		}
		defer cleanup()
		files[i] = plain
	}
	// One pass over the database: a small page cache keeps memory low.
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	// The reader's garbage is most of the heap: collecting at half the
	// usual growth costs no measurable time and keeps the peak ~8 MiB lower.
	debug.SetGCPercent(50)
	// Nothing else uses the store while the command runs.
	rep, err := app.ImportWith(ctx, st, files, store.ImportOptions{Alone: true, Replace: *replace}, nil)
	if err != nil && !errors.Is(err, app.ErrProblems) {
		// The import failed as a whole (disk full, locked, cancelled):
		// the error says why, and no report of what was read applies.
		return fmt.Errorf("%w; nothing was imported", err)
	}
	printImportReport(stdout, stderr, &rep)
	if err != nil {
		return exitError(1)
	}
	return nil
}

func printImportReport(stdout, stderr io.Writer, rep *app.ImportReport) {
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "warning: %v\n", &w)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "error: %v\n", &p)
	}
	if rep.MoreProblems > 0 {
		fmt.Fprintf(stderr, "error: and %d more\n", rep.MoreProblems)
	}
	if rep.OK() {
		fmt.Fprintf(stdout, "imported: %s\n", rep.Summary())
		for _, d := range rep.Details() {
			fmt.Fprintf(stdout, "  %s\n", d)
		}
	} else {
		fmt.Fprintln(stderr, rep.Summary())
	}
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil || len(files) == 0 {
		return errUsage
	}
	bad := false
	for _, path := range files {
		rep, err := app.Check(ctx, path)
		if err != nil {
			return err
		}
		for _, w := range rep.Warnings {
			fmt.Fprintf(stderr, "warning: %v\n", &w)
		}
		for _, p := range rep.Problems {
			fmt.Fprintf(stderr, "error: %v\n", &p)
		}
		if rep.MoreProblems > 0 {
			fmt.Fprintf(stderr, "error: and %d more\n", rep.MoreProblems)
		}
		if rep.OK() {
			fmt.Fprintf(stdout, "%s: ok, %d site(s), %d warning(s)\n", path, rep.Added, len(rep.Warnings))
		} else {
			bad = true
			fmt.Fprintf(stdout, "%s: %d problem(s)\n", path, len(rep.Problems)+rep.MoreProblems)
		}
	}
	if bad {
		return exitError(1)
	}
	return nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	db := dbFlag(fs)
	out := fs.String("o", "-", "write to `FILE` (- for standard output)")
	format := fs.String("format", "", "geojson, csv, kml, gpx or gpkg (default: from the file name, else geojson)")
	confidential := fs.Bool("include-confidential", false, "include confidential sites, sources, observations and notes")
	profile := fs.String("profile", "", "protect the export with a `PROFILE`: Public (positions displaced up to 2 km, sources pseudonymised, notes left out), Partner or Internal (everything); the file is read back for leaks before it is kept")
	var recipients stringList
	fs.Var(&recipients, "encrypt-to", "encrypt with age to this `age1…` public key (repeatable); name the file NAME.geojson.age")
	passFile := fs.String("passphrase-file", "", "encrypt with age to the passphrase in the first line of `FILE`")
	var ff filterFlags
	ff.register(fs)
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		return errUsage
	}
	flt, err := ff.filter()
	if err != nil {
		return err
	}
	opts := app.ExportOptions{Filter: flt, IncludeConfidential: *confidential, Recipients: recipients}
	if opts.Time, err = ff.time(); err != nil {
		return err
	}
	if *profile != "" {
		p, err := app.ProfileByName(*profile)
		if err != nil {
			return err
		}
		if *confidential && !p.IncludeConfidential {
			return fmt.Errorf("--include-confidential contradicts --profile %s, which leaves confidential items out: use --profile Internal", p.Name)
		}
		opts.Profile = &p
	}
	if *passFile != "" {
		if opts.Passphrase, err = readPassphrase(*passFile); err != nil {
			return err
		}
	}
	switch f := strings.ToLower(*format); f {
	case "":
		opts.Format = app.FormatForFile(*out)
	case "geojson", "json":
		opts.Format = geoio.GeoJSON
	case "csv":
		opts.Format = geoio.CSV
	case "kml":
		opts.Format = geoio.KML
	case "gpx":
		opts.Format = geoio.GPX
	case "gpkg", "geopackage":
		opts.Format = geoio.GeoPackage
	default:
		return fmt.Errorf("--format %q: use geojson, csv, kml, gpx or gpkg", *format)
	}
	if opts.Format == geoio.GeoPackage && *out == "-" {
		return errors.New("a GeoPackage is a database file and cannot go to standard output: give one with -o FILE.gpkg")
	}
	// One pass over the database: a small page cache keeps memory low.
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	var rep app.ExportReport
	if *out == "-" {
		rep, err = app.Export(ctx, st, stdout, opts, nil)
	} else {
		rep, err = app.ExportFile(ctx, st, *out, opts, nil)
	}
	if err != nil {
		return err
	}
	switch d := app.LeftOutDescription(rep.LeftOut); {
	case opts.Profile != nil:
		fmt.Fprintf(stderr, "exported %d site(s) with profile %s", rep.Written, opts.Profile.Name)
		if len(rep.Changed) > 0 {
			fmt.Fprintf(stderr, ": %s", strings.Join(rep.Changed, ", "))
		}
		fmt.Fprintf(stderr, "; leak audit: none of %d withheld texts in the file\n", rep.Audited)
	case d != "":
		fmt.Fprintf(stderr, "exported %d site(s); %s (use --include-confidential to include them)\n", rep.Written, d)
	default:
		fmt.Fprintf(stderr, "exported %d site(s)\n", rep.Written)
	}
	return nil
}

func runList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("list", stderr)
	db := dbFlag(fs)
	limit := fs.Int("limit", 0, "at most `N` sites (0: all)")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	var ff filterFlags
	ff.register(fs)
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		return errUsage
	}
	flt, err := ff.filter()
	if err != nil {
		return err
	}
	tf, err := ff.time()
	if err != nil {
		return err
	}
	flt.Limit = *limit
	flt.Order = store.ByName
	// One pass over the database: a small page cache keeps memory low.
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if tf.Active() {
		return listInTime(ctx, st, flt, tf, *asJSON, stdout)
	}
	return st.Summaries(ctx, flt, func(s site.Summary) error {
		if *asJSON {
			var lonlat []float64
			if s.Geometry != nil {
				c := s.Geometry.Bound().Center()
				lonlat = []float64{c[0], c[1]}
			}
			obj := map[string]any{
				"id": s.ID, "name": s.Name, "category": s.Category, "status": s.Status,
				"city": s.City, "center": lonlat, "confidential": s.Confidential,
			}
			figuresJSON(obj, s.Geometry)
			return enc.Encode(obj)
		}
		where := "unplaced"
		if s.Geometry != nil {
			c := s.Geometry.Bound().Center()
			where = fmt.Sprintf("%.5f,%.5f", c[1], c[0])
		}
		_, err := fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", terminalText(s.ID), terminalText(s.Name), terminalText(s.Category),
			terminalText(string(s.Status)), terminalText(s.City), where)
		return err
	})
}

// runWindow opens the window on --db PATH, else on the last database used,
// else on the default one.
func runWindow(args []string, stderr io.Writer) int {
	fs := newFlags("siteatlas", stderr)
	db := fs.String("db", "", "the database `PATH`")
	open, err := parseInterspersed(fs, args)
	if err != nil {
		usage(stderr)
		return 2
	}
	for i, p := range open {
		if u, err := url.Parse(p); err == nil && u.Scheme == "file" {
			open[i] = u.Path
		}
	}
	if *db == "" {
		*db = os.Getenv("SITEATLAS_DB")
	}
	if err := ui.Run(*db, open); err != nil {
		fmt.Fprintf(stderr, "siteatlas: %v\n", err)
		return 1
	}
	return 0
}

// terminalText escapes the control characters of a value printed in a
// tab-separated line: a name holding ESC sequences or a tab must neither
// drive the terminal nor shift the columns.
func terminalText(v string) string {
	if !strings.ContainsFunc(v, unicode.IsControl) {
		return v
	}
	var b strings.Builder
	for _, r := range v {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
