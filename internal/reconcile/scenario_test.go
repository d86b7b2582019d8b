package reconcile

import (
	"slices"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestRoundTripWithColleague is the round: export to a colleague
// (without confidential data), both edit different fields and add an
// observation, one field edited on both sides: the merge has both sides'
// edits, exactly one conflict, and every confidential item.
func TestRoundTripWithColleague(t *testing.T) {
	base := tumen()
	theirs := exported(t, base)
	mine := clone(base)

	// Here: the operator found, a new observation, notes rewritten.
	mine.Operator = "Tumen Textiles Co."
	mine.Observations = append(mine.Observations, site.Observation{ID: "o4", Date: "2019-01", Note: "still open"})
	mine.Notes = "Five factories inside one compound."
	mine.ConfidentialNotes = "contact: K."
	// There: status confirmed, a tag, a source excerpt, a new observation,
	// notes rewritten differently.
	theirs.Status = site.StatusConfirmed
	theirs.Tags = append(theirs.Tags, "seafood")
	theirs.Sources[0].Excerpt = "about 2,000 North Korean workers"
	theirs.Observations = append(theirs.Observations, site.Observation{ID: "o5", Date: "2019-03", Note: "new dormitory"})
	theirs.Notes = "Several factories and a dormitory."

	r := Merge(base, mine, theirs, Options{Withheld: Withheld{Confidential: true}})
	if got := fieldsOf(r.Conflicts); !slices.Equal(got, []string{"notes"}) {
		t.Fatalf("conflicts %v, want [notes]", got)
	}
	c := r.Conflicts[0]
	if c.Base != base.Notes || c.Mine != mine.Notes || c.Theirs != theirs.Notes || c.Label != "Notes" || c.SiteID != base.ID {
		t.Errorf("conflict %+v", c)
	}
	s := r.Site
	if s.Status != site.StatusConfirmed || s.Operator != "Tumen Textiles Co." || s.Notes != mine.Notes ||
		s.ConfidentialNotes != "contact: K." {
		t.Errorf("merged fields: status %q operator %q notes %q confidential notes %q", s.Status, s.Operator, s.Notes, s.ConfidentialNotes)
	}
	if !slices.Equal(s.Tags, []string{"dispatched-labor", "textiles", "seafood"}) {
		t.Errorf("tags %v", s.Tags)
	}
	var obs []string
	for _, o := range s.Observations {
		obs = append(obs, o.ID+":"+o.SourceID)
	}
	if !slices.Equal(obs, []string{"o1:s1", "o2:s2", "o3:s2", "o4:", "o5:"}) {
		t.Errorf("observations %v, want o1..o5 with confidential source references kept", obs)
	}
	if len(s.Sources) != 2 || s.Sources[0].Excerpt != "about 2,000 North Korean workers" || !s.Sources[1].Confidential {
		t.Errorf("sources %+v", s.Sources)
	}
	if !sameGeometry(s.Geometry, base.Geometry) || len(s.Attachments) != 1 || string(s.Extra["marker-color"]) != `"#ff0000"` {
		t.Errorf("geometry %v attachments %d extra %v", s.Geometry, len(s.Attachments), s.Extra)
	}
	if got, want := r.Summary.String(), "1 field taken from theirs, 1 tag added from theirs, 1 observation added from theirs, 1 source updated from theirs, 1 conflict"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got := r.Summary.Mine.Describe("mine"); !slices.Equal(got, []string{"2 fields taken from mine", "1 observation added from mine"}) {
		t.Errorf("mine's summary %q", got)
	}

	// Reviewed: both notes kept.
	if err := Resolve(&r, 0, Both); err != nil {
		t.Fatal(err)
	}
	if want := mine.Notes + "\n" + theirs.Notes; r.Site.Notes != want || r.Pending() != 0 {
		t.Errorf("after both: notes %q pending %d", r.Site.Notes, r.Pending())
	}
	if err := Resolve(&r, 0, Theirs); err != nil || r.Site.Notes != theirs.Notes {
		t.Errorf("after theirs: notes %q, %v", r.Site.Notes, err)
	}
}

// TestWithoutWithheldConfidentialLost shows why Withheld matters: the same
// file read as if it carried everything removes what it never had.
func TestWithoutWithheldConfidentialLost(t *testing.T) {
	base := tumen()
	theirs := exported(t, base)
	r := Merge(base, clone(base), theirs, Options{})
	if len(r.Site.Sources) != 1 || len(r.Site.Observations) != 2 || r.Site.Observations[1].SourceID != "" {
		t.Fatalf("without Withheld the merge should follow theirs' removals: %d sources, %+v",
			len(r.Site.Sources), r.Site.Observations)
	}
	r = Merge(base, clone(base), theirs, Options{Withheld: Withheld{Confidential: true}})
	if !Equal(*r.Site, *base) || len(r.Conflicts) != 0 || r.Summary.Theirs.Any() {
		t.Fatalf("an untouched export returned changed the site: %v, %v", fieldsOf(r.Conflicts), r.Summary)
	}
}
