package store

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzSearchText: whatever a user types in the search box (quotes, stars,
// FTS5 operators, brackets, mixed scripts) is a valid search, never an SQL
// or FTS5 syntax error.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"Hunchun", "珲春", "훈춘 수산물", `"quoted`, `a*`, "NEAR(a b)", "a AND OR NOT", "-x", "col:val",
		"^start", "(", ")", "{words}", "图们Tumen", "'", "\x00", "a + b", "ｈｕｎｃｈｕｎ", "Ünïcödé", "NOT", "*"} {
		f.Add(s)
	}
	s := openTemp(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		if _, err := s.Count(ctx, Filter{Text: text}); err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		if _, err := s.Rows(ctx, Filter{Text: text, Order: ByName, Limit: 10}); err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
	})
}
