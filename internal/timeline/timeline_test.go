package timeline

import (
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

func day(t *testing.T, s string) Day {
	t.Helper()
	sp := MustParse(s)
	if sp.Start != sp.End {
		t.Fatalf("%s is not one day", s)
	}
	return sp.Start
}

func TestParseSpans(t *testing.T) {
	for _, c := range []struct {
		in, canon, start, end string
		circa                 bool
	}{
		{"2017", "2017", "2017-01-01", "2017-12-31", false},
		{"2017-05", "2017-05", "2017-05-01", "2017-05-31", false},
		{"2017-02", "2017-02", "2017-02-01", "2017-02-28", false},
		{"2016-02", "2016-02", "2016-02-01", "2016-02-29", false},
		{"2017-05-14", "2017-05-14", "2017-05-14", "2017-05-14", false},
		{"2017-05/2018-02", "2017-05/2018-02", "2017-05-01", "2018-02-28", false},
		{"2017/2019", "2017/2019", "2017-01-01", "2019-12-31", false},
		{"2017..2019", "2017/2019", "2017-01-01", "2019-12-31", false},
		{"..2018", "..2018", "..", "2018-12-31", false},
		{"2018..", "2018..", "2018-01-01", "..", false},
		{"../2018", "..2018", "..", "2018-12-31", false},
		{"2018/..", "2018..", "2018-01-01", "..", false},
		{"~2017", "~2017", "2017-01-01", "2017-12-31", true},
		{"2017~", "~2017", "2017-01-01", "2017-12-31", true},
		{"circa 2017", "~2017", "2017-01-01", "2017-12-31", true},
		{"May 2018", "2018-05", "2018-05-01", "2018-05-31", false},
		{"2017/12/22", "2017-12-22", "2017-12-22", "2017-12-22", false},
		{"22 Dec 2017", "2017-12-22", "2017-12-22", "2017-12-22", false},
		{"2017年5月", "2017-05", "2017-05-01", "2017-05-31", false},
		{"2017년 5월", "2017-05", "2017-05-01", "2017-05-31", false},
		{"May 2017 – Feb 2018", "2017-05/2018-02", "2017-05-01", "2018-02-28", false},
	} {
		s, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if s.String() != c.canon || s.Start.String() != c.start || s.End.String() != c.end || s.Circa != c.circa {
			t.Errorf("Parse(%q) = %q [%s, %s] circa %v; want %q [%s, %s] circa %v", c.in, s, s.Start, s.End, s.Circa, c.canon, c.start, c.end, c.circa)
		}
		back, err := Parse(s.String())
		if err != nil || back != s {
			t.Errorf("Parse(%q.String()) = %v, %v; want the same span", c.in, back, err)
		}
		iso, err := Parse(s.ISO())
		if err != nil || iso != s {
			t.Errorf("Parse(%q.ISO() = %q) = %v, %v; want the same span", c.in, s.ISO(), iso, err)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, in := range []string{"..", "2019/2017", "2017-13", "yesterday", "2017/", "2017..2018..2019", "12/05/2017", "~~2017", "2017-02-30"} {
		if s, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %q, want an error", in, s)
		}
	}
	if s, err := Parse("  "); err != nil || s.Dated() {
		t.Errorf("Parse(blank) = %v, %v; want undated, no error", s, err)
	}
}

// Spans compare by their days, not their text: "2017-12" reaches past
// 2017-12-22, "2017-05" holds "2017-05-14".
func TestSpansCompareAsSpans(t *testing.T) {
	after2397 := Range{}.After(MustParse("2017-12-22"))
	for _, c := range []struct {
		date string
		in   bool
	}{{"2017-12", true}, {"2017", true}, {"2017-12-22", false}, {"2017-12-23", true}, {"2017-11", false}, {"2018", true}, {"", false}} {
		e := Evidence{First: PointSpan(site.PartialDate(c.date))}
		if got := e.In(after2397); got != c.in {
			t.Errorf("%q in after 2017-12-22 = %v, want %v", c.date, got, c.in)
		}
	}
	if !MustParse("2017-05").Overlaps(MustParse("2017-05-14")) || MustParse("2017-04").Overlaps(MustParse("2017-05-14")) {
		t.Error("month and day overlap wrongly")
	}
	if !MustParse("..2018").Overlaps(MustParse("1999")) || MustParse("..2018").Overlaps(MustParse("2019-01")) {
		t.Error("open start overlaps wrongly")
	}
	if (&Evidence{}).In(Range{}) != true {
		t.Error("an undated site must be in the unbounded range")
	}
}

func TestStatusAsOf(t *testing.T) {
	tumen := &site.Site{FirstReported: "2016-04", LastReported: "2018", Observations: []site.Observation{
		{Date: "2016-04", Status: site.StatusReported},
		{Date: "2017-05-14", Status: site.StatusConfirmed},
		{Date: "2017-05", Status: site.StatusSuspected},
		{Date: "2018-02", Status: site.StatusClosed},
		{Date: "", Status: site.StatusUnknown},
		{Date: "2019", Status: site.StatusConfirmed, Confidential: true},
	}}
	for _, c := range []struct {
		asOf  string
		conf  bool
		want  site.Status
		state AsOfState
	}{
		{"2015-12-31", false, "", NotYet},
		{"2016-04-01", false, site.StatusReported, FromObservation},
		{"2017-05-01", false, site.StatusSuspected, FromObservation},
		{"2017-05-14", false, site.StatusConfirmed, FromObservation},
		{"2017-06-30", false, site.StatusConfirmed, FromObservation},
		{"2018-02-01", false, site.StatusClosed, FromObservation},
		{"2020-01-01", false, site.StatusClosed, FromObservation},
		{"2020-01-01", true, site.StatusConfirmed, FromObservation},
	} {
		e := EvidenceOf(tumen, c.conf)
		got := StatusAsOf(&e, day(t, c.asOf), site.StatusReported)
		if got.Status != c.want || got.State != c.state {
			t.Errorf("as of %s (confidential %v) = %+v, want %s/%d", c.asOf, c.conf, got, c.want, c.state)
		}
	}
	noObs := &site.Site{FirstReported: "2017"}
	e := EvidenceOf(noObs, false)
	if got := StatusAsOf(&e, day(t, "2017-06-01"), site.StatusConfirmed); got.State != ReportedOnly || got.Status != site.StatusReported {
		t.Errorf("reported only: %+v", got)
	}
	undated := &site.Site{}
	e = EvidenceOf(undated, false)
	if got := StatusAsOf(&e, day(t, "2017-06-01"), site.StatusConfirmed); got.State != Undated || got.Status != site.StatusConfirmed {
		t.Errorf("undated: %+v", got)
	}
}

func TestHistogram(t *testing.T) {
	sites := []*site.Site{
		{FirstReported: "2016", LastReported: "2017-08"}, // 2016 (all months), 2017-08
		{FirstReported: "2017-08-05"},                    // 2017-08
		{Observations: []site.Observation{{Date: "2017-12-22"}, {Date: "2017-12"}}},
		{},                      // undated
		{FirstReported: "2010"}, // outside the range
	}
	r := Range{Start: day(t, "2016-01-01"), End: day(t, "2017-12-31")}
	b, err := NewHistogram(r, Month)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		e := EvidenceOf(s, false)
		b.Add(&e)
	}
	h := b.Result()
	if len(h.Bins) != 24 || h.Bins[0].Label != "2016-01" || h.Bins[23].Label != "2017-12" {
		t.Fatalf("bins: %d, %v … %v", len(h.Bins), h.Bins[0], h.Bins[len(h.Bins)-1])
	}
	want := map[string]int{"2016-01": 1, "2016-12": 1, "2017-01": 0, "2017-08": 2, "2017-12": 1}
	for _, bin := range h.Bins {
		if n, ok := want[bin.Label]; ok && bin.Sites != n {
			t.Errorf("bin %s: %d sites, want %d", bin.Label, bin.Sites, n)
		}
	}
	if h.Undated != 1 {
		t.Errorf("undated %d, want 1", h.Undated)
	}
	yb, err := NewHistogram(r, Year)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		e := EvidenceOf(s, false)
		yb.Add(&e)
	}
	if y := yb.Result(); len(y.Bins) != 2 || y.Bins[0].Sites != 1 || y.Bins[1].Sites != 3 {
		t.Errorf("years: %+v", y.Bins)
	}
	if _, err := NewHistogram(Range{Start: day(t, "2016-01-01")}, Year); err == nil {
		t.Error("an open range must be refused")
	}
}

