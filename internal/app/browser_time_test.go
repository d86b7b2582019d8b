package app

import (
	"context"
	"testing"
)

// TestBrowserKeepsNewestQuery: queries finish in any order; the result kept
// is the one asked for last.
func TestBrowserKeepsNewestQuery(t *testing.T) {
	ctx := context.Background()
	ws := NewWorkspace(openDB(t, newDB(t, fixtureSites())))
	if err := ws.Load(ctx); err != nil {
		t.Fatal(err)
	}
	br := ws.Browser()
	older, newer := br.NextSeq(), br.NextSeq()
	if err := br.SetAs(ctx, Query{Order: ByName}, newer); err != nil {
		t.Fatal(err)
	}
	all := br.Len()
	if err := br.SetAs(ctx, Query{Text: "no such site anywhere", Order: ByName}, older); err != nil {
		t.Fatal(err)
	}
	if br.Len() != all || br.Query().Text != "" {
		t.Errorf("an older query finishing last replaced the newer one's result: %d rows, text %q", br.Len(), br.Query().Text)
	}
}
