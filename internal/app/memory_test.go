package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/siteatlas/siteatlas/internal/geoio"
)

// featureStream is a GeoJSON FeatureCollection of n point sites made up as
// it is read: a file of any size that is never held in memory. Each feature
// (about 330 bytes) has its own UUID, so that an import adds every one.
type featureStream struct {
	n, i int
	noID bool // leave the ids out, as GDAL does
	buf  []byte
	done bool
	read int64
}

func newFeatureStream(n int) *featureStream {
	return &featureStream{n: n, buf: []byte("{\"type\":\"FeatureCollection\",\"name\":\"generated\",\"features\":[\n")}
}

var cities = []string{"Tumen", "Hunchun", "Dandong", "图们", "珲春", "훈춘"}

func (f *featureStream) Read(p []byte) (int, error) {
	for len(f.buf) < len(p) && !f.done {
		if f.i == f.n {
			f.buf = append(f.buf, "\n]}\n"...)
			f.done = true
			break
		}
		if f.i > 0 {
			f.buf = append(f.buf, ",\n"...)
		}
		i := f.i
		f.buf = append(f.buf, `{"type":"Feature",`...)
		if !f.noID {
			f.buf = fmt.Appendf(f.buf, `"id":"%08x-%04x-4000-8000-%012x",`, i, i>>16&0xffff, uint64(i)*2654435761&0xffffffffffff)
		}
		f.buf = fmt.Appendf(f.buf, `"properties":{"name":"%s seafood processing plant No. %d","category":"factory","status":"reported","city":"%s","country":"CN","workers_estimate":%d,"first_reported":"2017-05","tags":["seafood","export"]},"geometry":{"type":"Point","coordinates":[%.6f,%.6f]}}`,
			cities[i%len(cities)], i, cities[(i/7)%len(cities)],
			i%500, 129+float64(i%100000)/100000, 42+float64(i%77777)/77777)
		f.i++
	}
	n := copy(p, f.buf)
	f.buf = f.buf[:copy(f.buf, f.buf[n:])]
	f.read += int64(n)
	if n == 0 && f.done {
		return 0, io.EOF
	}
	return n, nil
}

// peakHeap samples the bytes of heap objects (live and not yet swept) every
// millisecond until stop is called, and returns the peak above the level
// when it started.
func peakHeap() (stop func() uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-quit:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(quit)
		wg.Wait()
		if p := peak.Load(); p > base {
			return p - base
		}
		return 0
	}
}

const mib = 1 << 20

// readStream reads a generated file of n features and returns the peak heap.
func readStream(t *testing.T, n int, noID bool, opts geoio.ReaderOptions) (peak uint64, size int64) {
	src := newFeatureStream(n)
	src.noID = noID
	stop := peakHeap()
	rd, err := geoio.NewReaderWith("stream.geojson", src, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got++
	}
	rd.Close()
	peak = stop()
	if got != n {
		t.Fatalf("read %d of %d features", got, n)
	}
	return peak, src.read
}

// TestReaderMemoryFlat streams a GeoJSON file of about 300 MB (30 MB with
// -short), made up as it is read, through the reader, and one ten times
// smaller: the peak heap must not grow with the file. The one thing that
// may grow is the duplicate-id check, which must remember every id it has
// seen: a few tens of bytes per feature that has an id (GDAL's exports have
// none; ours do), unless the caller checks UUIDs itself (a bulk import, whose
// database index does). It logs the figures (go test -v -run MemoryFlat).
func TestReaderMemoryFlat(t *testing.T) {
	small, big := 100_000, 1_000_000 // ~33 MB and ~330 MB
	if testing.Short() || raceEnabled {
		small, big = 10_000, 100_000
	}
	for _, c := range []struct {
		what       string
		noID       bool
		opts       geoio.ReaderOptions
		perFeature uint64 // bytes each extra feature may add
	}{
		{"features without ids", true, geoio.ReaderOptions{}, 0},
		{"features with ids", false, geoio.ReaderOptions{}, 64},
		{"features with ids the caller checks", false, geoio.ReaderOptions{UUIDsCheckedByCaller: true}, 0},
	} {
		ps, ss := readStream(t, small, c.noID, c.opts)
		pb, sb := readStream(t, big, c.noID, c.opts)
		perFeature := (float64(pb) - float64(ps)) / float64(big-small)
		t.Logf("reader, %s: %.0f MB: peak heap %.1f MiB; %.0f MB: peak heap %.1f MiB (%+.1f bytes per extra feature)",
			c.what, float64(ss)/1e6, float64(ps)/mib, float64(sb)/1e6, float64(pb)/mib, perFeature)
		// Flat: ten times the data may take at most 1.5 times the memory
		// plus a few MiB of GC slack; with ids, the id index on top (about
		// 20 bytes per id in the map, 58 at the peak with GC headroom).
		limit := ps*3/2 + 8*mib + c.perFeature*uint64(big-small)
		if pb > limit {
			t.Errorf("%s: peak heap grew with the file: %.1f MiB for %d features, %.1f MiB for %d",
				c.what, float64(ps)/mib, small, float64(pb)/mib, big)
		}
	}
}

// TestImportMemoryFlat imports a generated file through a named pipe (so
// that not even the disk holds it) into a new database, for a file and one
// ten times the size: Go's peak heap stays flat. It also logs the peak
// resident set, which includes SQLite's page cache (a bulk load's 2 MiB).
// Into a new database the import is a bulk load, which leaves the check of
// repeated UUIDs to the database, so ids or not, nothing grows.
func TestImportMemoryFlat(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("imports 440,000 sites: skipped with -short and -race")
	}
	small, big := 20_000, 200_000
	for _, noID := range []bool{true, false} {
		ps, ss, rs := importStream(t, small, noID)
		pb, sb, rb := importStream(t, big, noID)
		what := "features with ids"
		if noID {
			what = "features without ids"
		}
		t.Logf("import, %s: %.0f MB: peak heap %.1f MiB, peak RSS %s; %.0f MB: peak heap %.1f MiB, peak RSS %s",
			what, float64(ss)/1e6, float64(ps)/mib, rs, float64(sb)/1e6, float64(pb)/mib, rb)
		if limit := ps*3/2 + 8*mib; pb > limit {
			t.Errorf("%s: peak heap grew with the file: %.1f MiB for %d sites, %.1f MiB for %d",
				what, float64(ps)/mib, small, float64(pb)/mib, big)
		}
	}
}

// importStream imports n generated sites through a named pipe into a new
// database and returns the peak heap, the bytes streamed and the peak RSS.
func importStream(t *testing.T, n int, noID bool) (uint64, int64, string) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "stream.geojson")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	st := openDB(t, filepath.Join(dir, "atlas.db"))
	defer st.Close()
	src := newFeatureStream(n)
	src.noID = noID
	errc := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			errc <- err
			return
		}
		_, err = io.Copy(w, src)
		w.Close()
		errc <- err
	}()
	resetPeakRSS()
	stop := peakHeap()
	rep, err := Import(context.Background(), st, []string{fifo}, nil)
	peak := stop()
	if err != nil {
		t.Fatalf("%v %v", err, problemTexts(rep))
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if rep.Added != n {
		t.Fatalf("added %d of %d", rep.Added, n)
	}
	return peak, src.read, peakRSS()
}

// resetPeakRSS resets the kernel's high-water mark of the resident set
// (Linux 4.0+); peakRSS reads it.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
		}
	}
	return "unknown"
}
