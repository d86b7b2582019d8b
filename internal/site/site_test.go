package site

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestPartialDateValidate(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string // "" for valid
		prec    string
	}{
		{"", "", ""},
		{"2017", "", "year"},
		{"2017-05", "", "month"},
		{"2017-05-14", "", "day"},
		{"2016-02-29", "", "day"},
		{"2017-02-29", "no such day", ""},
		{"2017-13", "month must be 01 to 12", ""},
		{"2017-00", "month must be 01 to 12", ""},
		{"17", "wrong length", ""},
		{"2017/05", "expected '-' at position 5", ""},
		{"20I7", "expected a digit at position 3", ""},
		{"0999", "year before 1000", ""},
		{"2017-05-00", "no such day", ""},
	}
	for _, tt := range tests {
		err := PartialDate(tt.in).Validate()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.in, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%q: error %v, want it to say %q", tt.in, err, tt.wantErr)
		}
		if tt.wantErr == "" {
			if got := PartialDate(tt.in).Precision(); got != tt.prec {
				t.Errorf("%q: precision %q, want %q", tt.in, got, tt.prec)
			}
		}
	}
}

func TestPartialDateOrder(t *testing.T) {
	// Undated goes last: the timeline listed "Undated" above 2017-05.
	dates := []PartialDate{"2016", "2016-04", "2016-04-07", "2017", "2017-12-22", ""}
	for i := 1; i < len(dates); i++ {
		if dates[i-1].Compare(dates[i]) >= 0 {
			t.Errorf("%q should sort before %q", dates[i-1], dates[i])
		}
		if dates[i].Compare(dates[i-1]) <= 0 {
			t.Errorf("%q should sort after %q", dates[i], dates[i-1])
		}
	}
}

func TestInTimelineOrder(t *testing.T) {
	obs := []Observation{{Note: "a", Date: ""}, {Note: "b", Date: "2017-05"}, {Note: "c", Date: "2016"}, {Note: "d", Date: ""}}
	var got []string
	for _, o := range InTimelineOrder(obs) {
		got = append(got, o.Note)
	}
	if strings.Join(got, "") != "cbad" {
		t.Errorf("timeline order %v, want c b a d (dated by date, then undated in recorded order)", got)
	}
	if obs[0].Note != "a" {
		t.Error("InTimelineOrder reordered its argument")
	}
}

func validSite() Site {
	n := 300
	return Site{
		ID: "6f1c2b4e-8d1a-4c55-9a8e-2f3c4d5e6f70", Name: "Tumen North Korean industrial complex",
		Aliases: []string{"图们朝鲜工业园区"}, Category: "industrial_complex", Status: StatusReported,
		Geometry: orb.Point{129.84, 42.97}, Precision: PrecisionCity, City: "Tumen", Province: "Jilin",
		Country: "CN", WorkersEstimate: &n, FirstReported: "2017-05", LastReported: "2018",
		Sources:      []Source{{ID: "s1", Title: "Daily NK report", Reliability: "B", Credibility: 3}},
		Observations: []Observation{{ID: "o1", Date: "2018", Note: "Road signs removed", SourceID: "s1"}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Site)
		field  string // "" for valid
		msg    string
	}{
		{"valid", func(*Site) {}, "", ""},
		{"unplaced is valid", func(s *Site) { s.Geometry = nil }, "", ""},
		{"user category", func(s *Site) { s.Category = "seafood_plant" }, "", ""},
		{"no name", func(s *Site) { s.Name = "  " }, "name", "needs a name"},
		{"bad category", func(s *Site) { s.Category = "Big Factory" }, "category", "not a category"},
		{"bad status", func(s *Site) { s.Status = "active" }, "status", "not a status"},
		{"bad precision", func(s *Site) { s.Precision = "rough" }, "precision", "not a precision"},
		{"bad country", func(s *Site) { s.Country = "China" }, "country", "ISO 3166-1"},
		{"negative workers", func(s *Site) { n := -1; s.WorkersEstimate = &n }, "workers_estimate", "negative"},
		{"bad first date", func(s *Site) { s.FirstReported = "May 2017" }, "first_reported", "not a date"},
		{"last before first", func(s *Site) { s.LastReported = "2016" }, "last_reported", "before first reported"},
		{"longitude out of range", func(s *Site) { s.Geometry = orb.Point{212.5, 42} }, "geometry", "longitude 212.5 is out of range"},
		{"open ring", func(s *Site) {
			s.Geometry = orb.Polygon{{{129, 42}, {130, 42}, {130, 43}, {129, 43.5}}}
		}, "geometry", "is not closed"},
		{"short ring", func(s *Site) { s.Geometry = orb.Polygon{{{129, 42}, {130, 42}, {129, 42}}} }, "geometry", "at least 4 positions"},
		{"source without title", func(s *Site) { s.Sources[0].Title = "" }, "sources[0].title", "title or a URL"},
		{"bad reliability", func(s *Site) { s.Sources[0].Reliability = "G" }, "sources[0].reliability", "A (reliable) to F"},
		{"bad credibility", func(s *Site) { s.Sources[0].Credibility = 7 }, "sources[0].credibility", "1 (confirmed) to 6"},
		{"observation cites unknown source", func(s *Site) { s.Observations[0].SourceID = "nope" }, "observations[0].source_id", "not one of this site's sources"},
		{"observation bad date", func(s *Site) { s.Observations[0].Date = "2018-02-30" }, "observations[0].date", "no such day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSite()
			tt.change(&s)
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			verr, ok := err.(ValidationError)
			if !ok {
				t.Fatalf("error %v (%T), want a ValidationError", err, err)
			}
			for _, fe := range verr {
				if fe.Field == tt.field && strings.Contains(fe.Message, tt.msg) {
					return
				}
			}
			t.Fatalf("error %q does not name field %s with %q", err, tt.field, tt.msg)
		})
	}
}

