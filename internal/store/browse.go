package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Rows returns the rows f matches, in f's order: what a list of a million
// sites keeps in memory instead of the sites, fetching the few on screen
// with SummariesByRow.
//
// In row order (ByRow), with only a text and/or box filter, it reads the
// full-text index and the R-tree alone: the fast way to ask which sites a
// search or a map view holds.
func (s *Store) Rows(ctx context.Context, f Filter) ([]int64, error) {
	query, args, fast := f.indexOnly(true)
	if fast {
		out, err := s.rowList(ctx, query, args, true)
		if err != nil {
			return nil, fmt.Errorf("site rows: %w", classify(s.path, err))
		}
		return out, nil
	}
	q := f.compile("s.row AS row, s.id AS id, s.name AS name, s.updated AS updated")
	query, args = q.sql(), q.args
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("site rows: %w", classify(s.path, err))
	}
	defer rows.Close()
	var out []int64
	var skip sql.RawBytes
	dest := []any{new(int64), &skip, &skip, &skip}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("site rows: %w", err)
		}
		out = append(out, *dest[0].(*int64))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("site rows: %w", classify(s.path, err))
	}
	return out, nil
}

// SummariesByRow returns the summaries of these rows, in the order given;
// rows that no longer exist are left out.
func (s *Store) SummariesByRow(ctx context.Context, rows []int64) ([]site.Summary, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	byRow := make(map[int64]site.Summary, len(rows))
	err := s.Summaries(ctx, Filter{Rows: rows, Order: ByRow}, func(sm site.Summary) error {
		byRow[sm.Row] = sm
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]site.Summary, 0, len(rows))
	for _, r := range rows {
		if sm, ok := byRow[r]; ok {
			out = append(out, sm)
		}
	}
	return out, nil
}

// GetByRow returns the whole site stored at row.
func (s *Store) GetByRow(ctx context.Context, row int64) (site.Site, error) {
	var out site.Site
	found := false
	err := s.Query(ctx, Filter{Rows: []int64{row}}, func(st site.Site) error {
		out, found = st, true
		return nil
	})
	if err == nil && !found {
		err = notFound("site at row", strconv.FormatInt(row, 10))
	}
	return out, err
}

// CountConfidential counts what an export of the sites f matches would
// leave out as confidential, without reading the sites: the export dialog
// says it before anything is written.
func (s *Store) CountConfidential(ctx context.Context, f Filter) (site.Redaction, error) {
	f.Order, f.Limit, f.Offset = ByRow, 0, 0
	q := f.compile("s.row AS row, s.confidential AS confidential, s.confidential_notes AS confidential_notes")
	matched := "(" + q.sql() + ")"
	var r site.Redaction
	err := s.db.QueryRowContext(ctx, `
		WITH m AS `+matched+`
		SELECT
		  (SELECT count(*) FROM m WHERE confidential),
		  (SELECT count(*) FROM sources c JOIN m ON c.site = m.row WHERE m.confidential OR c.confidential),
		  (SELECT count(*) FROM observations c JOIN m ON c.site = m.row WHERE m.confidential OR c.confidential),
		  (SELECT count(*) FROM attachments c JOIN m ON c.site = m.row WHERE m.confidential OR c.confidential),
		  (SELECT count(*) FROM m WHERE confidential_notes != '')`, q.args...).
		Scan(&r.Sites, &r.Sources, &r.Observations, &r.Attachments, &r.ConfidentialNotes)
	if err != nil {
		return r, fmt.Errorf("count confidential data: %w", classify(s.path, err))
	}
	return r, nil
}

// encodeRows writes rows as a JSON array for json_each.
func encodeRows(rows []int64) string {
	b := make([]byte, 0, len(rows)*8)
	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, r, 10)
	}
	return string(append(b, ']'))
}
