package geoio

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is something wrong (or worth a warning) in an input file, with
// where it is. Readers return feature-level problems as errors of type
// *Problem and keep going; a Fatal problem ends the file.
type Problem struct {
	File    string // the name given to NewReader
	Where   string // "features[1042]", "line 17", "line 3, column 12"; "" for the whole file
	Message string
	// Fatal is true when the file cannot be read any further (malformed
	// JSON, not a FeatureCollection, a projected CRS…).
	Fatal bool
	// Code is a short stable identifier of the kind of problem, for tests
	// and for grouping in reports: "invalid-json", "winding-order"…
	Code string
	// Index is the feature index (or CSV line) the problem belongs to, or
	// -1 when it belongs to the file as a whole.
	Index int
}

// Error formats the problem as "file: where: message".
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	if p.Where != "" {
		b.WriteString(p.Where)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problem codes. Codes for the kinds of input the shared test manifest names
// use the manifest's words.
const (
	CodeInvalidJSON        = "invalid-json"
	CodeInvalidUTF8        = "invalid-utf8"
	CodeNotFinite          = "not-finite"
	CodeEmpty              = "empty-file"
	CodeUnknownFormat      = "unknown-format"
	CodeNotGeoJSON         = "not-geojson"
	CodeWrongType          = "wrong-type"
	CodeMissingCoordinates = "missing-coordinates"
	CodeBadGeometry        = "bad-geometry"
	CodeOutOfRange         = "out-of-range"
	CodeAntimeridian       = "longitude-out-of-range" // the shared manifest's word
	CodeDuplicateID        = "duplicate-id"
	CodeCRS                = "crs"
	CodeZDropped           = "z-dropped"
	CodeMixedDimensions    = "mixed-dimensions"
	CodeWindingOrder       = "winding-order"
	CodeSelfIntersection   = "self-intersection"
	CodeMissingProperties  = "missing-properties"
	CodeNullGeometry       = "null-geometry"
	CodeUnnamed            = "unnamed"
	CodeProperty           = "property"
	CodeForeignMember      = "foreign-member"
	CodeDuplicateKey       = "duplicate-key"
	CodeCSV                = "csv"
	CodeBadNumber          = "bad-number"
	CodeIO                 = "io"
	CodeTooBig             = "too-big"
	// CodeConfidential: a value whose confidentiality could not be read
	// with certainty, treated as confidential.
	CodeConfidential = "treated-as-confidential"
	// CodeTooLong: a single value longer than ReaderOptions.MaxValueBytes.
	CodeTooLong = "value-too-long"
)

// maxWarnings bounds the warnings a reader keeps, so that a million unnamed
// features do not hold a million messages in memory.
const maxWarnings = 1000

// warnings collects a reader's warnings up to maxWarnings and counts the rest.
type warnings struct {
	file    string
	list    []Problem
	dropped int
	once    map[string]bool
}

func (w *warnings) add(p Problem) {
	if len(w.list) >= maxWarnings {
		w.dropped++
		return
	}
	w.list = append(w.list, p)
}

// addOnce adds p unless a warning with the same code was already added
// through addOnce: "Z values dropped" is said once per file.
func (w *warnings) addOnce(p Problem) {
	if w.once == nil {
		w.once = map[string]bool{}
	}
	if w.once[p.Code] {
		return
	}
	w.once[p.Code] = true
	w.add(p)
}

func (w *warnings) all() []Problem {
	out := append([]Problem(nil), w.list...)
	if w.dropped > 0 {
		out = append(out, Problem{File: w.file, Index: -1, Code: "more",
			Message: fmt.Sprintf("and %d more warnings not listed", w.dropped)})
	}
	return out
}

// maxQuoted is how much of a value a message quotes.
const maxQuoted = 80

// quoteText quotes s for a message, shortened to about maxQuoted
// characters: an error must not echo a 10,000-digit number in full.
func quoteText(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted - 1
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
