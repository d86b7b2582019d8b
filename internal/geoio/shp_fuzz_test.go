package geoio

import (
	"bytes"
	"os"
	"testing"
)

func FuzzShapefile(f *testing.F) {
	for _, stem := range []string{"points", "lines", "polygons", "pointz", "multipoint", "gbk"} {
		shp, err1 := os.ReadFile(shpFixture(stem + ".shp"))
		dbf, err2 := os.ReadFile(shpFixture(stem + ".dbf"))
		if err1 == nil && err2 == nil {
			f.Add(shp, dbf)
		}
	}
	cols := []dbfCol{{"name", 'C', 8, 0}, {"n", 'N', 4, 0}, {"ok", 'L', 1, 0}, {"day", 'D', 8, 0}}
	f.Add(shpFile(shpPolygon, partsRec(shpPolygon, []int32{0, 5}, [2]float64{0, 0}, [2]float64{0, 9}, [2]float64{9, 9}, [2]float64{9, 0}, [2]float64{0, 0},
		[2]float64{2, 2}, [2]float64{4, 2}, [2]float64{4, 4}, [2]float64{2, 4}, [2]float64{2, 2}), nullRec()),
		dbfFile(0, cols, []string{"a", "1", "T", "20170101"}, []string{"*", "b", "x", "?", ""}))
	f.Add(shpFile(shpPolyLine, partsRec(shpPolyLine, []int32{0, 1}, [2]float64{0, 0}, [2]float64{1, 1})), []byte(nil))
	f.Fuzz(func(t *testing.T, shp, dbf []byte) {
		if len(dbf) == 0 {
			dbf = nil
		}
		rd, err := memShapefile("f.shp", shp, dbf, wgs84PRJ, "")
		fuzzCheck(t, "f.shp", rd, err)
	})
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

func FuzzKMZ(f *testing.F) {
	seedFiles(f, "testdata/shp/*.kmz", "testdata/shp/*.zip")
	f.Add(zipBytes(f, "doc.kml", `<kml><Placemark><name>a</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>`, "a.png", "x", "b.zip", "PK"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := readZip("f.kmz", bytes.NewReader(data), int64(len(data)), nopCloser{}, ReaderOptions{})
		fuzzCheck(t, "f.kmz", rd, err)
	})
}
