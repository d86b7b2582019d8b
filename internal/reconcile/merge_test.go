package reconcile

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// scalarValues are three distinct values per site field: base's, a and b.
var scalarValues = map[string][3]any{
	"name":               {"Tumen complex", "Tumen industrial complex", "图们 朝鲜工业园区"},
	"category":           {"factory", "industrial_complex", "dormitory"},
	"status":             {site.StatusReported, site.StatusConfirmed, site.StatusClosed},
	"geometry":           {orb.Point{129.84, 42.97}, orb.Point{129.85, 42.97}, orb.Polygon{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}},
	"precision":          {site.PrecisionCity, site.PrecisionApproximate, site.PrecisionExact},
	"city":               {"Tumen", "Hunchun", "Yanji"},
	"province":           {"Jilin", "Liaoning", "Zhejiang"},
	"country":            {"CN", "KP", "RU"},
	"operator":           {"", "Tumen Textiles", "Jilin Seafood"},
	"workers_estimate":   {intp(100), intp(200), (*int)(nil)},
	"first_reported":     {site.PartialDate("2016"), site.PartialDate("2016-04"), site.PartialDate("2015")},
	"last_reported":      {site.PartialDate(""), site.PartialDate("2018"), site.PartialDate("2019-12-22")},
	"notes":              {"old", "mine", "theirs"},
	"confidential_notes": {"", "K. said so", "L. said so"},
	"confidential":       {false, true, false},
}

func TestScalarFields(t *testing.T) {
	for _, f := range siteFields {
		v, ok := scalarValues[f.name]
		if !ok {
			t.Fatalf("no test values for %s", f.name)
		}
		with := func(x any) *site.Site {
			s := tumen()
			f.set(s, x)
			return s
		}
		v0, v1, v2 := v[0], v[1], v[2]
		if f.name == "confidential" {
			v2 = true // a bool has two values: both sides set it alike
		}
		for _, tc := range []struct {
			name             string
			base, mine, thrs any
			noBase           bool
			policy           NoBasePolicy
			want             any
			conflict         bool
		}{
			{name: "unchanged", base: v0, mine: v0, thrs: v0, want: v0},
			{name: "theirs only", base: v0, mine: v0, thrs: v1, want: v1},
			{name: "mine only", base: v0, mine: v1, thrs: v0, want: v1},
			{name: "both alike", base: v0, mine: v1, thrs: v1, want: v1},
			{name: "both differ", base: v0, mine: v1, thrs: v2, want: v1, conflict: f.name != "confidential"},
			{name: "no base alike", noBase: true, mine: v1, thrs: v1, want: v1},
			{name: "no base differ", noBase: true, mine: v0, thrs: v1, want: v0, conflict: true},
		} {
			var base *site.Site
			if !tc.noBase {
				base = with(tc.base)
			}
			r := Merge(base, with(tc.mine), with(tc.thrs), Options{NoBase: tc.policy})
			got := f.get(r.Site)
			if !f.equal(r.Site, with(tc.want)) {
				t.Errorf("%s %s: got %v, want %v", f.name, tc.name, got, tc.want)
			}
			if tc.conflict != (len(r.Conflicts) == 1) || len(r.Conflicts) > 1 {
				t.Errorf("%s %s: conflicts %v", f.name, tc.name, fieldsOf(r.Conflicts))
				continue
			}
			if tc.conflict && (r.Conflicts[0].Field != f.name || r.Conflicts[0].Label != f.label || tc.noBase != (r.Conflicts[0].Base == nil)) {
				t.Errorf("%s %s: conflict %+v", f.name, tc.name, r.Conflicts[0])
			}
			wantTaken := tc.name == "theirs only"
			if taken := slices.Contains(r.Summary.Theirs.Fields, f.name); taken != wantTaken {
				t.Errorf("%s %s: summary says taken from theirs %v", f.name, tc.name, taken)
			}
			if tc.conflict {
				if err := Resolve(&r, 0, Theirs); err != nil || !f.equal(r.Site, with(tc.thrs)) {
					t.Errorf("%s %s: resolved theirs: %v, %v", f.name, tc.name, f.get(r.Site), err)
				}
				if err := Resolve(&r, 0, Mine); err != nil || !f.equal(r.Site, with(tc.mine)) {
					t.Errorf("%s %s: resolved mine: %v, %v", f.name, tc.name, f.get(r.Site), err)
				}
			}
		}
	}
}

