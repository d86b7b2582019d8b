package render

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// queryRows returns the rows of the sites the snapshot has in a lon/lat
// bound, sorted.
func queryRows(idx *Index, b orb.Bound) []int64 {
	s := idx.snapshot()
	var rows []int64
	s.scan(mercX(b.Min[0]), mercY(b.Max[1]), mercX(b.Max[0]), mercY(b.Min[1]), func(r ref, e *entry) {
		rows = append(rows, e.row)
	})
	slices.Sort(rows)
	return rows
}

// bruteRows is queryRows the slow way.
func bruteRows(ss []site.Summary, b orb.Bound) []int64 {
	var rows []int64
	for _, s := range ss {
		if p, ok := s.Geometry.(orb.Point); ok && b.Contains(p) {
			rows = append(rows, s.Row)
		}
	}
	slices.Sort(rows)
	return rows
}

func TestIndexQueryMatchesBruteForce(t *testing.T) {
	ss := genSummaries(20000, 1)
	idx := buildIndex(ss)
	if idx.Len() != len(ss) {
		t.Fatalf("Len = %d, want %d", idx.Len(), len(ss))
	}
	for _, b := range []orb.Bound{
		{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.5, 43.1}},
		{Min: orb.Point{129.84, 42.9}, Max: orb.Point{129.9, 43.0}},
		{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}},
		{Min: orb.Point{100, 20}, Max: orb.Point{140, 50}},
		{Min: orb.Point{0, 0}, Max: orb.Point{0.001, 0.001}},
	} {
		got, want := queryRows(idx, b), bruteRows(ss, b)
		// float32 storage may move a point across the edge by a hair.
		if d := len(got) - len(want); d < -2 || d > 2 {
			t.Errorf("%v: %d rows, want %d", b, len(got), len(want))
		}
	}
}

func TestIndexUpsertRemove(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	hunchun := orb.Point{130.36, 42.86}
	box := orb.Bound{Min: orb.Point{129.8, 42.9}, Max: orb.Point{129.9, 43.0}}
	ss := []site.Summary{
		{Row: 1, Name: "Tumen garment factory", Category: "factory", Status: site.StatusConfirmed, Geometry: tumen},
		{Row: 2, Name: "Hunchun seafood plant", Category: "factory", Status: site.StatusReported, Geometry: hunchun},
		{Row: 3, Name: "Unplaced", Category: "factory", Status: site.StatusReported},
	}
	idx := buildIndex(ss)
	before := idx.snapshot()
	steps := []struct {
		name string
		do   func()
		len  int
		in   []int64 // rows in box
	}{
		{"built", func() {}, 2, []int64{1}},
		{"insert new", func() {
			idx.Upsert(site.Summary{Row: 4, Name: "Tumen dormitory", Category: "dormitory", Geometry: orb.Point{129.85, 42.96}})
		}, 3, []int64{1, 4}},
		{"move base site out", func() {
			idx.Upsert(site.Summary{Row: 1, Name: "Tumen garment factory", Category: "factory", Geometry: hunchun})
		}, 3, []int64{4}},
		{"move overlay site", func() {
			idx.Upsert(site.Summary{Row: 4, Name: "renamed", Category: "dormitory", Geometry: orb.Point{129.86, 42.95}})
		}, 3, []int64{4}},
		{"move base site in", func() {
			idx.Upsert(site.Summary{Row: 2, Name: "moved", Category: "factory", Geometry: tumen})
		}, 3, []int64{2, 4}},
		{"remove overlay", func() { idx.Remove(4) }, 2, []int64{2}},
		{"remove base", func() { idx.Remove(2) }, 1, nil},
		{"remove missing", func() { idx.Remove(99) }, 1, nil},
		{"unplace", func() { idx.Upsert(site.Summary{Row: 1, Name: "x"}) }, 0, nil},
	}
	for _, st := range steps {
		st.do()
		if got := idx.Len(); got != st.len {
			t.Errorf("%s: Len = %d, want %d", st.name, got, st.len)
		}
		if got := queryRows(idx, box); !slices.Equal(got, st.in) {
			t.Errorf("%s: rows in box %v, want %v", st.name, got, st.in)
		}
	}
	// The snapshot taken before the edits did not change.
	var rows []int64
	before.scan(0, 0, 1, 1, func(r ref, e *entry) { rows = append(rows, e.row) })
	slices.Sort(rows)
	if !slices.Equal(rows, []int64{1, 2}) {
		t.Errorf("old snapshot changed: %v", rows)
	}
	if name := before.name(0); name == "" {
		t.Errorf("old snapshot lost names")
	}
}

func TestIndexCompactKeepsContent(t *testing.T) {
	ss := genSummaries(3000, 2)
	idx := buildIndex(ss[:1000])
	for _, s := range ss[1000:] {
		idx.Upsert(s) // crosses the compaction threshold
	}
	for i := 0; i < 500; i++ {
		idx.Remove(int64(2*i + 1))
	}
	if got := idx.Len(); got != 2500 {
		t.Fatalf("Len = %d, want 2500", got)
	}
	var live []site.Summary
	for _, s := range ss {
		if !(s.Row <= 1000 && s.Row%2 == 1) {
			live = append(live, s)
		}
	}
	b := orb.Bound{Min: orb.Point{120, 25}, Max: orb.Point{135, 46}}
	if got, want := queryRows(idx, b), bruteRows(live, b); len(got) != len(want) {
		t.Errorf("%d rows after edits, want %d", len(got), len(want))
	}
	s := idx.snapshot()
	for _, row := range []int64{2, 1001, 3000} {
		r, ok := s.find(row)
		if !ok || s.name(r) != ss[row-1].Name {
			t.Errorf("find(%d) = %v %v", row, ok, s.name(r))
		}
	}
	if _, ok := s.find(1); ok {
		t.Errorf("removed row 1 still found")
	}
}

func TestRowSet(t *testing.T) {
	s := NewRowSet([]int64{1, 64, 65, 1000, 1000, -3})
	for _, tc := range []struct {
		row  int64
		want bool
	}{{1, true}, {2, false}, {64, true}, {65, true}, {1000, true}, {1 << 40, false}, {-3, false}} {
		if s.Has(tc.row) != tc.want {
			t.Errorf("Has(%d) = %v", tc.row, !tc.want)
		}
	}
	if s.Len() != 4 {
		t.Errorf("Len = %d, want 4", s.Len())
	}
	var nilSet *RowSet
	if !nilSet.Has(5) {
		t.Errorf("nil set should have every row")
	}
}

func TestMorton(t *testing.T) {
	for _, v := range []uint32{0, 1, 0x1234, 0xffff} {
		if got := unspread(spread(v)); got != v {
			t.Errorf("unspread(spread(%#x)) = %#x", v, got)
		}
	}
}
