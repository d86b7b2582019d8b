package ui

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/places"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestSearchFindsPlaces: typing "Yanji" said "No site matches" although
// Yanji is on the map. The search box now offers places and positions above
// the sites; Enter goes to the first, and a site added from a place gets
// its city, province and country (issue 15).
func TestSearchFindsPlaces(t *testing.T) {
	w := newTestWindow(t)
	w.search.Text = "延吉" // no typing pause: Enter at once
	w.searchSubmitted("延吉")
	waitEvents(t, w, "search-shown")
	text := deepText(w.placesBox.box)
	if !w.placesBox.box.Visible() || !strings.Contains(text, "Yanji 延吉 · Jilin, CN") {
		t.Fatalf("searching 延吉 offers %q", text)
	}
	if c := w.mapView.View().Center; math.Abs(c[0]-129.50) > 0.05 || math.Abs(c[1]-42.89) > 0.05 {
		t.Errorf("Enter took the map to %v, not Yanji", c)
	}
	// Add a site from the place.
	r := w.lastPlaces(t, "延吉")
	w.addSiteAtPlace(r.Places[0])
	waitEvents(t, w, "added")
	s := w.details.Site()
	if s == nil || s.City != "Yanji" || s.Province != "Jilin" || s.Country != "CN" || s.Precision != site.PrecisionCity {
		t.Errorf("a site added at Yanji is %+v", s)
	}
	// A typed position: exact, and its address filled from the nearest town.
	w.search.Text = "42.9672N 129.8436E" // no typing pause: Enter at once
	w.searchSubmitted("")
	waitEvents(t, w, "search-shown")
	if text := deepText(w.placesBox.box); !strings.Contains(text, "42.967200, 129.843600") {
		t.Errorf("a typed position offers %q", text)
	}
	w.addSiteAtPosition(orb.Point{129.8436, 42.9672})
	waitEvents(t, w, "added")
	if s := w.details.Site(); s == nil || s.City != "Tumen" || s.Country != "CN" || s.Precision != site.PrecisionExact {
		t.Errorf("a site added at a typed position in Tumen is %+v", s)
	}
	// A bad position says why.
	w.search.Text = "42.97, 190" // no typing pause: Enter at once
	w.searchSubmitted("")
	waitEvents(t, w, "search-shown")
	if text := deepText(w.placesBox.box); !strings.Contains(text, "longitude 190") {
		t.Errorf("a bad position offers %q", text)
	}
	w.search.Text = "" // no typing pause: Enter at once
	w.searchSubmitted("")
	waitEvents(t, w, "search-shown")
	if w.placesBox.box.Visible() {
		t.Error("the places stay after the search was cleared")
	}
}

func (w *Window) lastPlaces(t *testing.T, text string) places.Result {
	t.Helper()
	r := places.Find(text, places.Options{Limit: 1})
	if len(r.Places) == 0 {
		t.Fatalf("no place %q", text)
	}
	return r
}

// TestCopyCoordinatesAs: the map's right-click menu copies the position in
// each notation.
func TestCopyCoordinatesAs(t *testing.T) {
	w := newTestWindow(t)
	item := copyCoordinatesItem(orb.Point{129.8436, 42.9672})
	want := map[string]string{
		"decimal degrees":         "42.967200, 129.843600",
		"degrees minutes seconds": "42°58′01.9″N 129°50′37.0″E",
		"UTM":                     "52T 568797 4757518", // gdaltransform -t_srs EPSG:32652: 568797.19 4757517.64
	}
	found := 0
	for _, it := range item.ChildMenu.Items {
		for name, text := range want {
			if strings.HasPrefix(it.Label, name+": ") {
				found++
				it.Action()
				if got := w.app.Clipboard().Content(); got != text {
					t.Errorf("Copy as %s copied %q, want %q", name, got, text)
				}
			}
		}
	}
	if found != len(want) || len(item.ChildMenu.Items) < 6 {
		t.Errorf("the menu offers %d notations: %+v", len(item.ChildMenu.Items), item.ChildMenu.Items)
	}
}

// TestEnterSurvivesTypingPause: Enter's lookup was dropped, map left where
// it was, when the typing pause's lookup of the same text started after it
// and was shown instead: the newer lookup now carries Enter's going-there.
func TestEnterSurvivesTypingPause(t *testing.T) {
	w := newTestWindow(t)
	w.search.Text = "延吉"
	went := false
	w.findPlacesThen("延吉", func() { went = true })
	w.findPlaces("延吉") // the pause's, started before Enter's is shown
	waitEvents(t, w, "places")
	waitEvents(t, w, "places")
	if !went {
		t.Error("Enter's going-there was dropped by the typing pause's newer lookup")
	}
}
