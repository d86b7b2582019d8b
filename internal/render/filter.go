package render

import "github.com/siteatlas/siteatlas/internal/site"

// Filter selects the sites the map shows, the same way the list filters
// them. The zero Filter shows every placed site.
type Filter struct {
	// Categories and Statuses restrict the sites to these values; empty
	// means any.
	Categories []string
	Statuses   []site.Status
	// Rows, when not nil, restricts the sites to these rows: the result of
	// a text search, which the store answers and the map cannot.
	Rows *RowSet
	// HideConfidential leaves out sites marked confidential, for a map
	// that will be shown or exported.
	HideConfidential bool
}

// RowSet is a set of store rows as a bitmap: membership is one load and a
// shift, so the renderer can test every point in view against it. Rows are
// the store's dense integer keys, so the bitmap stays small (125 KB for a
// million rows).
type RowSet struct {
	words []uint64
	n     int
}

// NewRowSet returns the set of the given rows; negative rows are ignored.
func NewRowSet(rows []int64) *RowSet {
	s := &RowSet{}
	for _, r := range rows {
		s.Add(r)
	}
	return s
}

// Add puts row in the set.
func (s *RowSet) Add(row int64) {
	if row < 0 {
		return
	}
	w := int(row >> 6)
	if w >= len(s.words) {
		s.words = append(s.words, make([]uint64, w+1-len(s.words))...)
	}
	if s.words[w]&(1<<(uint(row)&63)) == 0 {
		s.words[w] |= 1 << (uint(row) & 63)
		s.n++
	}
}

// Has reports whether row is in the set; a nil set has every row.
func (s *RowSet) Has(row int64) bool {
	if s == nil {
		return true
	}
	w := row >> 6
	return row >= 0 && w < int64(len(s.words)) && s.words[w]&(1<<(uint(row)&63)) != 0
}

// Len returns the number of rows in the set.
func (s *RowSet) Len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// compiledFilter is a Filter turned into codes of one index snapshot: a
// class (category, status) test is two bit tests.
type compiledFilter struct {
	all        bool // no restriction at all: the precomputed clusters apply
	cats       [4]uint64
	statuses   uint8
	rows       *RowSet
	hideConfid bool
}

func (f *Filter) compile(categories []string) compiledFilter {
	var c compiledFilter
	if f == nil {
		f = &Filter{}
	}
	c.rows = f.Rows
	c.hideConfid = f.HideConfidential
	if len(f.Categories) == 0 {
		c.cats = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	} else {
		for _, want := range f.Categories {
			for code, name := range categories {
				if name == want {
					c.cats[code>>6] |= 1 << (uint(code) & 63)
				}
			}
		}
	}
	if len(f.Statuses) == 0 {
		c.statuses = 0xff
	} else {
		for _, st := range f.Statuses {
			c.statuses |= 1 << statusCode(st)
		}
	}
	c.all = len(f.Categories) == 0 && len(f.Statuses) == 0 && f.Rows == nil && !f.HideConfidential
	return c
}

// classOK reports whether a (category, status) class passes.
func (c *compiledFilter) classOK(cat, status uint8) bool {
	return c.cats[cat>>6]&(1<<(cat&63)) != 0 && c.statuses&(1<<status) != 0
}

// ok reports whether an entry passes.
func (c *compiledFilter) ok(e *entry) bool {
	if !c.classOK(e.cat, e.status()) {
		return false
	}
	if c.hideConfid && e.flags&flagConfidential != 0 {
		return false
	}
	return c.rows.Has(e.row)
}

// The status codes, in site.Statuses order so that codes are stable.
const (
	codeReported uint8 = iota
	codeConfirmed
	codeSuspected
	codeClosed
	codeUnknown
)

func statusCode(s site.Status) uint8 {
	for i, st := range site.Statuses {
		if st == s {
			return uint8(i)
		}
	}
	return codeUnknown
}
