package ui

import (
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestTypedLocationMovesSite: the location could not be typed. It takes
// decimal degrees and DMS (and the other notations), on Enter or on
// leaving the field; the site becomes exact and the move can be undone.
func TestTypedLocationMovesSite(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	f := w.details.form
	tests := []struct {
		typed string
		want  orb.Point
	}{
		{"42.9700, 129.8400", orb.Point{129.84, 42.97}},
		{"42°58′12″N 129°50′24″E", orb.Point{129.84, 42.97}},
		{"129.85E 42.98N", orb.Point{129.85, 42.98}},
	}
	for _, tt := range tests {
		f.location.SetText(tt.typed)
		f.locationLeft()
		waitEvents(t, w, "saved")
		got := stored(t, w, orig.ID)
		p, ok := got.Geometry.(orb.Point)
		if !ok || math.Abs(p[0]-tt.want[0]) > 1e-6 || math.Abs(p[1]-tt.want[1]) > 1e-6 {
			t.Errorf("typing %q placed the site at %v, want %v", tt.typed, got.Geometry, tt.want)
		}
		if got.Precision != site.PrecisionExact {
			t.Errorf("typing %q left the precision %q, want exact", tt.typed, got.Precision)
		}
		if c := w.mapView.View().Center; math.Abs(c[0]-tt.want[0]) > 1e-3 || math.Abs(c[1]-tt.want[1]) > 1e-3 {
			t.Errorf("the map did not go to the typed position: centre %v", c)
		}
	}
	// Half typed, a position is not a value yet: nothing moves.
	before := stored(t, w, orig.ID).Geometry
	f.location.SetText("42.97, 1")
	pump(2 * saveDelay)
	drainUntilQuiet(w)
	if got := stored(t, w, orig.ID).Geometry; !orb.Equal(got, before) {
		t.Errorf("typing without leaving the field moved the site to %v", got)
	}
	// Two readings: both are shown and nothing moves.
	f.location.SetText("40, 50")
	f.locationLeft()
	if msg := f.errors["geometry"].Text; !f.errors["geometry"].Visible() || !strings.Contains(msg, "two ways") || !strings.Contains(msg, "40°00′00.0″N 50°00′00.0″E") || !strings.Contains(msg, "50°00′00.0″N 40°00′00.0″E") {
		t.Errorf("an ambiguous position says %q", msg)
	}
	f.location.SetText("42.97N, 200E")
	f.locationLeft()
	if msg := f.errors["geometry"].Text; !strings.Contains(msg, "200") {
		t.Errorf("an out-of-range longitude says %q", msg)
	}
	f.location.SetText("42.9700, 129.8400")
	f.locationLeft()
	waitEvents(t, w, "saved")
	if f.errors["geometry"].Visible() {
		t.Errorf("the error stays after a good position: %q", f.errors["geometry"].Text)
	}
	// Undo brings the site back to where it was.
	// Three saves: the DMS position is the decimal one, and a save that
	// changes nothing writes nothing.
	for range len(tests) {
		w.undo()
		waitEvents(t, w, "replayed")
	}
	if got := stored(t, w, orig.ID); !orb.Equal(got.Geometry, orig.Geometry) || got.Precision != orig.Precision {
		t.Errorf("after undo the site is at %v (%s), want %v (%s)", got.Geometry, got.Precision, orig.Geometry, orig.Precision)
	}
}

// TestCountryValidatesOnLeave: the Country field showed an error while
// "Chi" was being typed. It now offers the matches and completes on leave.
func TestCountryValidatesOnLeave(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	f := w.details.form
	f.country.SetText("")
	f.countryLeft()
	waitEvents(t, w, "saved")
	f.country.SetText("Chi")
	if f.errors["country"].Visible() {
		t.Errorf("typing Chi shows the error %q", f.errors["country"].Text)
	}
	if !f.countryHint.Visible() || !strings.Contains(f.countryHint.Text, "2 matches") {
		t.Errorf("typing Chi offers %q", f.countryHint.Text)
	}
	f.countryLeft()
	if msg := f.errors["country"].Text; !strings.Contains(msg, "China (CN)") || !strings.Contains(msg, "Chile (CL)") {
		t.Errorf("leaving Chi, which could be Chile or China, says %q", msg)
	}
	f.country.SetText("Chin")
	if f.errors["country"].Visible() {
		t.Errorf("typing on after the error still shows %q", f.errors["country"].Text)
	}
	f.countryLeft()
	waitEvents(t, w, "saved")
	if got := stored(t, w, orig.ID).Country; got != "CN" || f.country.Text != "China (CN)" {
		t.Errorf("leaving Chi stored %q and shows %q, want CN and China (CN)", got, f.country.Text)
	}
	f.country.SetText("Atlantis")
	f.countryLeft()
	if !f.errors["country"].Visible() {
		t.Error("leaving an unknown country shows no error")
	}
}

// TestBannerKeepsFormStill: the "Not saved yet" banner came above the form
// and pushed the field being typed down, out of view. It now sits in one
// line under the form, always there, so nothing moves.
func TestBannerKeepsFormStill(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	f := w.details.form
	pump(50 * time.Millisecond)
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.first)
	f.first.SetText("2017-13")
	pump(50 * time.Millisecond)
	if !strings.HasPrefix(f.banner.Text, "Not saved yet") {
		t.Fatalf("the banner says %q", f.banner.Text)
	}
	if after := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.first); after != before {
		t.Errorf("the field being typed moved from %v to %v when the banner appeared", before, after)
	}
	f.first.SetText("2017-12")
	pump(50 * time.Millisecond)
	if strings.HasPrefix(f.banner.Text, "Not saved yet") {
		t.Errorf("the banner stays after the fix: %q", f.banner.Text)
	}
}
