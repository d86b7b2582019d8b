// Command sitegen writes a deterministic GeoJSON FeatureCollection of N
// realistic generated sites (names in Latin, Chinese and Korean scripts, a
// few sources and dated observations each), for benchmarks and tests. The
// same -n and -seed always give the same bytes.
//
//	sitegen -n 1000000 -o sites-1m.geojson
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sitegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100000, "how many sites to generate")
	seed := fs.Int64("seed", 1, "generator seed")
	out := fs.String("o", "-", "write to `FILE` (- for standard output)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *n < 0 {
		fmt.Fprintln(stderr, "usage: sitegen [-n N] [-seed S] [-o FILE|-]")
		return 2
	}
	if err := generate(*n, *seed, *out, stdout); err != nil {
		fmt.Fprintf(stderr, "sitegen: %v\n", err)
		return 1
	}
	return 0
}

// generate writes to a temporary file beside out and renames it into place,
// so an interrupted run never leaves a truncated file with the final name.
func generate(n int, seed int64, out string, stdout io.Writer) error {
	if out == "-" {
		return write(stdout, n, seed)
	}
	f, err := os.CreateTemp(dirOf(out), ".sitegen-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	err = f.Chmod(0o644)
	if err == nil {
		err = write(f, n, seed)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), out)
}

func write(w io.Writer, n int, seed int64) error {
	gw := geoio.NewGeoJSONWriter(w)
	for s := range sitegen.Seq(n, seed) {
		if err := gw.Write(s); err != nil {
			return err
		}
	}
	return gw.Close()
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}
