package tiles

import (
	"context"
	"errors"
	"fmt"
	"github.com/siteatlas/siteatlas/internal/numfmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// MaxDownloadTiles is the largest area download allowed: beyond it a
// download takes days and breaks most servers' usage policies.
const MaxDownloadTiles = 250_000

// ErrTooManyTiles is returned (wrapped, with an explanation) for a
// download larger than MaxDownloadTiles.
var ErrTooManyTiles = errors.New("too many tiles")

// Estimate is the size of an area download.
type Estimate struct {
	Tiles int64
	Bytes int64 // a rough guess from typical tile sizes
	// PerZoom is the tile count of each level, from MinZoom.
	PerZoom []int64
}

// typicalTileBytes are average tile sizes of street-level basemaps.
func typicalTileBytes(f Format) int64 {
	switch f {
	case FormatMVT:
		return 35 << 10
	case FormatJPEG, FormatWebP:
		return 20 << 10
	}
	return 25 << 10
}

// tileRange is the tiles of zoom z covering b: columns x0..x1 (x1 may be
// below x0 across the antimeridian) and rows y0..y1.
func tileRange(b orb.Bound, z int) (x0, x1, y0, y1 int) {
	// A bound on a tile edge does not reach into the next tile.
	const eps = 1e-9
	lo := TileAt(orb.Point{b.Min[0], b.Max[1]}, z)
	hi := TileAt(orb.Point{b.Max[0] - eps, b.Min[1] + eps}, z)
	return lo.X, hi.X, lo.Y, hi.Y
}

func rangeCount(b orb.Bound, z int) int64 {
	x0, x1, y0, y1 := tileRange(b, z)
	nx := int64(x1 - x0 + 1)
	if x1 < x0 {
		nx += int64(1) << z
	}
	return nx * int64(y1-y0+1)
}

// EstimateDownload counts the tiles of bound b from zoom minZ to maxZ and
// guesses their size. b may cross the antimeridian (Min[0] > Max[0]).
func EstimateDownload(b orb.Bound, minZ, maxZ int, f Format) Estimate {
	var e Estimate
	for z := minZ; z <= maxZ; z++ {
		n := rangeCount(b, z)
		e.PerZoom = append(e.PerZoom, n)
		e.Tiles += n
	}
	e.Bytes = e.Tiles * typicalTileBytes(f)
	return e
}

// DownloadOptions describe an area download.
type DownloadOptions struct {
	Template    string    // XYZ URL template
	Attribution string    // written into the file's metadata
	Bound       orb.Bound // lon/lat; Min[0] > Max[0] crosses the antimeridian
	MinZoom     int
	MaxZoom     int
	Output      string // the MBTiles file; an existing one is resumed
	Format      Format // default: from the URL
	Concurrency int    // default 4
	Timeout     time.Duration
	Client      *http.Client
	// BackoffBase and BackoffMax bound the waits between retries
	// (default 1 s and 1 min).
	BackoffBase, BackoffMax time.Duration
	// Progress is called after each tile, from one goroutine at a time.
	Progress func(DownloadProgress)
	// CacheDir, when set, is the online source's cache directory: tiles
	// already seen there are copied instead of fetched again.
	CacheDir string
}

// DownloadProgress counts the tiles of a download so far.
type DownloadProgress struct {
	Total   int64
	Done    int64 // fetched + cached + skipped + missing + failed
	Fetched int64
	Skipped int64 // already in the file (resume)
	Cached  int64 // copied from the online cache
	Missing int64 // the server has none
	Failed  int64 // gave up after retries
	Refused int64 // the server sent something that is no tile (an HTML error page)
	// LastRefusal says what the first refused tile was.
	LastRefusal string
	Bytes       int64 // fetched bytes
}

// maxConsecutiveFailures stops a download whose server is gone; the file
// keeps what was fetched, and running it again resumes.
const maxConsecutiveFailures = 25

// Download fetches every tile of the area into a standalone MBTiles file,
// skipping tiles the file already has (an interrupted download resumes),
// retrying failures with exponential backoff. It refuses areas of more
// than MaxDownloadTiles tiles. Cancelling ctx stops it with ctx.Err(); the
// file keeps what was fetched.
func Download(ctx context.Context, o DownloadOptions) (DownloadProgress, error) {
	var p DownloadProgress
	tpl, err := ParseTemplate(o.Template)
	if err != nil {
		return p, err
	}
	if o.MinZoom < 0 || o.MaxZoom < o.MinZoom || o.MaxZoom > MaxZoom {
		return p, fmt.Errorf("area download: zoom %d–%d: want 0 ≤ min ≤ max ≤ %d", o.MinZoom, o.MaxZoom, MaxZoom)
	}
	if o.Bound.Min[1] >= o.Bound.Max[1] || o.Bound.Min[0] == o.Bound.Max[0] {
		return p, errors.New("area download: the area is empty")
	}
	if o.Format == FormatUnknown {
		if o.Format = tpl.Format(); o.Format == FormatUnknown {
			o.Format = FormatPNG
		}
	}
	est := EstimateDownload(o.Bound, o.MinZoom, o.MaxZoom, o.Format)
	if est.Tiles > MaxDownloadTiles {
		return p, tooMany(o, est)
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = time.Second
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = time.Minute
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	out, err := CreateMBTiles(o.Output)
	if err != nil {
		return p, err
	}
	defer out.Close()
	b := o.Bound
	if b.Min[0] > b.Max[0] {
		b.Min[0], b.Max[0] = -180, 180
	}
	if o.Attribution == "" {
		// Resuming without --attribution keeps the credit given before.
		if old, err := readMBMetadata(ctx, out.db); err == nil {
			o.Attribution = old.Attribution
		}
	}
	md := Metadata{Name: "Site Atlas download: " + tpl.Host(), Description: tpl.Redacted(), Attribution: o.Attribution,
		Format: o.Format, MinZoom: o.MinZoom, MaxZoom: o.MaxZoom, Bounds: b, Center: b.Center(), CenterZoom: o.MinZoom}
	if err := out.SetMetadata(md); err != nil {
		return p, err
	}
	p.Total = est.Tiles

	d := &downloader{o: o, out: out, f: fetcher{tpl: tpl, client: o.Client, timeout: o.Timeout}, p: p}
	if o.CacheDir != "" {
		if _, err := os.Stat(CachePath(o.CacheDir, o.Template)); err == nil {
			if d.cache, err = CreateMBTiles(CachePath(o.CacheDir, o.Template)); err == nil {
				defer d.cache.Close()
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ids := make(chan TileID, 64)
	go func() {
		defer close(ids)
		for z := o.MinZoom; z <= o.MaxZoom; z++ {
			x0, x1, y0, y1 := tileRange(o.Bound, z)
			n := 1 << z
			nx := x1 - x0 + 1
			if x1 < x0 {
				nx += n
			}
			for i := 0; i < nx; i++ {
				for y := y0; y <= y1; y++ {
					select {
					case ids <- TileID{z, (x0 + i) % n, y}:
					case <-ctx.Done():
						return
					}
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < o.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				if err := d.one(ctx, id); err != nil {
					d.fail(err)
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		return d.p, d.err
	}
	if err := ctx.Err(); err != nil {
		return d.p, err
	}
	return d.p, nil
}

func tooMany(o DownloadOptions, est Estimate) error {
	hint := ""
	var sum int64
	for i, n := range est.PerZoom {
		if sum+n > MaxDownloadTiles {
			if i > 0 {
				hint = fmt.Sprintf("; zoom %d–%d would be %s tiles", o.MinZoom, o.MinZoom+i-1, thousands(sum))
			}
			break
		}
		sum += n
	}
	return fmt.Errorf("area download: %s tiles (about %s) at zoom %d–%d is more than the %s allowed: choose a smaller area or a lower maximum zoom%s: %w",
		thousands(est.Tiles), humanBytes(est.Bytes), o.MinZoom, o.MaxZoom, thousands(MaxDownloadTiles), hint, ErrTooManyTiles)
}

type downloader struct {
	o     DownloadOptions
	out   *MBTilesWriter
	cache *MBTilesWriter // the online cache, or nil
	f     fetcher

	mu       sync.Mutex
	p        DownloadProgress
	failures int // consecutive
	err      error
}

func (d *downloader) fail(err error) {
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.mu.Unlock()
}

// one downloads tile id unless the file has it.
func (d *downloader) one(ctx context.Context, id TileID) error {
	has, err := d.out.Has(ctx, id)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if has {
		d.report(func(p *DownloadProgress) { p.Skipped++ })
		return nil
	}
	if d.cache != nil {
		if b, err := d.cache.Get(ctx, id); err == nil && b != nil {
			if err := d.out.Put(context.WithoutCancel(ctx), id, b); err != nil {
				return err
			}
			d.report(func(p *DownloadProgress) { p.Cached++; p.Bytes += int64(len(b)) })
			return nil
		}
	}
	for try := 1; ; try++ {
		b, err := d.f.get(ctx, id)
		if err != nil && ctx.Err() != nil {
			return nil
		}
		switch {
		case err == nil:
			// Keep a tile that arrived as the download was cancelled:
			// the resume need not fetch it again.
			if err := d.out.Put(context.WithoutCancel(ctx), id, b); err != nil {
				return err
			}
			d.mu.Lock()
			d.failures = 0
			d.mu.Unlock()
			d.report(func(p *DownloadProgress) { p.Fetched++; p.Bytes += int64(len(b)) })
			return nil
		case errors.Is(err, errNoTile):
			d.report(func(p *DownloadProgress) { p.Missing++ })
			return nil
		}
		var nt *notTileError
		if errors.As(err, &nt) {
			d.report(func(p *DownloadProgress) {
				p.Refused++
				if p.LastRefusal == "" {
					p.LastRefusal = nt.Error()
				}
			})
			return nil
		}
		d.mu.Lock()
		d.failures++
		n := d.failures
		d.mu.Unlock()
		if n >= maxConsecutiveFailures {
			return fmt.Errorf("area download stopped after %d failed requests in a row (last: %v); run it again to resume", n, err)
		}
		var ra *retryAfterError
		if errors.As(err, &ra) && time.Duration(ra.asked)*time.Second > maxRetryAfter {
			// An hour per retry in silence helps nobody: say what the
			// server asked, and stop; a later run resumes.
			return fmt.Errorf("area download stopped: the server asked to wait %s before the next request (%v); run it again later to resume", time.Duration(ra.asked)*time.Second, err)
		}
		if try >= maxTries {
			d.report(func(p *DownloadProgress) { p.Failed++ })
			return nil
		}
		select {
		case <-time.After(waitAfter(err, try, d.o.BackoffBase, d.o.BackoffMax)):
		case <-ctx.Done():
			return nil
		}
	}
}

// maxRetryAfter is the longest Retry-After an area download waits for.
const maxRetryAfter = 2 * time.Minute

func (d *downloader) report(f func(*DownloadProgress)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(&d.p)
	d.p.Done = d.p.Fetched + d.p.Cached + d.p.Skipped + d.p.Missing + d.p.Failed + d.p.Refused
	if d.o.Progress != nil {
		d.o.Progress(d.p)
	}
}

func thousands(n int64) string { return numfmt.Count(n) }

func humanBytes(n int64) string { return numfmt.Bytes(n) }

// HumanBytes formats a byte count for the download dialog and the command
// line alike (numfmt.Bytes).
func HumanBytes(n int64) string { return numfmt.Bytes(n) }
