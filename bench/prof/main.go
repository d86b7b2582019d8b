// Command prof profiles an import or an export the way the command line
// runs them, for the findings in BENCHMARKS.md:
//
//	go run ./bench/prof -db x.db -import sites.geojson -cpuprofile cpu.out
//	go run ./bench/prof -db x.db -export out.geojson -cpuprofile cpu.out
//	go run ./bench/prof -db x.db -query
//	go run ./bench/prof -db x.db -open
//	go run ./bench/prof -db x.db -load [-cpuprofile cpu.out]
//
// -query prints the median latency of full-text searches (every matching
// row in row order, as `siteatlas render --q` asks; and the window's search:
// rows, the list's name order from its catalog, the first page) and of
// town-sized bbox queries (rows, and the summaries a list of them shows)
// on an existing database.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

func main() {
	db := flag.String("db", "", "database `PATH`")
	imp := flag.String("import", "", "GeoJSON or CSV `FILE` to import")
	exp := flag.String("export", "", "GeoJSON `FILE` to export to")
	cpu := flag.String("cpuprofile", "", "write a CPU profile to `FILE`")
	queries := flag.Bool("query", false, "time searches and bbox queries")
	open := flag.Bool("open", false, "time opening the database (what every command and the window do first)")
	load := flag.Bool("load", false, "time loading the map index and the list catalog (what the window does after opening)")
	flag.Parse()
	if *load && *db != "" {
		if err := timeLoad(*db, *cpu); err != nil {
			fail(err)
		}
		return
	}
	if *open && *db != "" {
		for range 3 {
			start := time.Now()
			st, err := store.Open(*db)
			if err != nil {
				fail(err)
			}
			d := time.Since(start)
			st.Close()
			fmt.Printf("store.Open: %.0f ms\n", ms(d))
		}
		return
	}
	if *queries && *db != "" {
		if err := timeQueries(*db); err != nil {
			fail(err)
		}
		return
	}
	if *db == "" || (*imp == "") == (*exp == "") {
		flag.Usage()
		os.Exit(2)
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	st, err := store.Open(*db)
	if err != nil {
		fail(err)
	}
	defer st.Close()
	start := time.Now()
	ctx := context.Background()
	if *imp != "" {
		rep, err := app.ImportWith(ctx, st, []string{*imp}, store.ImportOptions{Alone: true}, nil)
		if err != nil {
			fail(err)
		}
		fmt.Printf("import: %s in %v\n", rep.Summary(), time.Since(start))
		return
	}
	rep, err := app.ExportFile(ctx, st, *exp, app.ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true}, nil)
	if err != nil {
		fail(err)
	}
	fmt.Printf("export: %d sites in %v\n", rep.Written, time.Since(start))
}

// timeLoad runs app.LoadView as the window does when it opens a database:
// the time until the map can draw the sites (the index) and until the list
// can show them (the catalog), three times.
func timeLoad(path, cpuProfile string) error {
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for range 3 {
		start := time.Now()
		var toIndex time.Duration
		idx, cat, err := app.LoadView(context.Background(), st, func(*render.Index) { toIndex = time.Since(start) })
		if err != nil {
			return err
		}
		fmt.Printf("LoadView: %d sites on the map after %.0f ms, list ready after %.0f ms\n", idx.Len(), ms(toIndex), ms(time.Since(start)))
		_ = cat
	}
	return nil
}

func timeQueries(path string) error {
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	n, err := st.Count(ctx, store.Filter{})
	if err != nil {
		return err
	}
	fmt.Printf("database: %d sites\n", n)
	// The window searches the full-text index for rows, then sorts and
	// filters them in its catalog and fetches the first page of the list:
	// load the catalog as the window does when it opens the database.
	loadStart := time.Now()
	_, cat, err := app.LoadView(ctx, st, nil)
	if err != nil {
		return err
	}
	fmt.Printf("window's views loaded in %.0f ms\n", ms(time.Since(loadStart)))
	br := app.NewBrowser(st)
	br.SetCatalog(cat)
	// What people type: a Latin prefix, a two-character Chinese name, a
	// Korean syllable pair, two words.
	for _, q := range []string{"hunch", "图们", "훈춘", "seafood dandong", "dormitory"} {
		var hits int
		d, err := median(15, func() error {
			rows, err := st.Rows(ctx, store.Filter{Text: q, Order: store.ByRow})
			hits = len(rows)
			return err
		})
		if err != nil {
			return err
		}
		dw, err := median(15, func() error {
			if err := br.Set(ctx, app.Query{Text: q, Order: store.ByName}); err != nil {
				return err
			}
			if _, ok := br.At(ctx, 0); !ok && br.Len() > 0 {
				return fmt.Errorf("search %q: no first row", q)
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Printf("search %q: %d hits, rows (row order) median %.2f ms, window (by name, first page) median %.2f ms\n",
			q, hits, ms(d), ms(dw))
	}
	// Town-sized views (about 3.4 x 3.3 km) at the densest places and a
	// quieter one, with the summaries a list shows for them.
	for _, c := range []struct {
		name     string
		lon, lat float64
	}{{"Hunchun", 130.366, 42.862}, {"Dandong", 124.383, 40.124}, {"Harbin", 126.535, 45.803}} {
		b := orb.Bound{Min: orb.Point{c.lon - 0.02, c.lat - 0.015}, Max: orb.Point{c.lon + 0.02, c.lat + 0.015}}
		d, err := median(15, func() error {
			return st.Summaries(ctx, store.Filter{BBox: &b}, func(site.Summary) error { return nil })
		})
		if err != nil {
			return err
		}
		var rowHits int
		dr, err := median(15, func() error {
			rows, err := st.Rows(ctx, store.Filter{BBox: &b, Order: store.ByRow})
			rowHits = len(rows)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Printf("bbox %s 3.4x3.3 km: %d sites, rows median %.2f ms, summaries median %.2f ms\n", c.name, rowHits, ms(dr), ms(d))
	}
	return nil
}

func median(n int, fn func() error) (time.Duration, error) {
	if err := fn(); err != nil { // warm the page cache, as an open app has
		return 0, err
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds[i] = time.Since(start)
	}
	slices.Sort(ds)
	return ds[n/2], nil
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "prof:", err)
	os.Exit(1)
}
