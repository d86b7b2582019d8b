package geoio

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

func writeKML(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewKMLWriter(&buf)
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

func TestKMLRoundTripQuick(t *testing.T) {
	sites := testSites(30)
	data := writeKML(t, sites)
	res := readAll(t, "rt.kml", bytes.NewReader(data))
	if len(res.problems) > 0 || res.err != nil {
		t.Fatalf("%v", res.messages())
	}
	for _, w := range res.warnings {
		t.Logf("warning %v", w.Error())
	}
	if len(res.items) != len(sites) {
		t.Fatalf("read %d", len(res.items))
	}
	for i, it := range res.items {
		if !reflect.DeepEqual(it.Site, sites[i]) {
			t.Errorf("site %d differs:\n got %#v\nwant %#v", i, it.Site, sites[i])
		}
	}
	if testing.Verbose() {
		t.Logf("%s", data[:min(len(data), 6000)])
	}
}