func TestSearchTerms(t *testing.T) {
	for _, c := range []struct {
		in, rest, rng string
	}{
		{"tumen reported:2017", "tumen", "2017-01-01/2017-12-31"},
		{"after:2018-03 factory", "factory", "2018-04-01.."},
		{"before:2019", "", "..2018-12-31"},
		{"after:2017-12-22 before:2019 hunchun", "hunchun", "2017-12-23/2018-12-31"},
		{"plain 2018 text", "plain 2018 text", ".."},
		{"note:kept", "note:kept", ".."},
	} {
		rest, r, err := SearchTerms(c.in)
		if err != nil || rest != c.rest || r.String() != c.rng {
			t.Errorf("SearchTerms(%q) = %q, %s, %v; want %q, %s", c.in, rest, r, err, c.rest, c.rng)
		}
	}
	if _, _, err := SearchTerms("after:someday"); err == nil {
		t.Error("after:someday must be refused")
	}
}

func TestEventsIn(t *testing.T) {
	all := BuiltInEvents()
	var dates []string
	for _, e := range EventsIn(all, Range{Start: day(t, "2017-08-05"), End: day(t, "2019-12-22")}) {
		dates = append(dates, e.Title+" "+e.Span.String())
	}
	want := "UNSC 2371 2017-08-05,UNSC 2375 2017-09-11,UNSC 2397 2017-12-22,UNSC 2397 deadline 2019-12-22"
	if got := strings.Join(dates, ","); got != want {
		t.Errorf("events in 2017-08-05/2019-12-22 = %s, want %s", got, want)
	}
	after := EventsIn(all, Range{}.After(MustParse("2017-12-22")))
	if len(after) != 1 || after[0].ID != "unsc-2397-deadline" {
		t.Errorf("events after 2397: %+v", after)
	}
	if n := len(EventsIn(all, Range{})); n != 7 {
		t.Errorf("%d built-in events, want 7", n)
	}
}
