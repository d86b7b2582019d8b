package app

import (
	"context"
	"sync"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Query is what the user asks the list and the map to show.
type Query struct {
	Text     string
	Category string      // "" for all
	Status   site.Status // "" for all
	Order    store.Order
	// Time keeps the sites with evidence in a range, or reported by a day
	// (the time bar).
	Time TimeFilter
}

// Browser holds the sites matching the current Query in list order. It keeps
// only row numbers for all of them and fetches the few rows on screen on
// demand, so that a million matches cost 8 MB and scroll smoothly.
// It is safe for concurrent use.
type Browser struct {
	st  *store.Store
	cat *Catalog // nil until loaded: then queries are answered by SQL alone

	mu      sync.Mutex
	query   Query
	rows    []int64
	total   int
	textSet *render.RowSet // rows matching Query.Text, nil when no text
	cache   map[int64]site.Summary
	// started counts the queries asked for (NextSeq) and shown is the
	// newest whose result is current: queries run concurrently, and an
	// older one that finishes last must not replace a newer one's result.
	started, shown uint64
}

// pageSize is how many summaries one fetch brings: a screenful and more.
const pageSize = 200

// NewBrowser returns a browser over st showing every site.
func NewBrowser(st *store.Store) *Browser {
	return &Browser{st: st, cache: map[int64]site.Summary{}, query: Query{Order: store.ByName}}
}

// Query returns the current query.
func (b *Browser) Query() Query {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.query
}

// StoreFilter returns q as a store filter: its text and filters (the
// time filter is EffectiveTime's).
func (q Query) StoreFilter() store.Filter {
	q = q.withSearchDates()
	f := store.Filter{Text: q.Text, Order: q.Order}
	if q.Category != "" {
		f.Categories = []string{q.Category}
	}
	if q.Status != "" {
		f.Statuses = []site.Status{q.Status}
	}
	return f
}

// SetCatalog makes the browser answer queries from cat (and the store's
// full-text index) instead of sorting in SQL.
func (b *Browser) SetCatalog(cat *Catalog) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cat = cat
}

// Catalog returns the catalog the browser uses, nil before one is set.
func (b *Browser) Catalog() *Catalog {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cat
}

// Set runs q and makes it current. It may take a while on a large
// database: call it off the UI goroutine.
func (b *Browser) Set(ctx context.Context, q Query) error { return b.SetAs(ctx, q, b.NextSeq()) }

// NextSeq numbers a query in the order it is asked for, before it runs:
// SetAs then keeps the result of the newest asked, whatever order the
// queries finish in.
func (b *Browser) NextSeq() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.started++
	return b.started
}

// SetAs is Set for a query numbered by NextSeq: a query asked for before
// the one whose result is current is run but not kept.
func (b *Browser) SetAs(ctx context.Context, q Query, seq uint64) error {
	asked := q
	q = q.withSearchDates()
	var rows []int64
	var total int
	var textSet *render.RowSet
	if cat := b.Catalog(); cat != nil {
		cq := CatalogQuery{Category: q.Category, Status: q.Status, Order: q.Order}
		matches, filtered, err := b.st.TextRows(ctx, q.Text)
		if err != nil {
			return err
		}
		inTime, err := b.timeRows(ctx, q)
		if err != nil {
			return err
		}
		if inTime != nil {
			if filtered {
				matches = keepRows(matches, inTime)
			} else {
				matches, filtered = inTime, true
			}
		}
		if filtered {
			cq.Matches = matches
			textSet = render.NewRowSet(matches)
		}
		rows, total = cat.Rows(cq), cat.Len()
	} else {
		var err error
		if rows, err = b.st.Rows(ctx, q.StoreFilter()); err != nil {
			return err
		}
		if total, err = b.st.Count(ctx, store.Filter{}); err != nil {
			return err
		}
		inTime, err := b.timeRows(ctx, q)
		if err != nil {
			return err
		}
		if inTime != nil {
			rows = keepRows(rows, inTime)
		}
		if q.Text != "" || inTime != nil {
			textSet = render.NewRowSet(rows)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if seq < b.shown {
		return nil // overtaken by a newer query
	}
	b.shown = seq
	b.query, b.rows, b.total, b.textSet = asked, rows, total, textSet
	b.cache = map[int64]site.Summary{}
	return nil
}

// Reload runs the current query again, after an edit or an import.
func (b *Browser) Reload(ctx context.Context) error { return b.Set(ctx, b.Query()) }

// Len returns how many sites match; Total how many there are in all.
func (b *Browser) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rows)
}

// Total returns how many sites the database holds.
func (b *Browser) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total
}

// Row returns the store row of list item i, or 0.
func (b *Browser) Row(i int) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i < 0 || i >= len(b.rows) {
		return 0
	}
	return b.rows[i]
}

// Rows returns a copy of the matching rows in list order.
func (b *Browser) Rows() []int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int64(nil), b.rows...)
}

// IndexOf returns the list position of row, or -1 when it does not match.
func (b *Browser) IndexOf(row int64) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, r := range b.rows {
		if r == row {
			return i
		}
	}
	return -1
}

// Peek returns the summary of list item i when it is cached, without
// touching the store: what a list on the UI goroutine shows at once (it
// asks At from a goroutine for the rest).
func (b *Browser) Peek(i int) (site.Summary, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i < 0 || i >= len(b.rows) {
		return site.Summary{}, false
	}
	s, ok := b.cache[b.rows[i]]
	return s, ok
}

// At returns the summary of list item i, fetching the page around it from
// the store when it is not cached yet.
func (b *Browser) At(ctx context.Context, i int) (site.Summary, bool) {
	b.mu.Lock()
	if i < 0 || i >= len(b.rows) {
		b.mu.Unlock()
		return site.Summary{}, false
	}
	if s, ok := b.cache[b.rows[i]]; ok {
		b.mu.Unlock()
		return s, true
	}
	start := max(0, i-pageSize/4)
	end := min(len(b.rows), start+pageSize)
	page := append([]int64(nil), b.rows[start:end]...)
	want := b.rows[i]
	b.mu.Unlock()

	sums, err := b.st.SummariesByRow(ctx, page)
	if err != nil {
		return site.Summary{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.cache) > 20*pageSize {
		b.cache = map[int64]site.Summary{}
	}
	for _, s := range sums {
		b.cache[s.Row] = s
	}
	s, ok := b.cache[want]
	return s, ok
}

// MapFilter returns the current query as the renderer's filter, so that the
// map shows exactly the sites the list does.
func (b *Browser) MapFilter() render.Filter {
	b.mu.Lock()
	defer b.mu.Unlock()
	var f render.Filter
	if b.query.Category != "" {
		f.Categories = []string{b.query.Category}
	}
	if b.query.Status != "" {
		f.Statuses = []site.Status{b.query.Status}
	}
	f.Rows = b.textSet
	return f
}
