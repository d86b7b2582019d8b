package ui

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestSearchThatHidesSelectionClearsIt: the details panel kept showing a
// site the search had hidden. Enter in the search box now also shows the
// results on the map.
func TestSearchThatHidesSelectionClearsIt(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	w.search.SetText("defected")
	w.filterChanged()
	drainUntilQuiet(w)
	if s := w.details.Site(); s != nil {
		t.Errorf("the panel still shows %q, which the search hides", s.Name)
	}
	if len(w.mapView.selected) != 0 {
		t.Errorf("the map still highlights rows %v", w.mapView.selected)
	}
	// A search that still finds the selected site keeps it.
	w.search.SetText("")
	w.filterChanged()
	drainUntilQuiet(w)
	selectNamed(t, w, "Factories employing North Korean laborers, Hunchun")
	w.search.SetText("laborers Hunchun")
	w.filterChanged()
	drainUntilQuiet(w)
	if s := w.details.Site(); s == nil {
		t.Error("a search that finds the selected site unselected it")
	}
	// Enter: the map goes to the results.
	w.mapView.SetView(orb.Point{10, 50}, 6)
	w.search.SetText("Tumen")
	w.searchSubmitted("Tumen")
	waitEvents(t, w, "search-shown")
	v := w.mapView.View()
	tumen := orb.Point{129.8436, 42.9672}
	if !viewShows(v, orb.Bound{Min: tumen, Max: tumen}) {
		t.Errorf("after Enter the map shows %v at zoom %.1f, not the Tumen results", v.Center, v.Zoom)
	}
}

// TestFitKeepsSitesOffTheEdge: zoom to all put sites on the very edge of
// the map. Every site fitted is at least the padding inside.
func TestFitKeepsSitesOffTheEdge(t *testing.T) {
	w := newTestWindow(t)
	w.zoomToAll()
	v := w.mapView.View()
	b, ok := w.m.Index().Extent(w.br.MapFilter())
	if !ok {
		t.Fatal("no extent")
	}
	pad := 0.1 * float64(min(v.Width, v.Height))
	for _, p := range []orb.Point{b.Min, b.Max} {
		x, y := v.ToPixel(p)
		if x < pad || y < pad || x > float64(v.Width)-pad || y > float64(v.Height)-pad {
			t.Errorf("after zoom to all, a corner of the sites is at (%.0f, %.0f) in a %d×%d map: on the edge", x, y, v.Width, v.Height)
		}
	}
	// A site selected in the list that sits by the edge is brought in.
	s := selectNamed(t, w, tumenComplex)
	w.selectRow(0, false)
	p := s.Geometry.Bound().Center()
	v = w.mapView.View()
	edge := v
	edge.Center = v.ToLonLat(float64(v.Width)/2-(float64(v.Width)/2-4), float64(v.Height)/2)
	// Now p is 4 px right of the left edge when the centre is moved by the
	// same amount: put the view so.
	x, _ := v.ToPixel(p)
	edge.Center = v.ToLonLat(x+float64(v.Width)/2-4, float64(v.Height)/2)
	w.mapView.SetView(edge.Center, v.Zoom)
	if x, _ := w.mapView.View().ToPixel(p); x > 10 {
		t.Fatalf("the test put the site at x=%.0f, not by the edge", x)
	}
	w.selectRow(rowNamed(t, w, tumenComplex), true)
	waitSelected(t, w)
	if !viewShows(w.mapView.View(), orb.Bound{Min: p, Max: p}) {
		x, y := w.mapView.View().ToPixel(p)
		t.Errorf("selecting a site by the edge of the map left it at (%.0f, %.0f)", x, y)
	}
}

// TestPunctuationSearchSaysIgnored: a search of "*" or a lone quote listed
// every site as if it matched, which is dangerous before "Delete all sites
// in the list". It is ignored, and the count says so.
func TestPunctuationSearchSaysIgnored(t *testing.T) {
	w := newTestWindow(t)
	for _, q := range []string{"*", `"`, "-- ;"} {
		w.search.SetText(q)
		w.filterChanged()
		drainUntilQuiet(w)
		if got := w.countLabel.Text; !strings.Contains(got, "ignored: no letters or digits") || w.br.Len() != w.br.Total() {
			t.Errorf("searching %q: %q with %d of %d listed", q, got, w.br.Len(), w.br.Total())
		}
	}
}
