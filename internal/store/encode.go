package store

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// siteColumns are the sites columns a full site is written from and read
// into, in the order of siteArgs and scanSite.
const siteColumns = `id, name, category, status, city, confidential, updated, geom,
	minx, miny, maxx, maxy, precision, province, country, operator, workers,
	first_reported, last_reported, aliases, tags, notes, confidential_notes, extra, created`

// placeholders returns "?,?,…" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// siteArgs returns the values for siteColumns.
func siteArgs(s *site.Site) ([]any, error) {
	var geom any
	var minx, miny, maxx, maxy any
	if s.Geometry != nil {
		b, err := marshalGeometry(s.Geometry)
		if err != nil {
			return nil, fmt.Errorf("site %s: geometry: %w", s.ID, err)
		}
		bd := s.Geometry.Bound()
		geom, minx, miny, maxx, maxy = b, bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]
	}
	var workers any
	if s.WorkersEstimate != nil {
		workers = int64(*s.WorkersEstimate)
	}
	extra, err := encodeExtra(s.Extra)
	if err != nil {
		return nil, fmt.Errorf("site %s: extra properties: %w", s.ID, err)
	}
	return []any{
		s.ID, s.Name, s.Category, string(s.Status), s.City, boolInt(s.Confidential), millis(s.Updated), geom,
		minx, miny, maxx, maxy, string(s.Precision), s.Province, s.Country, s.Operator, workers,
		string(s.FirstReported), string(s.LastReported), encodeStrings(s.Aliases), encodeStrings(s.Tags),
		s.Notes, s.ConfidentialNotes, extra, millis(s.Created),
	}, nil
}

// scanSite reads "row, " + siteColumns.
func scanSite(sc interface{ Scan(...any) error }) (row int64, s site.Site, err error) {
	var (
		status, precision, first, last string
		confidential                   int64
		updated, created               int64
		geom                           []byte
		minx, miny, maxx, maxy         sql.NullFloat64
		workers                        sql.NullInt64
		aliases, tags, extra           sql.NullString
	)
	err = sc.Scan(&row, &s.ID, &s.Name, &s.Category, &status, &s.City, &confidential, &updated, &geom,
		&minx, &miny, &maxx, &maxy, &precision, &s.Province, &s.Country, &s.Operator, &workers,
		&first, &last, &aliases, &tags, &s.Notes, &s.ConfidentialNotes, &extra, &created)
	if err != nil {
		return 0, s, err
	}
	s.Status, s.Precision = site.Status(status), site.Precision(precision)
	s.FirstReported, s.LastReported = site.PartialDate(first), site.PartialDate(last)
	s.Confidential = confidential != 0
	s.Updated, s.Created = fromMillis(updated), fromMillis(created)
	if workers.Valid {
		w := int(workers.Int64)
		s.WorkersEstimate = &w
	}
	if s.Geometry, err = unmarshalGeometry(geom); err != nil {
		return 0, s, fmt.Errorf("site %s: geometry: %w", s.ID, err)
	}
	if s.Aliases, err = decodeStrings(aliases); err != nil {
		return 0, s, fmt.Errorf("site %s: aliases: %w", s.ID, err)
	}
	if s.Tags, err = decodeStrings(tags); err != nil {
		return 0, s, fmt.Errorf("site %s: tags: %w", s.ID, err)
	}
	if extra.Valid {
		if err := json.Unmarshal([]byte(extra.String), &s.Extra); err != nil {
			return 0, s, fmt.Errorf("site %s: extra properties: %w", s.ID, err)
		}
	}
	return row, s, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// millis stores times as Unix milliseconds: exact enough for "updated" and
// compact to sort on; the zero time is stored as 0.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// encodeStrings writes a JSON array by hand: it runs twice per site on the
// import hot path, and encoding/json would escape <, > and & needlessly.
func encodeStrings(ss []string) any {
	if len(ss) == 0 {
		return nil
	}
	b := make([]byte, 0, 64)
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return string(append(b, ']'))
}

func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		i++
	}
	return append(b, '"')
}

func decodeStrings(ns sql.NullString) ([]string, error) {
	if !ns.Valid || ns.String == "" {
		return nil, nil
	}
	var out []string
	err := json.Unmarshal([]byte(ns.String), &out)
	return out, err
}

// encodeExtra keeps foreign properties verbatim (no HTML escaping, keys
// sorted), so that an export writes back the bytes it read.
func encodeExtra(m map[string]json.RawMessage) (any, error) {
	if len(m) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(appendJSONString(nil, k))
		buf.WriteByte(':')
		v := bytes.TrimSpace(m[k])
		if len(v) == 0 || !json.Valid(v) {
			return nil, fmt.Errorf("property %q is not valid JSON", k)
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.String(), nil
}

// marshalGeometry encodes WKB; points, the common case, skip the encoder.
func marshalGeometry(g orb.Geometry) ([]byte, error) {
	if p, ok := g.(orb.Point); ok {
		b := make([]byte, 21)
		b[0] = 1 // little endian
		binary.LittleEndian.PutUint32(b[1:], 1)
		binary.LittleEndian.PutUint64(b[5:], math.Float64bits(p[0]))
		binary.LittleEndian.PutUint64(b[13:], math.Float64bits(p[1]))
		return b, nil
	}
	return wkb.Marshal(g)
}

// unmarshalGeometry decodes WKB with a fast path for little-endian points:
// Summaries decodes a million of them when the map starts.
func unmarshalGeometry(b []byte) (orb.Geometry, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) == 21 && b[0] == 1 && binary.LittleEndian.Uint32(b[1:]) == 1 {
		return orb.Point{
			math.Float64frombits(binary.LittleEndian.Uint64(b[5:])),
			math.Float64frombits(binary.LittleEndian.Uint64(b[13:])),
		}, nil
	}
	return wkb.Unmarshal(b)
}
