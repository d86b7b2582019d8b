package geoio

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/siteatlas/siteatlas/internal/site"
)

func writeGeoJSON(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewGeoJSONWriter(&buf)
	for _, s := range sites {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGeoJSONRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 9, 100, 2000} {
		sites := testSites(n)
		first := writeGeoJSON(t, sites)
		res := readAll(t, "rt.geojson", bytes.NewReader(first))
		if len(res.problems) > 0 || res.err != nil {
			t.Fatalf("n=%d: %v", n, res.messages())
		}
		for _, w := range res.warnings {
			// Unplaced sites are written with "geometry": null, which the
			// reader accepts with a warning by design.
			if w.Code != CodeNullGeometry {
				t.Errorf("n=%d: warning reading our own file: %v", n, w.Error())
			}
		}
		if len(res.items) != n {
			t.Fatalf("n=%d: read %d items", n, len(res.items))
		}
		back := make([]site.Site, n)
		for i, it := range res.items {
			if it.Index != i || !it.HasID {
				t.Errorf("item %d: Index %d HasID %v", i, it.Index, it.HasID)
			}
			back[i] = it.Site
			if !reflect.DeepEqual(it.Site, sites[i]) {
				t.Errorf("n=%d site %d differs after the round trip:\n got %#v\nwant %#v", n, i, it.Site, sites[i])
			}
		}
		second := writeGeoJSON(t, back)
		if !bytes.Equal(first, second) {
			t.Errorf("n=%d: write(read(write(x))) differs from write(x)", n)
		}
	}
}

// TestReadInSmallPieces reads through readers that return one byte, or
// half of what is asked, at a time, so that every value is split across
// buffer refills somewhere.
func TestReadInSmallPieces(t *testing.T) {
	sites := testSites(60)
	data := writeGeoJSON(t, sites)
	for name, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"half":     iotest.HalfReader(bytes.NewReader(data)),
		"data err": iotest.DataErrReader(bytes.NewReader(data)),
	} {
		res := readAll(t, "pieces.geojson", r)
		if len(res.problems) > 0 || res.err != nil || len(res.items) != len(sites) {
			t.Fatalf("%s: %d items, %v", name, len(res.items), res.messages())
		}
		for i, it := range res.items {
			if !reflect.DeepEqual(it.Site, sites[i]) {
				t.Errorf("%s: site %d differs", name, i)
			}
		}
	}
}

func TestGeoJSONWriterBytes(t *testing.T) {
	w := 12
	s := []site.Site{{ID: "0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f", Name: "图们 \"A\"", Geometry: nil, WorkersEstimate: &w}}
	got := string(writeGeoJSON(t, s))
	want := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f","geometry":null,"properties":{"name":"图们 \"A\"","workers_estimate":12}}
]}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := string(writeGeoJSON(t, nil)); got != "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n" {
		t.Errorf("empty collection: %q", got)
	}
	if !strings.Contains(string(writeGeoJSON(t, testSites(9))), `"coordinates":[-0.1234567890123,0.0000001]`) {
		t.Error("floats not in shortest plain form")
	}
}
