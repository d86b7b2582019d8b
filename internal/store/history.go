package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Change is one recorded change of one site: the audit trail entry that
// undo and redo replay. Before is nil when the change created the site,
// After when it deleted it (or, for an import not yet undone, when the
// state after the import was not stored: it is the site's next state).
type Change struct {
	Seq    int64
	Group  int64
	Time   int64 // Unix milliseconds
	Label  string
	SiteID string
	Before *site.Site
	After  *site.Site
	Undone bool
}

// snapshot is a site as history stores it: JSON for the audit trail, the
// geometry as WKB (orb.Geometry cannot be decoded from JSON), and the bytes
// of attachments that the change added or removed, so undo can restore them.
type snapshot struct {
	Site site.Site
	Data map[string][]byte
}

type snapshotJSON struct {
	Site site.Site         `json:"site"`
	WKB  []byte            `json:"wkb,omitempty"`
	Data map[string][]byte `json:"data,omitempty"`
}

func (s *snapshot) encode() (any, error) {
	if s == nil {
		return nil, nil
	}
	j := snapshotJSON{Site: s.Site, Data: s.Data}
	if g := s.Site.Geometry; g != nil {
		b, err := marshalGeometry(g)
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		j.WKB = b
		j.Site.Geometry = nil
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return b, nil
}

func decodeSnapshot(b []byte) (*snapshot, error) {
	if b == nil {
		return nil, nil
	}
	var j snapshotJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	g, err := unmarshalGeometry(j.WKB)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	j.Site.Geometry = g
	return &snapshot{Site: j.Site, Data: j.Data}, nil
}

// loadSnapshot reads a site's current state, with attachment bytes when
// withData (a delete must keep them for undo).
func loadSnapshot(ctx context.Context, q querier, id string, withData bool) (*snapshot, int64, error) {
	st, row, err := loadSite(ctx, q, id)
	if err != nil {
		return nil, 0, err
	}
	if !withData {
		return &snapshot{Site: st}, row, nil
	}
	sn, err := snapshotWithData(ctx, q, st)
	return sn, row, err
}

// snapshotWithData is st with its attachments' bytes, which are rare and
// read one by one.
func snapshotWithData(ctx context.Context, q querier, st site.Site) (*snapshot, error) {
	sn := &snapshot{Site: st}
	if len(st.Attachments) > 0 {
		sn.Data = make(map[string][]byte, len(st.Attachments))
		for _, a := range st.Attachments {
			var err error
			if sn.Data[a.ID], err = attachmentData(ctx, q, a.ID); err != nil {
				return nil, err
			}
		}
	}
	return sn, nil
}

// UndoLabel returns the label of the action Undo would revert, such as
// "move 'Hunchun seafood plant'", and false when there is none.
func (s *Store) UndoLabel(ctx context.Context) (string, bool, error) {
	return s.stackLabel(ctx, "SELECT label FROM history WHERE undone = 0 ORDER BY undone, grp DESC LIMIT 1")
}

// RedoLabel returns the label of the action Redo would reapply.
func (s *Store) RedoLabel(ctx context.Context) (string, bool, error) {
	return s.stackLabel(ctx, "SELECT label FROM history WHERE undone = 1 ORDER BY undone, grp LIMIT 1")
}

func (s *Store) stackLabel(ctx context.Context, q string) (string, bool, error) {
	var label string
	err := s.db.QueryRowContext(ctx, q).Scan(&label)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("history: %w", err)
	}
	return label, true, nil
}

// Undo reverts the last action that is not undone and returns its label.
// It returns ErrNothingToUndo when there is none.
func (s *Store) Undo(ctx context.Context) (string, error) {
	r, err := s.replay(ctx, true, nil)
	return r.Label, err
}

// Replayed is what an undo or redo did.
type Replayed struct {
	Label string
	// Sites are the sites it changed when they are few (an edit, a move,
	// a delete of a few sites), so that a window can update just those;
	// nil when it changed many (an import).
	Sites []ReplayedSite
}

// ReplayedSite is one site an undo or redo changed: its row before (0: it
// did not exist) and after (0: it no longer exists).
type ReplayedSite struct {
	ID          string
	Row, NewRow int64
}

// fewSites is the most sites Replayed lists.
const fewSites = 64

// UndoWith is Undo telling progress (if not nil) how many of the action's
// changes are replayed, a batch at a time: undoing an import of a million
// sites takes minutes. Cancelling ctx leaves everything as it was.
func (s *Store) UndoWith(ctx context.Context, progress Progress) (Replayed, error) {
	return s.replay(ctx, true, progress)
}

