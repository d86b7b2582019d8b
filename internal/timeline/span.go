// Package timeline reads dates as spans and answers the questions of time
// across sites: which sites have evidence in a range, how many per month or
// year, what a site's status was as of a date, and which events (UNSC
// resolutions and the user's own) fall in a range. It does no I/O.
//
// A partial date is a span, never a string to compare: "2017" is every day
// of 2017 and "2017-05" every day of May 2017, so a filter "after
// 2017-12-22" keeps a site reported in "2017-12" (its span reaches past the
// 22nd) and "2017-05" < "2017-05-14" is no question a span asks.
package timeline

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Day is a calendar day (proleptic Gregorian, UTC) as a small integer, so
// that a million sites' spans compare as numbers. 0 is no day: the zero
// Span is undated.
type Day int32

// dayOffset keeps every day from year 1000 (the earliest a site.PartialDate
// allows) positive, so that 0 never names a real day.
const dayOffset = 1 << 20

// The open ends of a span: "..2018" starts at MinDay, "2018.." ends at MaxDay.
const (
	MinDay Day = 1
	MaxDay Day = 1<<31 - 1
)

// DayOf returns the day of t (its UTC date).
func DayOf(t time.Time) Day {
	y, m, d := t.UTC().Date()
	return dayFromDate(y, m, d)
}

func dayFromDate(y int, m time.Month, d int) Day {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	days := u / 86400
	if u%86400 < 0 {
		days--
	}
	return Day(days + dayOffset)
}

// Time returns the day as midnight UTC.
func (d Day) Time() time.Time {
	return time.Unix((int64(d)-dayOffset)*86400, 0).UTC()
}

// String writes the day as YYYY-MM-DD ("" for no day, ".." for an open end).
func (d Day) String() string {
	switch d {
	case 0:
		return ""
	case MinDay, MaxDay:
		return ".."
	}
	return d.Time().Format("2006-01-02")
}

// Span is an interval of days, both ends included, with the precision of
// what was typed kept so that it is shown back as typed: "2017", "2017-05",
// "2017-05/2018-02", "..2018" (up to the end of 2018), "2018.." (from the
// start of 2018), "~2017" (circa: the span of 2017, flagged). The zero Span
// is undated.
type Span struct {
	Start, End Day
	// Circa says the date is approximate ("~2017", "circa 2017"). The span
	// is still the one written: comparisons do not widen it, the flag is
	// kept beside it for the reader.
	Circa bool
	// from and until are the canonical endpoints, "" for an open end.
	from, until site.PartialDate
}

// Dated reports whether s names any day.
func (s Span) Dated() bool { return s.Start != 0 && s.End != 0 }

// From and Until return the span's endpoints as partial dates ("" when
// open or undated).
func (s Span) From() site.PartialDate  { return s.from }
func (s Span) Until() site.PartialDate { return s.until }

// Overlaps reports whether s and r share a day. An undated span overlaps
// nothing.
func (s Span) Overlaps(r Span) bool {
	return s.Dated() && r.Dated() && s.Start <= r.End && r.Start <= s.End
}

// String writes s canonically: the form Parse reads back to the same span.
func (s Span) String() string {
	var out string
	switch {
	case !s.Dated():
		return ""
	case s.Start == MinDay && s.End == MaxDay:
		out = ".."
	case s.Start == MinDay:
		out = ".." + string(s.until)
	case s.End == MaxDay:
		out = string(s.from) + ".."
	case s.from == s.until:
		out = string(s.from)
	default:
		out = string(s.from) + "/" + string(s.until)
	}
	if s.Circa {
		out = "~" + out
	}
	return out
}

// ISO writes s in ISO 8601-2 (EDTF) interval notation, which GeoJSON and
// CSV exports use: "2017-05/2018-02", "../2018", "2018/..", "2017~" for
// circa. Parse reads it back.
func (s Span) ISO() string {
	var out string
	switch {
	case !s.Dated():
		return ""
	case s.Start == MinDay && s.End == MaxDay:
		out = "../.."
	case s.Start == MinDay:
		out = "../" + string(s.until)
	case s.End == MaxDay:
		out = string(s.from) + "/.."
	case s.from == s.until:
		out = string(s.from)
	default:
		out = string(s.from) + "/" + string(s.until)
	}
	if s.Circa {
		out += "~"
	}
	return out
}

// PointSpan is the span of one partial date: the whole year, month or day.
// An empty or malformed date is undated.
func PointSpan(d site.PartialDate) Span {
	if d == "" || d.Validate() != nil {
		return Span{}
	}
	s := string(d)
	var y, m, dd int
	fmt.Sscanf(s[:4], "%d", &y)
	start, end := Day(0), Day(0)
	switch len(s) {
	case 4:
		start, end = dayFromDate(y, 1, 1), dayFromDate(y+1, 1, 1)-1
	case 7:
		fmt.Sscanf(s[5:7], "%d", &m)
		start, end = dayFromDate(y, time.Month(m), 1), dayFromDate(y, time.Month(m)+1, 1)-1
	case 10:
		fmt.Sscanf(s[5:7], "%d", &m)
		fmt.Sscanf(s[8:10], "%d", &dd)
		start = dayFromDate(y, time.Month(m), dd)
		end = start
	}
	return Span{Start: start, End: end, from: d, until: d}
}

