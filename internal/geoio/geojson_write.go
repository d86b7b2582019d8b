package geoio

import (
	"bufio"
	"errors"
	"io"
	"slices"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Writer writes sites one at a time. Close finishes the file (it does not
// close the underlying io.Writer). Writers do not redact: the caller passes
// what may leave the database.
type Writer interface {
	Write(site.Site) error
	Close() error
}

// NewGeoJSONWriter returns a Writer of an RFC 7946 FeatureCollection, one
// feature per line, streamed: it holds one feature at a time. The output is
// deterministic: members in a fixed order, Extra properties sorted by name,
// numbers in their shortest round-trip form, polygon rings wound as RFC 7946
// says. Attachments are not written (their bytes live in the database).
func NewGeoJSONWriter(w io.Writer) Writer {
	return &geojsonWriter{out: bufio.NewWriterSize(w, 256<<10)}
}

type geojsonWriter struct {
	out    *bufio.Writer
	jw     jsonWriter
	n      int
	err    error
	closed bool
	info   *ExportInfo
}

// SetExportInfo makes Close write info as the "siteatlas" member.
func (g *geojsonWriter) SetExportInfo(info ExportInfo) { g.info = &info }

const fcHeader = `{"type":"FeatureCollection","features":[`

// Write appends one feature.
func (g *geojsonWriter) Write(s site.Site) error {
	if g.err != nil {
		return g.err
	}
	if g.closed {
		return errors.New("geoio: Write after Close")
	}
	w := &g.jw
	w.b = w.b[:0]
	if g.n == 0 {
		w.b = append(w.b, fcHeader...)
	} else {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '\n')
	w.feature(&s)
	g.n++
	_, g.err = g.out.Write(w.b)
	if cap(w.b) > 1<<20 {
		w.b = nil // one huge polygon should not pin memory for the rest
	}
	return g.err
}

// Close writes the end of the FeatureCollection and flushes.
func (g *geojsonWriter) Close() error {
	if g.closed {
		return g.err
	}
	g.closed = true
	if g.err != nil {
		return g.err
	}
	if g.n == 0 {
		g.out.WriteString(fcHeader)
	}
	g.out.WriteString("\n]")
	if g.info != nil {
		// A foreign member (RFC 7946 section 6.1), after the features so
		// that it can hold counts known only at the end.
		g.out.Write(g.info.json([]byte(`,"siteatlas":`)))
	}
	g.out.WriteString("}\n")
	g.err = g.out.Flush()
	return g.err
}

// feature writes s as a Feature object.
func (w *jsonWriter) feature(s *site.Site) {
	w.b = append(w.b, `{"type":"Feature"`...)
	if s.ID != "" {
		w.b = append(w.b, `,"id":`...)
		w.str(s.ID)
	}
	w.b = append(w.b, `,"geometry":`...)
	w.geometry(exportGeometry(s))
	w.b = append(w.b, `,"properties":{`...)
	w.properties(s)
	w.b = append(w.b, "}}"...)
}

// properties writes the model's fields in the order of the p* constants, then Extra in
// key order (see extraProps).
func (w *jsonWriter) properties(s *site.Site) {
	f := fields{w: w, first: true}
	f.str("name", s.Name)
	f.list("aliases", s.Aliases)
	f.str("category", s.Category)
	f.str("status", string(s.Status))
	f.str("precision", string(s.Precision))
	f.str("city", s.City)
	f.str("province", s.Province)
	f.str("country", s.Country)
	f.str("operator", s.Operator)
	if s.WorkersEstimate != nil {
		f.key("workers_estimate")
		w.int(*s.WorkersEstimate)
	}
	f.str("first_reported", string(s.FirstReported))
	f.str("last_reported", string(s.LastReported))
	f.list("tags", s.Tags)
	f.str("notes", s.Notes)
	f.str("confidential_notes", s.ConfidentialNotes)
	f.boolean("confidential", s.Confidential)
	if len(s.Sources) > 0 {
		f.key("sources")
		w.sources(s.Sources)
	}
	if len(s.Observations) > 0 {
		f.key("observations")
		w.observations(site.InTimelineOrder(s.Observations))
	}
	if !s.Created.IsZero() {
		f.key("created")
		w.time(s.Created)
	}
	if !s.Updated.IsZero() {
		f.key("updated")
		w.time(s.Updated)
	}
	w.extraProps(&f, s)
}

// modelWrote says which properties properties writes from model fields.
func modelWrote(s *site.Site) (wrote [nProps]bool) {
	wrote[pName] = s.Name != ""
	wrote[pAliases] = len(s.Aliases) > 0
	wrote[pCategory] = s.Category != ""
	wrote[pStatus] = s.Status != ""
	wrote[pPrecision] = s.Precision != ""
	wrote[pCity] = s.City != ""
	wrote[pProvince] = s.Province != ""
	wrote[pCountry] = s.Country != ""
	wrote[pOperator] = s.Operator != ""
	wrote[pWorkers] = s.WorkersEstimate != nil
	wrote[pFirstReported] = s.FirstReported != ""
	wrote[pLastReported] = s.LastReported != ""
	wrote[pTags] = len(s.Tags) > 0
	wrote[pNotes] = s.Notes != ""
	wrote[pConfidentialNotes] = s.ConfidentialNotes != ""
	wrote[pConfidential] = s.Confidential
	wrote[pSources] = len(s.Sources) > 0
	wrote[pObservations] = len(s.Observations) > 0
	wrote[pCreated] = !s.Created.IsZero()
	wrote[pUpdated] = !s.Updated.IsZero()
	return wrote
}

// extraProps writes Extra in key order. An Extra key that a model field
// already wrote is skipped: the model's value is the newer one. The
// GeoPackage writer uses it for its extra column, so both formats keep the
// same Extra values.
func (w *jsonWriter) extraProps(f *fields, s *site.Site) {
	if len(s.Extra) == 0 {
		return
	}
	wrote := modelWrote(s)
	keys := make([]string, 0, len(s.Extra))
	for k := range s.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if p, ok := lookupProp(k); ok && wrote[p] {
			continue
		}
		if k == "name" && s.Name != "" {
			continue
		}
		raw := s.Extra[k]
		f.key(k)
		if n := len(w.b); !w.validJSON(raw) {
			// Extra came from somewhere that did not check it: write it
			// as a string rather than break the file.
			w.b = w.b[:n]
			w.str(string(raw))
		} else {
			w.b = compact(w.b, raw)
		}
	}
}

// validJSON reports whether raw is one well-formed JSON value.
func (w *jsonWriter) validJSON(raw []byte) bool {
	if len(raw) == 0 {
		return false
	}
	if w.p == nil {
		w.p = new(parser)
	}
	return w.p.parse(raw) == nil
}