// RedoWith is Redo with progress, as UndoWith.
func (s *Store) RedoWith(ctx context.Context, progress Progress) (Replayed, error) {
	return s.replay(ctx, false, progress)
}

// Redo reapplies the last undone action and returns its label. It returns
// ErrNothingToRedo when there is none.
func (s *Store) Redo(ctx context.Context) (string, error) {
	r, err := s.replay(ctx, false, nil)
	return r.Label, err
}

// replayBatch bounds the history rows held in memory while a group of a
// million imported sites is undone.
const replayBatch = 1000

func (s *Store) replay(ctx context.Context, undo bool, progress Progress) (Replayed, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Replayed{}, classify(s.path, err)
	}
	defer tx.Rollback()
	pick := "SELECT grp, label FROM history WHERE undone = 0 ORDER BY undone, grp DESC LIMIT 1"
	// undone = ? lets the group be read through history_by_group, whose
	// entries are in (undone, grp, seq) order; on grp alone SQLite walks
	// the whole history backwards (250 ms after a million-site import).
	next := "SELECT seq, site_id, before, after FROM history WHERE undone = 0 AND grp = ? AND seq < ? ORDER BY seq DESC LIMIT ?"
	cursor, flag, none := int64(1<<62), 1, ErrNothingToUndo
	if !undo {
		pick = "SELECT grp, label FROM history WHERE undone = 1 ORDER BY undone, grp LIMIT 1"
		next = "SELECT seq, site_id, before, after FROM history WHERE undone = 1 AND grp = ? AND seq > ? ORDER BY seq LIMIT ?"
		cursor, flag, none = 0, 0, ErrNothingToRedo
	}
	var grp int64
	var label string
	if err := tx.QueryRowContext(ctx, pick).Scan(&grp, &label); errors.Is(err, sql.ErrNoRows) {
		return Replayed{}, none
	} else if err != nil {
		return Replayed{}, fmt.Errorf("history: %w", err)
	}
	w := &writer{tx: tx}
	defer w.close()
	var done, total int64
	if progress != nil {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM history WHERE undone = ? AND grp = ?", 1-flag, grp).Scan(&total); err != nil {
			return Replayed{}, fmt.Errorf("history: %w", err)
		}
	}
	if undo {
		if w.clearAll, err = addedEverySite(ctx, tx, grp); err != nil {
			return Replayed{}, err
		}
	}
	for {
		batch, err := historyBatch(ctx, tx, next, grp, cursor)
		if err != nil {
			return Replayed{}, err
		}
		if len(batch) == 0 {
			break
		}
		cursor = batch[len(batch)-1].seq
		n := int64(len(batch))
		if batch, err = s.replaySet(ctx, w, batch, undo); err != nil {
			return Replayed{}, fmt.Errorf("%s %q: %w", map[bool]string{true: "undo", false: "redo"}[undo], label, err)
		}
		for _, h := range batch {
			if err := ctx.Err(); err != nil {
				return Replayed{}, err
			}
			if err := s.replayOne(ctx, w, h, undo); err != nil {
				return Replayed{}, fmt.Errorf("%s %q: %w", map[bool]string{true: "undo", false: "redo"}[undo], label, err)
			}
		}
		if done += n; progress != nil {
			progress(done, total)
		}
	}
	if w.clearAll {
		if err := clearSites(ctx, tx); err != nil {
			return Replayed{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE history SET undone = ? WHERE undone = ? AND grp = ?", flag, 1-flag, grp); err != nil {
		return Replayed{}, fmt.Errorf("history: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Replayed{}, classify(s.path, err)
	}
	r := Replayed{Label: label}
	if !w.many {
		r.Sites = w.replayed
	}
	return r, nil
}

type historyRow struct {
	seq           int64
	siteID        string
	before, after []byte
}

func historyBatch(ctx context.Context, tx *sql.Tx, q string, grp, cursor int64) ([]historyRow, error) {
	rows, err := tx.QueryContext(ctx, q, grp, cursor, replayBatch)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var h historyRow
		if err := rows.Scan(&h.seq, &h.siteID, &h.before, &h.after); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (s *Store) replayOne(ctx context.Context, w *writer, h historyRow, undo bool) error {
	target := h.after
	if undo {
		target = h.before
		if h.after == nil {
			// An import stores no "after": the site's current state is it,
			// because every later action has been undone already. Keep it
			// now so that redo can bring it back.
			cur, _, err := loadSnapshot(ctx, w.tx, h.siteID, true)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if cur != nil {
				b, err := cur.encode()
				if err != nil {
					return err
				}
				if _, err := w.tx.ExecContext(ctx, "UPDATE history SET after = ? WHERE seq = ?", b, h.seq); err != nil {
					return fmt.Errorf("history: %w", err)
				}
			}
		}
	}
	sn, err := decodeSnapshot(target)
	if err != nil {
		return err
	}
	return w.applyState(ctx, h.siteID, sn)
}

// applyState makes the site with id look like target (nil: absent).
func (w *writer) applyState(ctx context.Context, id string, target *snapshot) error {
	var row int64
	err := w.tx.QueryRowContext(ctx, "SELECT row FROM sites WHERE id = ?", id).Scan(&row)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	before := row // 0 when the site does not exist
	switch {
	case target == nil && exists:
		w.noteReplayed(id, row, 0)
		_, err := w.tx.ExecContext(ctx, "DELETE FROM sites WHERE row = ?", row)
		return err
	case target == nil:
		return nil
	case exists:
		if err := w.updateSite(ctx, row, &target.Site); err != nil {
			return err
		}
		if err := w.unindex(ctx, row); err != nil {
			return err
		}
	default:
		var added bool
		if row, added, err = w.insertSite(ctx, &target.Site); err != nil {
			return err
		} else if !added {
			return fmt.Errorf("site %s reappeared", id)
		}
	}
	w.noteReplayed(id, before, row)
	if err := w.index(ctx, "row = ?", row); err != nil {
		return err
	}
	return syncAttachments(ctx, w.tx, row, target)
}

// noteReplayed keeps what a replay did to a site while the sites are few.
func (w *writer) noteReplayed(id string, row, newRow int64) {
	if len(w.replayed) >= fewSites {
		w.many = true
	}
	if !w.many {
		w.replayed = append(w.replayed, ReplayedSite{ID: id, Row: row, NewRow: newRow})
	}
}

// SiteHistory returns every recorded change of the site with id, oldest
// first, including undone ones (marked Undone).
func (s *Store) SiteHistory(ctx context.Context, id string) ([]Change, error) {
	rows, err := s.db.QueryContext(ctx,
		"SELECT seq, grp, time, label, before, after, undone FROM history WHERE site_id = ? ORDER BY seq", id)
	if err != nil {
		return nil, fmt.Errorf("site history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c := Change{SiteID: id}
		var before, after []byte
		var undone int64
		if err := rows.Scan(&c.Seq, &c.Group, &c.Time, &c.Label, &before, &after, &undone); err != nil {
			return nil, fmt.Errorf("site history: %w", err)
		}
		c.Undone = undone != 0
		for _, p := range []struct {
			b   []byte
			dst **site.Site
		}{{before, &c.Before}, {after, &c.After}} {
			sn, err := decodeSnapshot(p.b)
			if err != nil {
				return nil, err
			}
			if sn != nil {
				*p.dst = &sn.Site
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Action is one undoable action of the whole database's history: an
// edit, a move, an import, a delete.
type Action struct {
	Group  int64
	Time   int64 // Unix milliseconds
	Label  string
	Undone bool
	Sites  int // the sites it changed
}

// Actions returns the newest limit actions, newest first, undone ones (the
// redo stack) before the rest, as Undo and Redo would meet them. It steps
// from group to group on the history index, so that a million-row import
// costs one index range count, not a scan of its rows.
func (s *Store) Actions(ctx context.Context, limit int) ([]Action, error) {
	if limit <= 0 {
		limit = 20
	}
	var out []Action
	for _, undone := range []int{1, 0} {
		next := int64(math.MaxInt64)
		if undone == 1 {
			next = math.MinInt64
		}
		for len(out) < limit {
			q := "SELECT grp, time, label FROM history WHERE undone = 0 AND grp < ? ORDER BY undone, grp DESC LIMIT 1"
			if undone == 1 {
				// The redo stack, next redo first.
				q = "SELECT grp, time, label FROM history WHERE undone = 1 AND grp > ? ORDER BY undone, grp LIMIT 1"
			}
			var a Action
			err := s.db.QueryRowContext(ctx, q, next).Scan(&a.Group, &a.Time, &a.Label)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("history: %w", err)
			}
			a.Undone = undone == 1
			if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM history WHERE undone = ? AND grp = ?", undone, a.Group).Scan(&a.Sites); err != nil {
				return nil, fmt.Errorf("history: %w", err)
			}
			out = append(out, a)
			next = a.Group
		}
	}
	return out, nil
}
