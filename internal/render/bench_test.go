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
	"github.com/siteatlas/siteatlas/internal/sitegen"
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

// benchIndex returns the index of n generated sites. The summaries are
// not kept: in the app only the index stays on the heap, and a million
// summaries left alive would make every collection during a frame
// benchmark mark 200 MB the app does not have.
func benchIndex(n int) *Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	if idx, ok := benchIdx[n]; ok {
		return idx
	}
	idx := buildIndex(genSummaries(n, 11))
	benchIdx[n] = idx
	runtime.GC()
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
	runtime.KeepAlive(idx) // held until after the reading above, not after
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MB-held")
}

// benchCenter is where frame benchmarks look: Hunchun, the densest place
// of the generated sites (a fifth of them within ~15 km).
var benchCenter = orb.Point{130.366, 42.862}

// BenchmarkFrame draws a 1280×800 frame around Hunchun at zooms 3, 8 and
// 14, and at 3.5 and 6 where the 1:50m and 1:10m basemap levels start (the
// slowest frames of each level). "fresh" draws the
// basemap from scratch every frame, as for the first frame of a view or
// while zooming; "pan" moves one pixel per frame, as while dragging (the
// last raster is shifted and the uncovered strip drawn); "warm" redraws
// the same view, as when the selection changes; "nobasemap" draws the
// sites only (over tiles). Run with -cpu 1 for the one-core figure.
func BenchmarkFrame(b *testing.B) {
	world := testWorld(b)
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		idx := benchIndex(n)
		m, err := NewMap(world, idx, nil)
		if err != nil {
			b.Fatal(err)
		}
		m.fonts = testFonts(b)
		for _, z := range []float64{3, 3.5, 6, 8, 14} {
			for _, mode := range []string{"fresh", "pan", "warm", "nobasemap"} {
				b.Run(fmt.Sprintf("sites=%d/z=%v/%s", n, z, mode), func(b *testing.B) {
					v := NewViewport(benchCenter, z, 1280, 800)
					img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
					opts := DrawOptions{Selected: []int64{1}, NoBasemap: mode == "nobasemap"}
					m.Draw(img, v, opts) // projection and sprite caches
					for b.Loop() {
						switch mode {
						case "fresh":
							m.bmMu.Lock()
							m.bmKey = Viewport{} // keeps the buffer
							m.bmMu.Unlock()
						case "pan", "nobasemap":
							v.Pan(1, 0)
						}
						m.Draw(img, v, opts)
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

// TestFrameTimes prints frame times for each site count and zoom, in the
// modes of BenchmarkFrame: the best wall time of 25 frames and the mean
// CPU time of the drawing thread (the kernel counts it in ticks, so one
// frame alone is too coarse). On a machine shared with other work the
// CPU time is the figure that means something; the best wall time is what
// an idle core gives. Run with RENDER_TIMES=1.
func TestFrameTimes(t *testing.T) {
	if os.Getenv("RENDER_TIMES") == "" {
		t.Skip("set RENDER_TIMES=1 to print frame times")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	world := testWorld(t)
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		idx := benchIndex(n)
		m, err := NewMap(world, idx, nil)
		if err != nil {
			t.Fatal(err)
		}
		m.fonts = testFonts(t)
		for _, z := range []float64{3, 3.5, 6, 8, 14} {
			v := NewViewport(benchCenter, z, 1280, 800)
			img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
			m.Draw(img, v, DrawOptions{})
			measure := func(mode string, opts DrawOptions) (wall, cpu time.Duration) {
				const frames = 25
				wall = time.Duration(1 << 62)
				c0, _ := threadCPU()
				for i := 0; i < frames; i++ {
					switch mode {
					case "fresh":
						m.bmKey = Viewport{}
					case "pan":
						v.Pan(1, 0)
					}
					t0 := time.Now()
					m.Draw(img, v, opts)
					wall = min(wall, time.Since(t0))
				}
				c1, _ := threadCPU()
				return wall, (c1 - c0) / frames
			}
			ms := func(d time.Duration) float64 { return d.Seconds() * 1e3 }
			sel := DrawOptions{Selected: []int64{1}}
			fw, fc := measure("fresh", sel)
			pw, pc := measure("pan", sel)
			ww, wc := measure("warm", sel)
			nw, nc := measure("pan", DrawOptions{Selected: []int64{1}, NoBasemap: true})
			t.Logf("sites=%-8d z=%-3v fresh %6.2f ms (cpu %6.2f)  pan %6.2f (cpu %6.2f)  warm %6.2f (cpu %6.2f)  no basemap %6.2f (cpu %6.2f)",
				n, z, ms(fw), ms(fc), ms(pw), ms(pc), ms(ww), ms(wc), ms(nw), ms(nc))
		}
	}
}

// TestBuildTime prints the CPU time of the drawing thread to build the
// index of a million summaries (best of three), as BenchmarkBuildIndex does
// in wall time. Run with RENDER_TIMES=1.
func TestBuildTime(t *testing.T) {
	if os.Getenv("RENDER_TIMES") == "" {
		t.Skip("set RENDER_TIMES=1 to print the index build time")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ss := benchSummaries(1_000_000)
	best, bestWall := time.Duration(1<<62), time.Duration(1<<62)
	for i := 0; i < 3; i++ {
		runtime.GC()
		c0, _ := threadCPU()
		t0 := time.Now()
		idx := buildIndex(ss)
		bestWall = min(bestWall, time.Since(t0))
		c1, _ := threadCPU()
		best = min(best, c1-c0)
		runtime.KeepAlive(idx)
	}
	t.Logf("index of 1,000,000 sites built in %.0f ms (cpu %.0f ms)", bestWall.Seconds()*1e3, best.Seconds()*1e3)
}

// sitegenIndex returns the index of the million sites (sitegen seed 1) the
// store's query benchmarks use, rows numbered in import order as there, so
// that the boxes below find the same sites in both.
func sitegenIndex(b *testing.B) *Index {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	const key = -1 // benchIdx keys are site counts; this one is sitegen's
	if idx, ok := benchIdx[key]; ok {
		return idx
	}
	ib := NewIndexBuilder()
	row := int64(0)
	for s := range sitegen.Seq(1_000_000, 1) {
		row++
		ib.Add(site.Summary{Row: row, ID: s.ID, Name: s.Name, Category: s.Category, Status: s.Status,
			City: s.City, Geometry: s.Geometry, Confidential: s.Confidential})
	}
	idx := ib.Build()
	benchIdx[key] = idx
	runtime.GC()
	return idx
}

// boxRows calls fn with the row of every live site whose position (a
// point) or bound (a line or polygon) meets the lon/lat box: the window's
// box query, the one a frame makes before it clusters and draws.
func (s *snapshot) boxRows(box orb.Bound, fn func(row int64)) {
	x0, y0 := mercX(box.Min[0]), mercY(box.Max[1])
	x1, y1 := mercX(box.Max[0]), mercY(box.Min[1])
	s.scan(x0, y0, x1, y1, func(_ ref, e *entry) {
		if e.flags&flagShape == 0 {
			fn(e.row)
		}
	})
	ub := orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	for _, slot := range s.base.shapeSlots {
		if !s.isDead(int(slot)) && s.base.shapes[slot].bound.Intersects(ub) {
			fn(s.base.entries[slot].row)
		}
	}
	for i := range s.extra {
		if sh := s.extra[i].shape; sh != nil && sh.bound.Intersects(ub) {
			fn(s.extra[i].e.row)
		}
	}
}

// BenchmarkIndexBBox1M asks the in-memory index of a million sites for
// the sites in the boxes of the store's BenchmarkBBox1M (the same sites):
// Count visits them, Rows also collects their rows. This is the box query
// the window makes; the store's answers the command line.
func BenchmarkIndexBBox1M(b *testing.B) {
	s := sitegenIndex(b).snapshot()
	for _, c := range sitegen.BoxProbes {
		n := 0
		s.boxRows(c.Box, func(int64) { n++ })
		b.Run(fmt.Sprintf("%s/%dsites/Count", c.Name, n), func(b *testing.B) {
			for b.Loop() {
				k := 0
				s.boxRows(c.Box, func(int64) { k++ })
				if k != n {
					b.Fatal(k, n)
				}
			}
		})
		b.Run(fmt.Sprintf("%s/%dsites/Rows", c.Name, n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var rows []int64
				s.boxRows(c.Box, func(r int64) { rows = append(rows, r) })
				if len(rows) != n {
					b.Fatal(len(rows), n)
				}
			}
		})
	}
}
