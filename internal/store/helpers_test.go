package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func init() {
	// Tests that provoke ErrLocked should not wait five seconds.
	busyTimeout = 300 * time.Millisecond
}

// openTemp opens a new store in a temp dir and closes it after the test.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "atlas.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sample is a site with every field set, sources and observations.
func sample(name string, lon, lat float64) site.Site {
	w := 120
	return site.Site{
		Name:            name,
		Aliases:         []string{"珲春海产品加工厂", "훈춘 수산물 공장"},
		Category:        "factory",
		Status:          site.StatusReported,
		Geometry:        orb.Point{lon, lat},
		Precision:       site.PrecisionApproximate,
		City:            "Hunchun",
		Province:        "Jilin",
		Country:         "CN",
		Operator:        "Hunchun Pacific Trading Co.",
		FirstReported:   "2017-05",
		LastReported:    "2019",
		Tags:            []string{"seafood", "export"},
		Notes:           "Workers housed on site.",
		WorkersEstimate: &w,
		Sources: []site.Source{
			{ID: "src-1", Title: "Seafood report", Publisher: "Reuters", URL: "https://example.org/a", Published: "2017-05-14", Reliability: "B", Credibility: 2},
			{ID: "src-2", Title: "Interview", Confidential: true},
		},
		Observations: []site.Observation{
			{ID: "obs-1", Date: "2017-05", Status: site.StatusReported, Note: "150 workers", SourceID: "src-1"},
			{ID: "obs-2", Date: "2019", Status: site.StatusConfirmed, Note: "still operating", SourceID: "src-2", Confidential: true},
		},
		Extra: map[string]json.RawMessage{"marker-color": json.RawMessage(`"#ff0000"`), "osm_id": json.RawMessage(`12345`)},
	}
}

func mustCreate(t testing.TB, s *Store, st site.Site) site.Site {
	t.Helper()
	if err := s.Create(context.Background(), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func checksum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}
