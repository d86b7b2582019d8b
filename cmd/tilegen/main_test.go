package main

import (
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestRun writes each kind of file and refuses bad arguments.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		out    string
		raster bool
		format tiles.Format
	}{
		{"v.pmtiles", false, tiles.FormatMVT},
		{"v.mbtiles", false, tiles.FormatMVT},
		{"r.mbtiles", true, tiles.FormatPNG},
	} {
		path := filepath.Join(dir, c.out)
		if err := run(path, "129.5,42.7,130.6,43.1", "5-7", c.raster, 2); err != nil {
			t.Fatalf("%s: %v", c.out, err)
		}
		src, err := tiles.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		md := src.Metadata()
		src.Close()
		if md.Format != c.format || md.MinZoom != 5 || md.MaxZoom != 7 {
			t.Errorf("%s: %+v", c.out, md)
		}
	}
	for _, bad := range [][3]string{{"", "", "0-2"}, {"x.pmtiles", "", "3-1"}, {"x.txt", "", "0-1"}, {"x.pmtiles", "1,2", "0-1"}} {
		if err := run(filepath.Join(dir, bad[0]), bad[1], bad[2], false, 0); err == nil && bad[0] != "" {
			t.Errorf("run(%q, %q, %q): no error", bad[0], bad[1], bad[2])
		}
	}
}
