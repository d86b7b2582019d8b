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
	"github.com/siteatlas/siteatlas/internal/share"
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
	// Profile, when set, decides what the export protects (share.Public,
	// Partner, Internal or the researcher's own): positions generalised,
	// sources pseudonymised, fields and protected words taken out, and the
	// file read back by the leak audit before it is put in place. Nil is
	// the plain export: confidential items left out unless
	// IncludeConfidential.
	Profile *share.Profile
	// Passphrase or Recipients (age1… public keys) encrypt the file with
	// age; a name ending in .age asks for one of them.
	Passphrase string
	Recipients []string
	// Time keeps only the sites with evidence in its range (and reported
	// by its AsOf day); confidential observations count only when
	// IncludeConfidential.
	Time TimeFilter
}

// Generator names the program in the files it writes.
const Generator = "Site Atlas"

// ExportReport says what an export wrote and what it left out.
type ExportReport struct {
	Written int
	LeftOut site.Redaction
	// Changed says what the profile did, in words ("12 positions
	// generalised"); empty for a plain export.
	Changed []string
	// Audited is how many withheld texts the leak audit looked for in the
	// written file.
	Audited int
}

// Export writes the sites matching opts.Filter to w, leaving confidential
// data out unless opts.IncludeConfidential. Sites come in the order they
// were added (an import keeps its file's order), which is also the order
// they are stored in: the table and each site's sources and observations
// are read front to back, as GDAL reads a layer, where ID order (random
// UUIDs) costs a random page per site once the file outgrows the cache.
func Export(ctx context.Context, st *store.Store, w io.Writer, opts ExportOptions, progress Progress) (ExportReport, error) {
	if opts.Format == geoio.GeoPackage {
		return ExportReport{}, errors.New("export: a GeoPackage is a database file and cannot be written to a stream: give a file name")
	}
	session, err := profileSession(ctx, st, opts)
	if err != nil {
		return ExportReport{}, err
	}
	if session == nil && !opts.encrypting() {
		return exportStream(ctx, st, w, opts, session, progress)
	}
	// What is audited or encrypted is written to a private file first:
	// nothing reaches w before the audit has read all of it.
	tmp, err := os.CreateTemp("", "siteatlas-export-*"+formatExt(opts.Format))
	if err != nil {
		return ExportReport{}, fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	rep, err := exportStream(ctx, st, tmp, opts, session, progress)
	if err != nil {
		return rep, err
	}
	if session != nil {
		if rep.Audited, err = auditFile(tmp.Name(), tmp.Name(), session); err != nil {
			return rep, err
		}
	}
	if opts.encrypting() {
		return rep, encryptTo(w, tmp.Name(), opts)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	if _, err := io.Copy(w, tmp); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	return rep, nil
}

// exportStream writes a text format to w.
func exportStream(ctx context.Context, st *store.Store, w io.Writer, opts ExportOptions, session *share.Session, progress Progress) (ExportReport, error) {
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
	default:
		return ExportReport{}, fmt.Errorf("export: cannot write format %v", opts.Format)
	}
	return exportTo(ctx, st, sw, opts, session, progress)
}

// formatExt is the usual extension of a format, which the leak audit
// reads a file by.
func formatExt(f geoio.Format) string {
	switch f {
	case geoio.CSV:
		return ".csv"
	case geoio.KML:
		return ".kml"
	case geoio.GPX:
		return ".gpx"
	case geoio.GeoPackage:
		return ".gpkg"
	}
	return ".geojson"
}

// exportTo writes the sites matching opts through sw and closes it.
func exportTo(ctx context.Context, st *store.Store, sw geoio.Writer, opts ExportOptions, session *share.Session, progress Progress) (ExportReport, error) {
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
		if _, ok := opts.Time.Match(&s, opts.IncludeConfidential); !ok {
			return nil
		}
		if progress != nil && seen%1000 == 0 {
			progress(seen, total)
		}
		if session != nil {
			out, ok := session.Apply(s)
			if !ok {
				return nil
			}
			rep.Written++
			return leakyWriter(sw, s).Write(out)
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
	info := geoio.ExportInfo{Generator: Generator, Profile: "public", LeftOut: rep.LeftOut}
	if opts.IncludeConfidential {
		info.Profile = "confidential"
	}
	if session != nil {
		r := session.Report()
		if r.Err != nil {
			return rep, fmt.Errorf("export: %w", r.Err)
		}
		rep.LeftOut, rep.Changed = r.LeftOut, r.Lines()
		info.Profile, info.LeftOut = session.Profile().Name, r.LeftOut
		info.Generalisation = share.DescribeText(session.Profile())
	}
	if iw, ok := sw.(geoio.InfoWriter); ok {
		iw.SetExportInfo(info)
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
	encrypted := strings.EqualFold(filepath.Ext(path), ".age")
	switch {
	case encrypted && !opts.encrypting():
		return rep, fmt.Errorf("export: %s ends in .age: give a passphrase or a recipient's age1… key to encrypt it", filepath.Base(path))
	case !encrypted && opts.encrypting():
		return rep, fmt.Errorf("export: an encrypted file is named NAME%s.age, not %s", formatExt(opts.Format), filepath.Base(path))
	}
	if err := checkExportTarget(path, st.Path(), opts.Format); err != nil {
		return rep, err
	}
	session, err := profileSession(ctx, st, opts)
	if err != nil {
		return rep, err
	}
	// write fills f with the export, read back by the leak audit before
	// anything is put in place.
	write := func(f *os.File) error {
		var err error
		if opts.Format != geoio.GeoPackage {
			rep, err = exportStream(ctx, st, f, opts, session, progress)
		} else {
			// SQLite writes the temporary file through its own handle.
			sw, werr := geoio.NewGeoPackageWriter(f.Name())
			if werr != nil {
				return fmt.Errorf("export: %w", werr)
			}
			if rep, err = exportTo(ctx, st, sw, opts, session, progress); err != nil {
				sw.Close()
			}
		}
		if err == nil && session != nil {
			if err = f.Sync(); err == nil {
				rep.Audited, err = auditFile(f.Name(), formatExt(opts.Format), session)
			}
		}
		return err
	}
	if !encrypted {
		return rep, writeAtomically(path, write)
	}
	// The plain file is private and removed; only the encrypted one is
	// put in place.
	plain, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(plainName(path))+".*.tmp")
	if err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	defer os.Remove(plain.Name())
	err = write(plain)
	if cerr := plain.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, err
	}
	return rep, writeAtomically(path, func(f *os.File) error { return encryptTo(f, plain.Name(), opts) })
}

// FormatForFile is the export format a file name asks for by its
// extension; GeoJSON when it says nothing we write.
func FormatForFile(name string) geoio.Format {
	switch strings.ToLower(filepath.Ext(plainName(name))) {
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
