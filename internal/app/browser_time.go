package app

import (
	"context"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

// timeRows returns the rows of the sites q.Time lets through (confidential
// evidence counts: the window is the researcher's own view), nil when the
// query has no time filter. Dates live in the whole records, so this reads
// every site: about a second per 100,000 (an in-memory span index would
// make it a frame's work; not built yet).
func (b *Browser) timeRows(ctx context.Context, q Query) ([]int64, error) {
	if !q.Time.Active() {
		return nil, nil
	}
	var ids []string
	all := store.Filter{IncludeUnplaced: true}
	err := SitesInTime(ctx, b.st, all, q.Time, true, func(s site.Site, _ timeline.AsOf) error {
		ids = append(ids, s.ID)
		return nil
	})
	if err != nil || len(ids) == 0 {
		return []int64{}, err
	}
	return b.st.Rows(ctx, store.Filter{IDs: ids, IncludeUnplaced: true})
}

// keepRows returns the rows of list (in its order) that are also in keep.
func keepRows(list, keep []int64) []int64 {
	in := make(map[int64]struct{}, len(keep))
	for _, r := range keep {
		in[r] = struct{}{}
	}
	out := make([]int64, 0, min(len(list), len(keep)))
	for _, r := range list {
		if _, ok := in[r]; ok {
			out = append(out, r)
		}
	}
	return out
}

// TimeHistogram counts the sites of the list's query (its text and
// filters, not its time) per year or month of r, for the time bar.
func (w *Workspace) TimeHistogram(ctx context.Context, q Query, r timeline.Range, unit timeline.Unit) (timeline.Histogram, error) {
	f := q.StoreFilter()
	f.IncludeUnplaced = true
	return TimeHistogram(ctx, w.st, f, r, unit, true)
}

// withSearchDates moves the date words of the search text (reported:2017,
// after:2018-03, before:2019) into the time filter, so that the full-text
// index is not asked for them. Text whose dates do not parse is searched
// as typed.
func (q Query) withSearchDates() Query {
	rest, r, err := timeline.SearchTerms(q.Text)
	if err != nil || !r.Bounded() {
		return q
	}
	q.Text = rest
	q.Time.Range = q.Time.Range.Intersect(r)
	return q
}

// EffectiveTime is the time filter q applies: the time bar's and the date
// words of its search text together.
func (q Query) EffectiveTime() TimeFilter { return q.withSearchDates().Time }
