package geoio

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/siteatlas/siteatlas/internal/site"
)

// seedFiles adds every file matching the patterns to the corpus.
func seedFiles(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
}

// fuzzRead reads data as name and checks what every reader must do on any
// input: never panic, return only *Problem errors, stop at a fatal one,
// yield only valid sites, and give sites that survive a write and a read.
// It returns the sites, for checks of a format's own round trip.
func fuzzRead(t *testing.T, name string, data []byte) []site.Site {
	rd, err := NewReader(name, bytes.NewReader(data))
	return fuzzCheck(t, name, rd, err)
}

// fuzzCheck is fuzzRead for a reader already opened on name; problems may
// name a part of it ("a.kmz: doc.kml").
func fuzzCheck(t *testing.T, name string, rd Reader, err error) []site.Site {
	if err != nil {
		var p *Problem
		if !errors.As(err, &p) || !p.Fatal || !strings.HasPrefix(p.File, name) {
			t.Fatalf("NewReader error %T %v", err, err)
		}
		return nil
	}
	defer rd.Close()
	var sites []site.Site
	for n := 0; n < 100000; n++ {
		it, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) || !strings.HasPrefix(p.File, name) || p.Message == "" {
				t.Fatalf("Next error %T %v", err, err)
			}
			if p.Fatal {
				if _, err2 := rd.Next(); err2 != err {
					t.Fatalf("fatal problem did not stick: %v then %v", err, err2)
				}
				break
			}
			continue
		}
		s := it.Site
		if err := s.Validate(); err != nil {
			t.Fatalf("item %d is not valid: %v\n%#v", it.Index, err, s)
		}
		if _, ok := parseUUID(s.ID); !ok {
			t.Fatalf("item %d has ID %q", it.Index, s.ID)
		}
		sites = append(sites, s)
	}
	rd.Warnings()
	if len(sites) == 0 {
		return nil
	}
	// Whatever we accepted, we can write, and read back the same.
	out := writeWith(t, NewGeoJSONWriter, sites)
	if !json.Valid(out) {
		t.Fatalf("wrote invalid JSON:\n%s", out)
	}
	checkReadsBack(t, "again.geojson", out, sites)
	return sites
}

func FuzzGeoJSONReader(f *testing.F) {
	seedFiles(f, sharedTestdata+"/geojson/*/*", "testdata/bad/*.geojson*", "testdata/fuzz/seed/*.geojson")
	f.Add([]byte(`{"type":"Feature","id":1,"properties":{"name":"\ud83c","sources":[{"title":"x"}]},"geometry":{"type":"Point","coordinates":[1,2,3]}}`))
	f.Add([]byte("\x1e{\"type\":\"Point\",\"coordinates\":[1,2]}\n\x1e{\"type\":\"Point\",\"coordinates\":[3,4]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.geojson", data)
	})
}

func FuzzCSVReader(f *testing.F) {
	seedFiles(f, "testdata/bad/*.csv", "testdata/bad/*.tsv")
	f.Add([]byte("name,lat,lon,tags,extra\nA,1,2,a;b,\"{\"\"k\"\":1}\"\n"))
	f.Add([]byte("name;wkt\nB;MULTIPOLYGON(((1 1,2 1,2 2,1 1)))\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.csv", data)
	})
}

func FuzzWKT(f *testing.F) {
	for _, s := range []string{"POINT(1 2)", "LINESTRING(1 2,3 4)", "POLYGON((1 1,2 1,2 2,1 1))", "MULTIPOINT((1 2),(3 4))",
		"GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(1 2,3 4))", "MULTIPOLYGON(((1 1,2 1,2 2,1 1)),((3 3,4 3,4 4,3 3)))", "POINT EMPTY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := parseWKT(s)
		if err == nil && g == nil {
			t.Fatal("nil geometry without an error")
		}
	})
}

// FuzzParser checks our JSON parser against encoding/json: the same inputs
// are valid, and compact gives what json.Compact gives.
func FuzzParser(f *testing.F) {
	seedFiles(f, sharedTestdata+"/geojson/*/*")
	for _, s := range []string{`{"a":[1,-0.5e+3,true,null,"\u00e9\n"]}`, `[1,]`, `01`, `"\ud800"`, `{"a" 1}`, `-`, `1e`, "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p parser
		err := p.parse(data)
		if !utf8.Valid(data) {
			return // encoding/json accepts invalid UTF-8; we do not
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid %v, our parser %v, for %q", valid, err, data)
		}
		if err != nil {
			return
		}
		var want bytes.Buffer
		json.Compact(&want, data)
		if got := compact(nil, data); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("compact %q, json.Compact %q", got, want.Bytes())
		}
		// Every string decodes as encoding/json decodes it.
		for i := range p.nodes {
			n := &p.nodes[i]
			if n.kind != kString {
				continue
			}
			var s string
			if err := json.Unmarshal(p.raw(n), &s); err != nil || s != p.text(n) {
				t.Fatalf("string %s: ours %q, encoding/json %q (%v)", p.raw(n), p.text(n), s, err)
			}
		}
	})
}
