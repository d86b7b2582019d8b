package geoio

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"sync/atomic"
)

// Zips (zipped shapefiles and KMZ) are read in place, never unpacked to
// disk, with limits against zip bombs: the bytes decompressed in all may
// not pass 200 times the archive's size nor 1 GiB, the archive may hold at
// most 10,000 entries, and zips inside the zip are not followed. archive/zip
// checks each entry's CRC and size as it ends.

const (
	zipMaxBytes   = 1 << 30
	zipMaxRatio   = 200
	zipMaxEntries = 10000
)

// CodeZipBomb is for an archive refused by the limits above.
const CodeZipBomb = "zip-bomb"

// zipBudget counts the bytes decompressed from one archive.
type zipBudget struct {
	archive int64 // the archive's size
	limit   int64
	used    atomic.Int64
	tripped atomic.Bool
}

func newZipBudget(archive int64) *zipBudget {
	return &zipBudget{archive: archive, limit: min(zipMaxBytes, zipMaxRatio*max(archive, 1))}
}

var errZipBomb = fmt.Errorf("the archive expands beyond the limit")

// budgetReader stops reading an entry once the budget is spent.
type budgetReader struct {
	r io.Reader
	b *zipBudget
}

func (br *budgetReader) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	if br.b.used.Add(int64(n)) > br.b.limit {
		br.b.tripped.Store(true)
		return 0, errZipBomb
	}
	return n, err
}

// problem says why the archive was refused.
func (b *zipBudget) problem(file, entry string) *Problem {
	return &Problem{File: file, Where: entry, Index: -1, Fatal: true, Code: CodeZipBomb,
		Message: fmt.Sprintf("refused as a possible zip bomb: it unpacks to more than %s, the limit for an archive of %s "+
			"(%d times its size, and 1 GiB at most); unpack it yourself if you trust it", byteSize(b.limit), byteSize(b.archive), zipMaxRatio)}
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// zipEntries are an archive's files by kind.
type zipEntries struct {
	shps, kmls, images, zips []*zip.File
	byName                   map[string]*zip.File // lower-cased name
}

func classifyZip(zr *zip.Reader) zipEntries {
	e := zipEntries{byName: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := f.Name
		base := path.Base(name)
		if f.FileInfo().IsDir() || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(base, "._") {
			continue
		}
		e.byName[strings.ToLower(name)] = f
		switch strings.ToLower(path.Ext(name)) {
		case ".shp":
			e.shps = append(e.shps, f)
		case ".kml":
			e.kmls = append(e.kmls, f)
		case ".zip", ".kmz":
			e.zips = append(e.zips, f)
		case ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic":
			e.images = append(e.images, f)
		}
	}
	return e
}

// openZip reads the zip at path: its shapefiles if it has any (each one a
// layer, read one after the other), else its KML (a KMZ).
func openZip(file string, opts ReaderOptions) (Reader, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, &Problem{File: file, Index: -1, Fatal: true, Code: CodeIO, Message: err.Error()}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &Problem{File: file, Index: -1, Fatal: true, Code: CodeIO, Message: err.Error()}
	}
	return readZip(file, f, fi.Size(), f, opts)
}

// readZip is openZip for an archive of size bytes read through ra; closer
// is closed with the reader (or at once when the archive is refused).
func readZip(file string, ra io.ReaderAt, size int64, closer io.Closer, opts ReaderOptions) (Reader, error) {
	fail := func(code, msg string) error {
		closer.Close()
		return &Problem{File: file, Index: -1, Fatal: true, Code: code, Message: msg}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fail(CodeUnknownFormat, "not a readable ZIP archive: "+strings.TrimPrefix(err.Error(), "zip: "))
	}
	if n := len(zr.File); n > zipMaxEntries {
		return nil, fail(CodeZipBomb, fmt.Sprintf("the archive has %d entries, more than the %d read here: unpack it and import the files inside", n, zipMaxEntries))
	}
	e := classifyZip(zr)
	budget := newZipBudget(size)
	switch {
	case len(e.shps) > 0:
		return openZippedShapefiles(file, closer, e, budget, opts)
	case len(e.kmls) > 0:
		return openKMZ(file, closer, e, budget, opts)
	}
	msg := "the archive holds no shapefile (.shp) and no KML"
	if len(e.zips) > 0 {
		msg += fmt.Sprintf("; zips inside a zip are not opened (%s): unpack it and import those", entryNames(e.zips, 5))
	} else {
		var names []*zip.File
		for _, f := range zr.File {
			if !f.FileInfo().IsDir() {
				names = append(names, f)
			}
		}
		if len(names) > 0 {
			msg += " (it holds " + entryNames(names, 8) + ")"
		}
	}
	return nil, fail(CodeUnknownFormat, msg)
}

