package site

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func storedSite() Site {
	w := 40
	return Site{
		ID: "a", Name: "Open Fish Plant", Category: "factory", Status: StatusConfirmed,
		Geometry: orb.Point{129.85, 42.97}, City: "Tumen", WorkersEstimate: &w,
		Notes: "public", ConfidentialNotes: "driver's phone", Confidential: false,
		Sources: []Source{
			{ID: "p1", Title: "Public report", URL: "https://example.org/r", Publisher: "Reuters"},
			{ID: "c1", Title: "Private chat", Confidential: true},
		},
		Observations: []Observation{
			{ID: "o1", Date: "2019-05", Note: "buses", SourceID: "p1"},
			{ID: "o2", Date: "2021", Note: "from chat", SourceID: "c1", Confidential: true},
		},
		Extra: map[string]json.RawMessage{"osm_id": json.RawMessage(`42`)},
	}
}

func TestMergeUpdate(t *testing.T) {
	redacted, _, _ := Redact(storedSite())
	tests := []struct {
		name       string
		in         func() Site
		carried    Fields
		check      func(t *testing.T, out Site)
		changed    Fields
		unchanged  bool
		madePublic bool
	}{
		{
			name:      "our redacted export changes nothing",
			in:        func() Site { return redacted },
			carried:   AllFields,
			unchanged: true,
			check: func(t *testing.T, out Site) {
				if len(out.Sources) != 2 || len(out.Observations) != 2 || out.ConfidentialNotes == "" {
					t.Errorf("lost withheld data: %+v", out)
				}
			},
		},
		{
			name:    "a name only changes the name",
			in:      func() Site { return Site{ID: "a", Name: "Tumen Fish Plant"} },
			carried: FieldName,
			changed: FieldName,
			check: func(t *testing.T, out Site) {
				if out.Name != "Tumen Fish Plant" || out.City != "Tumen" || out.Category != "factory" || out.Geometry == nil || len(out.Sources) != 2 {
					t.Errorf("%+v", out)
				}
			},
		},
		{
			name:    "an explicit null clears a field",
			in:      func() Site { return Site{ID: "a", Name: "Open Fish Plant"} },
			carried: FieldName | FieldCity,
			changed: FieldCity,
			check: func(t *testing.T, out Site) {
				if out.City != "" {
					t.Errorf("city %q", out.City)
				}
			},
		},
		{
			name: "a source with only title and URL matches and keeps the rest",
			in: func() Site {
				s := redacted
				s.Sources = []Source{{Title: "Public report", URL: "https://example.org/r"}}
				return s
			},
			carried:   AllFields,
			unchanged: true,
			check: func(t *testing.T, out Site) {
				if out.Sources[0].Publisher != "Reuters" || out.Sources[0].ID != "p1" {
					t.Errorf("%+v", out.Sources)
				}
			},
		},
		{
			name: "a new source is added beside the stored ones",
			in: func() Site {
				s := redacted
				s.Sources = append(slices.Clone(s.Sources), Source{ID: "n1", Title: "New article"})
				return s
			},
			carried: AllFields,
			changed: FieldSources,
			check: func(t *testing.T, out Site) {
				if len(out.Sources) != 3 {
					t.Errorf("%+v", out.Sources)
				}
			},
		},
		{
			name: "a confidential child stays confidential",
			in: func() Site {
				s := storedSite()
				s.Sources[1].Confidential = false
				return s
			},
			carried:   AllFields,
			unchanged: true,
		},
		{
			name: "an unreadable confidentiality makes the site confidential",
			in: func() Site {
				s := redacted
				s.Confidential = true
				return s
			},
			carried: AllFields &^ FieldConfidential,
			changed: FieldConfidential,
			check: func(t *testing.T, out Site) {
				if !out.Confidential {
					t.Error("not confidential")
				}
			},
		},
		{
			name: "explicit false makes a confidential site public",
			in:   func() Site { return Site{ID: "a"} },
			check: func(t *testing.T, out Site) {
				if out.Confidential {
					t.Error("still confidential")
				}
			},
			carried:    FieldConfidential,
			changed:    FieldConfidential,
			madePublic: true,
		},
		{
			name: "extra properties merge by name",
			in: func() Site {
				s := Site{ID: "a", Extra: map[string]json.RawMessage{"marker-color": json.RawMessage(`"#f00"`)}}
				return s
			},
			check: func(t *testing.T, out Site) {
				if len(out.Extra) != 2 {
					t.Errorf("extra %v", out.Extra)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := storedSite()
			if tc.madePublic {
				old.Confidential = true
			}
			out, m := MergeUpdate(old, tc.in(), tc.carried)
			if tc.unchanged != m.Unchanged() {
				t.Errorf("Unchanged %v, want %v (changed %v)", m.Unchanged(), tc.unchanged, m.Changed.Names())
			}
			if tc.changed != 0 && m.ChangedFields() != tc.changed {
				t.Errorf("changed %v, want %v", m.ChangedFields().Names(), tc.changed.Names())
			}
			if m.MadePublic != tc.madePublic {
				t.Errorf("MadePublic %v", m.MadePublic)
			}
			if tc.unchanged && !SameContent(out, old) {
				t.Errorf("unchanged, but the result differs:\n%+v\n%+v", out, old)
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

func TestSameContent(t *testing.T) {
	a := storedSite()
	b := storedSite()
	b.Tags = []string{}
	if !SameContent(a, b) {
		t.Error("an empty list differs from a missing one")
	}
	b.Updated = b.Updated.Add(1)
	if !SameContent(a, b) {
		t.Error("Updated counts")
	}
	b.Observations[0].Note = "cars"
	if SameContent(a, b) {
		t.Error("a changed observation is the same")
	}
}

// TestMergeKeepsPositionAnExportRounded: an export writes an approximate
// site with 4 decimals; importing it back must keep the stored position.
func TestMergeKeepsPositionAnExportRounded(t *testing.T) {
	old := Site{ID: "a", Name: "Tumen", Precision: PrecisionApproximate, Geometry: orb.Point{129.84361234567891, 42.96721234567891}}
	in := old
	in.Geometry = orb.Point{129.8436, 42.9672}
	got, m := MergeUpdate(old, in, AllFields)
	if !m.Unchanged() || got.Geometry != old.Geometry {
		t.Errorf("a position rounded by the export replaced the stored one: %v, %+v", got.Geometry, m)
	}
	in.Geometry = orb.Point{129.8437, 42.9672}
	if got, m := MergeUpdate(old, in, AllFields); m.Changed&FieldGeometry == 0 || got.Geometry != in.Geometry {
		t.Errorf("a moved site was not moved: %v, %+v", got.Geometry, m)
	}
}

// TestMergeMatchesEditedObservationWithoutID: a CSV carries observations
// without ids; an edited note matched nothing and was added beside the old.
func TestMergeMatchesEditedObservationWithoutID(t *testing.T) {
	old := Site{ID: "a", Name: "Tumen", Observations: []Observation{
		{ID: "o1", Date: "2017-05", Status: StatusReported, Note: "laborers arrive"},
		{ID: "o2", Date: "2018", Status: StatusConfirmed, Note: "signs removed"},
	}}
	in := old
	in.Observations = []Observation{
		{Date: "2017-05", Status: StatusReported, Note: "about 200 laborers arrive"},
		{Date: "2018", Status: StatusConfirmed, Note: "signs removed"},
	}
	got, _ := MergeUpdate(old, in, AllFields)
	if len(got.Observations) != 2 || got.Observations[0].ID != "o1" || got.Observations[0].Note != "about 200 laborers arrive" {
		t.Errorf("an edited note without id: %+v", got.Observations)
	}
	// Two stored on that date and status: which one was edited is not
	// known, so the edited one is added and both stay.
	old.Observations = append(old.Observations, Observation{ID: "o3", Date: "2017-05", Status: StatusReported, Note: "buses"})
	got, _ = MergeUpdate(old, in, AllFields)
	if len(got.Observations) != 4 {
		t.Errorf("an ambiguous edit: %+v", got.Observations)
	}
}
