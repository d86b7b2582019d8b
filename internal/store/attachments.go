package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

const attachmentColumns = "id, file_name, media_type, size, caption, taken_at, lon, lat, confidential"

// AddAttachment stores data as an attachment of the site with siteID and
// returns a's description with its ID (assigned when empty) and Size set.
// It is undoable ("attach '<file name>'").
func (s *Store) AddAttachment(ctx context.Context, siteID string, a site.Attachment, data []byte) (site.Attachment, error) {
	if a.ID == "" {
		a.ID = site.NewID()
	}
	a.Size = int64(len(data))
	label := fmt.Sprintf("attach '%s'", a.FileName)
	err := s.write(ctx, label, func(w *writer) error {
		before, row, err := loadSnapshot(ctx, w.tx, siteID, false)
		if err != nil {
			return err
		}
		if err := insertAttachment(ctx, w.tx, row, a, data); err != nil {
			return err
		}
		after := &snapshot{Site: before.Site, Data: map[string][]byte{a.ID: data}}
		after.Site.Attachments = append(append([]site.Attachment(nil), before.Site.Attachments...), a)
		return w.record(ctx, siteID, before, after)
	})
	if err != nil {
		return a, fmt.Errorf("add attachment %q: %w", a.FileName, err)
	}
	return a, nil
}

// DeleteAttachment removes the attachment with id (undoable: its bytes are
// kept in history).
func (s *Store) DeleteAttachment(ctx context.Context, id string) error {
	var siteID, name string
	err := s.db.QueryRowContext(ctx, "SELECT s.id, a.file_name FROM attachments a JOIN sites s ON s.row = a.site WHERE a.id = ?", id).Scan(&siteID, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("delete attachment: %w", notFound("attachment", id))
	}
	if err != nil {
		return fmt.Errorf("delete attachment: %w", err)
	}
	err = s.write(ctx, fmt.Sprintf("remove '%s'", name), func(w *writer) error {
		before, _, err := loadSnapshot(ctx, w.tx, siteID, false)
		if err != nil {
			return err
		}
		data, err := attachmentData(ctx, w.tx, id)
		if err != nil {
			return err
		}
		before.Data = map[string][]byte{id: data}
		after := &snapshot{Site: before.Site}
		after.Site.Attachments = nil
		for _, x := range before.Site.Attachments {
			if x.ID != id {
				after.Site.Attachments = append(after.Site.Attachments, x)
			}
		}
		if _, err := w.tx.ExecContext(ctx, "DELETE FROM attachments WHERE id = ?", id); err != nil {
			return err
		}
		return w.record(ctx, siteID, before, after)
	})
	if err != nil {
		return fmt.Errorf("delete attachment %q: %w", name, err)
	}
	return nil
}

// AttachmentData returns the bytes of the attachment with id.
func (s *Store) AttachmentData(ctx context.Context, id string) ([]byte, error) {
	b, err := attachmentData(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("attachment data: %w", err)
	}
	return b, nil
}

func attachmentData(ctx context.Context, q querier, id string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, "SELECT data FROM attachments WHERE id = ?", id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("attachment", id)
	}
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

func insertAttachment(ctx context.Context, q querier, row int64, a site.Attachment, data []byte) error {
	var taken, lon, lat any
	if a.TakenAt != nil {
		taken = a.TakenAt.UnixMilli()
	}
	if a.Position != nil {
		lon, lat = a.Position[0], a.Position[1]
	}
	if data == nil {
		data = []byte{}
	}
	_, err := q.ExecContext(ctx, "INSERT INTO attachments (site, "+attachmentColumns+", data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		row, a.ID, a.FileName, a.MediaType, int64(len(data)), a.Caption, taken, lon, lat, boolInt(a.Confidential), data)
	if err != nil {
		return fmt.Errorf("insert attachment %q: %w", a.FileName, err)
	}
	return nil
}

func loadAttachments(ctx context.Context, q querier, row int64) ([]site.Attachment, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+attachmentColumns+" FROM attachments WHERE site = ? ORDER BY row", row)
	if err != nil {
		return nil, fmt.Errorf("load attachments: %w", err)
	}
	defer rows.Close()
	var out []site.Attachment
	for rows.Next() {
		var a site.Attachment
		var taken sql.NullInt64
		var lon, lat sql.NullFloat64
		var conf int64
		if err := rows.Scan(&a.ID, &a.FileName, &a.MediaType, &a.Size, &a.Caption, &taken, &lon, &lat, &conf); err != nil {
			return nil, fmt.Errorf("load attachments: %w", err)
		}
		if taken.Valid {
			t := time.UnixMilli(taken.Int64).UTC()
			a.TakenAt = &t
		}
		if lon.Valid && lat.Valid {
			a.Position = &orb.Point{lon.Float64, lat.Float64}
		}
		a.Confidential = conf != 0
		out = append(out, a)
	}
	return out, rows.Err()
}

// syncAttachments makes the site's attachments those of target: removing
// the ones target lacks and inserting, from target's bytes, the ones the
// site lacks.
func syncAttachments(ctx context.Context, tx *sql.Tx, row int64, target *snapshot) error {
	cur, err := loadAttachments(ctx, tx, row)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, a := range target.Site.Attachments {
		want[a.ID] = true
	}
	have := map[string]bool{}
	for _, a := range cur {
		have[a.ID] = true
		if !want[a.ID] {
			if _, err := tx.ExecContext(ctx, "DELETE FROM attachments WHERE id = ?", a.ID); err != nil {
				return fmt.Errorf("remove attachment: %w", err)
			}
		}
	}
	for _, a := range target.Site.Attachments {
		if have[a.ID] {
			continue
		}
		data, ok := target.Data[a.ID]
		if !ok {
			return fmt.Errorf("attachment %q: its bytes are not in the history", a.FileName)
		}
		if err := insertAttachment(ctx, tx, row, a, data); err != nil {
			return err
		}
	}
	return nil
}
