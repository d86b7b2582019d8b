package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Order is the order in which Query and Summaries return sites.
type Order int

// The orders a Filter can ask for. Every order ends on the site ID, so the
// result is deterministic.
const (
	// ByID orders by site ID (the default): an order that does not depend on
	// when sites were added.
	ByID Order = iota
	// ByName orders by name, case-insensitively (ASCII), for the site list.
	ByName
	// ByUpdated puts the most recently changed sites first.
	ByUpdated
	// ByRow is storage order, the order sites were added in: the fastest,
	// for exports and for loading every site into an in-memory index.
	ByRow
)

// Filter selects sites. The zero Filter matches every site. Conditions
// combine with AND; the values within Categories, Statuses and IDs with OR.
type Filter struct {
	// BBox keeps sites whose bounds intersect it (edges included).
	// Unplaced sites are left out unless IncludeUnplaced.
	BBox *orb.Bound
	// Text is what the user typed in the search box: every word must occur
	// in the name, aliases, city, province, operator, tags or notes, as the
	// start of a word (case and diacritics ignored) or, for Chinese,
	// Japanese and Korean, anywhere in the text.
	Text       string
	Categories []string
	Statuses   []site.Status
	IDs        []string
	// Rows keeps only these store rows (site.Summary.Row).
	Rows []int64
	// IncludeUnplaced adds the sites without a geometry to a BBox filter,
	// so that a list tied to the map still shows what is not placed yet.
	IncludeUnplaced bool
	// Limit caps the number of sites (0: no limit); Offset skips the first.
	Limit, Offset int
	Order         Order
}

// query is a Filter compiled to SQL.
type query struct {
	cores []string // SELECT cores joined by UNION ALL, each ending in WHERE …
	args  []any
	order string
	limit string
}

// compile builds the SQL for f selecting cols (qualified with s.). The table
// that drives the query is the most selective index: the full-text index
// when there is text, else the R-tree when there is a box, else sites.
func (f *Filter) compile(cols string) query {
	var q query
	var common []string
	var commonArgs []any
	if len(f.Categories) > 0 {
		common = append(common, "s.category IN (SELECT value FROM json_each(?))")
		commonArgs = append(commonArgs, encodeStrings(f.Categories))
	}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ss[i] = string(s)
		}
		common = append(common, "s.status IN (SELECT value FROM json_each(?))")
		commonArgs = append(commonArgs, encodeStrings(ss))
	}
	if len(f.IDs) > 0 {
		common = append(common, "s.id IN (SELECT value FROM json_each(?))")
		commonArgs = append(commonArgs, encodeStrings(f.IDs))
	}
	if len(f.Rows) > 0 {
		common = append(common, "s.row IN (SELECT value FROM json_each(?))")
		commonArgs = append(commonArgs, encodeRows(f.Rows))
	}
	var box []any
	boxCond := ""
	if f.BBox != nil {
		b := f.BBox
		box = []any{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}
		// The exact columns recheck what the R-tree (32-bit floats, rounded
		// outwards) lets through.
		boxCond = "s.maxx >= ? AND s.minx <= ? AND s.maxy >= ? AND s.miny <= ?"
	}
	add := func(from string, conds []string, args []any) {
		conds = append(conds, common...)
		args = append(args, commonArgs...)
		core := "SELECT " + cols + " FROM " + from
		if len(conds) > 0 {
			core += " WHERE " + strings.Join(conds, " AND ")
		}
		q.cores = append(q.cores, core)
		q.args = append(q.args, args...)
	}
	text := ftsQuery(f.Text)
	switch {
	case text != "":
		conds, args := []string{"sites_fts MATCH ?"}, []any{text}
		if f.BBox != nil {
			c := boxCond
			if f.IncludeUnplaced {
				c = "(s.geom IS NULL OR (" + boxCond + "))"
			}
			conds, args = append(conds, c), append(args, box...)
		}
		add("sites_fts CROSS JOIN sites s ON s.row = sites_fts.rowid", conds, args)
	case f.BBox != nil:
		add("sites_rtree r CROSS JOIN sites s ON s.row = r.id",
			[]string{"r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?", boxCond},
			append(append([]any{}, box...), box...))
		if f.IncludeUnplaced {
			add("sites s INDEXED BY sites_unplaced", []string{"s.geom IS NULL"}, nil)
		}
	default:
		add("sites s", nil, nil)
	}
	// Column names, not s.-qualified ones, so that ORDER BY also works on a
	// UNION ALL of cores.
	switch f.Order {
	case ByName:
		q.order = " ORDER BY name COLLATE NOCASE, id"
	case ByUpdated:
		q.order = " ORDER BY updated DESC, id DESC"
	case ByRow:
		q.order = " ORDER BY row"
	default:
		q.order = " ORDER BY id"
	}
	if f.Limit > 0 || f.Offset > 0 {
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		q.limit = fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	}
	return q
}

