package store

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestReplayManySites: undo and redo of actions on many sites at once (an
// import, deleting many sites) go a batch at a time; each site must come
// back exactly, with its sources, observations and attachment bytes, and be
// found by text and box again, or be gone from both.
func TestReplayManySites(t *testing.T) {
	ctx := context.Background()
	for _, into := range []string{"empty database", "database with sites"} {
		t.Run(into, func(t *testing.T) {
			s := openTemp(t)
			if into == "database with sites" {
				mustCreate(t, s, sample("Older site", 129.9, 42.9))
			}
			sites := sitegen.Sites(120, 11)
			importSites(t, s, "Import many", sites)
			photo := []byte("\x89PNG not really")
			att, err := s.AddAttachment(ctx, sites[5].ID, site.Attachment{FileName: "gate.png", MediaType: "image/png"}, photo)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]site.Site{}
			ids := make([]string, len(sites))
			for i, st := range sites {
				ids[i] = st.ID
				if want[st.ID], err = s.Get(ctx, st.ID); err != nil {
					t.Fatal(err)
				}
			}
			older, _ := s.Count(ctx, Filter{})
			older -= len(sites)
			present := func(when string, n int) {
				t.Helper()
				world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
				all, _ := s.Count(ctx, Filter{})
				if all != older+n {
					t.Fatalf("%s: %d sites, want %d", when, all, older+n)
				}
				if n == 0 {
					return
				}
				for _, id := range ids {
					got, err := s.Get(ctx, id)
					if err != nil {
						t.Fatalf("%s: %v", when, err)
					}
					if !reflect.DeepEqual(got, want[id]) {
						t.Fatalf("%s: site %s differs:\n got %+v\nwant %+v", when, id, got, want[id])
					}
				}
				data, err := s.AttachmentData(ctx, att.ID)
				if err != nil || !bytes.Equal(data, photo) {
					t.Errorf("%s: attachment bytes %q, %v", when, data, err)
				}
				text, _ := s.Count(ctx, Filter{Text: want[ids[7]].Name})
				inBox, _ := s.Count(ctx, Filter{BBox: &world})
				if text == 0 || inBox < older+n-5 {
					t.Errorf("%s: found by name %d, in the world box %d", when, text, inBox)
				}
			}
			present("after the import", len(sites))
			if err := s.DeleteLabeled(ctx, "Delete many", ids...); err != nil {
				t.Fatal(err)
			}
			present("after deleting them", 0)
			for _, step := range []struct {
				undo bool
				n    int
			}{{true, len(sites)}, {false, 0}, {true, len(sites)}} {
				var err error
				if step.undo {
					_, err = s.Undo(ctx)
				} else {
					_, err = s.Redo(ctx)
				}
				if err != nil {
					t.Fatal(err)
				}
				present(map[bool]string{true: "after undoing the delete", false: "after redoing the delete"}[step.undo], step.n)
			}
			var check string
			s.db.QueryRow("PRAGMA integrity_check").Scan(&check)
			if check != "ok" {
				t.Errorf("integrity_check: %s", check)
			}
		})
	}
}

// TestReplayedSites: an undo or redo says which few sites it changed and
// their rows before and after, so that a window updates just those; after
// changing many it says nothing, and the window reloads.
func TestReplayedSites(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := mustCreate(t, s, sample("Tumen complex", 129.84, 42.97))
	b := mustCreate(t, s, sample("Hunchun plant", 130.36, 42.86))
	rowOf := func(id string) int64 {
		var row int64
		if err := s.db.QueryRow("SELECT row FROM sites WHERE id = ?", id).Scan(&row); err != nil {
			return 0
		}
		return row
	}
	rowA, rowB := rowOf(a.ID), rowOf(b.ID)
	step := func(undo bool) Replayed {
		t.Helper()
		var r Replayed
		var err error
		if undo {
			r, err = s.UndoWith(ctx, nil)
		} else {
			r, err = s.RedoWith(ctx, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	a.Name = "Tumen complex (renamed)"
	if err := s.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	if r := step(true); len(r.Sites) != 1 || r.Sites[0] != (ReplayedSite{a.ID, rowA, rowA}) {
		t.Errorf("undoing a rename: %+v", r.Sites)
	}
	step(false)

	if err := s.Delete(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	r := step(true)
	if len(r.Sites) != 2 {
		t.Fatalf("undoing a delete of 2: %+v", r.Sites)
	}
	for _, x := range r.Sites {
		if x.Row != 0 || x.NewRow == 0 || x.NewRow != rowOf(x.ID) {
			t.Errorf("undoing a delete: %+v; the site is at row %d", x, rowOf(x.ID))
		}
	}
	if r := step(false); len(r.Sites) != 2 || r.Sites[0].NewRow != 0 || r.Sites[0].Row == 0 {
		t.Errorf("redoing a delete: %+v", r.Sites)
	}
	if rowOf(a.ID) != 0 || rowOf(b.ID) != 0 || rowB == 0 {
		t.Errorf("after redoing the delete the sites are at rows %d and %d", rowOf(a.ID), rowOf(b.ID))
	}
	step(true)

	im, err := s.BeginImport(ctx, "Import many")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sitegen.Sites(fewSites+10, 3) {
		if _, err := im.Put(st); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if r := step(true); r.Sites != nil || r.Label != "Import many" {
		t.Errorf("undoing an import of %d sites: %q, %d sites listed", fewSites+10, r.Label, len(r.Sites))
	}
}
