package geoio

import "testing"

func FuzzGPX(f *testing.F) {
	seedFiles(f, "testdata/gpx/*.gpx")
	f.Add(writeGPX(f, kmlSites()))
	f.Add([]byte(gpxHead + `<wpt lat="1" lon="2"><ele>3</ele><time>2019-05-14T06:30:00Z</time><name>a</name><link href="h"><text>t</text></link>` +
		`<extensions><x:a xmlns:x="urn:x" k="v"><x:b>1</x:b></x:a></extensions></wpt>` +
		`<rte><rtept lat="1" lon="1"><time>2019-01-01T00:00:00Z</time></rtept><rtept lat="2" lon="2"/></rte>` +
		`<trk><trkseg><trkpt lat="1" lon="1"><extensions><gpxtpx:TrackPointExtension xmlns:gpxtpx="urn:t"><gpxtpx:hr>90</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>` +
		`<trkpt lat="1" lon="3"/></trkseg><trkseg><trkpt lat="4" lon="4"/></trkseg></trk></gpx>`))
	f.Add([]byte(`<gpx xmlns="http://www.topografix.com/GPX/1/0"><wpt lat="95" lon="2"/><trk><name>n</name><extensions><siteatlas:geometry xmlns:siteatlas="` + saNS + `">{"type":"Point","coordinates":[1,2]}</siteatlas:geometry><siteatlas:field name="extra">{"tags":["a"]}</siteatlas:field></extensions></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Whatever the GPX reader accepts, the GPX writer must write so
		// that it reads back the same.
		if sites := fuzzRead(t, "f.gpx", data); len(sites) > 0 {
			checkReadsBack(t, "again.gpx", writeGPX(t, sites), sites)
		}
	})
}