func TestRedact(t *testing.T) {
	s := validSite()
	s.ConfidentialNotes = "met the source at the market"
	s.Sources = append(s.Sources, Source{ID: "s2", Title: "Informant in Hunchun", Confidential: true})
	s.Observations = append(s.Observations,
		Observation{ID: "o2", Date: "2018-01", Note: "Laborers confined", SourceID: "s2"},
		Observation{ID: "o3", Date: "2018-02", Note: "secret", Confidential: true})

	out, left, ok := Redact(s)
	if !ok {
		t.Fatal("a public site was left out")
	}
	want := Redaction{Sources: 1, Observations: 1, ConfidentialNotes: 1}
	if left != want {
		t.Errorf("left out %+v, want %+v", left, want)
	}
	if out.ConfidentialNotes != "" || len(out.Sources) != 1 || len(out.Observations) != 2 {
		t.Errorf("redacted site still holds confidential data: %+v", out)
	}
	if out.Observations[1].SourceID != "" {
		t.Errorf("observation still cites the confidential source")
	}
	if len(s.Sources) != 2 || s.ConfidentialNotes == "" {
		t.Errorf("Redact changed its argument")
	}

	s.Confidential = true
	if _, left, ok := Redact(s); ok || left.Sites != 1 || left.Sources != 2 || left.Observations != 3 {
		t.Errorf("confidential site: ok=%v left=%+v", ok, left)
	}
}

// TestRedactExtra: redaction covers Extra: what a reader could not read
// (sources, observations, confidential notes kept as written) and anything
// named or marked as confidential is left out and counted; the rest stays.
func TestRedactExtra(t *testing.T) {
	s := validSite()
	s.Confidential = false
	s.Extra = map[string]json.RawMessage{
		"osm_id":             json.RawMessage(`12345`),
		"marker-color":       json.RawMessage(`"#f00"`),
		"people":             json.RawMessage(`[{"who":"A","confidential":false}]`),
		"sources":            json.RawMessage(`[{"title":"x","grade":"A"},{"title":"y"}]`),
		UnreadSources:        json.RawMessage(`[{"title":"z","credibility":9}]`),
		UnreadObservations:   json.RawMessage(`[{"date":"May"}]`),
		"confidential_notes": json.RawMessage(`12345`),
		"confidential":       json.RawMessage(`"secret"`),
		"Secret_Contact":     json.RawMessage(`"B"`),
		"contacts":           json.RawMessage(`{"list":[{"who":"C","confidential":"yes"}]}`),
		"escaped":            json.RawMessage(`{"\u0063onfidential":true,"who":"D"}`),
	}
	s.ConfidentialNotes = ""
	out, left, ok := Redact(s)
	if !ok {
		t.Fatal("the site is not confidential")
	}
	var kept []string
	for k := range out.Extra {
		kept = append(kept, k)
	}
	slices.Sort(kept)
	if want := []string{"marker-color", "osm_id", "people"}; !slices.Equal(kept, want) {
		t.Errorf("kept %v, want %v", kept, want)
	}
	want := Redaction{Sources: 3 + countConfidential(s.Sources), Observations: 1 + countConfidentialObs(s.Observations),
		ConfidentialNotes: 1, Extra: 4}
	if left != want {
		t.Errorf("left out %+v, want %+v", left, want)
	}
	if len(s.Extra) != 11 {
		t.Errorf("Redact changed the site's Extra")
	}
}

func countConfidential(src []Source) (n int) {
	for _, s := range src {
		if s.Confidential {
			n++
		}
	}
	return n
}

func countConfidentialObs(obs []Observation) (n int) {
	for _, o := range obs {
		if o.Confidential {
			n++
		}
	}
	return n
}
