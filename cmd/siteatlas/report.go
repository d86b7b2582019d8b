package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/store"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := newFlags("report", stderr)
	db := dbFlag(fset)
	out := fset.String("o", "", "write the PDF to `FILE`")
	profile := fset.String("profile", share.PublicName, "the export profile: Public (default), Partner or Internal (includes confidential data)")
	title := fset.String("title", "", "the report's `TITLE` (default \"Site report\")")
	author := fset.String("author", "", "the `AUTHOR` printed on the title page")
	date := fset.String("date", "", "the `DATE` printed on the title page, as given (default: today)")
	paper := fset.String("paper", "a4", "paper size: a4, a4-landscape, a3, a3-landscape, letter or letter-landscape")
	noMaps := fset.Bool("no-maps", false, "leave out the overview and locator maps")
	var ff filterFlags
	ff.register(fset)
	if rest, err := parseInterspersed(fset, args); err != nil || len(rest) > 0 || *out == "" {
		return errUsage
	}
	p, ok := share.Builtin(*profile)
	if !ok {
		return fmt.Errorf("--profile %q: use Public, Partner or Internal", *profile)
	}
	size, err := parsePaper(*paper)
	if err != nil {
		return err
	}
	flt, err := ff.filter()
	if err != nil {
		return err
	}
	// A report reads a database; it never creates an empty one.
	if _, err := os.Stat(*db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s: give one with --db PATH", *db)
	}
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := app.WriteReport(ctx, st, *out, app.ReportOptions{
		Filter: flt, Profile: p, Title: *title, Author: *author, Date: *date, Paper: size, NoMaps: *noMaps,
	}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %d site(s), %d page(s), %d photo(s), %.1f MB, profile %s\n",
		*out, sum.Sites, sum.Pages, sum.Photos, float64(sum.Bytes)/1e6, sum.Profile)
	for _, l := range sum.Redacted.Lines() {
		fmt.Fprintf(stderr, "  %s\n", l)
	}
	return nil
}

// parsePaper reads a4, a3 or letter, each optionally "-landscape".
func parsePaper(s string) (pdf.Size, error) {
	size, err := pdf.PaperSize(s)
	if err != nil {
		return size, fmt.Errorf("--%w", err)
	}
	return size, nil
}
