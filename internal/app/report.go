package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/siteatlas/siteatlas/internal/leakaudit"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/report"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// ReportOptions says which sites go into a PDF report and how it looks.
type ReportOptions struct {
	Filter store.Filter
	// Profile is the export profile applied to the sites; the zero value
	// means the built-in "Public". Use share.Builtin("Internal") to
	// include confidential data.
	Profile share.Profile
	Title   string
	Author  string
	// Date is printed on the title page as given; "" prints today's date.
	Date  string
	Paper pdf.Size // zero: A4 portrait
	// NoMaps leaves out the overview and locator maps.
	NoMaps bool
}

// ReportSummary says what a report holds and what its profile changed.
type ReportSummary struct {
	Sites    int // sites in the report
	Pages    int
	Bytes    int64
	Photos   int // thumbnails embedded
	Profile  string
	Redacted share.Report
	// Skipped are withheld texts the audit did not search for, and why.
	Skipped []leakaudit.Skipped
}

// ErrReportLeak is wrapped by the error of a report the leak audit
// stopped: the report was not written.
var ErrReportLeak = errors.New("the report would show what its export profile withholds")

// reportLeakHook, when set (by tests), draws on the laid-out report before
// it is audited, to prove that the audit catches what slipped through.
var reportLeakHook func(d *pdf.Document)

// WriteReport writes the PDF report of the sites matching opts.Filter to
// path, through opts.Profile. The file appears only when the whole report
// was written and the leak audit found none of the texts the profile
// withholds in what the report shows: the text of every page (searched as
// laid out, so that a line break cannot hide a secret), the outline, the
// links, the document information and the raw bytes.
func WriteReport(ctx context.Context, st *store.Store, path string, opts ReportOptions, progress Progress) (ReportSummary, error) {
	var sum ReportSummary
	p := opts.Profile
	if p.Name == "" {
		p = share.Public()
	}
	sum.Profile = p.Name
	if err := checkReportTarget(path, st.Path()); err != nil {
		return sum, err
	}
	salt, err := st.ExportSalt(ctx)
	if err != nil {
		return sum, err
	}
	x, err := share.NewSession(p, share.Env{Salt: salt})
	if err != nil {
		return sum, fmt.Errorf("report: %w", err)
	}
	x.CollectSecrets()

	sites, err := reportSites(ctx, st, opts.Filter, x)
	if err != nil {
		return sum, err
	}
	sum.Sites = len(sites)
	sum.Redacted = x.Report()
	if err := sum.Redacted.Err; err != nil {
		return sum, fmt.Errorf("report: %w", err)
	}
	secrets, skipped := x.Secrets()
	sum.Skipped = skipped

	date := opts.Date
	if date == "" {
		date = time.Now().Format("2 January 2006")
	}
	var laidOut strings.Builder
	ro := report.Options{
		Title:       opts.Title,
		Author:      opts.Author,
		Date:        date,
		ProfileName: p.Name,
		Paper:       opts.Paper,
		Text: func(s string) {
			laidOut.WriteString(s)
			laidOut.WriteByte('\n')
		},
	}
	if ro.Paper == (pdf.Size{}) {
		ro.Paper = pdf.A4
	}
	// Maps and photos are made when the report reaches each site and
	// dropped after, so a hundred sites with photos do not sit decoded in
	// memory at once. Their errors come back through these.
	var lazyErr error
	done := int64(0)
	total := int64(len(sites))
	step := func() {
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	if !opts.NoMaps && len(sites) > 0 {
		maps, err := newReportMaps(sites)
		if err != nil {
			return sum, err
		}
		ro.OverviewMap = maps.overview(ro.Paper)
		ro.LocatorMap = maps.locator
	}
	// Called once per site, at the end of its section.
	ro.Thumbnails = func(s site.Site) []image.Image {
		step()
		if err := ctx.Err(); err != nil && lazyErr == nil {
			lazyErr = err
		}
		imgs, n, err := reportThumbnails(ctx, st, s)
		if err != nil && lazyErr == nil {
			lazyErr = err
		}
		sum.Photos += n
		return imgs
	}

	doc, err := report.Build(sites, ro)
	if err != nil {
		return sum, err
	}
	if lazyErr != nil {
		return sum, fmt.Errorf("report: %w", lazyErr)
	}
	if reportLeakHook != nil {
		reportLeakHook(doc)
	}
	sum.Pages = len(doc.Pages())
	// The audit reads what the reader will see before a byte is written.
	if err := auditReportText(secrets, laidOut.String()+doc.Text()); err != nil {
		return sum, err
	}
	err = writeAtomically(path, func(f *os.File) error {
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := doc.Write(bw); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		fi, err := f.Stat()
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		sum.Bytes = fi.Size()
		// And the bytes as written, for anything outside the streams
		// (names, links and outline entries the writer encodes itself).
		return auditReportFile(secrets, f, fi.Size())
	})
	return sum, err
}

// reportSites reads the sites of filter in the order they were added and
// applies the session's profile to each; the sites it leaves out are gone.
func reportSites(ctx context.Context, st *store.Store, filter store.Filter, x *share.Session) ([]site.Site, error) {
	filter.Order = store.ByRow
	var out []site.Site
	err := st.Query(ctx, filter, func(s site.Site) error {
		if t, ok := x.Apply(s); ok {
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return out, nil
}

// auditReportText searches the report's text for the withheld texts.
func auditReportText(secrets *leakaudit.Secrets, text string) error {
	if secrets == nil {
		return nil
	}
	found, err := secrets.Scan(strings.NewReader(text), int64(len(text)), leakaudit.Text)
	return leakError(found, err, "the report's text")
}

func auditReportFile(secrets *leakaudit.Secrets, f *os.File, size int64) error {
	if secrets == nil {
		return nil
	}
	found, err := secrets.Scan(f, size, leakaudit.Text)
	return leakError(found, err, "the PDF file")
}

// leakError names the fields found, never their text (the message must not
// become the leak).
func leakError(found []leakaudit.Finding, err error, where string) error {
	return auditError("report", ErrReportLeak, found, err, where)
}

// auditError is what a read-back audit of what (a report, a layout) found
// in where: nil, or an error wrapping leak that names the withheld fields,
// never their text.
func auditError(what string, leak error, found []leakaudit.Finding, err error, where string) error {
	if err != nil {
		return fmt.Errorf("%s: %w: %s could not be audited: %v; nothing was written", what, leak, where, err)
	}
	if len(found) == 0 {
		return nil
	}
	var fields []string
	seen := map[string]bool{}
	for _, f := range found {
		if !seen[f.Field] {
			seen[f.Field] = true
			fields = append(fields, f.Field)
		}
	}
	return fmt.Errorf("%s: %w: %s holds the withheld %s (%d occurrence(s)); nothing was written", what, leak, where, strings.Join(fields, ", "), len(found))
}

// checkReportTarget refuses to write the report over the database itself.
func checkReportTarget(path, dbPath string) error {
	if path == "" {
		return errors.New("report: no output file given")
	}
	a, err1 := filepath.Abs(path)
	b, err2 := filepath.Abs(dbPath)
	if err1 == nil && err2 == nil && a == b {
		return fmt.Errorf("report: %s is the database itself: choose another file name", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("report: %s is a folder: give a file name such as report.pdf", path)
	}
	return nil
}
