// Package site holds the domain model of Site Atlas: a reported site with its
// sources, dated observations and attachments, and the rules that keep them
// valid. It does no I/O and knows nothing of storage formats or the UI.
package site

import (
	"encoding/json"
	"time"

	"github.com/paulmach/orb"
)

// Site is one reported place: a factory, an industrial complex, a restaurant…
type Site struct {
	// ID is a stable UUID. It is the GeoJSON feature id, so re-importing an
	// export updates the same sites instead of duplicating them.
	ID      string
	Name    string
	Aliases []string // other names and scripts: 图们, 두만강
	// Category is one of Categories or a user-defined lowercase word.
	Category string
	Status   Status
	// Geometry is nil for a site whose location is not known yet.
	Geometry        orb.Geometry
	Precision       Precision
	City            string
	Province        string
	Country         string // ISO 3166-1 alpha-2, upper case
	Operator        string
	WorkersEstimate *int
	FirstReported   PartialDate
	LastReported    PartialDate
	Tags            []string
	Notes           string
	// ConfidentialNotes never leave the database unless an export includes
	// confidential data: who told what to whom belongs here.
	ConfidentialNotes string
	Confidential      bool
	// Extra holds properties from other tools that the model has no field
	// for, kept verbatim so that they are written back on export.
	Extra map[string]json.RawMessage

	Sources      []Source
	Observations []Observation
	Attachments  []Attachment

	Created time.Time
	Updated time.Time
}

// Source is a report, article or person a site's information comes from.
type Source struct {
	ID           string
	Title        string
	Publisher    string
	URL          string
	Published    PartialDate
	Accessed     PartialDate
	Excerpt      string
	Reliability  string // A–F as analysts grade the source, "" when ungraded
	Credibility  int    // 1–6 as analysts grade the information, 0 when ungraded
	Confidential bool
}

// Observation is what was seen or reported at a site on a (partial) date.
type Observation struct {
	ID           string
	Date         PartialDate
	Status       Status // the site's status at that date; may be empty
	Note         string
	SourceID     string // one of the site's Sources, or ""
	Confidential bool
	// SourceWithheld says, in an export without confidential data, that the
	// observation cites a source that was left out: the reader learns that
	// it has one, not which. Redact sets it; the store does not keep it.
	SourceWithheld bool
}

// Attachment is a photo or document kept with a site. The bytes live in the
// store and are loaded on demand; the model carries only what describes them.
type Attachment struct {
	ID           string
	FileName     string
	MediaType    string
	Size         int64
	Caption      string
	TakenAt      *time.Time
	Position     *orb.Point
	Confidential bool
}

// Status is how established a site is.
type Status string

// The statuses a site can have.
const (
	StatusReported  Status = "reported"
	StatusConfirmed Status = "confirmed"
	StatusSuspected Status = "suspected"
	StatusClosed    Status = "closed"
	StatusUnknown   Status = "unknown"
)

// Statuses lists the valid statuses in the order the UI offers them.
var Statuses = []Status{StatusReported, StatusConfirmed, StatusSuspected, StatusClosed, StatusUnknown}

// Precision says how well a site's location is known.
type Precision string

// The precisions a location can have.
const (
	PrecisionExact       Precision = "exact"
	PrecisionApproximate Precision = "approximate"
	PrecisionCity        Precision = "city"
)

// Precisions lists the valid precisions.
var Precisions = []Precision{PrecisionExact, PrecisionApproximate, PrecisionCity}

// Categories are the built-in categories; users may add their own.
var Categories = []string{
	"factory", "industrial_complex", "restaurant", "construction", "mine",
	"fishery", "logging", "farm", "dormitory", "other",
}

// Bound returns the site's bounds, and false for an unplaced site.
func (s *Site) Bound() (orb.Bound, bool) {
	if s.Geometry == nil {
		return orb.Bound{}, false
	}
	return s.Geometry.Bound(), true
}
