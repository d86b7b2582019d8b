package teamstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Kind is what a change does to a site.
type Kind string

// The kinds of change. Hide marks a site confidential for readers of the
// public tables: they keep only its id.
const (
	Upsert Kind = "upsert"
	Delete Kind = "delete"
	Hide   Kind = "hide"
)

// Change is one site's change as a client sends it.
type Change struct {
	ID      string // a UUID the client made, kept with its pending push until acknowledged
	SiteID  string
	BaseSeq int64 // the server state the client changed (0: none)
	Kind    Kind
	// Public is the site as public readers may see it (Upsert); Full, in a
	// trusted project, the whole site when it differs from Public.
	Public, Full *site.Site
}

// Outcome is what the server did with a change.
type Outcome struct {
	ChangeID string
	// Seq is the change's place in the log; 0 when it was not applied
	// because the site had changed on the server since BaseSeq (stale):
	// the client pulls, merges and sends a new change.
	Seq int64
}

// record is a site as JSONB: the model's fields plus the geometry as WKB
// (orb's geometry interface cannot be read back from JSON).
type record struct {
	Site site.Site `json:"site"`
	WKB  []byte    `json:"wkb,omitempty"`
}

func encodeRecord(s *site.Site) ([]byte, error) {
	if s == nil {
		return nil, nil
	}
	r := record{Site: *s}
	if s.Geometry != nil {
		b, err := wkb.Marshal(s.Geometry)
		if err != nil {
			return nil, fmt.Errorf("site %s: geometry: %w", s.ID, err)
		}
		r.WKB = b
		r.Site.Geometry = nil
	}
	return json.Marshal(r)
}

