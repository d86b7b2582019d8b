// Package app holds the use cases the window and the command line share:
// importing and exporting files with progress and cancel, and the sample
// project. It knows nothing of Fyne.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/store"
)

// MaxProblems is how many problems an import lists before it says "and N more".
const MaxProblems = 100

// ImportReport says what an import did, or why it did nothing.
type ImportReport struct {
	Added, Updated int
	// Unchanged counts the sites the files held as they are stored: they
	// were not written.
	Unchanged int
	// Changed counts, per field name (site.Fields.Names; "extra" for other
	// properties), the updated sites whose field changed.
	Changed map[string]int
	// Kept counts, per field name, the updated sites that kept a stored
	// value the file did not carry; KeptSources and KeptObservations the
	// stored children the file did not mention, which stay.
	Kept                          map[string]int
	KeptSources, KeptObservations int
	// MadePublic names the sites the files made non-confidential (they
	// said "confidential": false of a confidential site).
	MadePublic []string
	Warnings   []geoio.Problem
	// Problems are the first MaxProblems reasons the import was refused;
	// MoreProblems counts the rest. When there is any, nothing was written.
	Problems     []geoio.Problem
	MoreProblems int
}

// OK reports whether the import was written.
func (r *ImportReport) OK() bool { return len(r.Problems) == 0 }

// ErrProblems is returned when the files hold problems; the report lists them.
var ErrProblems = errors.New("the files have problems; nothing was imported")

// Progress reports how far a job has come: done out of total units (bytes
// for imports, sites for exports). total may be 0 when unknown. It may be
// called from another goroutine than the job's (the GeoJSON reader reads
// ahead in its own), but never after the job has returned.
type Progress func(done, total int64)

// Import reads every file and writes all of their sites in one transaction:
// either all of them land or, on any problem, cancel or error, none does and
// the database is as it was. It keeps reading after a problem, so that the
// report can list up to MaxProblems of them at once.
func Import(ctx context.Context, st *store.Store, paths []string, progress Progress) (rep ImportReport, err error) {
	return ImportWith(ctx, st, paths, store.ImportOptions{}, progress)
}

// ImportWith is Import with the store's options: the command line says it is
// the database's only user (store.ImportOptions.Alone).
func ImportWith(ctx context.Context, st *store.Store, paths []string, opts store.ImportOptions, progress Progress) (rep ImportReport, err error) {
	if len(paths) == 0 {
		return rep, errors.New("no file to import")
	}
	var total int64
	names := make([]string, len(paths))
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return rep, fmt.Errorf("import: %w", err)
		}
		if fi.IsDir() {
			return rep, fmt.Errorf("import: %s is a folder, not a file", p)
		}
		total += fi.Size()
		names[i] = filepath.Base(p)
	}
	label := "Import " + strings.Join(names, ", ")
	rep, err = importOnce(ctx, st, paths, label, total, opts, progress)
	if errors.Is(err, store.ErrDuplicateIDs) {
		// A bulk load found a repeated id only at the end, with nothing
		// written. Row by row the reader names both features (or, across
		// files, the later one updates the earlier), as always.
		opts.RowByRow = true
		rep, err = importOnce(ctx, st, paths, label, total, opts, progress)
	}
	return rep, err
}

func importOnce(ctx context.Context, st *store.Store, paths []string, label string, total int64, opts store.ImportOptions, progress Progress) (rep ImportReport, err error) {
	imp, err := st.BeginImportWith(ctx, label, opts)
	if err != nil {
		return rep, err
	}
	committed := false
	defer func() {
		if !committed {
			imp.Rollback()
			// Nothing was written: a refused or cancelled import must
			// not report the sites it had put before it stopped.
			rep.forgetWrites()
		}
	}()
	var done int64
	for _, p := range paths {
		base := done // the callback runs on the reader's goroutine
		n, err := importFile(ctx, imp, p, &rep, func(fileDone int64) {
			if progress != nil {
				progress(base+fileDone, total)
			}
		})
		done += n
		if err != nil {
			return rep, err
		}
	}
	if !rep.OK() {
		return rep, ErrProblems
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	// Reading is over: hand the reader's garbage back to the system before
	// SQLite builds the indexes, rather than holding both at the peak.
	debug.FreeOSMemory()
	if err := imp.Commit(); err != nil {
		if errors.Is(err, store.ErrDuplicateIDs) {
			return rep, err
		}
		return rep, fmt.Errorf("import: %w", err)
	}
	committed = true
	return rep, nil
}

func importFile(ctx context.Context, imp *store.Import, path string, rep *ImportReport, progress func(int64)) (int64, error) {
	// A bulk load's ID index refuses repeated site IDs at Commit, so the
	// reader need not remember every UUID it has seen.
	opts := geoio.ReaderOptions{UUIDsCheckedByCaller: imp.Bulk()}
	return scanFile(ctx, path, opts, rep, progress, func(item geoio.Item) {
		if !rep.OK() {
			return // keep validating, write nothing more
		}
		res, err := imp.PutCarried(item.Site, item.Carried)
		switch {
		case err != nil:
			rep.addProblem(geoio.Problem{File: path, Where: where(path, item.Index), Message: err.Error()})
		case res.Added:
			rep.Added++
		case res.Replaced:
			rep.Updated++
		case res.Merged.Unchanged():
			rep.Unchanged++
		default:
			rep.Updated++
			rep.countMerge(res.Name, res.Merged)
		}
	})
}

// scanFile reads one file, recording its problems and warnings in rep and
// handing each good item to use. It returns the bytes read.
func scanFile(ctx context.Context, path string, opts geoio.ReaderOptions, rep *ImportReport, progress func(int64), use func(geoio.Item)) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if size, ok := byPathSize(path, f); ok {
		return scanByPath(ctx, path, size, opts, rep, progress, use)
	}
	cr := &countingReader{r: f, report: progress}
	// The GeoJSON reader reads ahead on its own goroutine, which may still
	// be in a Read when a cancel or a fatal problem ends this function:
	// stop first, so that no Read touches the closed file and no progress
	// is reported after the import has returned.
	defer cr.stop()
	rd, err := geoio.NewReaderWith(path, cr, opts)
	if err != nil {
		return cr.bytes(), openProblem(path, err, rep)
	}
	defer rd.Close()
	err = readAll(ctx, path, rd, rep, use)
	return cr.bytes(), err
}

