package store

import (
	"context"
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestDeleteWith deletes many sites at once, as "delete all sites in the
// list" does: a batch at a time with progress, all or nothing, and undone
// and redone exactly.
func TestDeleteWith(t *testing.T) {
	ctx := context.Background()
	const n = 2*deleteBatch + 300 // three batches
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for _, tc := range []struct {
		name    string
		pick    func(ids []string) []string // what to delete
		cancel  int64                       // cancel after this many are done (0: never)
		wantErr error
	}{
		{name: "every site", pick: func(ids []string) []string { return ids }},
		{name: "all but one", pick: func(ids []string) []string { return ids[1:] }},
		{name: "a repeated id", pick: func(ids []string) []string { return append(ids[:1500:1500], ids[:10]...) }},
		{name: "a missing id", pick: func(ids []string) []string {
			return append(ids[:2100:2100], "0f3c2a9e-0000-4000-8000-000000000000")
		}, wantErr: ErrNotFound},
		{name: "cancelled half way", pick: func(ids []string) []string { return ids }, cancel: deleteBatch, wantErr: context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			sites := sitegen.Sites(n, 5)
			importSites(t, s, "Import", sites)
			ids := make([]string, n)
			for i, st := range sites {
				ids[i] = st.ID
			}
			name := sites[0].Name
			found := func() (all, text, box int) {
				all, _ = s.Count(ctx, Filter{})
				text, _ = s.Count(ctx, Filter{Text: name})
				box, _ = s.Count(ctx, Filter{BBox: &world})
				return
			}
			all0, text0, box0 := found()

			dctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var calls []int64
			del := tc.pick(ids)
			err := s.DeleteWith(dctx, "Delete many", del, func(done, total int64) {
				calls = append(calls, done)
				if total != int64(len(distinct(del))) {
					t.Errorf("progress total %d, want %d", total, len(distinct(del)))
				}
				if tc.cancel > 0 && done >= tc.cancel {
					cancel()
				}
			})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("DeleteWith: %v, want %v", err, tc.wantErr)
				}
				if all, text, box := found(); all != all0 || text != text0 || box != box0 {
					t.Errorf("after a failed delete: %d sites, %d by name, %d in box; want %d, %d, %d", all, text, box, all0, text0, box0)
				}
				if label, ok, _ := s.UndoLabel(ctx); !ok || label != "Import" {
					t.Errorf("Undo after a failed delete would undo %q", label)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(calls); i++ {
				if calls[i] <= calls[i-1] {
					t.Errorf("progress went back: %v", calls)
				}
			}
			if len(calls) < 2 || calls[len(calls)-1] != int64(len(distinct(del))) {
				t.Errorf("progress %v; want batches up to %d", calls, len(distinct(del)))
			}
			left := n - len(distinct(del))
			gone := map[string]bool{}
			for _, id := range del {
				gone[id] = true
			}
			placed := 0
			for _, st := range sites {
				if !gone[st.ID] && st.Geometry != nil {
					placed++
				}
			}
			if all, _, box := found(); all != left || box != placed {
				t.Errorf("after the delete: %d sites, %d in the box; want %d, %d", all, box, left, placed)
			}
			var undone, of int64
			if _, err := s.UndoWith(ctx, func(done, total int64) { undone, of = done, total }); err != nil {
				t.Fatal(err)
			}
			if want := int64(len(distinct(del))); undone != want || of != want {
				t.Errorf("undo progress ended at %d of %d, want %d of %d", undone, of, want, want)
			}
			if all, text, box := found(); all != all0 || text != text0 || box != box0 {
				t.Errorf("after undo: %d sites, %d by name, %d in box; want %d, %d, %d", all, text, box, all0, text0, box0)
			}
			for _, i := range []int{0, 999, 1000, n - 1} {
				got, err := s.Get(ctx, ids[i])
				if err != nil || got.Name != sites[i].Name || len(got.Sources) != len(sites[i].Sources) || len(got.Observations) != len(sites[i].Observations) {
					t.Errorf("site %d after undo: %q with %d sources, %d observations, %v; want %q, %d, %d",
						i, got.Name, len(got.Sources), len(got.Observations), err, sites[i].Name, len(sites[i].Sources), len(sites[i].Observations))
				}
			}
			if _, err := s.Redo(ctx); err != nil {
				t.Fatal(err)
			}
			if all, _, _ := found(); all != left {
				t.Errorf("after redo: %d sites, want %d", all, left)
			}
			var check string
			s.db.QueryRow("PRAGMA integrity_check").Scan(&check)
			if check != "ok" {
				t.Errorf("integrity_check: %s", check)
			}
			if _, err := s.db.Exec("INSERT INTO sites_fts (sites_fts) VALUES ('integrity-check')"); err != nil {
				t.Errorf("full-text index: %v", err)
			}
		})
	}
}
