package app

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// catalogQueries are the list queries the window can ask for.
var catalogQueries = []Query{
	{Order: store.ByName},
	{Order: store.ByUpdated},
	{Order: store.ByName, Category: "factory"},
	{Order: store.ByUpdated, Status: site.StatusConfirmed},
	{Order: store.ByName, Category: "restaurant", Status: site.StatusReported},
	{Order: store.ByName, Text: "Hunchun"},
	{Order: store.ByName, Text: "珲春"},
	{Order: store.ByUpdated, Text: "fac", Category: "factory"},
	{Order: store.ByName, Text: "no-such-word"},
	{Order: store.ByName, Category: "no-such-category"},
	{Order: store.ByName, Text: "  !! "},
}

// checkAgainstSQL asserts that a browser answering from the catalog lists
// exactly what the store's SQL (ORDER BY in SQLite) lists, in the same order.
func checkAgainstSQL(t *testing.T, st *store.Store, cat *Catalog) {
	t.Helper()
	ctx := context.Background()
	mem := NewBrowser(st)
	mem.SetCatalog(cat)
	sql := NewBrowser(st)
	for _, q := range catalogQueries {
		if err := mem.Set(ctx, q); err != nil {
			t.Fatal(err)
		}
		if err := sql.Set(ctx, q); err != nil {
			t.Fatal(err)
		}
		got, want := mem.Rows(), sql.Rows()
		if !slices.Equal(got, want) {
			t.Errorf("%+v: catalog lists %d rows, SQL %d; first difference at %d", q, len(got), len(want), firstRowDiff(got, want))
		}
		if mem.Total() != sql.Total() {
			t.Errorf("%+v: total %d, SQL says %d", q, mem.Total(), sql.Total())
		}
	}
}