// rtreeSlack is more than the R-tree's rounding: it keeps bounds as 32-bit
// floats rounded outwards, one unit in the last place being at most 1.6e-5
// degrees for |x| <= 180. An entry whose stored bounds reach this far into
// the box intersects it for sure; only the others need the exact bounds.
const rtreeSlack = 1e-4

// indexOnly compiles f to a query over the full-text index and the R-tree
// alone, returning site rows in a column named row, when f needs nothing
// else: no category, status, ID or row condition, no unplaced sites, and an
// order that is row order or does not matter. Such a query never reads the
// sites table (hundreds of MB for a million sites, one random page per
// match), except for the exact bounds of the few sites at the edge of a box.
// The rows come in row order only with a Limit or Offset (which need it);
// otherwise the caller sorts them, in Go, in a third of SQLite's time.
func (f *Filter) indexOnly(orderMatters bool) (string, []any, bool) {
	if len(f.Categories) > 0 || len(f.Statuses) > 0 || len(f.IDs) > 0 || len(f.Rows) > 0 || f.IncludeUnplaced ||
		(orderMatters && f.Order != ByRow) {
		return "", nil, false
	}
	text := ftsQuery(f.Text)
	if text == "" && f.BBox == nil {
		return "", nil, false
	}
	var from string
	var conds []string
	var args []any
	switch {
	case text != "" && f.BBox != nil:
		from = "sites_fts JOIN sites_rtree r ON r.id = sites_fts.rowid"
		conds, args = append(conds, "sites_fts MATCH ?"), append(args, text)
	case text != "":
		from = "sites_fts"
		conds, args = append(conds, "sites_fts MATCH ?"), append(args, text)
	default:
		from = "sites_rtree r"
	}
	row := "sites_fts.rowid"
	if f.BBox != nil {
		b := f.BBox
		if text == "" {
			row = "r.id"
		}
		conds = append(conds, "r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?",
			"((r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?) OR "+
				"EXISTS (SELECT 1 FROM sites s WHERE s.row = r.id AND s.maxx >= ? AND s.minx <= ? AND s.maxy >= ? AND s.miny <= ?))")
		args = append(args, b.Min[0], b.Max[0], b.Min[1], b.Max[1],
			b.Min[0]+rtreeSlack, b.Max[0]-rtreeSlack, b.Min[1]+rtreeSlack, b.Max[1]-rtreeSlack,
			b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	}
	q := "SELECT " + row + " AS row FROM " + from + " WHERE " + strings.Join(conds, " AND ")
	switch {
	case f.Limit > 0 || f.Offset > 0:
		if !orderMatters {
			return "", nil, false
		}
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		q += fmt.Sprintf(" ORDER BY 1 LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	}
	return q, args, true
}

func (q query) sql() string {
	return strings.Join(q.cores, " UNION ALL ") + q.order + q.limit
}

// Count returns how many sites f matches (Limit and Offset apply).
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	f.Order = ByRow
	var n int
	if sql, args, ok := f.indexOnly(false); ok {
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM ("+sql+")", args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("count sites: %w", classify(s.path, err))
		}
		return n, nil
	}
	q := f.compile("s.row")
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM ("+strings.Join(q.cores, " UNION ALL ")+q.limit+")", q.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sites: %w", classify(s.path, err))
	}
	return n, nil
}

// queryBatch is how many sites Query reads before loading their sources and
// observations in one query per table: memory stays flat however many sites
// match, and child rows cost one query per thousand sites, not per site.
const queryBatch = 1000

// Query calls fn with every site f matches, in f's order, complete with
// sources, observations and attachment metadata. It reads from one snapshot
// of the database, so a write made meanwhile (even by fn) is not seen. An
// error from fn stops the query and is returned as is.
func (s *Store) Query(ctx context.Context, f Filter, fn func(site.Site) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("query sites: %w", classify(s.path, err))
	}
	defer tx.Rollback()
	q := f.compile("s.row AS row, " + qualify(siteColumns))
	rows, err := tx.QueryContext(ctx, q.sql(), q.args...)
	if err != nil {
		return fmt.Errorf("query sites: %w", classify(s.path, err))
	}
	defer rows.Close()
	batch := make([]site.Site, 0, queryBatch)
	keys := make([]int64, 0, queryBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := fillBatch(ctx, tx, batch, keys); err != nil {
			return err
		}
		for _, st := range batch {
			if err := fn(st); err != nil {
				return err
			}
		}
		batch, keys = batch[:0], keys[:0]
		return nil
	}
	for rows.Next() {
		row, st, err := scanSite(rows)
		if err != nil {
			return fmt.Errorf("query sites: %w", err)
		}
		batch, keys = append(batch, st), append(keys, row)
		if len(batch) == queryBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query sites: %w", classify(s.path, err))
	}
	return flush()
}

