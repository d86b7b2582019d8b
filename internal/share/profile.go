// Package share turns a site as stored into the site an export may carry,
// following an export profile: confidential items left out (site.Redact),
// positions generalised (rounded, snapped to a grid, moved to the city
// centre or displaced by a seeded random offset), sources pseudonymised or
// dropped, free-text fields dropped, protected words replaced, attachments
// left out or stripped and dates coarsened. It does no I/O: the lead's
// exporter stores profiles, writes files and runs the leak audit
// (internal/leakaudit) on what was written.
package share

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// PositionMode says how an export generalises positions.
type PositionMode string

// The position modes.
const (
	// PositionsStored writes positions as stored (the writers still round
	// them to each site's precision).
	PositionsStored PositionMode = "stored"
	// PositionsRound rounds coordinates to Positions.Decimals decimals.
	PositionsRound PositionMode = "round"
	// PositionsGrid snaps positions to the nodes of a grid of GridKm.
	PositionsGrid PositionMode = "grid"
	// PositionsCity moves each site to the centre of its city (from the
	// gazetteer; rounding to 2 decimals where the city is not known).
	PositionsCity PositionMode = "city"
	// PositionsDisplace moves each site by a seeded random offset of at
	// most RadiusKm (and at least RadiusKm/10).
	PositionsDisplace PositionMode = "displace"
)

// Positions is how a profile generalises positions.
type Positions struct {
	Mode PositionMode `json:"mode"`
	// Decimals is the number of decimals a rounded position keeps (round
	// mode, 0–6), and the decimals a displaced position is written with
	// (displace mode, 0 meaning the default 3, about 100 m).
	Decimals int     `json:"decimals,omitempty"`
	GridKm   float64 `json:"grid_km,omitempty"`
	RadiusKm float64 `json:"radius_km,omitempty"`
}

// SourceMode says what an export does with sources.
type SourceMode string

// The source modes.
const (
	SourcesKeep         SourceMode = "keep"
	SourcesPseudonymise SourceMode = "pseudonymise"
	SourcesDrop         SourceMode = "drop"
)

// AttachmentMode says what an export does with attachments.
type AttachmentMode string

// The attachment modes.
const (
	// AttachmentsOmit leaves every attachment out.
	AttachmentsOmit AttachmentMode = "omit"
	// AttachmentsStripped keeps attachments without their position and
	// time; the exporter strips the bytes' metadata too (internal/media).
	AttachmentsStripped AttachmentMode = "stripped"
	// AttachmentsKeep keeps attachments as stored ("Internal" only needs
	// it: a full copy for the team).
	AttachmentsKeep AttachmentMode = "keep"
)

// DateMode says how an export coarsens dates.
type DateMode string

// The date modes.
const (
	DatesStored DateMode = "stored"
	DatesMonth  DateMode = "month"
	DatesYear   DateMode = "year"
)

// Field is a free-text (or free-form) field a profile can drop.
type Field string

// The fields a profile can drop.
const (
	// FieldNotes is the site's notes and also each observation's note and
	// each attachment's caption: all are free text a researcher writes
	// about what someone said.
	FieldNotes           Field = "notes"
	FieldOperator        Field = "operator"
	FieldWorkersEstimate Field = "workers_estimate"
	FieldTags            Field = "tags"
	// FieldExtra is every extra property imported from other tools.
	FieldExtra Field = "extra"
)

// Fields lists the fields a profile can drop, in the order Describe lists
// them.
var Fields = []Field{FieldNotes, FieldOperator, FieldWorkersEstimate, FieldTags, FieldExtra}

// Redacted replaces every protected word in an export.
const Redacted = "[redacted]"

// Profile is a named set of redactions an export applies. It is stored as
// JSON in the database (encoding/json, field names as tagged).
type Profile struct {
	Name                string         `json:"name"`
	IncludeConfidential bool           `json:"include_confidential"`
	Positions           Positions      `json:"positions"`
	Sources             SourceMode     `json:"sources"`
	Drop                []Field        `json:"drop,omitempty"`
	ProtectedWords      []string       `json:"protected_words,omitempty"`
	Attachments         AttachmentMode `json:"attachments"`
	Dates               DateMode       `json:"dates"`
}

// Drops reports whether p drops field f.
func (p Profile) Drops(f Field) bool { return slices.Contains(p.Drop, f) }

// The built-in profiles' names.
const (
	PublicName   = "Public"
	PartnerName  = "Partner"
	InternalName = "Internal"
)

// Public is the default: for a map in a published report. Positions are
// displaced by up to 2 km (at least 200 m) and written to 3 decimals:
// sites stay in the right town or district, which is what a reader of a
// report needs, while the disc a site may be in (about 12.6 km²) holds
// dozens of plants in the towns researchers document, and unlike rounding
// (Ushahidi's only option) or a grid, the offset's direction is unknown and
// the point is not a cell corner the reader can undo. The offset is seeded
// per site and profile, so exporting twice gives nothing to average.
// Sources are pseudonymised with their grades kept, notes, the operator and
// extra properties dropped, dates coarsened to the month and attachments
// stripped of position and time.
func Public() Profile {
	return Profile{
		Name:        PublicName,
		Positions:   Positions{Mode: PositionsDisplace, RadiusKm: 2, Decimals: 3},
		Sources:     SourcesPseudonymise,
		Drop:        []Field{FieldNotes, FieldOperator, FieldExtra},
		Attachments: AttachmentsStripped,
		Dates:       DatesMonth,
	}
}

