package reconcile

import (
	"encoding/json"
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestContentHash(t *testing.T) {
	s := tumen()
	h := ContentHash(*s)
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(h) {
		t.Fatalf("hash %q is not 12 hex digits", h)
	}
	// Known value: the encoding is a contract (revisions are written in
	// every export); change it only with a migration of stored hashes.
	if want := "ca54db613711"; h != want {
		t.Errorf("hash of the sample site is %s, recorded %s", h, want)
	}
	same := []struct {
		name string
		edit func(*site.Site)
	}{
		{"Created and Updated", func(s *site.Site) { s.Created, s.Updated = time.Now(), time.Now() }},
		{"alias order", func(s *site.Site) { s.Aliases = append([]string{"x"}, s.Aliases...) }},
		{"member order", func(s *site.Site) {
			s.Observations[0], s.Observations[2] = s.Observations[2], s.Observations[0]
			s.Sources[0], s.Sources[1] = s.Sources[1], s.Sources[0]
		}},
		{"extra spacing", func(s *site.Site) { s.Extra["marker-color"] = json.RawMessage(` "#ff0000" `) }},
		{"source withheld mark", func(s *site.Site) { s.Observations[1].SourceWithheld = true }},
		{"time zone", func(s *site.Site) {
			t := s.Attachments[0].TakenAt.In(time.FixedZone("KST", 9*3600))
			s.Attachments[0].TakenAt = &t
		}},
	}
	for _, tc := range same {
		x := clone(s)
		tc.edit(x)
		if tc.name == "alias order" {
			s2 := clone(s)
			s2.Aliases = append(s2.Aliases, "x")
			if ContentHash(*x) != ContentHash(*s2) {
				t.Errorf("%s changes the hash", tc.name)
			}
			continue
		}
		if ContentHash(*x) != h || !Equal(*x, *s) {
			t.Errorf("%s changes the hash", tc.name)
		}
	}
	// -0 is 0, as orb.Equal has it.
	p, m := clone(s), clone(s)
	p.Geometry, m.Geometry = orb.Point{0, 42}, orb.Point{math.Copysign(0, -1), 42}
	if ContentHash(*p) != ContentHash(*m) || !sameGeometry(p.Geometry, m.Geometry) {
		t.Error("-0 and 0 hash differently")
	}
	// Map order: the same Extra built in two orders.
	a, b := clone(s), clone(s)
	a.Extra = map[string]json.RawMessage{}
	b.Extra = map[string]json.RawMessage{}
	for _, k := range []string{"k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"} {
		a.Extra[k] = json.RawMessage(`"` + k + `"`)
	}
	for _, k := range []string{"k8", "k7", "k6", "k5", "k4", "k3", "k2", "k1"} {
		b.Extra[k] = json.RawMessage(`"` + k + `"`)
	}
	for range 20 {
		if ContentHash(*a) != ContentHash(*b) {
			t.Fatal("extra in another order changes the hash")
		}
	}
	zero := 0
	differ := []struct {
		name string
		edit func(*site.Site)
	}{
		{"name", func(s *site.Site) { s.Name += " " }},
		{"empty alias", func(s *site.Site) { s.Aliases = append(s.Aliases, "") }},
		{"alias into tag", func(s *site.Site) { s.Tags = append(s.Tags, s.Aliases[0]); s.Aliases = nil }},
		{"workers 0 vs none", func(s *site.Site) { s.WorkersEstimate = &zero }},
		{"workers none", func(s *site.Site) { s.WorkersEstimate = nil }},
		{"geometry", func(s *site.Site) { s.Geometry = orb.Point{129.8429, 42.9712} }},
		{"no geometry", func(s *site.Site) { s.Geometry = nil }},
		{"polygon vs point", func(s *site.Site) { s.Geometry = orb.MultiPoint{{129.8428, 42.9712}} }},
		{"confidential notes", func(s *site.Site) { s.ConfidentialNotes = "x" }},
		{"confidential", func(s *site.Site) { s.Confidential = true }},
		{"source excerpt", func(s *site.Site) { s.Sources[1].Excerpt = "" }},
		{"observation note", func(s *site.Site) { s.Observations[0].Note += "." }},
		{"attachment caption", func(s *site.Site) { s.Attachments[0].Caption = "" }},
		{"attachment time", func(s *site.Site) { s.Attachments[0].TakenAt = nil }},
		{"extra value", func(s *site.Site) { s.Extra["marker-color"] = json.RawMessage(`"#00ff00"`) }},
		{"extra key", func(s *site.Site) { s.Extra["x"] = json.RawMessage(`null`) }},
		{"notes vs city", func(s *site.Site) { s.City, s.Notes = s.Notes, s.City }},
		{"id", func(s *site.Site) { s.ID = "other" }},
	}
	for _, tc := range differ {
		x := clone(s)
		tc.edit(x)
		if ContentHash(*x) == h || Equal(*x, *s) {
			t.Errorf("%s does not change the hash", tc.name)
		}
	}
}

func TestNext(t *testing.T) {
	s := tumen()
	r := Next(*s, Revision{Counter: 4, Hash: "x"}, Revision{Counter: 7})
	if r.Counter != 8 || r.Hash != ContentHash(*s) || r.IsZero() {
		t.Errorf("Next: %+v", r)
	}
	if !(Revision{}).IsZero() {
		t.Error("zero revision not zero")
	}
}

func TestNotCarried(t *testing.T) {
	f := NotCarried(site.FieldName|site.FieldNotes, "extra")
	for name, want := range map[string]bool{
		"name": false, "notes": false, "tags": true, "sources": true, "observations": true,
		"attachments": true, "extra": false, "geometry": true, "something else": false,
	} {
		if got := f(name); got != want {
			t.Errorf("NotCarried(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestSummaryAdd(t *testing.T) {
	var total Summary
	for range 3 {
		base := tumen()
		theirs := clone(base)
		theirs.Status = site.StatusClosed
		theirs.Observations = append(theirs.Observations, site.Observation{ID: "o9"})
		total.Add(Merge(base, clone(base), theirs, Options{}).Summary)
	}
	if got, want := total.String(), "3 fields taken from theirs, 3 observations added from theirs"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
