package share

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func TestProtectedWords(t *testing.T) {
	for _, c := range []struct {
		words []string
		in    string
		want  string
		n     int
	}{
		{[]string{"Kim Chol"}, "Met KIM CHOL and kim chol.", "Met [redacted] and [redacted].", 2},
		// Longest first: the longer word's tail does not survive.
		{[]string{"Kim", "Kim Chol-su"}, "Kim Chol-su said", "[redacted] said", 1},
		// Overlapping words become one replacement.
		{[]string{"abcd", "cdef"}, "xxabcdefyy", "xx[redacted]yy", 1},
		{[]string{"Straße"}, "STRASSE 5 and strasse 6", "[redacted] 5 and [redacted] 6", 2},
		{[]string{"ΣΟΦΙΑ"}, "σοφια and Σοφιας", "[redacted] and [redacted]ς", 2},
		{[]string{"José"}, "Jose\u0301 Ramos", "[redacted] Ramos", 1},
		// Han and Hangul: substrings, no word boundaries, particles too.
		{[]string{"金哲"}, "据报道金哲说工厂", "据报道[redacted]说工厂", 1},
		{[]string{"김철수"}, "증인 김철수는 말했다", "증인 [redacted]는 말했다", 1},
		{[]string{"도문"}, "도문 공장", "[redacted] 공장", 1},
		{[]string{"Ivanov"}, "Ivanovich", "[redacted]ich", 1},
		{[]string{"Иванов"}, "ИВАНОВ ушёл", "[redacted] ушёл", 1},
		{[]string{"nobody"}, "Nothing here", "Nothing here", 0},
	} {
		ws := newWordSet(c.words)
		got, n := ws.redact(c.in)
		if got != c.want || n != c.n {
			t.Errorf("%q in %q: got %q (%d), want %q (%d)", c.words, c.in, got, n, c.want, c.n)
		}
	}
}

func TestProtectedWordsEveryField(t *testing.T) {
	const w = "Pak Yong"
	hit := "met pak yong"
	n := 3
	s := site.Site{
		ID: "s1", Name: hit, Aliases: []string{hit}, Category: "factory", City: hit, Province: hit,
		Operator: hit, WorkersEstimate: &n, Tags: []string{hit}, Notes: hit, ConfidentialNotes: hit,
		Extra: map[string]json.RawMessage{
			"contact":     json.RawMessage(`{"who":"PAK YONG","n":1.50}`),
			"pak yong id": json.RawMessage(`7`),
			"broken":      json.RawMessage(`{"pak yong`),
		},
		Sources:      []site.Source{{ID: "src1", Title: hit, Publisher: hit, URL: "https://x.org/" + hit, Excerpt: hit}},
		Observations: []site.Observation{{ID: "o1", Note: hit, SourceID: "src1"}},
		Attachments:  []site.Attachment{{ID: "a1", FileName: hit + ".jpg", Caption: hit}},
	}
	p := Internal()
	p.ProtectedWords = []string{w}
	out, rep := Apply(p, s, testEnv)
	b, _ := json.Marshal(out)
	if strings.Contains(strings.ToLower(string(b)), "pak yong") {
		t.Errorf("a protected word is left: %s", b)
	}
	if rep.WordsRedacted < 17 {
		t.Errorf("%d words redacted, want every field", rep.WordsRedacted)
	}
	if string(out.Extra["contact"]) != `{"n":1.50,"who":"[redacted]"}` {
		t.Errorf("extra contact = %s", out.Extra["contact"])
	}
	if _, ok := out.Extra["[redacted] id"]; !ok {
		t.Errorf("extra names not redacted: %v", out.Extra)
	}
	// The input is not changed.
	if s.Name != hit || s.Sources[0].Title != hit || s.Tags[0] != hit {
		t.Error("Apply changed its input")
	}
}