// Partner is for a trusted organisation that checks the work: sources are
// kept so they can be verified, positions rounded to 3 decimals (about
// 100 m), extra properties dropped (other tools' columns may hold anything)
// and attachments stripped; confidential items stay home.
func Partner() Profile {
	return Profile{
		Name:        PartnerName,
		Positions:   Positions{Mode: PositionsRound, Decimals: 3},
		Sources:     SourcesKeep,
		Drop:        []Field{FieldExtra},
		Attachments: AttachmentsStripped,
		Dates:       DatesStored,
	}
}

// Internal is everything, confidential items included: a full copy for the
// team (today's --include-confidential).
func Internal() Profile {
	return Profile{
		Name:                InternalName,
		IncludeConfidential: true,
		Positions:           Positions{Mode: PositionsStored},
		Sources:             SourcesKeep,
		Attachments:         AttachmentsKeep,
		Dates:               DatesStored,
	}
}

// Builtins returns the built-in profiles, Public first (the default).
func Builtins() []Profile { return []Profile{Public(), Partner(), Internal()} }

// Builtin returns the built-in profile of that name (in any case).
func Builtin(name string) (Profile, bool) {
	for _, p := range Builtins() {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Profile{}, false
}

// MinProtectedWordRunes is the shortest protected word: shorter ones would
// redact parts of too many ordinary words, and the leak audit cannot tell
// them from chance (one Han character is a whole name, so 2).
const MinProtectedWordRunes = 2

// Validate reports the first thing wrong with p, naming the setting.
func (p Profile) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("profile: the name is empty")
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("profile %q: "+format, append([]any{p.Name}, a...)...)
	}
	pos := p.Positions
	switch pos.Mode {
	case PositionsStored, PositionsCity:
	case PositionsRound:
		if pos.Decimals < 0 || pos.Decimals > 6 {
			return bad("positions: %d decimals is out of range (round to 0 to 6 decimals)", pos.Decimals)
		}
	case PositionsGrid:
		if !(pos.GridKm >= 0.01 && pos.GridKm <= 1000) {
			return bad("positions: a grid of %g km is out of range (0.01 to 1000 km)", pos.GridKm)
		}
	case PositionsDisplace:
		if !(pos.RadiusKm >= 0.05 && pos.RadiusKm <= 1000) {
			return bad("positions: a displacement of up to %g km is out of range (0.05 to 1000 km)", pos.RadiusKm)
		}
		if pos.Decimals < 0 || pos.Decimals > 6 {
			return bad("positions: displaced positions written with %d decimals is out of range (0 to 6; 0 means 3)", pos.Decimals)
		}
		if d := displaceDecimals(pos.Decimals); cellKm(d) > pos.RadiusKm/4 {
			return bad("positions: %d decimals (about %.2g km) is too coarse for a displacement of up to %g km: use more decimals or a grid", d, cellKm(d), pos.RadiusKm)
		}
	case "":
		return bad("positions: no mode (use stored, round, grid, city or displace)")
	default:
		return bad("positions: unknown mode %q (use stored, round, grid, city or displace)", pos.Mode)
	}
	switch p.Sources {
	case SourcesKeep, SourcesPseudonymise, SourcesDrop:
	case "":
		return bad("sources: no mode (use keep, pseudonymise or drop)")
	default:
		return bad("sources: unknown mode %q (use keep, pseudonymise or drop)", p.Sources)
	}
	for i, f := range p.Drop {
		if !slices.Contains(Fields, f) {
			return bad("drop[%d]: unknown field %q (use notes, operator, workers_estimate, tags or extra)", i, f)
		}
	}
	for i, w := range p.ProtectedWords {
		t := strings.TrimSpace(w)
		switch {
		case !utf8.ValidString(w):
			return bad("protected word %d is not valid UTF-8", i+1)
		case utf8.RuneCountInString(t) < MinProtectedWordRunes:
			return bad("protected word %d is shorter than %d characters", i+1, MinProtectedWordRunes)
		case strings.Contains(foldString(Redacted), foldString(t)):
			// The audit would find the word in every replacement.
			return bad("protected word %d occurs in the replacement text %q: choose a longer word", i+1, Redacted)
		}
	}
	switch p.Attachments {
	case AttachmentsOmit, AttachmentsStripped, AttachmentsKeep:
	case "":
		return bad("attachments: no mode (use omit, stripped or keep)")
	default:
		return bad("attachments: unknown mode %q (use omit, stripped or keep)", p.Attachments)
	}
	switch p.Dates {
	case DatesStored, DatesMonth, DatesYear:
	case "":
		return bad("dates: no mode (use stored, month or year)")
	default:
		return bad("dates: unknown mode %q (use stored, month or year)", p.Dates)
	}
	return nil
}

// DecodeProfile reads a stored profile strictly (an unknown member is an
// error, not silently a weaker profile) and validates it.
func DecodeProfile(b []byte) (Profile, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	if dec.More() {
		return Profile{}, errors.New("profile: more than one JSON value")
	}
	if err := p.Validate(); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// EncodeProfile writes p as the JSON the store keeps, with its drop list
// in the order of Fields so that equal profiles give equal bytes.
func EncodeProfile(p Profile) ([]byte, error) {
	p.Drop = normalisedDrop(p.Drop)
	return json.Marshal(p)
}

func normalisedDrop(d []Field) []Field {
	var out []Field
	for _, f := range Fields {
		if slices.Contains(d, f) {
			out = append(out, f)
		}
	}
	return out
}
