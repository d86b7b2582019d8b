package geoio

import (
	"bytes"
	"io"
	"reflect"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

func FuzzKMLReader(f *testing.F) {
	seedFiles(f, sharedTestdata+"/**/*.kml", "testdata/kml/*.kml")
	var buf bytes.Buffer
	w := NewKMLWriter(&buf)
	for _, s := range kmlSites() {
		w.Write(s)
	}
	w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte(`<kml><Placemark id="x"><name>a</name><MultiGeometry><Point><coordinates>1,2,3</coordinates></Point>` +
		`<LinearRing><coordinates>1,1 2,1 2,2 1,1</coordinates></LinearRing><MultiGeometry/></MultiGeometry>` +
		`<ExtendedData><Data name="extra"><value>{"tags":["a"]}</value></Data><SchemaData><SimpleData name="status">Closed</SimpleData></SchemaData></ExtendedData></Placemark></kml>`))
	f.Add([]byte(`<?xml version="1.0"?><kml><Folder><name>f</name><Placemark><description>&nbsp;<![CDATA[x]]></description><TimeSpan><begin>2017-05-01T00:00:00Z</begin></TimeSpan></Placemark></Folder></kml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.kml", data)
		fuzzKMLRoundTrip(t, data)
	})
}

// fuzzKMLRoundTrip checks that whatever the KML reader accepts, the KML
// writer writes so that it reads back the same.
func fuzzKMLRoundTrip(t *testing.T, data []byte) {
	rd, err := NewReader("f.kml", bytes.NewReader(data))
	if err != nil {
		return
	}
	defer rd.Close()
	var sites []site.Site
	for n := 0; n < 100000; n++ {
		it, err := rd.Next()
		if err == io.EOF {
			break
		}
		if p, ok := err.(*Problem); ok && p.Fatal {
			break
		} else if err != nil {
			continue
		}
		sites = append(sites, it.Site)
	}
	if len(sites) == 0 {
		return
	}
	var buf bytes.Buffer
	w := NewKMLWriter(&buf)
	for _, s := range sites {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	rd2, err := NewReader("again.kml", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer rd2.Close()
	for i := 0; ; i++ {
		it, err := rd2.Next()
		if err == io.EOF {
			if i != len(sites) {
				t.Fatalf("read back %d of %d sites", i, len(sites))
			}
			return
		}
		if err != nil {
			t.Fatalf("reading our own KML: %v\n%s", err, buf.Bytes())
		}
		if !reflect.DeepEqual(it.Site, sites[i]) {
			t.Fatalf("site %d changed in a KML round trip:\n got %#v\nwant %#v\n%s", i, it.Site, sites[i], buf.Bytes())
		}
	}
}
