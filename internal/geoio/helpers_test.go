package geoio

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/siteatlas/siteatlas/internal/site"
)

// readResult is everything a reader gave for one file.
type readResult struct {
	items    []Item
	problems []*Problem
	warnings []Problem
	err      error // NewReader's error
}

func (r readResult) fatal() *Problem {
	for _, p := range r.problems {
		if p.Fatal {
			return p
		}
	}
	if p, ok := r.err.(*Problem); ok {
		return p
	}
	return nil
}

// readAll reads name with contents data to the end, collecting everything.
func readAll(t testing.TB, name string, data io.Reader) readResult {
	t.Helper()
	rd, err := NewReader(name, data)
	if err != nil {
		return readResult{err: err}
	}
	return readRest(t, name, rd)
}

// readRest reads rd, opened on name, to the end or to a fatal problem,
// checking on the way what every Reader promises about its errors.
func readRest(t testing.TB, name string, rd Reader) readResult {
	t.Helper()
	var res readResult
	defer rd.Close()
	for n := 0; ; n++ {
		item, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("%s: Next returned %T %v, want *Problem", name, err, err)
			}
			res.problems = append(res.problems, p)
			if p.Fatal {
				// A fatal problem must stick.
				if _, err2 := rd.Next(); err2 != err {
					t.Errorf("%s: after a fatal problem Next returned %v, want the same problem", name, err2)
				}
				break
			}
			if n > 1_000_000 {
				t.Fatalf("%s: too many problems", name)
			}
			continue
		}
		res.items = append(res.items, item)
	}
	res.warnings = rd.Warnings()
	return res
}

func readString(t testing.TB, name, data string) readResult {
	return readAll(t, name, strings.NewReader(data))
}

func readFile(t testing.TB, path string) readResult {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, path, f)
}

func (r readResult) messages() []string {
	var out []string
	if r.err != nil {
		out = append(out, "NewReader: "+r.err.Error())
	}
	for _, p := range r.problems {
		out = append(out, "problem: "+p.Error()+" ["+p.Code+"]")
	}
	for _, p := range r.warnings {
		out = append(out, "warning: "+p.Error()+" ["+p.Code+"]")
	}
	return out
}

// writeAll writes sites to w and closes it.
func writeAll(t testing.TB, w Writer, sites []site.Site) {
	t.Helper()
	for _, s := range sites {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeWith writes sites with a writer from newWriter and returns the bytes.
func writeWith(t testing.TB, newWriter func(io.Writer) Writer, sites []site.Site) []byte {
	t.Helper()
	var buf bytes.Buffer
	writeAll(t, newWriter(&buf), sites)
	return buf.Bytes()
}

// checkRoundTrip writes sites with newWriter, reads them back as name and
// checks that the same sites come back in order and write the same bytes
// again: a file we export must import as what was exported. Warnings
// fail unless their code is among expected. It returns the bytes written.
func checkRoundTrip(t *testing.T, label, name string, sites []site.Site, newWriter func(io.Writer) Writer, expected ...string) []byte {
	t.Helper()
	first := writeWith(t, newWriter, sites)
	res := readAll(t, name, bytes.NewReader(first))
	if len(res.problems) > 0 || res.err != nil {
		t.Fatalf("%s: %v", label, res.messages())
	}
	for _, w := range res.warnings {
		if !slices.Contains(expected, w.Code) {
			t.Errorf("%s: warning reading our own file: %v", label, w.Error())
		}
	}
	if len(res.items) != len(sites) {
		t.Fatalf("%s: read %d of %d sites", label, len(res.items), len(sites))
	}
	back := make([]site.Site, len(sites))
	for i, it := range res.items {
		if it.Index != i || !it.HasID {
			t.Errorf("%s: item %d: Index %d HasID %v", label, i, it.Index, it.HasID)
		}
		back[i] = it.Site
		if !reflect.DeepEqual(it.Site, sites[i]) {
			t.Errorf("%s: site %d differs after the round trip:\n got %#v\nwant %#v", label, i, it.Site, sites[i])
		}
	}
	if second := writeWith(t, newWriter, back); !bytes.Equal(first, second) {
		t.Errorf("%s: write(read(write(x))) differs from write(x)", label)
	}
	return first
}

// checkReadsBack reads data as name and fails unless it gives sites, in
// order, with no problem: what a writer wrote must read back unchanged.
func checkReadsBack(t *testing.T, name string, data []byte, sites []site.Site) {
	t.Helper()
	rd, err := NewReader(name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for i := 0; ; i++ {
		it, err := rd.Next()
		if err == io.EOF {
			if i != len(sites) {
				t.Fatalf("read back %d of %d sites", i, len(sites))
			}
			return
		}
		if err != nil {
			t.Fatalf("reading our own %s: %v\n%s", name, err, data)
		}
		if !reflect.DeepEqual(it.Site, sites[i]) {
			t.Fatalf("site %d changed in a round trip through %s:\n got %#v\nwant %#v\n%s", i, name, it.Site, sites[i], data)
		}
	}
}

// checkReadInPieces reads data as name through readers that return one
// byte, or half of what is asked, at a time, so that every value is split
// across buffer refills somewhere, and checks that sites come back.
func checkReadInPieces(t *testing.T, name string, data []byte, sites []site.Site) {
	t.Helper()
	for label, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"half":     iotest.HalfReader(bytes.NewReader(data)),
		"data err": iotest.DataErrReader(bytes.NewReader(data)),
	} {
		res := readAll(t, name, r)
		if len(res.problems) > 0 || res.err != nil || len(res.items) != len(sites) {
			t.Fatalf("%s: %d items, %v", label, len(res.items), res.messages())
		}
		for i, it := range res.items {
			if !reflect.DeepEqual(it.Site, sites[i]) {
				t.Errorf("%s: site %d differs", label, i)
			}
		}
	}
}

// filesWithExt lists the files below dir whose names end in ext, in any
// case; a missing dir, or one that cannot be read, lists none.
func filesWithExt(dir, ext string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ext) {
			files = append(files, p)
		}
		return nil
	})
	return files
}
