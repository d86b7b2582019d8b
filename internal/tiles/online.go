package tiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// OnlineOptions tune an online source; the zero value is sensible.
type OnlineOptions struct {
	Format           Format        // default: from the URL's extension, else PNG
	MinZoom, MaxZoom int           // default 0–19
	Concurrency      int           // parallel requests; default 4
	Timeout          time.Duration // per request; default 20 s
	BackoffBase      time.Duration // first wait after a failure; default 1 s
	BackoffMax       time.Duration // longest wait; default 2 min
	Client           *http.Client  // default: a client of its own
}

func (o *OnlineOptions) defaults(tpl Template) {
	if o.Format == FormatUnknown {
		o.Format = tpl.Format()
		if o.Format == FormatUnknown {
			o.Format = FormatPNG
		}
	}
	if o.MaxZoom <= 0 {
		o.MaxZoom = 19
	}
	o.MaxZoom = min(o.MaxZoom, MaxZoom)
	o.MinZoom = max(0, min(o.MinZoom, o.MaxZoom))
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = time.Second
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = 2 * time.Minute
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
}

// OnlineStatus is what the online indicator shows.
type OnlineStatus struct {
	Online   bool // fetching is allowed
	Fetching int  // requests queued or in flight
	Fetched  int  // tiles fetched since the source was opened
	// Failures counts consecutive failed requests; with BackoffUntil in
	// the future the source is waiting before trying again.
	Failures     int
	BackoffUntil time.Time
	LastError    error
}

// OnlineSource is an XYZ tile server the user has turned on. Tile never
// waits for the network: it answers from the SQLite cache (MBTiles
// layout, one file per server in the cache directory) and queues what is
// missing for background workers, which store every tile they fetch, so
// what was seen once is there offline. With SetOnline(false), or when the
// server is unreachable, the cache is all there is.
type OnlineSource struct {
	tpl   Template
	opts  OnlineOptions
	md    Metadata
	cache *MBTilesWriter
	f     fetcher

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	wake     *sync.Cond
	online   bool
	queue    []TileID // a stack: the latest view first
	queued   map[TileID]bool
	inflight int
	tries    map[TileID]int
	missing  map[TileID]bool
	status   OnlineStatus
	onUpdate []func()
}

// maxQueue bounds the requests waiting: tiles of views long panned away
// are dropped.
const maxQueue = 512

// maxTries is how often one tile is tried before it is given up for this
// session.
const maxTries = 5

// NewOnlineSource opens (or creates) the cache of the server at template
// in cacheDir and starts its workers, online. attribution is the credit
// the server's terms require. Nothing is requested until a tile is asked
// for.
func NewOnlineSource(template, attribution, cacheDir string, opts OnlineOptions) (*OnlineSource, error) {
	tpl, err := ParseTemplate(template)
	if err != nil {
		return nil, err
	}
	opts.defaults(tpl)
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("tile cache: %w", err)
	}
	cache, err := CreateMBTiles(CachePath(cacheDir, template))
	if err != nil {
		return nil, fmt.Errorf("tile cache: %w", err)
	}
	s := &OnlineSource{
		tpl: tpl, opts: opts, cache: cache,
		f:      fetcher{tpl: tpl, client: opts.Client, timeout: opts.Timeout},
		online: true, queued: map[TileID]bool{}, tries: map[TileID]int{}, missing: map[TileID]bool{},
	}
	s.md = Metadata{
		Name: tpl.Host(), Description: tpl.Redacted(), Attribution: attribution, Format: opts.Format,
		MinZoom: opts.MinZoom, MaxZoom: opts.MaxZoom, Bounds: WorldBounds,
	}
	if err := cache.SetMetadata(s.md); err != nil {
		cache.Close()
		return nil, fmt.Errorf("tile cache: %w", err)
	}
	s.wake = sync.NewCond(&s.mu)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for i := 0; i < opts.Concurrency; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// CachePath is the cache file of a server template in cacheDir: the host
// name and a hash of the template.
func CachePath(cacheDir, template string) string {
	sum := sha256.Sum256([]byte(template))
	host := "tiles"
	if t, err := ParseTemplate(template); err == nil {
		host = unsafeName.ReplaceAllString(t.Host(), "_")
	}
	return filepath.Join(cacheDir, host+"-"+hex.EncodeToString(sum[:6])+".mbtiles")
}

// Metadata describes the server.
func (s *OnlineSource) Metadata() Metadata { return s.md }

