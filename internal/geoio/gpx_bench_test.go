package geoio

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// gpxWaypoints is a GPX file of n waypoints as a GPS unit or GPSBabel
// writes them: name, time, elevation, symbol.
func gpxWaypoints(n int) []byte {
	var b bytes.Buffer
	b.WriteString(gpxHead)
	for i := range n {
		fmt.Fprintf(&b, "<wpt lat=\"%.6f\" lon=\"%.6f\"><ele>%d</ele><time>2019-05-%02dT06:30:00Z</time><name>WP%06d</name><sym>Flag, Blue</sym></wpt>\n",
			42+float64(i%1000)/1000, 129+float64(i/1000)/1000, i%300, i%28+1, i)
	}
	b.WriteString("</gpx>\n")
	return b.Bytes()
}

// BenchmarkGPXReadWaypoints100k reads a generated file of 100,000
// waypoints.
func BenchmarkGPXReadWaypoints100k(b *testing.B) {
	benchRead(b, "bench.gpx", gpxWaypoints(100_000), 100_000)
}

// BenchmarkGPXRead100k reads 100,000 generated sites from our GPX; compare
// BenchmarkKMLRead100k.
func BenchmarkGPXRead100k(b *testing.B) {
	benchRead(b, "bench.gpx", writeGPX(b, sitegen.Sites(100_000, 1)), 100_000)
}

// BenchmarkGPXWrite100k writes 100,000 generated sites as GPX; compare
// BenchmarkKMLWrite100k.
func BenchmarkGPXWrite100k(b *testing.B) {
	benchWrite(b, sitegen.Sites(100_000, 1), NewGPXWriter)
}
