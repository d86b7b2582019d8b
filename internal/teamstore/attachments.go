package teamstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/site"
)

// UploadAttachment stores an attachment's bytes once (by id, with their
// SHA-256), before the change that cites it: a kill between the two leaves
// bytes nobody cites yet, never a site citing bytes that are not there.
// Confidential bytes go to their own table.
func (s *Server) UploadAttachment(ctx context.Context, siteID string, a site.Attachment, data []byte) error {
	table := "attachments"
	if a.Confidential {
		table = "attachments_confidential"
	}
	sum := sha256.Sum256(data)
	_, err := s.conn.Exec(ctx, "INSERT INTO "+table+` (id, site_id, file_name, media_type, sha256, size, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
		a.ID, siteID, a.FileName, a.MediaType, hex.EncodeToString(sum[:]), len(data), data)
	if err != nil {
		return fmt.Errorf("uploading attachment %q: %w", a.FileName, classify("", err))
	}
	return nil
}

// Attachments returns the bytes of the attachments with ids, each checked
// against its SHA-256; confidential ones only when trusted.
func (s *Server) Attachments(ctx context.Context, ids []string, trusted bool) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(ids) == 0 {
		return out, nil
	}
	q := "SELECT id, sha256, data FROM attachments WHERE id = ANY($1)"
	if trusted {
		q += " UNION ALL SELECT id, sha256, data FROM attachments_confidential WHERE id = ANY($1)"
	}
	rows, err := s.conn.Query(ctx, q, ids)
	if err != nil {
		return nil, classify("", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sum string
		var data []byte
		if err := rows.Scan(&id, &sum, &data); err != nil {
			return nil, classify("", err)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			return nil, fmt.Errorf("team project: attachment %s: its bytes do not match their SHA-256", id)
		}
		out[id] = data
	}
	return out, classify("", rows.Err())
}
