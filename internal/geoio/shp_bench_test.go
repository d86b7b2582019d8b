package geoio

import (
	"fmt"
	"io"
	"testing"
)

// shpPoints writes a shapefile of n points with a name, a number and a date
// column, as a portal's export would have them, and returns its path.
func shpPoints(b testing.TB, n int) string {
	recs := make([][]byte, n)
	rows := make([][]string, n)
	for i := range n {
		recs[i] = pointRec(129+float64(i/1000)/1000, 42+float64(i%1000)/1000)
		rows[i] = []string{fmt.Sprintf("Site %06d", i), "factory", fmt.Sprint(i % 500), fmt.Sprintf("2017%02d%02d", i%12+1, i%28+1)}
	}
	cols := []dbfCol{{"name", 'C', 40, 0}, {"category", 'C', 20, 0}, {"workers", 'N', 9, 0}, {"reported", 'D', 8, 0}}
	return writeShapefile(b, b.TempDir(), "bench", shpFile(shpPoint, recs...), dbfFile(0x57, cols, rows...), wgs84PRJ)
}

// BenchmarkShapefileRead100k reads a generated shapefile of 100,000
// points with four attribute columns.
func BenchmarkShapefileRead100k(b *testing.B) {
	path := shpPoints(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rd, err := NewShapefileReader(path, ReaderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_000 {
			b.Fatalf("read %d sites", n)
		}
	}
}
