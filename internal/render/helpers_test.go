package render

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/site"
)

// cities are centres for generated sites: the region researchers document
// plus big cities elsewhere, so that the world view has clusters too.
var cities = []struct {
	lon, lat float64
	weight   int
	name     string
}{
	{130.366, 42.862, 20, "Hunchun"}, {129.843, 42.966, 18, "Tumen"}, {129.509, 42.891, 12, "Yanji"},
	{124.383, 40.124, 16, "Dandong"}, {123.431, 41.806, 6, "Shenyang"}, {121.550, 29.875, 4, "Ningbo"},
	{131.886, 43.116, 6, "Vladivostok"}, {130.300, 42.258, 4, "Rason"}, {126.535, 45.803, 3, "Harbin"},
	{116.407, 39.904, 3, "Beijing"}, {121.47, 31.23, 3, "Shanghai"}, {37.62, 55.75, 2, "Moscow"},
	{55.27, 25.2, 2, "Dubai"}, {-0.13, 51.5, 1, "London"}, {-74.0, 40.7, 1, "New York"},
	{151.2, -33.87, 1, "Sydney"}, {178.44, -18.14, 1, "Suva"}, {-43.2, -22.9, 1, "Rio"},
}

// genSummaries returns n deterministic sites: 90 % within ~15 km of a city,
// the rest scattered over the land-ish latitudes.
func genSummaries(n int, seed uint64) []site.Summary {
	r := rand.New(rand.NewPCG(seed, 42))
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	out := make([]site.Summary, n)
	for i := range out {
		var lon, lat float64
		if r.IntN(10) < 9 {
			w := r.IntN(total)
			c := cities[0]
			for _, cc := range cities {
				if w < cc.weight {
					c = cc
					break
				}
				w -= cc.weight
			}
			d := math.Abs(r.NormFloat64()) * 0.08
			a := r.Float64() * 2 * math.Pi
			lon, lat = c.lon+d*math.Cos(a)/math.Cos(c.lat*math.Pi/180), c.lat+d*math.Sin(a)
		} else {
			lon, lat = r.Float64()*360-180, r.Float64()*120-55
		}
		out[i] = site.Summary{
			Row:      int64(i + 1),
			ID:       fmt.Sprintf("gen-%d", i),
			Name:     fmt.Sprintf("Site %d", i+1),
			Category: site.Categories[r.IntN(len(site.Categories))],
			Status:   site.Statuses[r.IntN(len(site.Statuses))],
			Geometry: orb.Point{lon, lat},
		}
	}
	return out
}

func buildIndex(ss []site.Summary) *Index {
	b := NewIndexBuilder()
	for _, s := range ss {
		b.Add(s)
	}
	return b.Build()
}

var (
	worldOnce sync.Once
	world     *basemap.World
	worldErr  error
)

// testWorld returns the embedded basemap.
func testWorld(t testing.TB) *basemap.World {
	t.Helper()
	worldOnce.Do(func() { world, worldErr = basemap.Load() })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return world
}
