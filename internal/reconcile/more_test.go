package reconcile

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestDeletion(t *testing.T) {
	base := tumen()
	edited := clone(base)
	edited.Status = site.StatusClosed
	for _, tc := range []struct {
		name               string
		base, mine, theirs *site.Site
		wantSite           *site.Site
		conflict           bool
		summary            string
	}{
		{name: "deleted there, untouched here", base: base, mine: base, theirs: nil, wantSite: nil, summary: "site deleted in theirs"},
		{name: "deleted here, untouched there", base: base, mine: nil, theirs: base, wantSite: nil, summary: "no change from theirs"},
		{name: "deleted there, edited here", base: base, mine: edited, theirs: nil, wantSite: edited, conflict: true, summary: "1 conflict"},
		{name: "deleted here, edited there", base: base, mine: nil, theirs: edited, wantSite: nil, conflict: true, summary: "1 conflict"},
		{name: "deleted on both", base: base, mine: nil, theirs: nil, wantSite: nil, summary: "no change from theirs"},
		{name: "new there", base: nil, mine: nil, theirs: edited, wantSite: edited, summary: "site added from theirs"},
		{name: "new here", base: nil, mine: edited, theirs: nil, wantSite: edited, summary: "no change from theirs"},
	} {
		r := Merge(tc.base, tc.mine, tc.theirs, Options{})
		if (r.Site == nil) != (tc.wantSite == nil) || r.Site != nil && !Equal(*r.Site, *tc.wantSite) {
			t.Errorf("%s: site %v, want %v", tc.name, r.Site != nil, tc.wantSite != nil)
		}
		if tc.conflict != (len(r.Conflicts) == 1) || tc.conflict && r.Conflicts[0].Field != "site" {
			t.Errorf("%s: conflicts %v", tc.name, fieldsOf(r.Conflicts))
		}
		if got := r.Summary.String(); got != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.name, got, tc.summary)
		}
		if r.SiteID != base.ID {
			t.Errorf("%s: site id %q", tc.name, r.SiteID)
		}
		if tc.conflict {
			// Both keeps the edited copy; theirs and mine follow their side.
			if err := Resolve(&r, 0, Both); err != nil || r.Site == nil || !Equal(*r.Site, *edited) {
				t.Errorf("%s: both: %v", tc.name, err)
			}
			if err := Resolve(&r, 0, Theirs); err != nil || (r.Site == nil) != (tc.theirs == nil) {
				t.Errorf("%s: theirs: %v", tc.name, err)
			}
			if err := Resolve(&r, 0, Mine); err != nil || (r.Site == nil) != (tc.mine == nil) {
				t.Errorf("%s: mine: %v", tc.name, err)
			}
		}
	}
}

// TestConfidentialSiteNotDeleted: a confidential site is absent from an
// export without confidential data; its absence is not a deletion.
func TestConfidentialSiteNotDeleted(t *testing.T) {
	base := tumen()
	base.Confidential = true
	mine := clone(base)
	mine.Notes = "edited here"
	if exported(t, base) != nil {
		t.Fatal("Redact exported a confidential site")
	}
	r := Merge(base, mine, nil, Options{Withheld: Withheld{Confidential: true}})
	if r.Site == nil || !Equal(*r.Site, *mine) || len(r.Conflicts) != 0 {
		t.Fatalf("confidential site: %v, conflicts %v", r.Site != nil, fieldsOf(r.Conflicts))
	}
	r = Merge(base, base, nil, Options{Withheld: Withheld{Confidential: true}})
	if r.Site == nil || r.Summary.Theirs.SiteDeleted {
		t.Fatal("an untouched confidential site was deleted by its absence")
	}
}

func TestWithheldFields(t *testing.T) {
	base := tumen()
	mine := clone(base)
	mine.Notes = "mine"
	// A CSV-like file: no notes, no tags, no observations, no attachments,
	// no extra; its other fields came back.
	theirs := clone(base)
	theirs.Notes, theirs.Tags, theirs.Observations, theirs.Attachments, theirs.Extra = "", nil, nil, nil, nil
	theirs.Geometry = orb.Point{1, 2} // a profile generalised the position
	theirs.City = "Hunchun"
	carried := site.AllFields &^ (site.FieldNotes | site.FieldTags | site.FieldObservations | site.FieldGeometry)
	r := Merge(base, mine, theirs, Options{Withheld: Withheld{Field: NotCarried(carried)}})
	s := r.Site
	if s.Notes != "mine" || len(s.Tags) != 2 || len(s.Observations) != 3 || len(s.Attachments) != 1 ||
		len(s.Extra) != 1 || !sameGeometry(s.Geometry, base.Geometry) || s.City != "Hunchun" || len(r.Conflicts) != 0 {
		t.Fatalf("withheld fields removed or changed: %+v, conflicts %v", s, fieldsOf(r.Conflicts))
	}
	if got := r.Summary.String(); got != "1 field taken from theirs" {
		t.Errorf("summary %q", got)
	}
	// Attachments and extra, once carried, follow theirs.
	r = Merge(base, mine, theirs, Options{Withheld: Withheld{Field: NotCarried(carried, "attachments", "extra")}})
	if len(r.Site.Attachments) != 0 || len(r.Site.Extra) != 0 {
		t.Errorf("carried attachments and extra were not taken: %d, %d", len(r.Site.Attachments), len(r.Site.Extra))
	}
}