// Between is the span from the start of a to the end of b; an empty a or b
// is an open end.
func Between(a, b site.PartialDate) (Span, error) {
	var s Span
	switch {
	case a == "" && b == "":
		return Span{}, nil
	case a == "":
		s.Start = MinDay
	default:
		p := PointSpan(a)
		if !p.Dated() {
			return Span{}, fmt.Errorf("%q is not a date", a)
		}
		s.Start, s.from = p.Start, a
	}
	if b == "" {
		s.End = MaxDay
	} else {
		p := PointSpan(b)
		if !p.Dated() {
			return Span{}, fmt.Errorf("%q is not a date", b)
		}
		s.End, s.until = p.End, b
	}
	if s.Start > s.End {
		return Span{}, fmt.Errorf("%s/%s ends before it starts", a, b)
	}
	return s, nil
}

// maxSpanText bounds what Parse reads: no date needs more.
const maxSpanText = 80

// errBothOpen: ".." alone says nothing about time.
var errBothOpen = errors.New("both ends are open: give at least one date, as in ..2018 or 2018.. (an open end)")

// Parse reads a date or span as a researcher types it. Points: 2017,
// 2017-05, 2017-05-14 and what site.ReadDate reads (May 2018, 22 Dec 2017,
// 2017/12/22, 2017年5月, 2017년 5월). Intervals: 2017/2019, 2017-05/2018-02,
// 2017..2019, 2017 – 2019. Open ends: ..2018 (up to the end of 2018),
// 2018.. (from its start), ../2018 and 2018/.. as ISO 8601-2 writes them.
// Circa: ~2017, 2017~, circa 2017, c. 2017, ca. 2017. Empty text is
// undated, not an error.
func Parse(text string) (Span, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return Span{}, nil
	}
	if len(t) > maxSpanText {
		return Span{}, fmt.Errorf("%.20q… is too long for a date", t)
	}
	circa := false
	for _, p := range []string{"~", "circa ", "ca. ", "c. ", "ca ", "c.", "約", "약 "} {
		if len(t) > len(p) && strings.EqualFold(t[:len(p)], p) {
			t, circa = strings.TrimSpace(t[len(p):]), true
			break
		}
	}
	if strings.HasSuffix(t, "~") {
		t, circa = strings.TrimSpace(strings.TrimSuffix(t, "~")), true
	}
	if strings.Contains(t, "~") {
		return Span{}, fmt.Errorf("%q: write circa once, before the date (~2017)", text)
	}
	s, err := parseBare(t)
	if err != nil {
		return Span{}, fmt.Errorf("%q is not a date or span: %v (type 2017, 2017-05, 2017-05-14, 2017-05/2018-02, ..2018, 2018.. or ~2017)", text, err)
	}
	s.Circa = circa
	return s, nil
}

// parseBare reads t without its circa mark.
func parseBare(t string) (Span, error) {
	if a, b, ok := strings.Cut(t, ".."); ok {
		if strings.Contains(b, "..") {
			return Span{}, errors.New(`".." twice`)
		}
		a, b = strings.TrimSpace(strings.TrimSuffix(a, "/")), strings.TrimSpace(strings.TrimPrefix(b, "/"))
		if a == "" && b == "" {
			return Span{}, errBothOpen
		}
		return interval(a, b)
	}
	if d, err := site.ReadDate(t); err == nil {
		return PointSpan(d), nil
	}
	for _, sep := range []string{"/", " – ", "–", " - ", " to "} {
		if a, b, ok := strings.Cut(t, sep); ok {
			a, b = strings.TrimSpace(a), strings.TrimSpace(b)
			if a == "" || b == "" {
				return Span{}, errors.New("an interval needs a date on both sides (write .. for an open end)")
			}
			return interval(a, b)
		}
	}
	_, err := site.ReadDate(t)
	return Span{}, err
}

// interval reads the two ends of an interval, "" meaning open.
func interval(a, b string) (Span, error) {
	var da, db site.PartialDate
	var err error
	if a != "" {
		if da, err = site.ReadDate(a); err != nil {
			return Span{}, err
		}
	}
	if b != "" {
		if db, err = site.ReadDate(b); err != nil {
			return Span{}, err
		}
	}
	return Between(da, db)
}

// MustParse is Parse for spans written in the program (built-in events);
// it panics on a malformed one.
func MustParse(text string) Span {
	s, err := Parse(text)
	if err != nil {
		panic(err)
	}
	return s
}