// OnUpdate adds a function called (from a worker goroutine) after tiles
// arrive or the status changes: the layer drawing the source redraws, the
// online indicator reads Status. Functions must not block.
func (s *OnlineSource) OnUpdate(f func()) {
	s.mu.Lock()
	s.onUpdate = append(s.onUpdate, f)
	s.mu.Unlock()
}

func (s *OnlineSource) notify(fs []func()) {
	for _, f := range fs {
		f()
	}
}

// SetOnline allows or stops fetching; offline, the cache still serves.
func (s *OnlineSource) SetOnline(on bool) {
	s.mu.Lock()
	s.online = on
	s.status.Online = on
	if !on {
		s.queue = s.queue[:0]
		clear(s.queued)
	} else {
		clear(s.tries)
		s.status.Failures, s.status.BackoffUntil = 0, time.Time{}
	}
	fs := s.onUpdate
	s.mu.Unlock()
	s.wake.Broadcast()
	s.notify(fs)
}

// Status returns the state of fetching.
func (s *OnlineSource) Status() OnlineStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Online = s.online
	st.Fetching = len(s.queue) + s.inflight
	return st
}

// Tile returns tile t from the cache. A tile not cached is queued for
// fetching (when online) and ErrPending returned; nil, nil means the
// server has no such tile.
func (s *OnlineSource) Tile(ctx context.Context, t TileID) ([]byte, error) {
	if !t.Valid() || t.Z < s.md.MinZoom || t.Z > s.md.MaxZoom {
		return nil, nil
	}
	b, err := s.cache.Get(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("tile cache: %w", err)
	}
	if b != nil {
		return gunzipIf(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.missing[t] {
		return nil, nil
	}
	if s.online && !s.queued[t] && s.tries[t] < maxTries {
		if len(s.queue) >= maxQueue {
			delete(s.queued, s.queue[0])
			s.queue = s.queue[1:]
		}
		s.queue = append(s.queue, t)
		s.queued[t] = true
		s.wake.Signal()
	}
	return nil, ErrPending
}

func (s *OnlineSource) worker() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for s.ctx.Err() == nil && (!s.online || len(s.queue) == 0) {
			s.wake.Wait()
		}
		if s.ctx.Err() != nil {
			s.mu.Unlock()
			return
		}
		// Wait out the backoff of a failing server.
		if wait := time.Until(s.status.BackoffUntil); wait > 0 {
			s.mu.Unlock()
			select {
			case <-time.After(wait):
			case <-s.ctx.Done():
				return
			}
			continue
		}
		t := s.queue[len(s.queue)-1]
		s.queue = s.queue[:len(s.queue)-1]
		s.inflight++
		s.mu.Unlock()

		b, err := s.f.get(s.ctx, t)
		if err == nil {
			err = s.cache.Put(s.ctx, t, b)
		}

		s.mu.Lock()
		s.inflight--
		delete(s.queued, t)
		switch {
		case err == nil:
			s.status.Fetched++
			s.status.Failures, s.status.BackoffUntil = 0, time.Time{}
			delete(s.tries, t)
		case errors.Is(err, errNoTile):
			s.missing[t] = true
			s.status.Failures = 0
		case s.ctx.Err() != nil:
		default:
			s.tries[t]++
			s.status.Failures++
			s.status.LastError = err
			s.status.BackoffUntil = time.Now().Add(waitAfter(err, s.status.Failures, s.opts.BackoffBase, s.opts.BackoffMax))
			if s.tries[t] < maxTries && s.online && !s.queued[t] {
				// Retry after the backoff, behind newer requests.
				s.queue = append([]TileID{t}, s.queue...)
				s.queued[t] = true
			}
		}
		fs := s.onUpdate
		s.mu.Unlock()
		s.notify(fs)
	}
}

// Close stops the workers and closes the cache.
func (s *OnlineSource) Close() error {
	s.cancel()
	s.mu.Lock()
	s.wake.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
	return s.cache.Close()
}

// CacheFile returns the path of the source's cache, an MBTiles file that
// can also be opened as a layer or carried to another machine.
func (s *OnlineSource) CacheFile() string { return s.cache.path }

// CacheStats returns how many tiles the cache holds and their size, for
// the settings dialog.
func (s *OnlineSource) CacheStats(ctx context.Context) (tiles, bytes int64, err error) {
	return s.cache.Count(ctx)
}
