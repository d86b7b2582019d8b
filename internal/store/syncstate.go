package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/siteatlas/siteatlas/internal/site"
)

// SyncHead is where a site stood on the team server at the last sync.
type SyncHead struct {
	Seq  int64
	Hash string
}

// SyncBase is a head with the site as the server had it (nil: deleted or
// hidden there): the base of the next three-way merge.
type SyncBase struct {
	SyncHead
	Site *site.Site
}

// SyncPending is a change written down before it is sent to the server.
type SyncPending struct {
	ChangeID, SiteID string
	BaseSeq          int64
	Kind             string
	Public, Full     *site.Site
}

// SyncConflictField is one conflicting field, as text for the review.
type SyncConflictField struct {
	Field, Label, Mine, Theirs string
}

// SyncConflict is a site whose merge with the server's copy has conflicts.
type SyncConflict struct {
	SiteID       string
	TheirsSeq    int64
	Base, Theirs *site.Site
	Fields       []SyncConflictField
	Recorded     time.Time
}

// SyncTx is one sync step's transaction on the local project: the sites it
// writes, their bases, pending pushes and the cursor commit together, so
// that a kill leaves either all of it or none.
type SyncTx struct {
	ctx context.Context
	w   *writer
}

// SyncUpdate runs fn in one transaction. Sites written with Put are one
// undoable action labelled label.
func (s *Store) SyncUpdate(ctx context.Context, label string, fn func(*SyncTx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(s.path, err)
	}
	defer tx.Rollback()
	t := &SyncTx{ctx: ctx, w: &writer{tx: tx, label: label, time: millis(now())}}
	defer t.w.close()
	if err := fn(t); err != nil {
		return classify(s.path, err)
	}
	return classify(s.path, tx.Commit())
}

// Site returns the local site with id, nil when there is none.
func (t *SyncTx) Site(id string) (*site.Site, error) {
	st, _, err := loadSite(t.ctx, t.w.tx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// Put makes the local site with id st (nil: deletes it), with data holding
// the bytes of attachments the local copy lacks, and records it for undo.
func (t *SyncTx) Put(id string, st *site.Site, data map[string][]byte) error {
	if t.w.group == 0 {
		g, err := newGroup(t.ctx, t.w.tx)
		if err != nil {
			return err
		}
		t.w.group = g
	}
	before, _, err := loadSnapshot(t.ctx, t.w.tx, id, true)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	var after *snapshot
	if st != nil {
		after = &snapshot{Site: *st, Data: map[string][]byte{}}
		for _, a := range st.Attachments {
			if d, ok := data[a.ID]; ok {
				after.Data[a.ID] = d
			} else if before != nil && before.Data[a.ID] != nil {
				after.Data[a.ID] = before.Data[a.ID]
			}
		}
		if err := prepareSite(&after.Site); err != nil {
			return err
		}
	}
	if err := t.w.applyState(t.ctx, id, after); err != nil {
		return fmt.Errorf("sync: site %s: %w", id, err)
	}
	return t.w.record(t.ctx, id, before, after)
}

// Base returns the site's sync base, nil when it was never synced.
func (t *SyncTx) Base(id string) (*SyncBase, error) {
	var b SyncBase
	var snap []byte
	err := t.w.tx.QueryRowContext(t.ctx, "SELECT seq, hash, snapshot FROM sync_base WHERE site_id = ?", id).Scan(&b.Seq, &b.Hash, &snap)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sync base %s: %w", id, err)
	}
	sn, err := decodeSnapshot(snap)
	if err != nil {
		return nil, err
	}
	if sn != nil {
		b.Site = &sn.Site
	}
	return &b, nil
}

// SetBase records the site's state on the server.
func (t *SyncTx) SetBase(id string, b SyncBase) error {
	var sn *snapshot
	if b.Site != nil {
		sn = &snapshot{Site: *b.Site}
	}
	enc, err := sn.encode()
	if err != nil {
		return err
	}
	_, err = t.w.tx.ExecContext(t.ctx, `INSERT INTO sync_base (site_id, seq, hash, snapshot) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, snapshot = excluded.snapshot`, id, b.Seq, b.Hash, enc)
	return err
}

// AddPending writes a change down before it is sent.
func (t *SyncTx) AddPending(p SyncPending) error {
	pub, err := encodeSite(p.Public)
	if err != nil {
		return err
	}
	full, err := encodeSite(p.Full)
	if err != nil {
		return err
	}
	_, err = t.w.tx.ExecContext(t.ctx, `INSERT INTO sync_pending (change_id, site_id, base_seq, kind, public, full, created) VALUES (?,?,?,?,?,?,?)`,
		p.ChangeID, p.SiteID, p.BaseSeq, p.Kind, pub, full, t.w.time)
	return err
}

// DonePending forgets a change the server has answered.
func (t *SyncTx) DonePending(changeID string) error {
	_, err := t.w.tx.ExecContext(t.ctx, "DELETE FROM sync_pending WHERE change_id = ?", changeID)
	return err
}

// SetConflict records (c non-nil) or clears the site's conflicts.
func (t *SyncTx) SetConflict(id string, c *SyncConflict) error {
	if c == nil {
		_, err := t.w.tx.ExecContext(t.ctx, "DELETE FROM sync_conflicts WHERE site_id = ?", id)
		return err
	}
	base, err := encodeSite(c.Base)
	if err != nil {
		return err
	}
	theirs, err := encodeSite(c.Theirs)
	if err != nil {
		return err
	}
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return err
	}
	_, err = t.w.tx.ExecContext(t.ctx, `INSERT INTO sync_conflicts (site_id, theirs_seq, base, theirs, fields, recorded) VALUES (?,?,?,?,?,?)
		ON CONFLICT (site_id) DO UPDATE SET theirs_seq = excluded.theirs_seq, base = excluded.base, theirs = excluded.theirs,
		fields = excluded.fields, recorded = excluded.recorded`, id, c.TheirsSeq, base, theirs, string(fields), t.w.time)
	return err
}