// fillBatch loads children of batch (rows keys) with one query per table.
func fillBatch(ctx context.Context, q querier, batch []site.Site, keys []int64) error {
	bySite := make(map[int64]*site.Site, len(batch))
	args := make([]any, len(keys))
	for i, k := range keys {
		bySite[k] = &batch[i]
		args[i] = k
	}
	in := placeholders(len(keys))
	childIn, childArgs := in, args
	// Rows in storage order that are nearly contiguous (a whole table or a
	// dense filter) read their children as one range: front to back through
	// the children's (site, ord) keys instead of a descent per site.
	if first, last := keys[0], keys[len(keys)-1]; slices.IsSorted(keys) && last-first < 2*int64(len(keys)) {
		childIn, childArgs = "BETWEEN ? AND ?", []any{first, last}
	}
	if err := loadChildren(ctx, q, bySite, childArgs, childIn); err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, "SELECT site, "+attachmentColumns+" FROM attachments WHERE site IN ("+in+") ORDER BY site, row", args...)
	if err != nil {
		return fmt.Errorf("load attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var row int64
		var id string
		if err := rows.Scan(&row, &id, new(any), new(any), new(any), new(any), new(any), new(any), new(any), new(any)); err != nil {
			return fmt.Errorf("load attachments: %w", err)
		}
		// Attachments are rare: load each site's list the simple way.
		st := bySite[row]
		if st == nil || st.Attachments != nil {
			continue
		}
		if st.Attachments, err = loadAttachments(ctx, q, row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// qualify turns "a, b" into "s.a AS a, s.b AS b": qualified for the joins,
// named for ORDER BY over a UNION ALL.
func qualify(cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		parts[i] = "s." + p + " AS " + p
	}
	return strings.Join(parts, ", ")
}

// Summaries calls fn with the list-and-map part of every site f matches, in
// f's order. With Order ByRow it is the fast way to load a million sites.
func (s *Store) Summaries(ctx context.Context, f Filter, fn func(site.Summary) error) error {
	q := f.compile(summaryCols)
	return s.scanSummaries(ctx, q.sql(), q.args, fn)
}

const summaryCols = "s.row AS row, s.id AS id, s.name AS name, s.category, s.status, s.city, s.confidential, s.updated AS updated, s.geom, s.precision"

// SummariesInRows calls fn with the summary of every site whose row is in
// [from, to), in row order: a slice of the table, so that loading a million
// sites can scan several slices at once on several cores.
func (s *Store) SummariesInRows(ctx context.Context, from, to int64, fn func(site.Summary) error) error {
	return s.scanSummaries(ctx, "SELECT "+summaryCols+" FROM sites s WHERE s.row >= ? AND s.row < ? ORDER BY s.row",
		[]any{from, to}, fn)
}

// MaxRow returns the largest row in use, 0 for an empty database.
func (s *Store) MaxRow(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT max(row) FROM sites").Scan(&n); err != nil {
		return 0, fmt.Errorf("site rows: %w", classify(s.path, err))
	}
	return n.Int64, nil
}

func (s *Store) scanSummaries(ctx context.Context, query string, args []any, fn func(site.Summary) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("site summaries: %w", classify(s.path, err))
	}
	defer rows.Close()
	// Categories and statuses repeat: intern them instead of allocating a
	// string per site.
	intern := map[string]string{}
	in := func(b sql.RawBytes) string {
		if v, ok := intern[string(b)]; ok {
			return v
		}
		v := string(b)
		intern[v] = v
		return v
	}
	var cat, status, precision sql.RawBytes
	var geom sql.RawBytes
	var conf int64
	for rows.Next() {
		var sm site.Summary
		if err := rows.Scan(&sm.Row, &sm.ID, &sm.Name, &cat, &status, &sm.City, &conf, &sm.Updated, &geom, &precision); err != nil {
			return fmt.Errorf("site summaries: %w", err)
		}
		sm.Category, sm.Status, sm.Confidential = in(cat), site.Status(in(status)), conf != 0
		sm.Precision = site.Precision(in(precision))
		if sm.Geometry, err = unmarshalGeometry(geom); err != nil {
			return fmt.Errorf("site summaries: site %s: %w", sm.ID, err)
		}
		if err := fn(sm); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("site summaries: %w", classify(s.path, err))
	}
	return nil
}

// Categories returns the built-in categories, in their order, followed by
// every other category ever used in this database, sorted.
func (s *Store) Categories(ctx context.Context) ([]string, error) {
	out := slices.Clone(site.Categories)
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM categories ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	defer rows.Close()
	var used []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("categories: %w", err)
		}
		if !slices.Contains(site.Categories, c) {
			used = append(used, c)
		}
	}
	sort.Strings(used)
	return append(out, used...), rows.Err()
}
