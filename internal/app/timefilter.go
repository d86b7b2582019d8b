package app

import (
	"context"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

// TimeFilter keeps sites by their dated evidence (first and last reported,
// observations), compared as spans: Range keeps the sites with evidence in
// it; AsOf (when not 0) leaves out the sites not yet reported on that day
// and gives every other its status then. The zero TimeFilter keeps all.
type TimeFilter struct {
	Range timeline.Range
	AsOf  timeline.Day
}

// Active reports whether f filters anything.
func (f TimeFilter) Active() bool { return f.Range.Bounded() || f.AsOf != 0 }

// ParseTimeFilter reads the command line's --from, --until and --as-of (any
// span form timeline.Parse reads; "" when not given): --from starts where
// its span starts, --until ends where its span ends, --as-of is the last
// day of its span ("as of 2017-06" is 2017-06-30).
func ParseTimeFilter(from, until, asOf string) (TimeFilter, error) {
	var f TimeFilter
	for _, p := range []struct {
		flag, text string
		set        func(timeline.Span)
	}{
		{"--from", from, func(s timeline.Span) { f.Range = f.Range.FromSpan(s) }},
		{"--until", until, func(s timeline.Span) { f.Range = f.Range.UntilSpan(s) }},
		{"--as-of", asOf, func(s timeline.Span) { f.AsOf = s.End }},
	} {
		if p.text == "" {
			continue
		}
		s, err := timeline.Parse(p.text)
		if err != nil {
			return f, fmt.Errorf("%s: %w", p.flag, err)
		}
		if p.flag == "--as-of" && s.End == timeline.MaxDay {
			return f, fmt.Errorf("--as-of %s: give a date, not an open span", p.text)
		}
		p.set(s)
	}
	if f.Range.Empty() {
		return f, fmt.Errorf("--from %s is after --until %s: no day is in the range", from, until)
	}
	return f, nil
}

// Match reports whether s passes f and its status as of f.AsOf (the zero
// AsOf when f has none). withConfidential says whether confidential
// observations count as evidence: an export that leaves them out must not
// let them choose its sites.
func (f TimeFilter) Match(s *site.Site, withConfidential bool) (timeline.AsOf, bool) {
	if !f.Active() {
		return timeline.AsOf{}, true
	}
	e := timeline.EvidenceOf(s, withConfidential)
	if !e.In(f.Range) {
		return timeline.AsOf{}, false
	}
	if f.AsOf == 0 {
		return timeline.AsOf{}, true
	}
	a := timeline.StatusAsOf(&e, f.AsOf, s.Status)
	return a, a.State != timeline.NotYet
}

// SitesInTime calls fn with every site matching flt and tf, in storage
// order, with its status as of tf.AsOf. The list and the command line use
// it; a time bar asks AsOfStatuses for the sites it shows.
func SitesInTime(ctx context.Context, st *store.Store, flt store.Filter, tf TimeFilter, withConfidential bool, fn func(s site.Site, asOf timeline.AsOf) error) error {
	return st.Query(ctx, flt, func(s site.Site) error {
		a, ok := tf.Match(&s, withConfidential)
		if !ok {
			return nil
		}
		return fn(s, a)
	})
}

// TimeHistogram counts the sites matching flt per bin of unit over r (which
// must have both ends): the time bar's histogram for the current filter.
// Sites without dated evidence are counted in Undated.
func TimeHistogram(ctx context.Context, st *store.Store, flt store.Filter, r timeline.Range, unit timeline.Unit, withConfidential bool) (timeline.Histogram, error) {
	b, err := timeline.NewHistogram(r, unit)
	if err != nil {
		return timeline.Histogram{}, err
	}
	err = st.Query(ctx, flt, func(s site.Site) error {
		e := timeline.EvidenceOf(&s, withConfidential)
		b.Add(&e)
		return nil
	})
	return b.Result(), err
}

// AsOfStatuses returns the status as of day of each site with the given IDs
// (the sites visible on the map), keyed by ID; sites not yet reported then
// have State timeline.NotYet, for the map to hide or ghost.
func AsOfStatuses(ctx context.Context, st *store.Store, ids []string, day timeline.Day, withConfidential bool) (map[string]timeline.AsOf, error) {
	out := make(map[string]timeline.AsOf, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := st.Query(ctx, store.Filter{IDs: ids}, func(s site.Site) error {
		e := timeline.EvidenceOf(&s, withConfidential)
		out[s.ID] = timeline.StatusAsOf(&e, day, s.Status)
		return nil
	})
	return out, err
}

// EventsInRange returns the events on the time bar within r, in time
// order. Until the events table lands (user events, issue 14) these are the
// built-in UNSC resolutions; the signature stays when it does.
func EventsInRange(r timeline.Range) []timeline.Event {
	return timeline.EventsIn(timeline.BuiltInEvents(), r)
}
