package geoio

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
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
	var res readResult
	rd, err := NewReader(name, data)
	if err != nil {
		res.err = err
		return res
	}
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
