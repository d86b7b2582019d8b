package render

import (
	"fmt"
	"image"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

var (
	benchMu   sync.Mutex
	benchSets = map[int][]site.Summary{}
	benchIdx  = map[int]*Index{}
)

func benchSummaries(n int) []site.Summary {
	benchMu.Lock()
	defer benchMu.Unlock()
	if ss, ok := benchSets[n]; ok {
		return ss
	}
	ss := genSummaries(n, 11)
	benchSets[n] = ss
	return ss
}

func benchIndex(n int) *Index {
	ss := benchSummaries(n)
	benchMu.Lock()
	defer benchMu.Unlock()
	if idx, ok := benchIdx[n]; ok {
		return idx
	}
	idx := buildIndex(ss)
	benchIdx[n] = idx
	return idx
}

// BenchmarkBuildIndex measures building the index from a million
// summaries, as at start-up; it reports the heap the index holds.
func BenchmarkBuildIndex(b *testing.B) {
	ss := benchSummaries(1_000_000)
	b.ResetTimer()
	var idx *Index
	for b.Loop() {
		idx = buildIndex(ss)
	}
	b.StopTimer()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&after)
	idx = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-held")
	_ = idx
}

// BenchmarkFrame draws a 1280×800 frame around Hunchun. "cold" pans one
// pixel per frame so the basemap is rasterised every time, as while
// dragging; "warm" redraws the same view, as when the selection changes.
func BenchmarkFrame(b *testing.B) {
	world := testWorld(b)
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		idx := benchIndex(n)
		m, err := NewMap(world, idx, nil)
		if err != nil {
			b.Fatal(err)
		}
		m.fonts = testFonts(b)
		for _, z := range []float64{3, 8, 14} {
			for _, mode := range []string{"cold", "warm"} {
				b.Run(fmt.Sprintf("sites=%d/z=%v/%s", n, z, mode), func(b *testing.B) {
					v := NewViewport(orb.Point{130.366, 42.862}, z, 1280, 800)
					img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
					m.Draw(img, v, DrawOptions{}) // projection and sprite caches
					for b.Loop() {
						if mode == "cold" {
							v.Pan(1, 0)
						}
						m.Draw(img, v, DrawOptions{Selected: []int64{1}})
					}
				})
			}
		}
	}
}

var (
	fontsOnce sync.Once
	fontsVal  *fontSet
)

// testFonts shares one parsed label font between benchmark maps.
func testFonts(b testing.TB) *fontSet {
	fontsOnce.Do(func() {
		m := testMap(b, nil)
		fontsVal = m.fonts
	})
	return fontsVal
}

// TestFrameTimes prints the best of several frames for each site count and
// zoom: on a shared machine the minimum is the figure that means
// something. Run with RENDER_TIMES=1.
func TestFrameTimes(t *testing.T) {
	if os.Getenv("RENDER_TIMES") == "" {
		t.Skip("set RENDER_TIMES=1 to print frame times")
	}
	world := testWorld(t)
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		idx := benchIndex(n)
		m, err := NewMap(world, idx, nil)
		if err != nil {
			t.Fatal(err)
		}
		m.fonts = testFonts(t)
		for _, z := range []float64{3, 8, 14} {
			v := NewViewport(orb.Point{130.366, 42.862}, z, 1280, 800)
			img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
			m.Draw(img, v, DrawOptions{})
			best := func(pan bool) time.Duration {
				b := time.Duration(1 << 62)
				for i := 0; i < 15; i++ {
					if pan {
						v.Pan(1, 0)
					}
					t0 := time.Now()
					m.Draw(img, v, DrawOptions{Selected: []int64{1}})
					b = min(b, time.Since(t0))
				}
				return b
			}
			cold, warm := best(true), best(false)
			t.Logf("sites=%-8d z=%-3v cold %6.2f ms  warm %6.2f ms", n, z, cold.Seconds()*1e3, warm.Seconds()*1e3)
		}
	}
}
