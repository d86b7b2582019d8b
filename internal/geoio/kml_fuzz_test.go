package geoio

import "testing"

func FuzzKMLReader(f *testing.F) {
	seedFiles(f, sharedTestdata+"/**/*.kml", "testdata/kml/*.kml")
	f.Add(writeKML(f, kmlSites()))
	f.Add([]byte(`<kml><Placemark id="x"><name>a</name><MultiGeometry><Point><coordinates>1,2,3</coordinates></Point>` +
		`<LinearRing><coordinates>1,1 2,1 2,2 1,1</coordinates></LinearRing><MultiGeometry/></MultiGeometry>` +
		`<ExtendedData><Data name="extra"><value>{"tags":["a"]}</value></Data><SchemaData><SimpleData name="status">Closed</SimpleData></SchemaData></ExtendedData></Placemark></kml>`))
	f.Add([]byte(`<?xml version="1.0"?><kml><Folder><name>f</name><Placemark><description>&nbsp;<![CDATA[x]]></description><TimeSpan><begin>2017-05-01T00:00:00Z</begin></TimeSpan></Placemark></Folder></kml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Whatever the KML reader accepts, the KML writer must write so
		// that it reads back the same.
		if sites := fuzzRead(t, "f.kml", data); len(sites) > 0 {
			checkReadsBack(t, "again.kml", writeKML(t, sites), sites)
		}
	})
}
