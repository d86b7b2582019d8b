package store

import (
	"context"
	"fmt"
)

// TextRows returns the rows whose text matches what the user typed (as
// Filter.Text), in no particular order, reading only the full-text index:
// the list sorts and filters them in memory. filtered is false when text
// holds nothing to search for (blank or punctuation), which matches every
// site.
func (s *Store) TextRows(ctx context.Context, text string) (rows []int64, filtered bool, err error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, false, nil
	}
	res, err := s.db.QueryContext(ctx, "SELECT rowid FROM sites_fts WHERE sites_fts MATCH ?", q)
	if err != nil {
		return nil, true, fmt.Errorf("search %q: %w", text, classify(s.path, err))
	}
	defer res.Close()
	rows = []int64{}
	for res.Next() {
		var r int64
		if err := res.Scan(&r); err != nil {
			return nil, true, fmt.Errorf("search %q: %w", text, err)
		}
		rows = append(rows, r)
	}
	if err := res.Err(); err != nil {
		return nil, true, fmt.Errorf("search %q: %w", text, classify(s.path, err))
	}
	return rows, true, nil
}
