package store

import (
	"context"
	"testing"
)

// Every change a user makes to a site, and every undo or redo of it, is a
// new revision; an untouched site keeps its own.
func TestRevisionBumpsOnEveryChange(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := mustCreate(t, s, sample("Tumen garment factory", 129.84, 42.97))
	b := mustCreate(t, s, sample("Hunchun seafood plant", 130.36, 42.86))
	want := func(step string, id string, n int64) {
		t.Helper()
		got, err := s.Revision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("%s: revision %d, want %d", step, got, n)
		}
	}
	want("created", a.ID, 1)
	a.Notes = "five factories"
	if err := s.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	want("edited", a.ID, 2)
	if _, err := s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	want("undone", a.ID, 3)
	if _, err := s.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	want("redone", a.ID, 4)
	want("untouched", b.ID, 1)

	imp, err := s.BeginImport(ctx, "Import back.geojson")
	if err != nil {
		t.Fatal(err)
	}
	b.Status = "confirmed"
	if _, err := imp.Put(b); err != nil {
		t.Fatal(err)
	}
	if err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	want("imported", b.ID, 2)

	if _, ok, err := s.Exchange(ctx, a.ID); err != nil || ok {
		t.Errorf("Exchange of a site never exchanged: ok %v, err %v", ok, err)
	}
	if n, err := s.PendingConflicts(ctx); err != nil || n != 0 {
		t.Errorf("PendingConflicts = %d, %v; want 0", n, err)
	}
	if _, err := s.Revision(ctx, "no-such-site"); err == nil {
		t.Error("Revision of a missing site: no error")
	}
}