// readAll hands every good item of rd to use and records the problems and
// warnings in rep.
func readAll(ctx context.Context, path string, rd geoio.Reader, rep *ImportReport, use func(geoio.Item)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		item, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var p *geoio.Problem
			if !errors.As(err, &p) {
				return fmt.Errorf("%s: %w", path, err)
			}
			rep.addProblem(*p)
			if p.Fatal {
				break
			}
			continue
		}
		use(item)
	}
	rep.Warnings = append(rep.Warnings, rd.Warnings()...)
	return nil
}

// openProblem records a reader's refusal to open a file (not a format we
// read, a projected CRS…) as a problem of the import and returns nil, or
// returns any other error.
func openProblem(path string, err error, rep *ImportReport) error {
	var p *geoio.Problem
	if errors.As(err, &p) {
		rep.addProblem(*p)
		return nil
	}
	return fmt.Errorf("%s: %w", path, err)
}

// byPathSize reports whether the file at path, open as f, is named or
// looks like a format read by path rather than as a stream (a GeoPackage,
// a shapefile, a zip or KMZ: geoio.DetectFormat and geoio.ReadsByPath
// decide), and its size; its reader explains what is wrong with one that
// is not.
func byPathSize(path string, f *os.File) (int64, bool) {
	fi, err := f.Stat()
	if err != nil {
		return 0, false
	}
	var head []byte
	// A pipe cannot be read twice, and cannot hold a database either: it
	// is judged by its name alone.
	if fi.Mode().IsRegular() {
		head = make([]byte, 512) // a zip's first entry name tells a KMZ from a zipped shapefile
		n, _ := io.ReadFull(f, head)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, false
		}
		head = head[:n]
	}
	format, _ := geoio.DetectFormat(path, head)
	return fi.Size(), geoio.ReadsByPath(format)
}

// scanByPath is scanFile for a file of size bytes read by path. Its
// progress, in bytes like the other formats', is estimated from how far
// the reader says it is (a GeoPackage's rows; a shapefile's .shp bytes):
// such files are not read front to back as one stream.
func scanByPath(ctx context.Context, path string, size int64, opts geoio.ReaderOptions, rep *ImportReport, progress func(int64), use func(geoio.Item)) (int64, error) {
	opts.Context = ctx
	rd, err := geoio.NewPathReader(path, opts)
	if err != nil {
		return size, openProblem(path, err, rep)
	}
	defer rd.Close()
	counted := use
	if d, ok := rd.(interface{ Done() (int64, int64) }); ok && progress != nil {
		n := 0
		counted = func(item geoio.Item) {
			use(item)
			if n++; n%1000 == 0 {
				if fid, last := d.Done(); last > 0 && fid > 0 {
					progress(min(size, size*fid/last))
				}
			}
		}
	}
	err = readAll(ctx, path, rd, rep, counted)
	if progress != nil {
		progress(size)
	}
	return size, err
}

// where names an item's place in its file the way the readers do: a line
// for CSV, a feature index for GeoJSON.
func where(path string, index int) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return fmt.Sprintf("line %d", index)
	}
	return fmt.Sprintf("features[%d]", index)
}

func (r *ImportReport) addProblem(p geoio.Problem) {
	if len(r.Problems) >= MaxProblems {
		r.MoreProblems++
		return
	}
	r.Problems = append(r.Problems, p)
}

// countingReader reports bytes read so far, for progress bars. Read may run
// on the reader's goroutine while stop and bytes run on the caller's.
type countingReader struct {
	r      io.Reader
	report func(int64)
	mu     sync.Mutex
	n      int64
	last   int64
	closed bool
}

// errImportEnded is what a read-ahead gets once the import has stopped.
var errImportEnded = errors.New("the import has ended")

func (c *countingReader) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, errImportEnded
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.report != nil && (c.n-c.last > 256<<10 || err == io.EOF) {
		c.last = c.n
		c.report(c.n)
	}
	return n, err
}

// stop makes every later Read fail without reading, and waits for a Read
// in progress to end.
func (c *countingReader) stop() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *countingReader) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