// SetMeta sets a sync setting (project id, cursor, last sync).
func (t *SyncTx) SetMeta(key, value string) error {
	_, err := t.w.tx.ExecContext(t.ctx, `INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func encodeSite(s *site.Site) (any, error) {
	if s == nil {
		return nil, nil
	}
	return (&snapshot{Site: *s}).encode()
}

func decodeSite(b []byte) (*site.Site, error) {
	sn, err := decodeSnapshot(b)
	if err != nil || sn == nil {
		return nil, err
	}
	return &sn.Site, nil
}

// SyncMeta returns a sync setting, "" when unset.
func (s *Store) SyncMeta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM sync_meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SyncHeads returns every synced site's head, by site id.
func (s *Store) SyncHeads(ctx context.Context) (map[string]SyncHead, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT site_id, seq, hash FROM sync_base")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]SyncHead{}
	for rows.Next() {
		var id string
		var h SyncHead
		if err := rows.Scan(&id, &h.Seq, &h.Hash); err != nil {
			return nil, err
		}
		out[id] = h
	}
	return out, rows.Err()
}

// SyncPendings returns the changes not yet acknowledged, oldest first.
func (s *Store) SyncPendings(ctx context.Context) ([]SyncPending, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT change_id, site_id, base_seq, kind, public, full FROM sync_pending ORDER BY created, change_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SyncPending
	for rows.Next() {
		var p SyncPending
		var pub, full []byte
		if err := rows.Scan(&p.ChangeID, &p.SiteID, &p.BaseSeq, &p.Kind, &pub, &full); err != nil {
			return nil, err
		}
		if p.Public, err = decodeSite(pub); err != nil {
			return nil, err
		}
		if p.Full, err = decodeSite(full); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SyncConflicts returns the sites with unresolved sync conflicts.
func (s *Store) SyncConflicts(ctx context.Context) ([]SyncConflict, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT site_id, theirs_seq, base, theirs, fields, recorded FROM sync_conflicts ORDER BY recorded, site_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SyncConflict
	for rows.Next() {
		var c SyncConflict
		var base, theirs []byte
		var fields string
		var rec int64
		if err := rows.Scan(&c.SiteID, &c.TheirsSeq, &base, &theirs, &fields, &rec); err != nil {
			return nil, err
		}
		if c.Base, err = decodeSite(base); err != nil {
			return nil, err
		}
		if c.Theirs, err = decodeSite(theirs); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return nil, fmt.Errorf("sync conflict %s: %w", c.SiteID, err)
		}
		c.Recorded = fromMillis(rec)
		out = append(out, c)
	}
	return out, rows.Err()
}
