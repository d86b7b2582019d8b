package tiles_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestDownloadKeepsCredentialsOut: tiles download --url '...?api_key=SECRET'
// stored the key in the metadata of a file meant to be carried elsewhere.
func TestDownloadKeepsCredentialsOut(t *testing.T) {
	ts := newTileServer(t)
	tpl := strings.Replace(ts.URL, "http://", "http://alice:hunter2@", 1) + "/{z}/{x}/{y}.png?api_key=SECRET123&style=dark&access_token=TOKEN456"
	out := t.TempDir() + "/area.mbtiles"
	_, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: tpl, Attribution: "© Test", Bound: orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}},
		MinZoom: 6, MaxZoom: 7, Output: out, BackoffBase: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	for _, secret := range []string{"SECRET123", "TOKEN456", "hunter2", "alice"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the downloaded file holds %q", secret)
		}
	}
	if !bytes.Contains(data, []byte("style=dark")) {
		t.Error("the harmless query parameter style=dark was dropped too")
	}
}

func TestTemplateRedacted(t *testing.T) {
	for in, want := range map[string]string{
		"https://tile.example.org/{z}/{x}/{y}.png":                                    "https://tile.example.org/{z}/{x}/{y}.png",
		"https://u:p@tile.example.org/{z}/{x}/{y}.png?key=abc":                        "https://tile.example.org/{z}/{x}/{y}.png",
		"https://api.maptiler.com/maps/streets/{z}/{x}/{y}.png?key=abc&lang=zh":       "https://api.maptiler.com/maps/streets/{z}/{x}/{y}.png?lang=zh",
		"https://a.tiles.mapbox.com/v4/x/{z}/{x}/{y}.png?access_token=pk.abc&fresh=1": "https://a.tiles.mapbox.com/v4/x/{z}/{x}/{y}.png?fresh=1",
	} {
		tpl, err := tiles.ParseTemplate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := tpl.Redacted(); got != want {
			t.Errorf("Redacted(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDownloadStopsOnHugeRetryAfter: a server answering 429 with
// Retry-After: 999999 made a download wait an hour per retry in silence.
func TestDownloadStopsOnHugeRetryAfter(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "999999")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer ts.Close()
	start := time.Now()
	_, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: ts.URL + "/{z}/{x}/{y}.png", Bound: orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}},
		MinZoom: 6, MaxZoom: 6, Output: t.TempDir() + "/area.mbtiles", BackoffBase: 10 * time.Millisecond,
	})
	if err == nil || !strings.Contains(err.Error(), "asked to wait") || !strings.Contains(err.Error(), "277h46m39s") {
		t.Errorf("a 999999 s Retry-After gives %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("it took %v to stop", d)
	}
}

// TestDownloadRefusesHTMLTiles: an HTML error page served with status 200
// was stored as a PNG tile and reported as fetched; a re-run with a good
// server then skipped it as "already there".
func TestDownloadRefusesHTMLTiles(t *testing.T) {
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!DOCTYPE html><html><body>Quota exceeded</body></html>"))
	}))
	defer html.Close()
	out := t.TempDir() + "/area.mbtiles"
	bound := orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}}
	p, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: html.URL + "/{z}/{x}/{y}.png", Bound: bound, MinZoom: 6, MaxZoom: 7, Output: out, BackoffBase: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Fetched != 0 || p.Refused == 0 || p.Refused != p.Total || !strings.Contains(p.LastRefusal, "an HTML page") {
		t.Fatalf("HTML answers: %+v", p)
	}
	good := newTileServer(t)
	p2, err := tiles.Download(context.Background(), tiles.DownloadOptions{
		Template: good.template(), Bound: bound, MinZoom: 6, MaxZoom: 7, Output: out, BackoffBase: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Skipped != 0 || p2.Fetched != p.Total {
		t.Errorf("the re-run with a good server: %+v, want all %d fetched", p2, p.Total)
	}
}
