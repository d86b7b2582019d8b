package geoio

import (
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

func writeGPX(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	return writeWith(t, NewGPXWriter, sites)
}

// TestGPXRoundTrip: what the GPX writer writes reads back as the same
// sites (polygons, collections and unplaced sites included) and writes the
// same bytes again.
func TestGPXRoundTrip(t *testing.T) {
	for name, sites := range map[string][]site.Site{
		"none":      nil,
		"hand":      kmlSites(),
		"testSites": testSites(500),
		"sitegen":   sitegen.Sites(2000, 7),
	} {
		expected := []string{CodeNullGeometry}
		if name == "hand" {
			expected = append(expected, CodeProperty)
		}
		first := checkRoundTrip(t, name, "rt.gpx", sites, NewGPXWriter, expected...)
		if err := xmlWellFormed(first); err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
		}
	}
}

func TestGPXReadInSmallPieces(t *testing.T) {
	sites := kmlSites()
	checkReadInPieces(t, "p.gpx", writeGPX(t, sites), sites)
}