func TestNoBaseFill(t *testing.T) {
	mine, theirs := tumen(), tumen()
	mine.Operator, theirs.Operator = "", "Tumen Textiles"
	mine.City, theirs.City = "Tumen", ""
	mine.Province, theirs.Province = "Jilin", "吉林"
	mine.Aliases, theirs.Aliases = []string{"a"}, []string{"b", "a"}
	theirs.Observations = append(theirs.Observations, site.Observation{ID: "o9", Note: "new"})
	theirs.Sources = append(theirs.Sources, site.Source{ID: "s9", Title: "uncited"})
	r := Merge(nil, mine, theirs, Options{NoBase: NoBaseFill})
	if r.Site.Operator != "Tumen Textiles" || r.Site.City != "Tumen" || r.Site.Province != "Jilin" {
		t.Errorf("fill: operator %q city %q province %q", r.Site.Operator, r.Site.City, r.Site.Province)
	}
	if !slices.Equal(r.Site.Aliases, []string{"a", "b"}) || len(r.Site.Observations) != 4 || len(r.Site.Sources) != 3 {
		t.Errorf("fill lists: aliases %v, %d observations, %d sources", r.Site.Aliases, len(r.Site.Observations), len(r.Site.Sources))
	}
	if got := fieldsOf(r.Conflicts); !slices.Equal(got, []string{"province"}) {
		t.Errorf("conflicts %v, want [province]", got)
	}
	// The default without a base: every difference a conflict, mine kept.
	r = Merge(nil, mine, theirs, Options{})
	want := []string{"city", "province", "operator", "aliases", "sources[s9]", "observations[o9]"}
	if got := fieldsOf(r.Conflicts); !slices.Equal(got, want) {
		t.Errorf("conflicts %v, want %v", got, want)
	}
	if !Equal(*r.Site, *mine) {
		t.Errorf("without a base mine must stand until resolved")
	}
	if err := TakeAllTheirs(&r); err != nil || !Equal(*r.Site, *theirs) {
		t.Errorf("take all theirs: %v", err)
	}
	if err := KeepAllMine(&r); err != nil || !Equal(*r.Site, *mine) {
		t.Errorf("keep all mine: %v", err)
	}
}

func TestSets(t *testing.T) {
	for _, tc := range []struct {
		name                string
		base, mine, theirs  string
		want                string
		added, removed, mAd int
	}{
		{name: "same", base: "a b", mine: "a b", theirs: "a b", want: "a b"},
		{name: "added on each side", base: "a", mine: "a m", theirs: "a t", want: "a m t", added: 1, mAd: 1},
		{name: "added alike", base: "a", mine: "a x", theirs: "x a", want: "a x", mAd: 0},
		{name: "removed by theirs", base: "a b", mine: "a b", theirs: "b", want: "b", removed: 1},
		{name: "removed by mine", base: "a b", mine: "b", theirs: "a b", want: "b"},
		{name: "removed by both", base: "a b", mine: "b", theirs: "b", want: "b"},
		{name: "removed by theirs added by mine", base: "a", mine: "a m", theirs: "", want: "m", removed: 1, mAd: 1},
		{name: "order is mine's", base: "a b c", mine: "c b a", theirs: "a b c d", want: "c b a d", added: 1},
	} {
		for _, list := range []string{"aliases", "tags"} {
			mk := func(s string) *site.Site {
				x := tumen()
				if list == "aliases" {
					x.Aliases = strings.Fields(s)
				} else {
					x.Tags = strings.Fields(s)
				}
				return x
			}
			r := Merge(mk(tc.base), mk(tc.mine), mk(tc.theirs), Options{})
			got := r.Site.Aliases
			if list == "tags" {
				got = r.Site.Tags
			}
			if strings.Join(got, " ") != tc.want || len(r.Conflicts) != 0 {
				t.Errorf("%s %s: %v (conflicts %v), want %q", list, tc.name, got, fieldsOf(r.Conflicts), tc.want)
			}
			if a, rm := *r.Summary.Theirs.Added.of(list), *r.Summary.Theirs.Removed.of(list); a != tc.added || rm != tc.removed {
				t.Errorf("%s %s: theirs added %d removed %d, want %d %d", list, tc.name, a, rm, tc.added, tc.removed)
			}
			if a := *r.Summary.Mine.Added.of(list); a != tc.mAd {
				t.Errorf("%s %s: mine added %d, want %d", list, tc.name, a, tc.mAd)
			}
		}
	}
}

// obsList is a compact spelling of observations for the member tests:
// "o1=x o2=y" is o1 with note x and o2 with note y.
func obsList(s string) []site.Observation {
	var out []site.Observation
	for _, f := range strings.Fields(s) {
		id, note, _ := strings.Cut(f, "=")
		out = append(out, site.Observation{ID: id, Date: "2017", Note: note})
	}
	return out
}

func obsString(list []site.Observation) string {
	var parts []string
	for _, o := range list {
		parts = append(parts, o.ID+"="+o.Note)
	}
	return strings.Join(parts, " ")
}

