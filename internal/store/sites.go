package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/siteatlas/siteatlas/internal/site"
)

// querier is what *sql.DB, *sql.Tx and *sql.Conn have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Get returns the site with id, with its sources, observations and
// attachment metadata, or an error wrapping ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (site.Site, error) {
	st, _, err := loadSite(ctx, s.db, id)
	if err != nil {
		return site.Site{}, fmt.Errorf("get site: %w", err)
	}
	return st, nil
}

// Create adds a new site and records it for undo as "add '<name>'". It
// assigns s.ID when empty (and IDs of sources and observations that have
// none), sets Created when zero and Updated to now, and writes them back
// into *s.
func (s *Store) Create(ctx context.Context, st *site.Site) error {
	return s.CreateLabeled(ctx, st, fmt.Sprintf("add '%s'", st.Name))
}

// CreateLabeled is Create with the label shown in the Undo menu item.
func (s *Store) CreateLabeled(ctx context.Context, st *site.Site, label string) error {
	n := *st
	now := now()
	if n.Created.IsZero() {
		n.Created = now
	}
	n.Updated = now
	if err := prepareSite(&n); err != nil {
		return err
	}
	err := s.write(ctx, label, func(w *writer) error {
		if _, added, err := w.insertSite(ctx, &n); err != nil {
			return err
		} else if !added {
			return fmt.Errorf("create site: a site with id %s already exists", n.ID)
		}
		if err := w.indexSite(ctx, n.ID); err != nil {
			return err
		}
		return w.record(ctx, n.ID, nil, &snapshot{Site: n})
	})
	if err != nil {
		return fmt.Errorf("create site %q: %w", n.Name, err)
	}
	*st = n
	return nil
}

// Update replaces the site with the same ID (fields, sources and
// observations; attachments are managed with AddAttachment and
// DeleteAttachment) and records it for undo as "edit '<name>'".
func (s *Store) Update(ctx context.Context, st site.Site) error {
	return s.UpdateLabeled(ctx, st, fmt.Sprintf("edit '%s'", st.Name))
}

// UpdateLabeled is Update with the label shown in the Undo menu item, such
// as "move 'Hunchun seafood plant'".
func (s *Store) UpdateLabeled(ctx context.Context, st site.Site, label string) error {
	st.Updated = now()
	if err := prepareSite(&st); err != nil {
		return err
	}
	// A save that changes nothing writes nothing: no history, no undo
	// step, no new Updated time, and the redo stack survives.
	if old, _, err := loadSite(ctx, s.db, st.ID); err == nil {
		cmp := st
		if cmp.Created.IsZero() {
			cmp.Created = old.Created
		}
		cmp.Attachments = old.Attachments
		if site.SameContent(old, cmp) {
			return nil
		}
	}
	err := s.write(ctx, label, func(w *writer) error {
		old, row, err := loadSite(ctx, w.tx, st.ID)
		if err != nil {
			return err
		}
		if st.Created.IsZero() {
			st.Created = old.Created
		}
		st.Attachments = old.Attachments
		if err := w.updateSite(ctx, row, &st); err != nil {
			return err
		}
		if err := w.unindex(ctx, row); err != nil {
			return err
		}
		if err := w.indexSite(ctx, st.ID); err != nil {
			return err
		}
		return w.record(ctx, st.ID, &snapshot{Site: old}, &snapshot{Site: st})
	})
	if err != nil {
		return fmt.Errorf("update site %q: %w", st.Name, err)
	}
	return nil
}

// now is the store's clock, at the millisecond precision it stores.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// prepareSite gives IDs to whatever lacks one and validates the result.
func prepareSite(st *site.Site) error {
	if st.ID == "" {
		st.ID = site.NewID()
	}
	// Copy the child slices before filling IDs so the caller's site is not
	// changed behind its back.
	if needIDs(st) {
		st.Sources = append([]site.Source(nil), st.Sources...)
		st.Observations = append([]site.Observation(nil), st.Observations...)
		for i := range st.Sources {
			if st.Sources[i].ID == "" {
				st.Sources[i].ID = site.NewID()
			}
		}
		for i := range st.Observations {
			if st.Observations[i].ID == "" {
				st.Observations[i].ID = site.NewID()
			}
		}
	}
	if err := st.Validate(); err != nil {
		return fmt.Errorf("site %q: %w", st.Name, err)
	}
	return nil
}

