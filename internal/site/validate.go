package site

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// FieldError says what is wrong with one field, so that a form can show the
// message next to it and an importer can name it.
type FieldError struct {
	Field   string // snake_case name as in GeoJSON properties, e.g. "first_reported" or "sources[1].url"
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationError lists every problem found in a site.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// IsCategory reports whether c is usable as a category: a built-in one or a
// user-defined word of lowercase letters, digits and underscores.
func IsCategory(c string) bool {
	if c == "" || len(c) > 40 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// ValidStatus reports whether s is one of Statuses.
func ValidStatus(s Status) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// ValidPrecision reports whether p is empty or one of Precisions.
func ValidPrecision(p Precision) bool {
	if p == "" {
		return true
	}
	for _, v := range Precisions {
		if p == v {
			return true
		}
	}
	return false
}

// Validate checks every field of s and returns a ValidationError listing all
// problems, or nil.
func (s *Site) Validate() error {
	var errs ValidationError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{field, fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(s.Name) == "" {
		add("name", "a site needs a name")
	}
	if s.Category != "" && !IsCategory(s.Category) {
		add("category", "%q is not a category: use lowercase letters, digits and _", s.Category)
	}
	if s.Status != "" && !ValidStatus(s.Status) {
		add("status", "%q is not a status: use one of reported, confirmed, suspected, closed, unknown", s.Status)
	}
	if !ValidPrecision(s.Precision) {
		add("precision", "%q is not a precision: use exact, approximate or city", s.Precision)
	}
	if s.Country != "" && !isCountryCode(s.Country) {
		add("country", "%q is not an ISO 3166-1 alpha-2 code such as CN or KP", s.Country)
	}
	if s.WorkersEstimate != nil && *s.WorkersEstimate < 0 {
		add("workers_estimate", "must not be negative")
	}
	if err := s.FirstReported.Validate(); err != nil {
		add("first_reported", "%v", err)
	}
	if err := s.LastReported.Validate(); err != nil {
		add("last_reported", "%v", err)
	}
	if s.FirstReported != "" && s.LastReported != "" && s.LastReported < s.FirstReported &&
		!strings.HasPrefix(string(s.FirstReported), string(s.LastReported)) {
		add("last_reported", "%s is before first reported %s", s.LastReported, s.FirstReported)
	}
	if s.Geometry != nil {
		if err := ValidateGeometry(s.Geometry); err != nil {
			add("geometry", "%v", err)
		}
	}
	sourceIDs := map[string]bool{}
	for i, src := range s.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		if src.ID != "" {
			sourceIDs[src.ID] = true
		}
		if strings.TrimSpace(src.Title) == "" && strings.TrimSpace(src.URL) == "" {
			add(f+".title", "a source needs a title or a URL")
		}
		if err := src.Published.Validate(); err != nil {
			add(f+".published", "%v", err)
		}
		if err := src.Accessed.Validate(); err != nil {
			add(f+".accessed", "%v", err)
		}
		if src.Reliability != "" && (len(src.Reliability) != 1 || src.Reliability[0] < 'A' || src.Reliability[0] > 'F') {
			add(f+".reliability", "%q is not a grade: use A (reliable) to F (cannot be judged)", src.Reliability)
		}
		if src.Credibility < 0 || src.Credibility > 6 {
			add(f+".credibility", "%d is not a grade: use 1 (confirmed) to 6 (cannot be judged)", src.Credibility)
		}
	}
	for i, o := range s.Observations {
		f := fmt.Sprintf("observations[%d]", i)
		if err := o.Date.Validate(); err != nil {
			add(f+".date", "%v", err)
		}
		if o.Status != "" && !ValidStatus(o.Status) {
			add(f+".status", "%q is not a status", o.Status)
		}
		if o.SourceID != "" && !sourceIDs[o.SourceID] {
			add(f+".source_id", "%q is not one of this site's sources", o.SourceID)
		}
	}
	for _, str := range []string{s.Name, s.City, s.Province, s.Operator, s.Notes} {
		if !utf8.ValidString(str) {
			add("text", "contains invalid UTF-8")
			break
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func isCountryCode(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

// ValidateGeometry checks that every position is a finite WGS84 longitude and
// latitude and that polygon rings are closed and have at least four positions.
func ValidateGeometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		return validatePoint(g, "")
	case orb.MultiPoint:
		return validatePoints(g, "")
	case orb.LineString:
		if len(g) < 2 {
			return fmt.Errorf("a line needs at least 2 positions, has %d", len(g))
		}
		return validatePoints(g, "")
	case orb.MultiLineString:
		for i, l := range g {
			if len(l) < 2 {
				return fmt.Errorf("line %d needs at least 2 positions, has %d", i, len(l))
			}
			if err := validatePoints(l, fmt.Sprintf("line %d ", i)); err != nil {
				return err
			}
		}
	case orb.Ring:
		return validateRing(g, "ring 0 ")
	case orb.Polygon:
		return validatePolygon(g, "")
	case orb.MultiPolygon:
		for i, p := range g {
			if err := validatePolygon(p, fmt.Sprintf("polygon %d ", i)); err != nil {
				return err
			}
		}
	case orb.Collection:
		for i, c := range g {
			if err := ValidateGeometry(c); err != nil {
				return fmt.Errorf("geometry %d: %w", i, err)
			}
		}
	case orb.Bound:
		return validatePoints([]orb.Point{g.Min, g.Max}, "")
	case nil:
		return nil
	default:
		return fmt.Errorf("unsupported geometry %T", g)
	}
	return nil
}

func validatePolygon(p orb.Polygon, where string) error {
	if len(p) == 0 {
		return fmt.Errorf("%spolygon has no rings", where)
	}
	for i, r := range p {
		if err := validateRing(r, fmt.Sprintf("%sring %d ", where, i)); err != nil {
			return err
		}
	}
	return nil
}

func validateRing(r orb.Ring, where string) error {
	if len(r) < 4 {
		return fmt.Errorf("%sneeds at least 4 positions, has %d", where, len(r))
	}
	if r[0] != r[len(r)-1] {
		return fmt.Errorf("%sis not closed: first position %v differs from last %v", where, r[0], r[len(r)-1])
	}
	return validatePoints(r, where)
}

func validatePoints(ps []orb.Point, where string) error {
	for i, p := range ps {
		if err := validatePoint(p, fmt.Sprintf("%sposition %d ", where, i)); err != nil {
			return err
		}
	}
	return nil
}

func validatePoint(p orb.Point, where string) error {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0):
		return fmt.Errorf("%slongitude is %v", where, lon)
	case math.IsNaN(lat) || math.IsInf(lat, 0):
		return fmt.Errorf("%slatitude is %v", where, lat)
	case lon < -180 || lon > 180:
		return fmt.Errorf("%slongitude %v is out of range -180..180", where, lon)
	case lat < -90 || lat > 90:
		return fmt.Errorf("%slatitude %v is out of range -90..90", where, lat)
	}
	return nil
}
