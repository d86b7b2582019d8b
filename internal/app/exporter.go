package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// ExportOptions says what to export and how.
type ExportOptions struct {
	// Format is geoio.GeoJSON, CSV, KML, GPX or GeoPackage; a GeoPackage is
	// an SQLite file and can only be written by ExportFile.
	Format              geoio.Format
	Filter              store.Filter
	IncludeConfidential bool
}

// Generator names the program in the files it writes.
const Generator = "Site Atlas"

// ExportReport says what an export wrote and what it left out.
type ExportReport struct {
	Written int
	LeftOut site.Redaction
}

// Export writes the sites matching opts.Filter to w, leaving confidential
// data out unless opts.IncludeConfidential. Sites come in the order they
// were added (an import keeps its file's order), which is also the order
// they are stored in: the table and each site's sources and observations
// are read front to back, as GDAL reads a layer, where ID order (random
// UUIDs) costs a random page per site once the file outgrows the cache.
func Export(ctx context.Context, st *store.Store, w io.Writer, opts ExportOptions, progress Progress) (ExportReport, error) {
	var sw geoio.Writer
	switch opts.Format {
	case geoio.CSV:
		sw = geoio.NewCSVWriter(w)
	case geoio.GeoJSON:
		sw = geoio.NewGeoJSONWriter(w)
	case geoio.KML:
		sw = geoio.NewKMLWriter(w)
	case geoio.GPX:
		sw = geoio.NewGPXWriter(w)
	case geoio.GeoPackage:
		return ExportReport{}, errors.New("export: a GeoPackage is a database file and cannot be written to a stream: give a file name")
	default:
		return ExportReport{}, fmt.Errorf("export: cannot write format %v", opts.Format)
	}
	return exportTo(ctx, st, sw, opts, progress)
}

// exportTo writes the sites matching opts through sw and closes it.
func exportTo(ctx context.Context, st *store.Store, sw geoio.Writer, opts ExportOptions, progress Progress) (ExportReport, error) {
	var rep ExportReport
	var total int64
	if progress != nil {
		n, err := st.Count(ctx, opts.Filter)
		if err != nil {
			return rep, err
		}
		total = int64(n)
	}
	filter := opts.Filter
	filter.Order = store.ByRow
	var seen int64
	err := st.Query(ctx, filter, func(s site.Site) error {
		seen++
		if progress != nil && seen%1000 == 0 {
			progress(seen, total)
		}
		if !opts.IncludeConfidential {
			var left site.Redaction
			var ok bool
			s, left, ok = site.Redact(s)
			rep.LeftOut.Add(left)
			if !ok {
				return nil
			}
		}
		rep.Written++
		return sw.Write(s)
	})
	if err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	if iw, ok := sw.(geoio.InfoWriter); ok {
		profile := "public"
		if opts.IncludeConfidential {
			profile = "confidential"
		}
		iw.SetExportInfo(geoio.ExportInfo{Generator: Generator, Profile: profile, LeftOut: rep.LeftOut})
	}
	if err := sw.Close(); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	if progress != nil {
		progress(seen, total)
	}
	return rep, nil
}

// ExportFile exports to path through a temporary file in the same folder that
// replaces path only when everything was written: a failed or cancelled export
// never leaves a half-written file behind, nor destroys an older one.
func ExportFile(ctx context.Context, st *store.Store, path string, opts ExportOptions, progress Progress) (ExportReport, error) {
	var rep ExportReport
	if err := checkExportTarget(path, st.Path(), opts.Format); err != nil {
		return rep, err
	}
	err := writeAtomically(path, func(f *os.File) error {
		var err error
		if opts.Format != geoio.GeoPackage {
			rep, err = Export(ctx, st, f, opts, progress)
			return err
		}
		// SQLite writes the temporary file through its own handle.
		sw, err := geoio.NewGeoPackageWriter(f.Name())
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		rep, err = exportTo(ctx, st, sw, opts, progress)
		if err != nil {
			sw.Close()
		}
		return err
	})
	return rep, err
}

// FormatForFile is the export format a file name asks for by its
// extension; GeoJSON when it says nothing we write.
func FormatForFile(name string) geoio.Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return geoio.CSV
	case ".kml":
		return geoio.KML
	case ".gpx":
		return geoio.GPX
	case ".gpkg":
		return geoio.GeoPackage
	}
	return geoio.GeoJSON
}

// writeAtomically has write fill a temporary file beside path and renames
// it over path only when write and the sync succeeded.
func writeAtomically(path string, write func(f *os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private (0600); an export is meant to be
	// shared, so it gets the usual permissions of a new file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// LeftOutDescription says in words what an export left out, or "" when
// nothing: "left out as confidential: 1 site, 3 sources".
func LeftOutDescription(r site.Redaction) string {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{r.Sites, "site"}, {r.Sources, "source"}, {r.Observations, "observation"}, {r.Attachments, "attachment"}, {r.ConfidentialNotes, "confidential note"}, {r.Extra, "extra field"}} {
		switch {
		case p.n == 1:
			parts = append(parts, "1 "+p.what)
		case p.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "left out as confidential: " + strings.Join(parts, ", ")
}