func needIDs(st *site.Site) bool {
	for _, x := range st.Sources {
		if x.ID == "" {
			return true
		}
	}
	for _, x := range st.Observations {
		if x.ID == "" {
			return true
		}
	}
	return false
}

// write runs fn in one immediate transaction as a new history group.
func (s *Store) write(ctx context.Context, label string, fn func(w *writer) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(s.path, err)
	}
	defer tx.Rollback()
	w := &writer{tx: tx, label: label, time: millis(now())}
	if w.group, err = newGroup(ctx, tx); err != nil {
		return err
	}
	if err := fn(w); err != nil {
		return classify(s.path, err)
	}
	return classify(s.path, tx.Commit())
}

// loadSite reads a full site (attachment metadata, not bytes) and its row.
func loadSite(ctx context.Context, q querier, id string) (site.Site, int64, error) {
	r := q.QueryRowContext(ctx, "SELECT row, "+siteColumns+" FROM sites WHERE id = ?", id)
	row, st, err := scanSite(r)
	if errors.Is(err, sql.ErrNoRows) {
		return st, 0, notFound("site", id)
	}
	if err != nil {
		return st, 0, err
	}
	one := map[int64]*site.Site{row: &st}
	if err := loadChildren(ctx, q, one, []any{row}, "?"); err != nil {
		return st, 0, err
	}
	if st.Attachments, err = loadAttachments(ctx, q, row); err != nil {
		return st, 0, err
	}
	return st, row, nil
}

const (
	sourceColumns      = "site, ord, id, title, publisher, url, published, accessed, excerpt, reliability, credibility, confidential"
	observationColumns = "site, ord, id, date, status, note, source_id, confidential"
)

// loadChildren fills sources and observations of the sites in bySite, whose
// rows are args, matched by the placeholders in in ("?,?,?"), or by the
// range "BETWEEN ? AND ?" with args the first and last row.
func loadChildren(ctx context.Context, q querier, bySite map[int64]*site.Site, args []any, in string) error {
	where := "site IN (" + in + ")"
	if strings.HasPrefix(in, "BETWEEN") {
		where = "site " + in
	}
	rows, err := q.QueryContext(ctx, "SELECT "+sourceColumns+" FROM sources WHERE "+where+" ORDER BY site, ord", args...)
	if err != nil {
		return fmt.Errorf("load sources: %w", err)
	}
	for rows.Next() {
		var row, ord, cred, conf int64
		var x site.Source
		var pub, acc string
		if err := rows.Scan(&row, &ord, &x.ID, &x.Title, &x.Publisher, &x.URL, &pub, &acc, &x.Excerpt, &x.Reliability, &cred, &conf); err != nil {
			rows.Close()
			return fmt.Errorf("load sources: %w", err)
		}
		x.Published, x.Accessed, x.Credibility, x.Confidential = site.PartialDate(pub), site.PartialDate(acc), int(cred), conf != 0
		if st := bySite[row]; st != nil {
			st.Sources = append(st.Sources, x)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load sources: %w", err)
	}
	rows, err = q.QueryContext(ctx, "SELECT "+observationColumns+" FROM observations WHERE "+where+" ORDER BY site, ord", args...)
	if err != nil {
		return fmt.Errorf("load observations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var row, ord, conf int64
		var x site.Observation
		var date, status string
		if err := rows.Scan(&row, &ord, &x.ID, &date, &status, &x.Note, &x.SourceID, &conf); err != nil {
			return fmt.Errorf("load observations: %w", err)
		}
		x.Date, x.Status, x.Confidential = site.PartialDate(date), site.Status(status), conf != 0
		if st := bySite[row]; st != nil {
			st.Observations = append(st.Observations, x)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load observations: %w", err)
	}
	return nil
}
