package geoio

import (
	"fmt"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// ExportInfo says in an exported file what it is and what was left out of
// it, so that whoever reads the file (an editor, or our own import) knows
// that a site without sources may have had confidential ones.
type ExportInfo struct {
	Generator string // "Site Atlas 0.4"
	// Profile names the export profile: "public" leaves confidential data
	// out, "confidential" includes it.
	Profile string
	// Generalisation says what the profile did to what was written
	// ("positions displaced by 0.2 to 2 km; sources pseudonymised"), so
	// that a reader knows positions are not where the sites are; "" when
	// only confidential items were left out.
	Generalisation string
	LeftOut        site.Redaction
}

// InfoWriter is a Writer that can carry an ExportInfo. The GeoJSON writer
// writes it as the collection's "siteatlas" foreign member, the GeoPackage
// writer in the layer's description; CSV and KML have nowhere standard for
// it and are not InfoWriters. Call SetExportInfo before Close, once the
// counts are known.
type InfoWriter interface {
	Writer
	SetExportInfo(ExportInfo)
}

// json writes info as the object of the "siteatlas" member: fixed member
// order and only non-zero counts, so an export stays deterministic.
func (info *ExportInfo) json(b []byte) []byte {
	var w jsonWriter
	w.b = append(b, `{"generator":`...)
	w.str(info.Generator)
	w.b = append(w.b, `,"profile":`...)
	w.str(info.Profile)
	if info.Generalisation != "" {
		w.b = append(w.b, `,"generalisation":`...)
		w.str(info.Generalisation)
	}
	w.b = append(w.b, `,"left_out":{`...)
	first := true
	for _, c := range info.counts() {
		if !first {
			w.b = append(w.b, ',')
		}
		first = false
		w.str(c.name)
		w.b = append(w.b, ':')
		w.b = fmt.Appendf(w.b, "%d", c.n)
	}
	w.b = append(w.b, "}}"...)
	return w.b
}

type count struct {
	name string
	n    int
}

func (info *ExportInfo) counts() []count {
	r := info.LeftOut
	var out []count
	for _, c := range []count{{"sites", r.Sites}, {"sources", r.Sources}, {"observations", r.Observations},
		{"attachments", r.Attachments}, {"confidential_notes", r.ConfidentialNotes}, {"extra_properties", r.Extra}} {
		if c.n > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Text is the info in one line of words, for a GeoPackage description.
func (info *ExportInfo) Text() string {
	s := fmt.Sprintf("%s export, profile %q", info.Generator, info.Profile)
	var parts []string
	for _, c := range info.counts() {
		parts = append(parts, fmt.Sprintf("%d %s", c.n, strings.ReplaceAll(c.name, "_", " ")))
	}
	if len(parts) > 0 {
		s += "; left out as confidential: " + strings.Join(parts, ", ")
	} else {
		s += "; nothing left out"
	}
	if info.Generalisation != "" {
		s += "; " + info.Generalisation
	}
	return s
}
