package timeline

import (
	"slices"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Range is what a filter keeps: the days from Start to End, both included.
// The zero Range is unbounded (every site, dated or not).
type Range struct {
	Start, End Day
}

// Bounded reports whether r limits anything.
func (r Range) Bounded() bool { return r.Start != 0 || r.End != 0 }

// span is r as a Span, open where r is unbounded.
func (r Range) span() Span {
	s := Span{Start: r.Start, End: r.End}
	if s.Start == 0 {
		s.Start = MinDay
	}
	if s.End == 0 {
		s.End = MaxDay
	}
	return s
}

// FromSpan returns the range starting where s starts (--from 2017-05: from
// the first of May).
func (r Range) FromSpan(s Span) Range { r.Start = s.Start; return r }

// UntilSpan returns the range ending where s ends (--until 2017: to the
// last day of 2017).
func (r Range) UntilSpan(s Span) Range { r.End = s.End; return r }

// After returns the range starting the day after s ends: "after 2397"
// (2017-12-22) starts on 2017-12-23, "after 2018-03" on 2018-04-01.
func (r Range) After(s Span) Range {
	if s.End != MaxDay {
		r.Start = s.End + 1
	} else {
		r.Start = MaxDay
	}
	return r
}

// Before returns the range ending the day before s starts.
func (r Range) Before(s Span) Range {
	if s.Start != MinDay {
		r.End = s.Start - 1
	} else {
		r.End = MinDay
	}
	return r
}

// Intersect returns the days both ranges keep.
func (r Range) Intersect(o Range) Range {
	if o.Start != 0 && (r.Start == 0 || o.Start > r.Start) {
		r.Start = o.Start
	}
	if o.End != 0 && (r.End == 0 || o.End < r.End) {
		r.End = o.End
	}
	return r
}

// Empty reports whether r keeps no day at all (after 2019 and before 2018).
func (r Range) Empty() bool { return r.Start != 0 && r.End != 0 && r.Start > r.End }

// String writes r as a span a user can type back ("2017-12-23..").
func (r Range) String() string {
	switch {
	case !r.Bounded():
		return ".."
	case r.Start == 0 || r.Start == MinDay:
		return ".." + r.End.String()
	case r.End == 0 || r.End == MaxDay:
		return r.Start.String() + ".."
	}
	return r.Start.String() + "/" + r.End.String()
}

// Evidence is what a site's dates say in time: when it was first and last
// reported and what each observation saw then. Only dated evidence places a
// site in time; the rest is counted apart as undated.
type Evidence struct {
	First, Last  Span
	Observations []Observed
}

// Observed is one observation's date and the status it recorded ("" when
// it recorded none).
type Observed struct {
	Span   Span
	Status site.Status
}

// EvidenceOf reads a site's dates as spans. With withConfidential false,
// confidential observations are not evidence: an export that leaves them
// out must not let them decide which sites it holds either.
func EvidenceOf(s *site.Site, withConfidential bool) Evidence {
	e := Evidence{First: PointSpan(s.FirstReported), Last: PointSpan(s.LastReported)}
	for _, o := range s.Observations {
		if o.Confidential && !withConfidential {
			continue
		}
		e.Observations = append(e.Observations, Observed{Span: PointSpan(o.Date), Status: o.Status})
	}
	return e
}

// Dated reports whether any of the evidence has a date.
func (e *Evidence) Dated() bool {
	if e.First.Dated() || e.Last.Dated() {
		return true
	}
	for _, o := range e.Observations {
		if o.Span.Dated() {
			return true
		}
	}
	return false
}

// Extent is the span from the earliest dated evidence to the latest.
func (e *Evidence) Extent() Span {
	var out Span
	add := func(s Span) {
		if !s.Dated() {
			return
		}
		if out.Start == 0 || s.Start < out.Start {
			out.Start = s.Start
		}
		if s.End > out.End {
			out.End = s.End
		}
	}
	add(e.First)
	add(e.Last)
	for _, o := range e.Observations {
		add(o.Span)
	}
	return out
}

// In reports whether the site has evidence in r: a first or last report or
// an observation whose span shares a day with r. Every site is in an
// unbounded range; an undated one is in no bounded range.
func (e *Evidence) In(r Range) bool {
	if !r.Bounded() {
		return true
	}
	rs := r.span()
	if e.First.Overlaps(rs) || e.Last.Overlaps(rs) {
		return true
	}
	for _, o := range e.Observations {
		if o.Span.Overlaps(rs) {
			return true
		}
	}
	return false
}

// AsOfState says how a site's status as of a date was found.
type AsOfState int

const (
	// FromObservation: the latest dated observation at or before the date that
	// recorded a status gave it.
	FromObservation AsOfState = iota + 1
	// ReportedOnly: the site was reported by then but no observation
	// recorded a status by then: it counts as reported.
	ReportedOnly
	// NotYet: the site's earliest evidence comes after the date; the map
	// hides or ghosts it.
	NotYet
	// Undated: the site has no dated evidence; its status then is not
	// known and its current status is all there is.
	Undated
)

// AsOf is a site's status as of a date.
type AsOf struct {
	Status site.Status // "" when NotYet
	State  AsOfState
}

// StatusAsOf derives the status of a site as of day from its timeline: the
// latest observation at or before day that recorded a status. An
// observation is at or before day when its span starts by then (one dated
// "2017-05" counts as of 2017-05-14: it may have been seen by then);
// between two such observations the one whose span starts later wins, the
// more precise one when they start together, the later recorded one on a
// tie. current is the site's status now, used only for undated sites.
func StatusAsOf(e *Evidence, day Day, current site.Status) AsOf {
	if !e.Dated() {
		return AsOf{Status: current, State: Undated}
	}
	if x := e.Extent(); x.Start > day {
		return AsOf{State: NotYet}
	}
	best := -1
	for i, o := range e.Observations {
		if !o.Span.Dated() || o.Status == "" || o.Span.Start > day {
			continue
		}
		if best < 0 || later(o.Span, e.Observations[best].Span) >= 0 {
			best = i
		}
	}
	if best < 0 {
		return AsOf{Status: site.StatusReported, State: ReportedOnly}
	}
	return AsOf{Status: e.Observations[best].Status, State: FromObservation}
}

// later orders spans by start, then by precision (the shorter span, more
// precise, is the later word on that start).
func later(a, b Span) int {
	if a.Start != b.Start {
		return int(a.Start) - int(b.Start)
	}
	return int(b.End) - int(a.End)
}

// SortSpans orders spans by start, then end: the order of a timeline.
func SortSpans(s []Span) {
	slices.SortStableFunc(s, func(a, b Span) int {
		if a.Start != b.Start {
			return int(a.Start) - int(b.Start)
		}
		return int(a.End) - int(b.End)
	})
}
