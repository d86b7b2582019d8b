package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

// viewsOf describes what the map and the list show: every site of the
// index with its name and position, and the catalog's order by name and
// by update.
func viewsOf(w *Workspace) string {
	var b strings.Builder
	cat := w.Browser().Catalog()
	byName := cat.Rows(CatalogQuery{Order: ByName})
	fmt.Fprintf(&b, "index %d catalog %d\n", w.Index().Len(), cat.Len())
	for _, row := range byName {
		bound, _ := w.Index().Bound(row)
		fmt.Fprintf(&b, "%d %s %.5f,%.5f\n", row, w.Index().Name(row), bound.Min[0], bound.Min[1])
	}
	fmt.Fprintln(&b, "by updated", cat.Rows(CatalogQuery{Order: ByUpdated}))
	return b.String()
}

// TestWorkspaceKeepsViewsInStep makes each kind of change through a
// workspace and checks that the map's index and the list's catalog it
// kept up to date show the same as views read afresh from the database.
func TestWorkspaceKeepsViewsInStep(t *testing.T) {
	ctx := context.Background()
	st := openDB(t, newDB(t, fixtureSites()))
	ws := NewWorkspace(st)
	var heard int
	ws.OnIndex(func(*render.Index) { heard++ })
	if err := ws.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if heard != 1 {
		t.Fatalf("the index was announced %d times on load, want 1", heard)
	}
	added := NewSiteAt(orb.Point{129.84, 42.97})
	added.Name = "Tumen garment factory"
	var first site.Site
	_ = ws.Query(ctx, Filter{Limit: 1}, func(s site.Site) error { first = s; return nil })
	csv := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(csv, []byte("name,latitude,longitude,category\nHunchun seafood plant,42.86,130.36,factory\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name     string
		do       func() (Changed, error)
		reloaded bool
	}{
		{"add", func() (Changed, error) { _, ch, err := ws.Add(ctx, &added); return ch, err }, false},
		{"rename", func() (Changed, error) {
			s := added
			s.Name = "Tumen garment factory No. 2"
			_, ch, err := ws.Save(ctx, s, "Edit name")
			return ch, err
		}, false},
		{"move", func() (Changed, error) {
			s, _ := ws.Get(ctx, added.ID)
			_, ch, err := ws.Move(ctx, s, orb.Point{129.9, 42.95})
			return ch, err
		}, false},
		{"delete", func() (Changed, error) { return ws.Delete(ctx, first) }, false},
		{"undo delete", func() (Changed, error) { return ws.Undo(ctx, nil) }, false},
		{"redo delete", func() (Changed, error) { return ws.Redo(ctx, nil) }, false},
		{"import", func() (Changed, error) { _, ch, err := ws.Import(ctx, []string{csv}, nil); return ch, err }, true},
		// A one-site import is undone site by site, not by a reload.
		{"undo import", func() (Changed, error) { return ws.Undo(ctx, nil) }, false},
	}
	for _, step := range steps {
		ch, err := step.do()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if ch.Reloaded != step.reloaded {
			t.Errorf("%s: reloaded %v, want %v", step.name, ch.Reloaded, step.reloaded)
		}
		fresh := NewWorkspace(st)
		if err := fresh.Load(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := viewsOf(ws), viewsOf(fresh); got != want {
			t.Errorf("after %s the views show\n%s\nbut the database holds\n%s", step.name, got, want)
		}
	}
	state, err := ws.UndoState(ctx)
	if err != nil || !state.CanRedo || !strings.Contains(state.Redo, "more.csv") {
		t.Errorf("after undoing the import, Redo is %+v (%v); want the import", state, err)
	}
}

// TestWorkspaceUndoedDeleteKeepsSelection: undoing a delete gives the site
// a new row; RowAfter tells the window where its selection went.
func TestWorkspaceUndoedDeleteKeepsSelection(t *testing.T) {
	ctx := context.Background()
	ws := NewWorkspace(openDB(t, newDB(t, fixtureSites())))
	if err := ws.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var first site.Site
	_ = ws.Query(ctx, Filter{Limit: 1}, func(s site.Site) error { first = s; return nil })
	sum, _ := ws.SummaryOf(ctx, first.ID)
	del, err := ws.Delete(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if got := del.RowAfter(sum.Row); got != 0 {
		t.Errorf("after the delete the site is at row %d, want 0 (gone)", got)
	}
	undo, err := ws.Undo(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := ws.SummaryOf(ctx, first.ID)
	if len(undo.Sites) != 1 || undo.Sites[0].NewRow != now.Row || now.Row == 0 {
		t.Errorf("the undo says it changed %+v; the site is back at row %d", undo.Sites, now.Row)
	}
	redo, err := ws.Redo(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := redo.RowAfter(now.Row); got != 0 {
		t.Errorf("after the redone delete RowAfter(%d) = %d, want 0", now.Row, got)
	}
	if got := redo.RowAfter(12345); got != 12345 {
		t.Errorf("a row the change did not touch moved to %d", got)
	}
	if _, err := ws.Redo(ctx, nil); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("a second redo: %v, want ErrNothingToRedo", err)
	}
}

// TestWorkspaceWithoutViews: a command that never loads the views changes
// the database without reading every site into memory.
func TestWorkspaceWithoutViews(t *testing.T) {
	ctx := context.Background()
	ws := NewWorkspace(openDB(t, newDB(t, fixtureSites())))
	heard := 0
	ws.OnIndex(func(*render.Index) { heard++ })
	var first site.Site
	_ = ws.Query(ctx, Filter{Limit: 1}, func(s site.Site) error { first = s; return nil })
	if _, err := ws.Delete(ctx, first); err != nil {
		t.Fatal(err)
	}
	ch, err := ws.Undo(ctx, nil)
	if err != nil || !strings.HasPrefix(ch.Label, "Delete") {
		t.Fatalf("undo: %q, %v", ch.Label, err)
	}
	if heard != 0 || ws.Index().Len() != 0 {
		t.Errorf("the views were loaded (%d announcements, %d sites) though nothing shows them", heard, ws.Index().Len())
	}
	if _, err := ws.Get(ctx, first.ID); err != nil {
		t.Errorf("the undone delete did not bring the site back: %v", err)
	}
}

func TestOpenWorkspaceRefusesNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(path, []byte("field notes\n"), 0o644)
	if _, err := OpenWorkspace(path); err == nil || !strings.Contains(err.Error(), "“notes.db” is not a Site Atlas database") {
		t.Errorf("opening a text file: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "field notes\n" {
		t.Error("the text file was changed")
	}
}