func TestPseudonymsStable(t *testing.T) {
	shared := site.Source{ID: "daily-nk", Title: "Daily NK on Tumen", URL: "https://dailynk.example/1", Reliability: "B", Credibility: 2}
	sameURL := site.Source{ID: "copy", Title: "copy of it", URL: shared.URL}
	other := site.Source{ID: "rfa", Title: "RFA", Reliability: "C", Credibility: 3}
	sites := []site.Site{
		{ID: "1", Name: "a", Sources: []site.Source{shared, other},
			Observations: []site.Observation{{Date: "2017-05-14", Status: site.StatusReported, SourceID: "rfa", Note: "n"}}},
		{ID: "2", Name: "b", Sources: []site.Source{other, sameURL}},
		{ID: "3", Name: "c", Sources: []site.Source{{Title: "untitled ID-less", Publisher: "p"}, shared}},
	}
	x := session(t, Public(), testEnv)
	var got [][]string
	var outs []site.Site
	for _, s := range sites {
		out, _ := x.Apply(s)
		outs = append(outs, out)
		var titles []string
		for _, src := range out.Sources {
			titles = append(titles, src.Title)
			if src.URL != "" || src.Publisher != "" || src.Excerpt != "" || src.Published != "" {
				t.Errorf("pseudonymised source keeps %+v", src)
			}
		}
		got = append(got, titles)
	}
	want := [][]string{{"Source A", "Source B"}, {"Source B", "Source A"}, {"Source C", "Source A"}}
	for i := range want {
		if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("site %d: sources %v, want %v", i+1, got[i], want[i])
		}
	}
	a := outs[0].Sources[0]
	if a.Reliability != "B" || a.Credibility != 2 || a.ID == "daily-nk" || a.ID != outs[2].Sources[1].ID {
		t.Errorf("Source A: %+v (on site 3: %+v)", a, outs[2].Sources[1])
	}
	o := outs[0].Observations[0]
	if o.SourceID != outs[0].Sources[1].ID || o.Date != "2017-05" || o.Status != site.StatusReported || o.Note != "" {
		t.Errorf("observation %+v", o)
	}
	if r := x.Report(); r.SourcesPseudonymised != 6 {
		t.Errorf("report: %d sources pseudonymised, want 6", r.SourcesPseudonymised)
	}
	// A second export gives the same letters and IDs.
	y := session(t, Public(), testEnv)
	again, _ := y.Apply(sites[0])
	if again.Sources[0].ID != a.ID {
		t.Error("pseudonym IDs differ between two exports")
	}
}

func TestDropSources(t *testing.T) {
	s := site.Site{ID: "1", Name: "a", Sources: []site.Source{{ID: "s", Title: "t"}},
		Extra:        map[string]json.RawMessage{site.UnreadSources: json.RawMessage(`[{"title":"t"}]`)},
		Observations: []site.Observation{{Date: "2019", Status: site.StatusClosed, SourceID: "s"}, {Date: "2020"}}}
	p := Internal()
	p.Sources = SourcesDrop
	out, rep := Apply(p, s, testEnv)
	if len(out.Sources) != 0 || !out.Observations[0].SourceWithheld || out.Observations[0].SourceID != "" || out.Observations[1].SourceWithheld {
		t.Errorf("dropped: %+v", out)
	}
	if _, ok := out.Extra[site.UnreadSources]; ok {
		t.Error("unread sources kept")
	}
	if rep.SourcesDropped != 1 || rep.ObservationsSourceWithheld != 1 {
		t.Errorf("report %+v", rep)
	}
}

func TestDropFieldsAndAttachments(t *testing.T) {
	n := 200
	taken := time.Date(2018, 3, 4, 5, 6, 7, 0, time.UTC)
	pos := orb.Point{130.1, 42.1}
	s := site.Site{ID: "1", Name: "a", Operator: "op", WorkersEstimate: &n, Tags: []string{"x"}, Notes: "note",
		Extra:        map[string]json.RawMessage{"k": json.RawMessage(`1`)},
		Observations: []site.Observation{{Note: "said"}},
		Attachments:  []site.Attachment{{ID: "a", FileName: "f.jpg", Caption: "c", TakenAt: &taken, Position: &pos}}}
	p := Internal()
	p.Drop = Fields
	p.Attachments = AttachmentsStripped
	out, rep := Apply(p, s, testEnv)
	if out.Operator != "" || out.WorkersEstimate != nil || out.Tags != nil || out.Notes != "" || out.Extra != nil ||
		out.Observations[0].Note != "" || out.Attachments[0].Caption != "" {
		t.Errorf("fields kept: %+v", out)
	}
	if a := out.Attachments[0]; a.Position != nil || a.TakenAt != nil || a.FileName != "f.jpg" {
		t.Errorf("stripped attachment %+v", a)
	}
	if rep.FieldsDropped != 7 || rep.AttachmentsStripped != 1 {
		t.Errorf("report %+v", rep)
	}
	if s.Attachments[0].Position == nil || s.Observations[0].Note == "" {
		t.Error("Apply changed its input")
	}
	p.Attachments = AttachmentsOmit
	out, rep = Apply(p, s, testEnv)
	if len(out.Attachments) != 0 || rep.AttachmentsOmitted != 1 {
		t.Errorf("omitted: %+v %+v", out.Attachments, rep)
	}
}