func firstRowDiff(a, b []int64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestCatalogMatchesSQL(t *testing.T) {
	for _, parallelFrom := range []int64{1 << 40, 100} {
		t.Run(fmt.Sprintf("parallel-from-%d", parallelFrom), func(t *testing.T) {
			defer func(old int64) { parallelLoadFrom = old }(parallelLoadFrom)
			parallelLoadFrom = parallelFrom
			testCatalogMatchesSQL(t)
		})
	}
}

func testCatalogMatchesSQL(t *testing.T) {
	sites := sitegen.Sites(3000, 7)
	// Names that differ only in case, share long prefixes or are in other
	// scripts test the collation and the prefix keys of the name sort.
	for i, name := range []string{"hunchun seafood plant", "Hunchun Seafood Plant", "HUNCHUN seafood plant 2",
		"Tumen industrial complex for North Korean workers (A)", "Tumen industrial complex for North Korean workers (B)",
		"Ärzte", "図們", "훈춘", "a", "A"} {
		sites[i].Name = name
	}
	st := openDB(t, newDB(t, sites))
	idx, cat, err := LoadView(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	placed := 0
	for _, s := range sites {
		if s.Geometry != nil {
			placed++
		}
	}
	if idx.Len() != placed {
		t.Errorf("the map index holds %d sites, want the %d placed ones", idx.Len(), placed)
	}
	if cat.Len() != len(sites) {
		t.Fatalf("catalog holds %d sites, want %d", cat.Len(), len(sites))
	}
	checkAgainstSQL(t, st, cat)
}

// TestCatalogFollowsEdits edits, adds and deletes sites through the store
// and tells the catalog as the window does; it must keep listing what SQL
// lists.
func TestCatalogFollowsEdits(t *testing.T) {
	ctx := context.Background()
	sites := sitegen.Sites(500, 3)
	st := openDB(t, newDB(t, sites))
	_, cat, err := LoadView(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	summary := func(id string) site.Summary {
		t.Helper()
		var out site.Summary
		err := st.Summaries(ctx, store.Filter{IDs: []string{id}}, func(s site.Summary) error { out = s; return nil })
		if err != nil || out.Row == 0 {
			t.Fatalf("summary of %s: %v", id, err)
		}
		return out
	}
	for i := range 20 {
		s, err := st.Get(ctx, sites[i*7].ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Name = fmt.Sprintf("Renamed %02d", 20-i)
		s.Category = "mine"
		if err := st.Update(ctx, s); err != nil {
			t.Fatal(err)
		}
		cat.Upsert(summary(s.ID))
	}
	for i := range 10 {
		row := summary(sites[i*11+1].ID).Row
		if err := st.Delete(ctx, sites[i*11+1].ID); err != nil {
			t.Fatal(err)
		}
		cat.Remove(row)
	}
	for i := range 5 {
		n := sitegen.Sites(1, int64(100+i))[0]
		n.Name = fmt.Sprintf("New site %d", i)
		if err := st.Create(ctx, &n); err != nil {
			t.Fatal(err)
		}
		cat.Upsert(summary(n.ID))
	}
	if want := 500 - 10 + 5; cat.Len() != want {
		t.Fatalf("catalog holds %d sites after edits, want %d", cat.Len(), want)
	}
	checkAgainstSQL(t, st, cat)
}

func TestCompareNoCaseIsSQLiteNoCase(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"abc", "ABC", 0}, {"abc", "abd", -1}, {"Zeta", "alpha", 1}, {"ab", "abc", -1},
		{"Ärzte", "Arzte", 1}, {"[x", "a", -1}, {"_", "a", -1}, {"", "", 0},
	} {
		if got := compareNoCase(c.a, c.b); got != c.want {
			t.Errorf("compareNoCase(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func catalogBenchSummaries(n int) []site.Summary {
	out := make([]site.Summary, 0, n)
	i := int64(0)
	for s := range sitegen.Seq(n, 1) {
		i++
		out = append(out, site.Summary{Row: i, ID: s.ID, Name: s.Name, Category: s.Category,
			Status: s.Status, Updated: s.Updated.UnixMilli()})
	}
	return out
}

// BenchmarkCatalogBuild1M is the list's share of opening a database of a
// million sites: both orders sorted.
func BenchmarkCatalogBuild1M(b *testing.B) {
	ss := catalogBenchSummaries(1_000_000)
	b.ResetTimer()
	for range b.N {
		cb := NewCatalogBuilder()
		for _, s := range ss {
			cb.Add(s)
		}
		cb.Build()
	}
}

// BenchmarkCatalogRows1M is what a change of filter or sort costs the list
// with a million sites (the full-text part is the store's).
func BenchmarkCatalogRows1M(b *testing.B) {
	cb := NewCatalogBuilder()
	for _, s := range catalogBenchSummaries(1_000_000) {
		cb.Add(s)
	}
	cat := cb.Build()
	matches := make([]int64, 0, 300_000)
	for r := int64(1); r <= 1_000_000; r += 3 {
		matches = append(matches, r)
	}
	for _, c := range []struct {
		name string
		q    CatalogQuery
	}{
		{"all-by-name", CatalogQuery{Order: store.ByName}},
		{"all-by-updated", CatalogQuery{Order: store.ByUpdated}},
		{"category", CatalogQuery{Order: store.ByName, Category: "factory"}},
		{"text-300k-matches", CatalogQuery{Order: store.ByName, Matches: matches}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				cat.Rows(c.q)
			}
		})
	}
}

// TestMatchedSlots checks the three ways hits find their slots: offsets
// (rows without gaps), the merge pass (many sorted rows) and the binary
// search (few or unsorted rows), with rows the catalog does not hold and a
// removed one.
func TestMatchedSlots(t *testing.T) {
	for _, step := range []int64{1, 2} {
		b := NewCatalogBuilder()
		for r := int64(2); r <= 200; r += step {
			b.Add(site.Summary{Row: r, ID: fmt.Sprint(r), Name: fmt.Sprint(r)})
		}
		cat := b.Build()
		cat.Remove(10)
		rows := []int64{-5, 0, 1} // every row up to 250 but multiples of 3
		for r := int64(2); r <= 250; r++ {
			if r%3 != 0 {
				rows = append(rows, r)
			}
		}
		sorted := cat.matchedSlots(rows)
		shuffled := slices.Clone(rows)
		slices.Reverse(shuffled)
		if got := cat.matchedSlots(shuffled); !slices.Equal(sorted, got) {
			t.Fatalf("step %d: sorted hits %x, reversed %x", step, sorted, got)
		}
		for i, r := range cat.rows {
			want := r%3 != 0 && r != 10
			if got := sorted[i>>6]&(1<<(i&63)) != 0; got != want {
				t.Errorf("step %d: row %d: kept %v, want %v", step, r, got, want)
			}
		}
	}
}