// entryNames lists up to n entry names, then how many more.
func entryNames(fs []*zip.File, n int) string {
	var b strings.Builder
	for i, f := range fs {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(fs)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
	}
	return b.String()
}

// openZippedShapefiles reads every shapefile of the archive, in name order.
func openZippedShapefiles(file string, zr io.Closer, e zipEntries, budget *zipBudget, opts ReaderOptions) (Reader, error) {
	s := newShpReader(file, opts)
	s.closer, s.budget = zr, budget
	sort.Slice(e.shps, func(i, j int) bool { return e.shps[i].Name < e.shps[j].Name })
	for _, f := range e.shps {
		f := f
		stem := strings.TrimSuffix(f.Name, path.Ext(f.Name))
		s.total += int64(f.UncompressedSize64)
		s.sources = append(s.sources, shpSource{name: path.Base(stem), label: f.Name, open: func() (*shpFiles, error) {
			return openZipShpFiles(f, stem, e, budget)
		}})
	}
	s.multi = len(s.sources) > 1
	if s.multi {
		var names []string
		for _, src := range s.sources {
			names = append(names, src.label)
		}
		s.warn.add(Problem{File: file, Index: -1, Code: CodeProperty,
			Message: fmt.Sprintf("the archive holds %d shapefiles, all read; each site's property \"layer\" says which it came from: %s",
				len(names), strings.Join(names, ", "))})
	}
	if len(e.zips) > 0 {
		s.warn.add(Problem{File: file, Index: -1, Code: CodeUnknownFormat,
			Message: "zips inside the archive were not opened: " + entryNames(e.zips, 5)})
	}
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}

func openZipShpFiles(shp *zip.File, stem string, e zipEntries, budget *zipBudget) (*shpFiles, error) {
	// The declared size bounds the records; archive/zip checks it at the
	// end, the budget stops a lie sooner, and records grow as bytes come.
	sf := &shpFiles{shpSize: int64(min(shp.UncompressedSize64, 1<<62))}
	r, err := shp.Open()
	if err != nil {
		return nil, err
	}
	sf.shp = &budgetReader{r: r, b: budget}
	sf.closers = append(sf.closers, r)
	side := func(ext string) *zip.File { return e.byName[strings.ToLower(stem+ext)] }
	if f := side(".dbf"); f != nil {
		d, err := f.Open()
		if err != nil {
			sf.close()
			return nil, err
		}
		sf.dbf, sf.dbfName = &budgetReader{r: d, b: budget}, f.Name
		sf.closers = append(sf.closers, d)
	}
	small := func(f *zip.File) (string, error) {
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(&budgetReader{r: rc, b: budget}, 64<<10+1))
		if err == nil && len(b) > 64<<10 {
			err = fmt.Errorf("%s is larger than 64 KiB: not a sidecar file", f.Name)
		}
		return string(b), err
	}
	var err2 error
	if f := side(".prj"); f != nil {
		sf.prj, err2 = small(f)
		sf.hasPrj = true
	}
	if f := side(".cpg"); f != nil && err2 == nil {
		sf.cpg, err2 = small(f)
	}
	if err2 != nil {
		sf.close()
		return nil, err2
	}
	return sf, nil
}
