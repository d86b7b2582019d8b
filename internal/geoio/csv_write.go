package geoio

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/siteatlas/siteatlas/internal/site"
)

// csvColumns are the CSV writer's columns, always all of them in this
// order, so every export of ours has the same header.
var csvColumns = []string{
	"id", "name", "aliases", "category", "status", "precision", "city", "province", "country",
	"operator", "workers_estimate", "first_reported", "last_reported", "tags", "notes",
	"confidential_notes", "confidential", "lat", "lon", "wkt", "sources", "source_urls",
	"observations", "created", "updated", "extra",
}

// csvSourceWithheld marks, after an observation's date and status, that it
// cites a source the export left out.
const csvSourceWithheld = "(source withheld)"

// NewCSVWriter returns a Writer of a CSV table for spreadsheets: UTF-8 with
// a byte order mark (without it Excel shows 图们 and 훈춘 as mojibake), one
// row per site. Points go in lat and lon, other geometries in wkt. Lists are
// joined with "; ", sources with " | " (titles in sources, URLs in
// source_urls), observations as "date status: note" joined with " | ".
// Extra properties go into one "extra" column as a JSON object. CSV is for
// reading in a spreadsheet; GeoJSON is the lossless exchange format.
func NewCSVWriter(w io.Writer) Writer {
	return &csvWriter{w: w, cw: csv.NewWriter(w), row: make([]string, len(csvColumns))}
}

type csvWriter struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	closed  bool
	err     error
	row     []string
	jw      jsonWriter
}

func (c *csvWriter) start() error {
	if c.started {
		return nil
	}
	c.started = true
	if _, err := c.w.Write(utf8BOM); err != nil {
		return err
	}
	return c.cw.Write(csvColumns)
}

// Write appends one row.
func (c *csvWriter) Write(s site.Site) error {
	if c.err != nil {
		return c.err
	}
	if c.closed {
		return errors.New("geoio: Write after Close")
	}
	if c.err = c.start(); c.err != nil {
		return c.err
	}
	r := c.row
	for i := range r {
		r[i] = ""
	}
	r[0] = s.ID
	r[1] = s.Name
	r[2] = strings.Join(s.Aliases, "; ")
	r[3] = s.Category
	r[4] = string(s.Status)
	r[5] = string(s.Precision)
	r[6] = s.City
	r[7] = s.Province
	r[8] = s.Country
	r[9] = s.Operator
	if s.WorkersEstimate != nil {
		r[10] = strconv.Itoa(*s.WorkersEstimate)
	}
	r[11] = string(s.FirstReported)
	r[12] = string(s.LastReported)
	r[13] = strings.Join(s.Tags, "; ")
	r[14] = s.Notes
	r[15] = s.ConfidentialNotes
	if s.Confidential {
		r[16] = "true"
	}
	switch g := exportGeometry(&s).(type) {
	case nil:
	case orb.Point:
		r[17] = formatFloat(g[1])
		r[18] = formatFloat(g[0])
	default:
		r[19] = wkt.MarshalString(g)
	}
	var titles, urls, obs []string
	for _, src := range s.Sources {
		titles = append(titles, src.Title)
		urls = append(urls, src.URL)
	}
	for _, o := range site.InTimelineOrder(s.Observations) {
		head := strings.TrimSpace(string(o.Date) + " " + string(o.Status))
		if o.SourceWithheld {
			head = strings.TrimSpace(head + " " + csvSourceWithheld)
		}
		obs = append(obs, head+": "+o.Note)
	}
	r[20] = strings.Join(titles, " | ")
	if slices.ContainsFunc(urls, func(u string) bool { return u != "" }) {
		r[21] = strings.Join(urls, " | ")
	}
	r[22] = strings.Join(obs, " | ")
	if !s.Created.IsZero() {
		r[23] = s.Created.UTC().Format(time.RFC3339Nano)
	}
	if !s.Updated.IsZero() {
		r[24] = s.Updated.UTC().Format(time.RFC3339Nano)
	}
	if len(s.Extra) > 0 {
		r[25] = c.extra(s)
	}
	for i, v := range r {
		r[i] = defuseFormula(v)
	}
	c.err = c.cw.Write(r)
	return c.err
}

// extra writes Extra as a JSON object with sorted keys.
func (c *csvWriter) extra(s site.Site) string {
	keys := make([]string, 0, len(s.Extra))
	for k := range s.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w := &c.jw
	w.b = append(w.b[:0], '{')
	for i, k := range keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.key(k)
		if raw := s.Extra[k]; w.validJSON(raw) {
			w.b = compact(w.b, raw)
		} else {
			w.str(string(raw))
		}
	}
	w.b = append(w.b, '}')
	return string(w.b)
}

// Close writes the header if nothing was written and flushes.
func (c *csvWriter) Close() error {
	if c.closed {
		return c.err
	}
	c.closed = true
	if c.err != nil {
		return c.err
	}
	if c.err = c.start(); c.err != nil {
		return c.err
	}
	c.cw.Flush()
	c.err = c.cw.Error()
	return c.err
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP's list): "=HYPERLINK(...)" in a site's name must
// not run when a colleague opens the export.
const formulaStarts = "=+-@\t\r"

// defuseFormula prefixes a cell that a spreadsheet would run with an
// apostrophe, which spreadsheets show as text; plain numbers (-33.86) are
// left alone. Our CSV reader removes the apostrophe again.
func defuseFormula(v string) string {
	if guarded(v) {
		return "'" + v // a guard-like text of its own ("'=1") keeps its apostrophe
	}
	if v == "" || !strings.ContainsRune(formulaStarts, rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}

// restoreFormula undoes defuseFormula.
func restoreFormula(v string) string {
	if guarded(v) {
		return v[1:]
	}
	return v
}

// guarded is true for an apostrophe before a formula start, or before such
// a guarded text itself: an apostrophe then =x, or two apostrophes then =x.
func guarded(v string) bool {
	return len(v) > 1 && v[0] == '\'' && (strings.ContainsRune(formulaStarts, rune(v[1])) || guarded(v[1:]))
}