// TestWithheldConfidentialMembers: confidential members absent from
// theirs stay, whether the base or only mine marks them; a member theirs
// really deleted goes; confidential extra properties stay.
func TestWithheldConfidentialMembers(t *testing.T) {
	base := tumen()
	base.Extra["informant"] = json.RawMessage(`"K."`)
	base.Sources = append(base.Sources, site.Source{ID: "s3", Title: "uncited"})
	mine := clone(base)
	mine.Observations[0].Confidential = true // marked after the export
	mine.ConfidentialNotes = "K. again"
	theirs := exported(t, base)
	if _, ok := theirs.Extra["informant"]; ok {
		t.Fatal("Redact exported a confidential extra property")
	}
	theirs.Observations = theirs.Observations[1:] // o1 deleted there, o2 kept
	theirs.Sources = theirs.Sources[:1]           // s3 deleted there
	r := Merge(base, mine, theirs, Options{Withheld: Withheld{Confidential: true}})
	s := r.Site
	var ids []string
	for _, o := range s.Observations {
		ids = append(ids, o.ID)
	}
	if !slices.Equal(ids, []string{"o1", "o2", "o3"}) || s.Observations[1].SourceID != "s2" {
		t.Errorf("observations %+v", s.Observations)
	}
	if len(s.Sources) != 2 || s.Sources[0].ID != "s1" || s.Sources[1].ID != "s2" {
		t.Errorf("sources %+v: want s1 and the confidential s2, not s3", s.Sources)
	}
	if string(s.Extra["informant"]) != `"K."` || s.ConfidentialNotes != "K. again" {
		t.Errorf("extra %v confidential notes %q", s.Extra, s.ConfidentialNotes)
	}
	if len(r.Conflicts) != 0 {
		t.Errorf("conflicts %v", fieldsOf(r.Conflicts))
	}
}

// TestCitedSourceStays: a source removed on one side that an observation
// merged from the other cites stays.
func TestCitedSourceStays(t *testing.T) {
	base := tumen()
	base.Observations = nil
	mine, theirs := clone(base), clone(base)
	mine.Sources = mine.Sources[1:] // s1 removed here
	theirs.Observations = []site.Observation{{ID: "o9", Date: "2019", SourceID: "s1"}}
	r := Merge(base, mine, theirs, Options{})
	if len(r.Site.Sources) != 2 || len(r.Site.Observations) != 1 || r.Summary.Mine.Removed.Sources != 0 {
		t.Errorf("sources %+v observations %+v summary %+v", r.Site.Sources, r.Site.Observations, r.Summary)
	}
}

func TestRoundedPositionIsNoChange(t *testing.T) {
	base := tumen()
	base.Geometry = orb.Point{129.842812345, 42.971198765}
	mine := clone(base)
	mine.Geometry = orb.Point{129.9, 42.9}
	theirs := exported(t, base)
	if sameGeometry(theirs.Geometry, base.Geometry) {
		t.Fatal("the export did not round")
	}
	r := Merge(base, mine, theirs, Options{})
	if !sameGeometry(r.Site.Geometry, mine.Geometry) || len(r.Conflicts) != 0 {
		t.Errorf("a rounded position counted as theirs' edit: %v, %v", r.Site.Geometry, fieldsOf(r.Conflicts))
	}
}

func TestResolveBothNameAndErrors(t *testing.T) {
	base := tumen()
	mine, theirs := clone(base), clone(base)
	mine.Name, theirs.Name = "Tumen complex", "图们 朝鲜工业园区 (new)"
	mine.FirstReported, theirs.FirstReported = "2015", "2014"
	r := Merge(base, mine, theirs, Options{})
	if got := fieldsOf(r.Conflicts); !slices.Equal(got, []string{"name", "first_reported"}) {
		t.Fatalf("conflicts %v", got)
	}
	if err := Resolve(&r, 0, Both); err != nil || r.Site.Name != mine.Name || !slices.Contains(r.Site.Aliases, theirs.Name) {
		t.Errorf("both names: %q %v %v", r.Site.Name, r.Site.Aliases, err)
	}
	if err := Resolve(&r, 1, Both); !errors.Is(err, ErrNoBoth) {
		t.Errorf("both dates: %v, want ErrNoBoth", err)
	}
	if r.Conflicts[1].Resolution != Pending || r.Pending() != 1 {
		t.Errorf("a failed resolve changed the conflict: %v", r.Conflicts[1].Resolution)
	}
	if err := Resolve(&r, 2, Mine); err == nil {
		t.Error("conflict 2 of 2 resolved")
	}
	if err := Resolve(&r, 0, Pending); err == nil {
		t.Error("resolved with Pending")
	}
}

func TestNoAliasing(t *testing.T) {
	base, mine, theirs := tumen(), tumen(), tumen()
	theirs.Tags = append(theirs.Tags, "x")
	r := Merge(base, mine, theirs, Options{})
	r.Site.Tags[0] = "changed"
	r.Site.Sources[0].Title = "changed"
	*r.Site.WorkersEstimate = 1
	*r.Site.Attachments[0].TakenAt = time.Time{}
	if mine.Tags[0] == "changed" || theirs.Tags[0] == "changed" || mine.Sources[0].Title == "changed" || *mine.WorkersEstimate == 1 ||
		mine.Attachments[0].TakenAt.IsZero() {
		t.Fatal("the result shares memory with the inputs")
	}
}
