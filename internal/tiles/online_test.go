package tiles_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// tilePNG is a 256-pixel PNG tile whose colour encodes its id.
func tilePNG(z, x, y int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	c := color.RGBA{uint8(40 * z), uint8(x * 7), uint8(y * 11), 255}
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// tileServer is an XYZ server on 127.0.0.1 counting its requests; fail,
// when set, answers instead of the tile.
type tileServer struct {
	*httptest.Server
	hits  atomic.Int64
	mu    sync.Mutex
	times []time.Time
	seen  map[string]int
	ua    atomic.Value
	fail  func(n int64) int // status to answer for the n-th request, 0 for the tile
	delay time.Duration
}

func newTileServer(t *testing.T) *tileServer {
	ts := &tileServer{seen: map[string]int{}}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := ts.hits.Add(1)
		ts.ua.Store(r.Header.Get("User-Agent"))
		ts.mu.Lock()
		ts.times = append(ts.times, time.Now())
		ts.seen[r.URL.Path]++
		ts.mu.Unlock()
		if ts.delay > 0 {
			select {
			case <-time.After(ts.delay):
			case <-r.Context().Done():
				return
			}
		}
		if ts.fail != nil {
			if code := ts.fail(n); code != 0 {
				http.Error(w, "no", code)
				return
			}
		}
		var z, x, y int
		if _, err := fmt.Sscanf(r.URL.Path, "/%d/%d/%d.png", &z, &x, &y); err != nil || z > 14 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(tilePNG(z, x, y))
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tileServer) template() string { return ts.URL + "/{z}/{x}/{y}.png" }

// waitTile polls src until tile id is there.
func waitTile(t *testing.T, src tiles.Source, id tiles.TileID) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, err := src.Tile(context.Background(), id)
		if err == nil && b != nil {
			return b
		}
		if err != nil && !errors.Is(err, tiles.ErrPending) {
			t.Fatalf("tile %v: %v", id, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("tile %v did not arrive", id)
	return nil
}

// TestOnlineCacheAndOffline fetches tiles in the background, serves them
// from the cache, and still serves them after the server is gone, from a
// new source on the same cache directory.
func TestOnlineCacheAndOffline(t *testing.T) {
	ts := newTileServer(t)
	dir := t.TempDir()
	src, err := tiles.NewOnlineSource(ts.template(), "© Test tiles", dir, tiles.OnlineOptions{BackoffBase: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var updates atomic.Int64
	src.OnUpdate(func() { updates.Add(1) })
	id := tiles.TileID{Z: 5, X: 27, Y: 11}
	if _, err := src.Tile(context.Background(), id); !errors.Is(err, tiles.ErrPending) {
		t.Fatalf("first Tile: err = %v; want ErrPending (never wait for the network)", err)
	}
	got := waitTile(t, src, id)
	if !bytes.Equal(got, tilePNG(5, 27, 11)) {
		t.Error("fetched tile differs from the server's")
	}
	if ua, _ := ts.ua.Load().(string); !strings.HasPrefix(ua, "SiteAtlas/") {
		t.Errorf("User-Agent = %q; want SiteAtlas/<version>", ua)
	}
	if updates.Load() == 0 {
		t.Error("no OnUpdate call after a tile arrived")
	}
	hits := ts.hits.Load()
	for i := 0; i < 3; i++ {
		waitTile(t, src, id)
	}
	if ts.hits.Load() != hits {
		t.Errorf("cached tile fetched again: %d requests, want %d", ts.hits.Load(), hits)
	}
	// A tile the server does not have: nil, not pending forever.
	none := tiles.TileID{Z: 15, X: 1, Y: 1}
	src.Tile(context.Background(), none)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := src.Tile(context.Background(), none)
		if b == nil && err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("404 tile: still %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n, size, err := src.CacheStats(context.Background()); err != nil || n != 1 || size != int64(len(got)) {
		t.Errorf("CacheStats = %d tiles, %d bytes, %v", n, size, err)
	}
	if _, err := os.Stat(src.CacheFile()); err != nil {
		t.Error(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}

	// The network goes away.
	ts.Close()
	src2, err := tiles.NewOnlineSource(ts.template(), "© Test tiles", dir, tiles.OnlineOptions{BackoffBase: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer src2.Close()
	b, err := src2.Tile(context.Background(), id)
	if err != nil || !bytes.Equal(b, tilePNG(5, 27, 11)) {
		t.Fatalf("offline: cached tile: %d bytes, %v", len(b), err)
	}
	// An uncached tile: pending, the request fails, the source backs off;
	// drawing is never blocked and falls back to what is cached.
	other := tiles.TileID{Z: 6, X: 54, Y: 22} // a child of id
	if _, err := src2.Tile(context.Background(), other); !errors.Is(err, tiles.ErrPending) {
		t.Fatalf("uncached tile offline: %v; want ErrPending", err)
	}
	deadline = time.Now().Add(5 * time.Second)
	for src2.Status().Failures == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no failure recorded with the server down")
		}
		time.Sleep(10 * time.Millisecond)
	}
	st := src2.Status()
	if st.LastError == nil || !st.BackoffUntil.After(time.Now().Add(-time.Second)) {
		t.Errorf("status after failure = %+v", st)
	}
	l := tiles.NewLayer(src2, tiles.LayerOptions{})
	v := render.NewViewport(id.Bound().Center(), 6, 256, 256)
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	start := time.Now()
	l.Draw(img, v)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Draw took %v with the server down", d)
	}
	// The view is covered by the cached z5 tile, scaled up.
	if c := img.RGBAAt(128, 128); c != (color.RGBA{200, 27 * 7, 11 * 11, 255}) {
		t.Errorf("offline fallback pixel = %v; want the cached z5 tile's colour", c)
	}
	src2.SetOnline(false)
	if src2.Status().Online {
		t.Error("SetOnline(false) did not stick")
	}
}

// TestOnlineBackoff: a failing server is retried with growing waits, and
// the tile arrives once it recovers.
func TestOnlineBackoff(t *testing.T) {
	ts := newTileServer(t)
	ts.fail = func(n int64) int {
		if n <= 4 {
			return http.StatusServiceUnavailable
		}
		return 0
	}
	src, err := tiles.NewOnlineSource(ts.template(), "", t.TempDir(), tiles.OnlineOptions{
		Concurrency: 1, BackoffBase: 40 * time.Millisecond, BackoffMax: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	waitTile(t, src, tiles.TileID{Z: 3, X: 6, Y: 2})
	ts.mu.Lock()
	times := append([]time.Time(nil), ts.times...)
	ts.mu.Unlock()
	if len(times) != 5 {
		t.Fatalf("%d requests; want 4 failures and a success", len(times))
	}
	for i := 1; i < len(times); i++ {
		gap := times[i].Sub(times[i-1])
		want := 40 * time.Millisecond << (i - 1)
		if gap < want*9/10 {
			t.Errorf("wait before request %d = %v; want at least %v", i+1, gap, want)
		}
	}
	// The tile is in the cache a moment before the worker updates the
	// counters: give the status that moment.
	st := src.Status()
	for deadline := time.Now().Add(2 * time.Second); st.Fetched == 0 && time.Now().Before(deadline); st = src.Status() {
		time.Sleep(5 * time.Millisecond)
	}
	if st.Failures != 0 || st.Fetched != 1 {
		t.Errorf("status after recovery = %+v", st)
	}
}

// TestDownloadResume downloads an area, cancelled half way, then resumes:
// the second run fetches only what the first did not.
func TestDownloadResume(t *testing.T) {
	ts := newTileServer(t)
	out := t.TempDir() + "/area.mbtiles"
	bound := orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}}
	est := tiles.EstimateDownload(bound, 6, 10, tiles.FormatPNG)
	if est.Tiles < 20 {
		t.Fatalf("estimate = %+v", est)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var last tiles.DownloadProgress
	p1, err := tiles.Download(ctx, tiles.DownloadOptions{
		Template: ts.template(), Attribution: "© Test", Bound: bound, MinZoom: 6, MaxZoom: 10, Output: out,
		Concurrency: 2, BackoffBase: 10 * time.Millisecond,
		Progress: func(p tiles.DownloadProgress) {
			last = p
			if p.Done >= est.Tiles/2 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled download: err = %v", err)
	}
	if p1.Fetched == 0 || p1.Fetched >= est.Tiles || last.Total != est.Tiles {
		t.Fatalf("first run: %+v (estimate %d)", p1, est.Tiles)
	}
	hits1 := ts.hits.Load()
	p2, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: ts.template(), Attribution: "© Test", Bound: bound, MinZoom: 6, MaxZoom: 10, Output: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Skipped != p1.Fetched || p2.Fetched != est.Tiles-p1.Fetched || p2.Done != est.Tiles {
		t.Errorf("resume: %+v after first run %+v, %d tiles", p2, p1, est.Tiles)
	}
	if got := ts.hits.Load() - hits1; got != p2.Fetched {
		t.Errorf("resume made %d requests; want %d", got, p2.Fetched)
	}
	// Only requests cut short by the cancel may have been made twice.
	ts.mu.Lock()
	twice := 0
	for _, n := range ts.seen {
		if n > 1 {
			twice++
		}
	}
	ts.mu.Unlock()
	if twice > 2 {
		t.Errorf("%d tiles fetched twice; want at most the 2 in flight at the cancel", twice)
	}
	// The result is a standalone MBTiles file.
	src, err := tiles.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	md := src.Metadata()
	if md.Format != tiles.FormatPNG || md.MinZoom != 6 || md.MaxZoom != 10 || md.Attribution != "© Test" {
		t.Errorf("metadata = %+v", md)
	}
	id := tiles.TileAt(orb.Point{130, 42.9}, 10)
	b, err := src.Tile(context.Background(), id)
	if err != nil || !bytes.Equal(b, tilePNG(id.Z, id.X, id.Y)) {
		t.Errorf("tile %v: %d bytes, %v", id, len(b), err)
	}
}

// TestDownloadRefusesHugeArea explains why instead of starting.
func TestDownloadRefusesHugeArea(t *testing.T) {
	_, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: "http://127.0.0.1:1/{z}/{x}/{y}.png", Bound: orb.Bound{Min: orb.Point{100, 20}, Max: orb.Point{140, 50}},
		MinZoom: 5, MaxZoom: 14, Output: t.TempDir() + "/x.mbtiles",
	})
	if !errors.Is(err, tiles.ErrTooManyTiles) {
		t.Fatalf("err = %v; want ErrTooManyTiles", err)
	}
	for _, s := range []string{"more than the 250,000 allowed", "zoom 5–"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
	t.Log(err)
}

// TestDownloadServerDown stops with a message once the server fails
// every request, keeping the file for a resume.
func TestDownloadServerDown(t *testing.T) {
	ts := newTileServer(t)
	ts.fail = func(int64) int { return http.StatusBadGateway }
	_, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: ts.template(), Bound: orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}},
		MinZoom: 8, MaxZoom: 12, Output: t.TempDir() + "/x.mbtiles", BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond,
	})
	if err == nil || !strings.Contains(err.Error(), "run it again to resume") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseTemplate(t *testing.T) {
	for _, bad := range []string{"", "ftp://x/{z}/{x}/{y}", "https://x/{z}/{x}.png", "tiles/{z}/{x}/{y}.png"} {
		if _, err := tiles.ParseTemplate(bad); err == nil {
			t.Errorf("ParseTemplate(%q): no error", bad)
		}
	}
	tp, err := tiles.ParseTemplate("https://{s}.tiles.example.org/{z}/{x}/{-y}.webp?key=1")
	if err != nil {
		t.Fatal(err)
	}
	if got := tp.URL(tiles.TileID{Z: 3, X: 2, Y: 1}); got != "https://a.tiles.example.org/3/2/6.webp?key=1" {
		t.Errorf("URL = %q", got)
	}
	if tp.Format() != tiles.FormatWebP {
		t.Errorf("Format = %q", tp.Format())
	}
}

// TestOnlineLayerRedraws: the first frame of an online layer draws what
// is cached (nothing: the embedded world shows) without waiting; when the
// tile arrives the layer asks for a redraw, which shows it.
func TestOnlineLayerRedraws(t *testing.T) {
	ts := newTileServer(t)
	ts.delay = 2 * time.Second // a slow server
	src, err := tiles.NewOnlineSource(ts.template(), "© Test", t.TempDir(), tiles.OnlineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var indicator atomic.Int64
	src.OnUpdate(func() { indicator.Add(1) }) // the UI's indicator, beside the layer's hook
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	changed := make(chan struct{}, 64)
	l.OnChange(func() { changed <- struct{}{} })
	id := tiles.TileID{Z: 4, X: 13, Y: 5}
	v := render.NewViewport(id.Bound().Center(), 4, 64, 64)
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	start := time.Now()
	l.Draw(img, v)
	if d := time.Since(start); d > time.Second {
		t.Errorf("first Draw took %v: it waited for the network", d)
	}
	if img.RGBAAt(32, 32).A != 0 {
		t.Errorf("first frame drew %v before any tile arrived", img.RGBAAt(32, 32))
	}
	want := color.RGBA{160, 13 * 7, 5 * 11, 255}
	deadline := time.After(10 * time.Second)
	for img.RGBAAt(32, 32) != want {
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("pixel = %v; the tile never showed", img.RGBAAt(32, 32))
		}
		clear(img.Pix)
		l.Draw(img, v)
	}
	if indicator.Load() == 0 {
		t.Error("the indicator's OnUpdate was not called")
	}
}

// TestLayerConcurrentDraws draws one layer from several goroutines at
// once, as the window's render goroutine and an export may (run with
// -race).
func TestLayerConcurrentDraws(t *testing.T) {
	pm, _ := generated(t)
	l := openLayer(t, pm, tiles.LayerOptions{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			img := image.NewRGBA(image.Rect(0, 0, 200, 150))
			v := render.NewViewport(orb.Point{130.1, 42.85}, 7+float64(g), 200, 150)
			for i := 0; i < 5; i++ {
				v.Pan(float64(g*7), 3)
				l.Draw(img, v)
				l.SetOpacity(0.5 + float64(i)/10)
			}
		}()
	}
	wg.Wait()
	if l.Err() != nil {
		t.Error(l.Err())
	}
}

// TestDownloadFromCache: tiles the online source has cached are copied
// into a download, not fetched again.
func TestDownloadFromCache(t *testing.T) {
	ts := newTileServer(t)
	dir := t.TempDir()
	src, err := tiles.NewOnlineSource(ts.template(), "", dir, tiles.OnlineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id := tiles.TileAt(orb.Point{130, 42.9}, 8)
	waitTile(t, src, id)
	src.Close()
	hits := ts.hits.Load()
	p, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: ts.template(), Bound: id.Bound(), MinZoom: 8, MaxZoom: 8, Output: dir + "/a.mbtiles", CacheDir: dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Cached != 1 || p.Total != 1 || ts.hits.Load() != hits {
		t.Errorf("progress %+v, %d requests", p, ts.hits.Load()-hits)
	}
}

// TestRetryAfter: a server answering 429 with Retry-After is not asked
// again before that time.
func TestRetryAfter(t *testing.T) {
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Write(tilePNG(2, 1, 1))
	}))
	defer srv.Close()
	src, err := tiles.NewOnlineSource(srv.URL+"/{z}/{x}/{y}.png", "", t.TempDir(), tiles.OnlineOptions{Concurrency: 1, BackoffBase: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	waitTile(t, src, tiles.TileID{Z: 2, X: 1, Y: 1})
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Errorf("requests at %v: want the second a second after the 429", times)
	}
}