func TestDates(t *testing.T) {
	for _, c := range []struct {
		in        site.PartialDate
		month, yr site.PartialDate
	}{
		{"2017-05-14", "2017-05", "2017"}, {"2017-05", "2017-05", "2017"}, {"2017", "2017", "2017"},
		{"", "", ""}, {"2017-13-01", "", ""},
	} {
		if got := CoarsenDate(c.in, DatesMonth); got != c.month {
			t.Errorf("%q to the month: %q", c.in, got)
		}
		if got := CoarsenDate(c.in, DatesYear); got != c.yr {
			t.Errorf("%q to the year: %q", c.in, got)
		}
	}
	created := time.Date(2024, 6, 7, 8, 9, 10, 0, time.UTC)
	s := site.Site{ID: "1", Name: "a", FirstReported: "2016-02-03", LastReported: "2019", Created: created, Updated: created,
		Sources:      []site.Source{{ID: "s", Published: "2016-02-03", Accessed: "2025-03-04"}},
		Observations: []site.Observation{{Date: "2016-02-29"}}}
	p := Internal()
	p.Dates = DatesYear
	out, rep := Apply(p, s, testEnv)
	if out.FirstReported != "2016" || out.LastReported != "2019" || out.Sources[0].Published != "2016" ||
		out.Sources[0].Accessed != "2025" || out.Observations[0].Date != "2016" ||
		!out.Created.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("to the year: %+v", out)
	}
	if rep.DatesCoarsened != 4 {
		t.Errorf("%d dates coarsened, want 4", rep.DatesCoarsened)
	}
}

func TestConfidential(t *testing.T) {
	s := site.Site{ID: "1", Name: "a", Confidential: true, Sources: []site.Source{{ID: "s"}}}
	out, rep := Apply(Public(), s, testEnv)
	if rep.Written != 0 || rep.LeftOut.Sites != 1 || out.ID != "" {
		t.Errorf("a confidential site was written: %+v", rep)
	}
	if _, rep := Apply(Internal(), s, testEnv); rep.Written != 1 {
		t.Error("Internal left out a confidential site")
	}
	s.Confidential = false
	s.ConfidentialNotes = "who told whom"
	s.Sources = []site.Source{{ID: "s", Confidential: true}, {ID: "t"}}
	out, rep = Apply(Public(), s, testEnv)
	if out.ConfidentialNotes != "" || len(out.Sources) != 1 || rep.LeftOut.Sources != 1 || rep.LeftOut.ConfidentialNotes != 1 {
		t.Errorf("redaction did not compose: %+v %+v", out, rep)
	}
	want := []string{"1 confidential source left out", "1 confidential note left out", "1 source pseudonymised"}
	if got := strings.Join(rep.Lines(), "; "); got != strings.Join(want, "; ") {
		t.Errorf("Lines = %q", got)
	}
}

func TestMissingSalt(t *testing.T) {
	if _, err := NewSession(Public(), Env{}); err == nil || !strings.Contains(err.Error(), "salt") {
		t.Errorf("no salt: %v", err)
	}
	if _, err := NewSession(Partner(), Env{}); err != nil {
		t.Errorf("Partner needs no salt: %v", err)
	}
	if _, rep := Apply(Public(), site.Site{ID: "1"}, Env{}); rep.Err == nil || rep.Written != 0 {
		t.Errorf("Apply without salt: %+v", rep)
	}
}

// FuzzRedact: whatever the text and words, no word is left in the result
// (under the same folding), and a text without any is unchanged.
func FuzzRedact(f *testing.F) {
	f.Add("Met KIM CHOL and kim chol.", "Kim Chol", "Straße")
	f.Add("KimLee", "Kim", "]Lee")
	f.Add("증인 김철수는", "김철수", "철수는")
	f.Fuzz(func(t *testing.T, text, w1, w2 string) {
		p := Internal()
		p.ProtectedWords = []string{w1, w2}
		if p.Validate() != nil {
			return
		}
		ws := newWordSet(p.ProtectedWords)
		out, n := ws.redact(text)
		folded := foldString(out)
		for _, w := range ws.folded {
			if strings.Contains(folded, w) {
				t.Fatalf("%q left in %q (from %q)", w, out, text)
			}
		}
		if n == 0 && out != text {
			t.Fatalf("no match but %q became %q", text, out)
		}
	})
}