func TestMembers(t *testing.T) {
	for _, tc := range []struct {
		name               string
		base, mine, theirs string
		want               string
		conflicts          []string
		summary            string
	}{
		{name: "added on each side", base: "o1=a", mine: "o1=a o2=m", theirs: "o1=a o3=t", want: "o1=a o2=m o3=t",
			summary: "1 observation added from theirs"},
		{name: "edited by theirs", base: "o1=a o2=b", mine: "o1=a o2=b", theirs: "o1=a o2=B", want: "o1=a o2=B",
			summary: "1 observation updated from theirs"},
		{name: "edited by mine", base: "o1=a", mine: "o1=A", theirs: "o1=a", want: "o1=A", summary: "no change from theirs"},
		{name: "edited alike", base: "o1=a", mine: "o1=A", theirs: "o1=A", want: "o1=A", summary: "no change from theirs"},
		{name: "edited differently", base: "o1=a", mine: "o1=M", theirs: "o1=T", want: "o1=M",
			conflicts: []string{"observations[o1].note"}, summary: "1 conflict"},
		{name: "removed by theirs untouched here", base: "o1=a o2=b", mine: "o1=a o2=b", theirs: "o1=a", want: "o1=a",
			summary: "1 observation removed from theirs"},
		{name: "removed by mine untouched there", base: "o1=a o2=b", mine: "o1=a", theirs: "o1=a o2=b", want: "o1=a",
			summary: "no change from theirs"},
		{name: "removed by theirs edited here", base: "o1=a o2=b", mine: "o1=a o2=B", theirs: "o1=a", want: "o1=a o2=B",
			conflicts: []string{"observations[o2]"}, summary: "1 conflict"},
		{name: "removed by mine edited there", base: "o1=a o2=b", mine: "o1=a", theirs: "o1=a o2=B", want: "o1=a",
			conflicts: []string{"observations[o2]"}, summary: "1 conflict"},
		{name: "removed by both", base: "o1=a o2=b", mine: "o1=a", theirs: "o1=a", want: "o1=a", summary: "no change from theirs"},
		{name: "added on both with one id", base: "", mine: "o1=m", theirs: "o1=t", want: "o1=m",
			conflicts: []string{"observations[o1].note"}, summary: "1 conflict"},
		{name: "without ids: a set of values", base: "=a =b", mine: "=a =b =m", theirs: "=A =b", want: "=b =m =A",
			summary: "1 observation added from theirs, 1 observation removed from theirs"},
	} {
		mk := func(s string) *site.Site {
			x := tumen()
			x.Observations = obsList(s)
			return x
		}
		r := Merge(mk(tc.base), mk(tc.mine), mk(tc.theirs), Options{})
		if got := obsString(r.Site.Observations); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if got := fieldsOf(r.Conflicts); !slices.Equal(got, tc.conflicts) {
			t.Errorf("%s: conflicts %v, want %v", tc.name, got, tc.conflicts)
		}
		if got := r.Summary.String(); got != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.name, got, tc.summary)
		}
		// Taking theirs gives theirs' list, in some order.
		if err := TakeAllTheirs(&r); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if len(tc.conflicts) > 0 {
			th := mk(tc.theirs)
			if !sameMembersAnyOrder(r.Site.Observations, th.Observations) {
				t.Errorf("%s: after taking theirs %q, want %q", tc.name, obsString(r.Site.Observations), tc.theirs)
			}
		}
	}
}

func sameMembersAnyOrder(a, b []site.Observation) bool {
	x, y := &site.Site{Observations: a}, &site.Site{Observations: b}
	return Equal(*x, *y)
}