func decodeRecord(b []byte) (*site.Site, error) {
	if b == nil {
		return nil, nil
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	if len(r.WKB) > 0 {
		g, err := wkb.Unmarshal(r.WKB)
		if err != nil {
			return nil, err
		}
		r.Site.Geometry = orb.Clone(g)
	}
	return &r.Site, nil
}

// Apply applies a batch of changes by user in one transaction: a change id
// seen before is answered as it was then and applied no second time. Pushes
// are serialised by an advisory lock, which also makes sequence numbers
// commit in order, so a puller that has seen seq N has seen all below it.
// Head is the log's last seq before the batch.
func (s *Server) Apply(ctx context.Context, user string, batch []Change) (out []Outcome, head int64, err error) {
	if user == "" {
		return nil, 0, fmt.Errorf("a team sync needs a user name (--user, or the preference)")
	}
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return nil, 0, classify("", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "siteatlas-push:"+s.schema); err != nil {
		return nil, 0, classify("", err)
	}
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM changes").Scan(&head); err != nil {
		return nil, 0, classify("", err)
	}
	ids := make([]string, len(batch))
	siteIDs := make([]string, len(batch))
	for i, c := range batch {
		ids[i], siteIDs[i] = c.ID, c.SiteID
	}
	known := map[string]int64{}
	rows, _ := tx.Query(ctx, "SELECT change_id::text, coalesce(seq, 0) FROM changes WHERE change_id = ANY($1::uuid[])", ids)
	if err := scanPairs(rows, known); err != nil {
		return nil, 0, classify("", err)
	}
	current := map[string]int64{}
	rows, _ = tx.Query(ctx, "SELECT id, seq FROM sites WHERE id = ANY($1)", siteIDs)
	if err := scanPairs(rows, current); err != nil {
		return nil, 0, classify("", err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO users (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET last_seen = now()", user); err != nil {
		return nil, 0, classify("", err)
	}
	var (
		apply                []int
		cIDs, cSites, cKinds []string
		cSeqs                []*int64
		pubIDs, pubKinds     []string
		pubSeqs              []int64
		pubRecs              [][]byte
		fullIDs              []string
		fullSeqs             []int64
		fullRecs             [][]byte
		clearFull            []string
	)
	out = make([]Outcome, len(batch))
	for i, c := range batch {
		out[i].ChangeID = c.ID
		if seq, ok := known[c.ID]; ok {
			out[i].Seq = seq
			continue
		}
		cIDs, cSites, cKinds = append(cIDs, c.ID), append(cSites, c.SiteID), append(cKinds, string(c.Kind))
		if current[c.SiteID] != c.BaseSeq {
			cSeqs = append(cSeqs, nil) // stale: recorded so a resend gets the same answer
			continue
		}
		apply = append(apply, i)
		cSeqs = append(cSeqs, new(int64))
	}
	if len(apply) > 0 {
		seqs := make([]int64, 0, len(apply))
		rows, _ := tx.Query(ctx, "SELECT nextval('change_seq') FROM generate_series(1, $1)", len(apply))
		for rows.Next() {
			var v int64
			if err := rows.Scan(&v); err != nil {
				return nil, 0, classify("", err)
			}
			seqs = append(seqs, v)
		}
		if err := rows.Err(); err != nil {
			return nil, 0, classify("", err)
		}
		k := 0
		for j := range cSeqs {
			if cSeqs[j] != nil {
				*cSeqs[j] = seqs[k]
				k++
			}
		}
		for k, i := range apply {
			c := batch[i]
			out[i].Seq = seqs[k]
			pub, err := encodeRecord(c.Public)
			if err != nil {
				return nil, 0, err
			}
			if c.Kind != Upsert {
				pub = nil
			}
			pubIDs, pubKinds, pubSeqs, pubRecs = append(pubIDs, c.SiteID), append(pubKinds, string(c.Kind)), append(pubSeqs, seqs[k]), append(pubRecs, pub)
			if c.Full != nil && c.Kind != Delete {
				full, err := encodeRecord(c.Full)
				if err != nil {
					return nil, 0, err
				}
				fullIDs, fullSeqs, fullRecs = append(fullIDs, c.SiteID), append(fullSeqs, seqs[k]), append(fullRecs, full)
			} else {
				clearFull = append(clearFull, c.SiteID)
			}
		}
	}
	if len(cIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO changes (change_id, seq, site_id, kind, user_name)
			SELECT c, s, i, k, $5 FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS t(c, s, i, k)
			ON CONFLICT (change_id) DO NOTHING`, cIDs, cSeqs, cSites, cKinds, user); err != nil {
			return nil, 0, classify("", err)
		}
	}
	if len(pubIDs) > 0 {
		if err := upsertSites(ctx, tx, user, pubIDs, pubKinds, pubSeqs, pubRecs); err != nil {
			return nil, 0, err
		}
	}
	if len(clearFull) > 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM sites_confidential WHERE id = ANY($1)", clearFull); err != nil {
			return nil, 0, classify("", err)
		}
	}
	if len(fullIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO sites_confidential (id, seq, record, geom)
			SELECT i, s, r, CASE WHEN r ? 'wkb' THEN ST_SetSRID(ST_GeomFromWKB(decode(r->>'wkb', 'base64')), 4326) END
			FROM unnest($1::text[], $2::bigint[], $3::jsonb[]) AS t(i, s, r)
			ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, record = excluded.record, geom = excluded.geom`,
			fullIDs, fullSeqs, fullRecs); err != nil {
			return nil, 0, classify("", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, 0, classify("", err)
	}
	return out, head, nil
}

// upsertSites writes the public state of the applied changes, its columns
// read from the JSONB record by the server, then the child tables GIS users
// join on.
func upsertSites(ctx context.Context, tx pgx.Tx, user string, ids, kinds []string, seqs []int64, recs [][]byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO sites (id, seq, deleted, confidential, name, category, status, precision, city, province, country,
			operator, workers, first_reported, last_reported, notes, updated_by, updated_at, geom, record)
		SELECT i, s, k = 'delete', k = 'hide',
			coalesce(r->'site'->>'Name', ''), coalesce(r->'site'->>'Category', ''), coalesce(r->'site'->>'Status', ''),
			coalesce(r->'site'->>'Precision', ''), coalesce(r->'site'->>'City', ''), coalesce(r->'site'->>'Province', ''),
			coalesce(r->'site'->>'Country', ''), coalesce(r->'site'->>'Operator', ''), (r->'site'->>'WorkersEstimate')::int,
			coalesce(r->'site'->>'FirstReported', ''), coalesce(r->'site'->>'LastReported', ''), coalesce(r->'site'->>'Notes', ''),
			$5, now(),
			CASE WHEN r ? 'wkb' THEN ST_SetSRID(ST_GeomFromWKB(decode(r->>'wkb', 'base64')), 4326) END, r
		FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) AS t(i, k, s, r)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, confidential = excluded.confidential,
			name = excluded.name, category = excluded.category, status = excluded.status, precision = excluded.precision,
			city = excluded.city, province = excluded.province, country = excluded.country, operator = excluded.operator,
			workers = excluded.workers, first_reported = excluded.first_reported, last_reported = excluded.last_reported,
			notes = excluded.notes, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
			geom = excluded.geom, record = excluded.record`, ids, kinds, seqs, recs, user)
	if err != nil {
		return fmt.Errorf("writing sites: %w", classify("", err))
	}
	for _, q := range []string{
		"DELETE FROM sources WHERE site_id = ANY($1)",
		"DELETE FROM observations WHERE site_id = ANY($1)",
		`INSERT INTO sources (site_id, ord, id, title, publisher, url, published, reliability, credibility)
			SELECT s.id, x.o, x.v->>'ID', x.v->>'Title', x.v->>'Publisher', x.v->>'URL', x.v->>'Published', x.v->>'Reliability', (x.v->>'Credibility')::int
			FROM sites s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.record->'site'->'Sources') = 'array' THEN s.record->'site'->'Sources' ELSE '[]' END) WITH ORDINALITY AS x(v, o)
			WHERE s.id = ANY($1)`,
		`INSERT INTO observations (site_id, ord, id, date, status, note, source_id)
			SELECT s.id, x.o, x.v->>'ID', x.v->>'Date', x.v->>'Status', x.v->>'Note', x.v->>'SourceID'
			FROM sites s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.record->'site'->'Observations') = 'array' THEN s.record->'site'->'Observations' ELSE '[]' END) WITH ORDINALITY AS x(v, o)
			WHERE s.id = ANY($1)`,
	} {
		if _, err := tx.Exec(ctx, q, ids); err != nil {
			return fmt.Errorf("writing sources and observations: %w", classify("", err))
		}
	}
	return nil
}

func scanPairs(rows pgx.Rows, into map[string]int64) error {
	defer rows.Close()
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = v
	}
	return rows.Err()
}

// Remote is a site's state on the server as a pull reads it.
type Remote struct {
	SiteID  string
	Seq     int64
	Deleted bool
	Hidden  bool       // confidential, and not readable by this client
	Site    *site.Site // nil when deleted or hidden
	// Full says Site is the full record (trusted project, record current),
	// not the public one with confidential parts withheld.
	Full bool
}

// Pull returns up to limit sites changed after seq, in seq order; with
// trusted, the confidential records too where they are current.
func (s *Server) Pull(ctx context.Context, after int64, limit int, trusted bool) ([]Remote, error) {
	q := "SELECT id, seq, deleted, confidential, record, NULL::jsonb FROM sites WHERE seq > $1 ORDER BY seq LIMIT $2"
	if trusted {
		q = `SELECT s.id, s.seq, s.deleted, s.confidential, s.record, c.record FROM sites s
			LEFT JOIN sites_confidential c ON c.id = s.id AND c.seq = s.seq WHERE s.seq > $1 ORDER BY s.seq LIMIT $2`
	}
	rows, err := s.conn.Query(ctx, q, after, limit)
	if err != nil {
		return nil, classify("", err)
	}
	defer rows.Close()
	var out []Remote
	for rows.Next() {
		var r Remote
		var pub, full []byte
		if err := rows.Scan(&r.SiteID, &r.Seq, &r.Deleted, &r.Hidden, &pub, &full); err != nil {
			return nil, classify("", err)
		}
		rec := pub
		if full != nil {
			rec, r.Full, r.Hidden = full, true, false
		}
		if !r.Deleted && !r.Hidden {
			if r.Site, err = decodeRecord(rec); err != nil {
				return nil, fmt.Errorf("team project: site %s at change %d: unreadable record: %w", r.SiteID, r.Seq, err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("", err)
	}
	return out, nil
}
