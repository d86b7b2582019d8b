package tiles

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Version goes into the User-Agent of tile requests ("SiteAtlas/0.1.0");
// the app sets it from its metadata.
var Version = "0.1.0"

// UserAgent is what tile requests identify themselves as: tile servers'
// usage policies ask for a clear one.
func UserAgent() string { return "SiteAtlas/" + Version }

// errNoTile is a tile the server says does not exist (404, 204).
var errNoTile = errors.New("no such tile on the server")

// Template is a parsed XYZ URL template: {z}, {x}, {y} (or {-y} for TMS
// rows), optional {s} (subdomains a, b, c) and {r} (empty: no retina).
type Template struct {
	raw string
}

// ParseTemplate checks an XYZ URL template.
func ParseTemplate(s string) (Template, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Template{}, fmt.Errorf("tile URL %q: want an http or https URL such as https://tiles.example.org/{z}/{x}/{y}.png", s)
	}
	if !strings.Contains(s, "{z}") || !strings.Contains(s, "{x}") || !strings.Contains(s, "{y}") && !strings.Contains(s, "{-y}") {
		return Template{}, fmt.Errorf("tile URL %q: it must contain {z}, {x} and {y}", s)
	}
	return Template{raw: s}, nil
}

// String returns the template as given.
func (t Template) String() string { return t.raw }

// credentialNames are query parameters that carry a key or a token: they
// stay out of anything Site Atlas writes, such as a downloaded file's
// metadata, which travels with the file.
var credentialNames = []string{"key", "apikey", "api_key", "access_token", "token", "secret", "password", "pass", "signature", "sig", "auth", "client_secret", "app_code", "app_id"}

// Redacted is the template without its userinfo and without the query
// parameters that look like credentials (?api_key=…, ?access_token=…).
func (t Template) Redacted() string {
	raw := t.raw
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	if at := strings.Index(rest, "@"); at >= 0 && at < strings.IndexAny(rest+"/", "/?") {
		rest = rest[at+1:] // user:password@
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	if !hasQuery {
		return scheme + "://" + path
	}
	var kept []string
	for _, kv := range strings.Split(query, "&") {
		name, _, _ := strings.Cut(kv, "=")
		n := strings.ToLower(name)
		secret := false
		for _, c := range credentialNames {
			if n == c || strings.HasSuffix(n, "_"+c) || strings.HasSuffix(n, "key") || strings.HasSuffix(n, "token") {
				secret = true
			}
		}
		if !secret {
			kept = append(kept, kv)
		}
	}
	if len(kept) == 0 {
		return scheme + "://" + path
	}
	return scheme + "://" + path + "?" + strings.Join(kept, "&")
}

// URL returns the address of tile id.
func (t Template) URL(id TileID) string {
	sub := string(rune('a' + (id.X+id.Y)%3))
	return strings.NewReplacer(
		"{z}", strconv.Itoa(id.Z), "{x}", strconv.Itoa(id.X), "{y}", strconv.Itoa(id.Y),
		"{-y}", strconv.Itoa((1<<id.Z)-1-id.Y), "{s}", sub, "{r}", "",
	).Replace(t.raw)
}

// Format guesses the tile format from the URL's extension.
func (t Template) Format() Format {
	p := t.raw
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		if f := parseFormat(p[i+1:]); f != FormatUnknown {
			return f
		}
	}
	return FormatUnknown
}

// Host returns the server's host name.
func (t Template) Host() string {
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(t.raw))
	if err != nil {
		return ""
	}
	return u.Host
}

// fetcher gets tiles over HTTP.
type fetcher struct {
	tpl     Template
	client  *http.Client
	timeout time.Duration
}

// maxTileBytes bounds a downloaded tile.
const maxTileBytes = 8 << 20

// get fetches tile id. errNoTile means the server has none; other errors
// are worth a retry.
func (f *fetcher) get(ctx context.Context, id TileID) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.tpl.URL(id), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", UserAgent())
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("tile %s: %w", id, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusNoContent:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, errNoTile
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		err := fmt.Errorf("tile %s: server answered %s", id, resp.Status)
		if secs, perr := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); perr == nil && secs > 0 {
			// 429 Too Many Requests or 503 with a wait: honour it.
			return nil, &retryAfterError{err: err, wait: time.Duration(min(secs, 3600)) * time.Second, asked: secs}
		}
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxTileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("tile %s: %w", id, err)
	}
	if len(b) > maxTileBytes {
		return nil, fmt.Errorf("tile %s: larger than %d MB", id, maxTileBytes>>20)
	}
	if len(b) == 0 {
		return nil, errNoTile
	}
	if sniffFormat(b) == FormatUnknown {
		// An HTML error page served with 200 is not a tile: stored, it
		// would show as a broken tile and a resume would skip it.
		return nil, &notTileError{id: id, kind: describeBody(resp.Header.Get("Content-Type"), b)}
	}
	return b, nil
}

// notTileError is a body that is no image or vector tile.
type notTileError struct {
	id   TileID
	kind string
}

func (e *notTileError) Error() string {
	return fmt.Sprintf("tile %s: the server sent %s, not a tile", e.id, e.kind)
}

// describeBody names what a server sent instead of a tile.
func describeBody(contentType string, b []byte) string {
	head := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 64)])))
	switch {
	case strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html"):
		return "an HTML page"
	case strings.HasPrefix(head, "{") || strings.HasPrefix(head, "["):
		return "JSON"
	case contentType != "":
		return "a body of type " + contentType
	}
	return fmt.Sprintf("%d bytes of unknown content", len(b))
}

// retryAfterError is a failure for which the server said how long to
// wait.
type retryAfterError struct {
	asked int // seconds, as the server said
	err   error
	wait  time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// waitAfter is the wait before the next request after a failure: the
// server's Retry-After if it gave one, else the exponential backoff.
func waitAfter(err error, failures int, base, maxWait time.Duration) time.Duration {
	d := backoff(failures, base, maxWait)
	var ra *retryAfterError
	if errors.As(err, &ra) {
		d = max(d, ra.wait)
	}
	return d
}

// backoff is the wait before the next request after n consecutive
// failures: base doubling up to max.
func backoff(n int, base, maxWait time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	d := base
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}