// TestMemberFieldKinds: a source, an attachment and an observation edited
// on both sides in different fields merge field-wise; in one field, they
// conflict on it.
func TestMemberFieldKinds(t *testing.T) {
	base := tumen()
	mine, theirs := clone(base), clone(base)
	mine.Sources[0].Title = "Daily NK: Tumen"
	theirs.Sources[0].Credibility = 3
	mine.Attachments[0].Caption = "the gate"
	theirs.Attachments[0].Caption = "main gate"
	theirs.Attachments[0].Position = &orb.Point{129.84, 42.97}
	mine.Observations[0].Status = site.StatusConfirmed
	theirs.Observations[0].Status = site.StatusClosed
	theirs.Observations[0].Note = "closed down"
	r := Merge(base, mine, theirs, Options{})
	// The title and credibility changed on one side each: no conflict.
	want := []string{"observations[o1].status", "attachments[a1].caption"}
	if got := fieldsOf(r.Conflicts); !slices.Equal(got, want) {
		t.Fatalf("conflicts %v, want %v", got, want)
	}
	s := r.Site
	if s.Sources[0].Title != "Daily NK: Tumen" || s.Sources[0].Credibility != 3 || s.Attachments[0].Position == nil ||
		s.Observations[0].Note != "closed down" || s.Observations[0].Status != site.StatusConfirmed {
		t.Errorf("field-wise merge of members: %+v %+v %+v", s.Sources[0], s.Attachments[0], s.Observations[0])
	}
	if r.Conflicts[0].Label != "Observation 2017-05 · status" || r.Conflicts[1].Label != "Attachment “gate.jpg” · caption" {
		t.Errorf("labels %q, %q", r.Conflicts[0].Label, r.Conflicts[1].Label)
	}
	// Both on an observation's status: two observations.
	if err := Resolve(&r, 0, Both); err != nil || len(s.Observations) != 4 || r.Conflicts[0].Copy == "" {
		t.Fatalf("both on a status: %v, %d observations", err, len(s.Observations))
	}
	if cp := s.Observations[3]; cp.ID != r.Conflicts[0].Copy || cp.Status != site.StatusClosed || cp.Note != "closed down" ||
		s.Observations[0].Status != site.StatusConfirmed {
		t.Errorf("both on a status: %+v and %+v", s.Observations[0], cp)
	}
	// Both on a source's date: no.
	mine.Sources[0].Published, theirs.Sources[0].Published = "2017-06", "2017-04"
	if r2 := Merge(base, mine, theirs, Options{}); !errors.Is(Resolve(&r2, 0, Both), ErrNoBoth) || r2.Conflicts[0].Field != "sources[s1].published" {
		t.Errorf("both on a source's date: %v", fieldsOf(r2.Conflicts))
	}
	if err := Resolve(&r, 1, Both); err != nil || s.Attachments[0].Caption != "the gate\nmain gate" {
		t.Errorf("both on a caption: %q, %v", s.Attachments[0].Caption, err)
	}
	if err := Resolve(&r, 0, Theirs); err != nil || r.Site.Observations[0].Status != site.StatusClosed ||
		len(r.Site.Observations) != 3 || r.Conflicts[0].Copy != "" {
		t.Errorf("theirs on a status after both: %+v, %v", r.Site.Observations, err)
	}
}

func TestExtra(t *testing.T) {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, tc := range []struct {
		name               string
		base, mine, theirs map[string]json.RawMessage
		want               map[string]string
		conflicts          []string
	}{
		{name: "added on each side", base: nil, mine: map[string]json.RawMessage{"a": raw(`1`)},
			theirs: map[string]json.RawMessage{"b": raw(`2`)}, want: map[string]string{"a": `1`, "b": `2`}},
		{name: "spacing is no change", base: map[string]json.RawMessage{"a": raw(`{"x":1}`)},
			mine: map[string]json.RawMessage{"a": raw(`{"x":1}`)}, theirs: map[string]json.RawMessage{"a": raw(`{ "x": 1 }`)},
			want: map[string]string{"a": `{"x":1}`}},
		{name: "changed by theirs", base: map[string]json.RawMessage{"a": raw(`1`)},
			mine: map[string]json.RawMessage{"a": raw(`1`)}, theirs: map[string]json.RawMessage{"a": raw(`2`)},
			want: map[string]string{"a": `2`}},
		{name: "removed by theirs", base: map[string]json.RawMessage{"a": raw(`1`), "b": raw(`2`)},
			mine: map[string]json.RawMessage{"a": raw(`1`), "b": raw(`2`)}, theirs: map[string]json.RawMessage{"b": raw(`2`)},
			want: map[string]string{"b": `2`}},
		{name: "removed by theirs changed here", base: map[string]json.RawMessage{"a": raw(`1`)},
			mine: map[string]json.RawMessage{"a": raw(`3`)}, theirs: nil,
			want: map[string]string{"a": `3`}, conflicts: []string{"extra.a"}},
		{name: "changed differently", base: map[string]json.RawMessage{"a": raw(`1`)},
			mine: map[string]json.RawMessage{"a": raw(`3`)}, theirs: map[string]json.RawMessage{"a": raw(`4`)},
			want: map[string]string{"a": `3`}, conflicts: []string{"extra.a"}},
	} {
		mk := func(e map[string]json.RawMessage) *site.Site { x := tumen(); x.Extra = e; return x }
		r := Merge(mk(tc.base), mk(tc.mine), mk(tc.theirs), Options{})
		got := map[string]string{}
		for k, v := range r.Site.Extra {
			got[k] = string(v)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		if f := fieldsOf(r.Conflicts); !slices.Equal(f, tc.conflicts) {
			t.Errorf("%s: conflicts %v, want %v", tc.name, f, tc.conflicts)
		}
		if len(tc.conflicts) > 0 {
			if err := TakeAllTheirs(&r); err != nil || !Equal(*r.Site, *mk(tc.theirs)) {
				t.Errorf("%s: take theirs: %v %v", tc.name, r.Site.Extra, err)
			}
		}
	}
}
