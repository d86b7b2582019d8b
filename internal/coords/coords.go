// Package coords reads and writes coordinates in the notations researchers
// paste from reports, maps and GPS units: decimal degrees, degrees-minutes
// (DM), degrees-minutes-seconds (DMS), UTM, MGRS and Plus codes (Open
// Location Code). It has no I/O and no UI; the search box and the "Copy
// coordinates as…" menu both call it.
//
// Parse never guesses silently: a text that can be read two ways
// ("40, 50" is 40°N 50°E or 50°N 40°E) gives both readings, the most
// likely first, and a text that cannot be read gives an error saying what
// was wrong with it.
package coords

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Notation is a way of writing a position.
type Notation int

// The notations Parse reads and Format writes.
const (
	Decimal  Notation = iota // 42.970000, 129.840000
	DMS                      // 42°58′12.0″N 129°50′24.0″E
	DM                       // 42°58.200′N 129°50.400′E
	UTM                      // 52T 568349 4757899
	MGRS                     // 52TCN6834957899
	PlusCode                 // 8Q3QXR8P+XX
)

// Notations lists every notation, in menu order.
var Notations = []Notation{Decimal, DMS, DM, UTM, MGRS, PlusCode}

// String is the notation's name for people.
func (n Notation) String() string {
	switch n {
	case Decimal:
		return "decimal degrees"
	case DMS:
		return "degrees minutes seconds"
	case DM:
		return "degrees decimal minutes"
	case UTM:
		return "UTM"
	case MGRS:
		return "MGRS"
	case PlusCode:
		return "Plus code"
	}
	return "notation " + strconv.Itoa(int(n))
}

// Reading is one way of reading a text as a position.
type Reading struct {
	Point    orb.Point // lon, lat (orb's order), WGS84
	Notation Notation  // the notation the text was written in
	Text     string    // the position in canonical form of that notation
	Swapped  bool      // the text was read longitude first
}

// Parse reads a coordinate in any notation. It returns at least one
// reading or an error; more than one reading means the text is ambiguous,
// best reading first. Short Plus codes ("XR8P+XX") need ParseNear.
//
// Rules where notations are ambiguous:
//   - Two unlabelled values are read as latitude, longitude; the swapped
//     reading follows when it is also in range, and is the only one when
//     the first value is not a latitude ("129.84, 42.97").
//   - Hemisphere letters (N/S/E/W, before or after) or labels ("lat",
//     "lon") fix the order: "129.84E 42.97N" has one reading.
//   - Degree, minute and second signs may be any of ° º ' ′ ’ " ″ ”, two
//     apostrophes, or the letters d, m, s; "s" is a seconds sign only
//     after minutes marked with "m" ("42d57m30s"), elsewhere it is South
//     ("42°57′30S").
//   - A comma between two digits with no space ("42,97 129,84") is also
//     tried as a decimal comma; the comma-as-separator reading, when it is
//     valid, comes first ("42,97" alone is 42°N 97°E).
//   - UTM: a letter right after the zone ("52T", "52N", "52S") is an MGRS
//     latitude band (C–X); N and S are also tried as hemispheres, with the
//     band reading first. Written apart ("52 N", "52 north"), N and S are
//     hemispheres first. A band that does not match the northing is an
//     error unless the hemisphere reading works.
//   - MGRS with 0 to 10 digits names a square; Parse returns its centre.
func Parse(text string) ([]Reading, error) { return parse(text, nil) }

// ParseNear is Parse, but short Plus codes ("XR8P+XX") are recovered as
// the nearest matching code to ref, as Plus code apps do with the map
// centre or a named place.
func ParseNear(text string, ref orb.Point) ([]Reading, error) { return parse(text, &ref) }

func parse(text string, ref *orb.Point) ([]Reading, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return nil, errNoCoordinate(text)
	}
	if len(t) > 200 {
		return nil, fmt.Errorf("%.20q… is %d characters, too long for a coordinate", t, len(t))
	}
	// geo: URIs (RFC 5870) as phones share them: geo:42.97,129.84;u=35
	if len(t) > 4 && strings.EqualFold(t[:4], "geo:") {
		t = t[4:]
		if i := strings.IndexAny(t, ";?"); i >= 0 {
			t = t[:i]
		}
	}
	if f := strings.Fields(t); looksLikeOLC(f[0]) {
		r, err := parsePlus(f, ref)
		if err != nil {
			return nil, err
		}
		return []Reading{r}, nil
	}
	if r, ok, err := parseMGRS(t); ok {
		if err != nil {
			return nil, err
		}
		return []Reading{r}, nil
	}
	if rs, ok, err := parseUTM(t); ok {
		return rs, err
	}
	rs, err := parseAngles(t, false)
	if decimalCommaRE.MatchString(t) {
		rs2, err2 := parseAngles(t, true)
		if err2 == nil {
			rs, err = dedupe(append(rs, rs2...)), nil
		}
	}
	return rs, err
}

var decimalCommaRE = regexp.MustCompile(`\d,\d`)

func dedupe(rs []Reading) []Reading {
	out := rs[:0]
	for _, r := range rs {
		dup := false
		for _, o := range out {
			if o.Notation == r.Notation && o.Text == r.Text {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

func errNoCoordinate(text string) error {
	return fmt.Errorf("no coordinate in %q: expected decimal degrees (42.97, 129.84), DMS (42°58′12″N 129°50′24″E), "+
		"UTM (52T 568349 4757899), MGRS (52TCN6834957899) or a Plus code (8Q3QXR8P+XX)", text)
}

func pt(lon, lat float64) orb.Point { return orb.Point{lon, lat} }

// utmRE matches "52T 651000 4758000", "52 N 651000 4758000",
// "zone 52T 651000mE 4758000mN" and comma-separated variants.
var utmRE = regexp.MustCompile(`(?i)^(?:zone\s*)?(\d{1,2})(\s*)([a-z]+)?[\s,;]+(\d{5,}(?:\.\d+)?)\s*(?:m?e)?[\s,;]+(\d+(?:\.\d+)?)\s*(?:m?n)?$`)

// parseUTM reads a UTM position; ok is false when the text is not UTM.
func parseUTM(text string) (rs []Reading, ok bool, err error) {
	m := utmRE.FindStringSubmatch(text)
	if m == nil {
		return nil, false, nil
	}
	zone, _ := strconv.Atoi(m[1])
	east, _ := strconv.ParseFloat(m[4], 64)
	north, _ := strconv.ParseFloat(m[5], 64)
	if err := checkUTMRange(zone, east, north); err != nil {
		return nil, true, fmt.Errorf("UTM %s: %w", text, err)
	}
	letter := strings.ToUpper(m[3])
	attached := m[2] == ""
	type cand struct {
		southern bool
		band     byte
	}
	var cands []cand
	switch letter {
	case "":
		return nil, true, fmt.Errorf("UTM %s: expected a latitude band (C–X) or a hemisphere (N or S) after zone %d", text, zone)
	case "NORTH":
		cands = append(cands, cand{southern: false})
	case "SOUTH":
		cands = append(cands, cand{southern: true})
	default:
		if len(letter) != 1 {
			return nil, true, fmt.Errorf("UTM %s: %q is neither a latitude band (C–X) nor a hemisphere (N, S)", text, m[3])
		}
		b := letter[0]
		var band, hemi []cand
		if indexByte(utmBands, b) >= 0 {
			band = []cand{{southern: b < 'N', band: b}}
		}
		if b == 'N' || b == 'S' {
			hemi = []cand{{southern: b == 'S'}}
		}
		if band == nil && hemi == nil {
			return nil, true, fmt.Errorf("UTM %s: %c is neither a latitude band (C–X, no I or O) nor a hemisphere (N, S)", text, b)
		}
		if attached {
			cands = append(band, hemi...)
		} else {
			cands = append(hemi, band...)
		}
	}
	var firstErr error
	for _, c := range cands {
		u := utm{zone: zone, east: east, north: north, southern: c.southern}
		lat, lon := fromUTM(u)
		if c.band != 0 {
			if err := checkZoneBand(zone, c.band); err != nil {
				firstErr = cmpErr(firstErr, fmt.Errorf("UTM %s: %w", text, err))
				continue
			}
			lo, hi := bandRange(c.band)
			if lat < lo-0.5 || lat > hi+0.5 {
				firstErr = cmpErr(firstErr, fmt.Errorf("UTM %s: northing %s is at latitude %.2f, not in band %c (%s..%s)",
					text, trimFloat(north), lat, c.band, latName(lo), latName(hi)))
				continue
			}
		} else if lat < -80.5 || lat > 84.5 {
			firstErr = cmpErr(firstErr, fmt.Errorf("UTM %s: latitude %.2f is outside UTM's range 80°S..84°N", text, lat))
			continue
		}
		b := c.band
		if b == 0 {
			b = utmBand(lat)
		}
		rs = append(rs, Reading{Point: pt(lon, lat), Notation: UTM,
			Text: fmt.Sprintf("%d%c %.0f %.0f", zone, b, math.Round(east), math.Round(north))})
	}
	if len(rs) == 0 {
		return nil, true, firstErr
	}
	// Band N and hemisphere N are the same point.
	out := rs[:1]
	for _, r := range rs[1:] {
		if r.Point != out[0].Point {
			out = append(out, r)
		}
	}
	return out, true, nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func latName(v float64) string {
	if v < 0 {
		return trimFloat(-v) + "°S"
	}
	return trimFloat(v) + "°N"
}

// parsePlus reads a Plus code; f is the text split on spaces.
func parsePlus(f []string, ref *orb.Point) (Reading, error) {
	code := strings.ToUpper(f[0])
	if why := olcCheck(code); why != "" {
		return Reading{}, fmt.Errorf("plus code %s: %s", f[0], why)
	}
	if len(f) > 1 {
		return Reading{}, fmt.Errorf("plus code %s is followed by %q: place names are not looked up here; "+
			"give the full code (8 characters before '+') or find the place first", f[0], strings.Join(f[1:], " "))
	}
	if strings.IndexByte(code, olcSep) < olcSepPos {
		if ref == nil {
			// A short code repeats every 20^(2-k/2) degrees, k the digits left off.
			rep := math.Pow(20, 2-float64(olcSepPos-strings.IndexByte(code, olcSep))/2) * 111
			return Reading{}, fmt.Errorf("plus code %s is a short code: the same code recurs about every %s km, "+
				"so it needs a reference place nearby to say which one is meant", code, trimFloat(math.Round(rep*10)/10))
		}
		if !inRange(ref.Lat(), 90) || !inRange(ref.Lon(), 180) {
			return Reading{}, fmt.Errorf("plus code %s: the reference point %v is not a position (lon -180..180, lat -90..90)", code, *ref)
		}
		code = olcRecover(code, ref.Lat(), ref.Lon())
	}
	lat, lng := olcDecode(code).centre()
	return Reading{Point: pt(lng, lat), Notation: PlusCode, Text: code}, nil
}

// Format writes a point in a notation, for copying. It returns "" when the
// point cannot be written in it: outside -90..90, -180..180, or, for UTM
// and MGRS, outside UTM's 80°S..84°N (the polar UPS grid is not written).
func Format(p orb.Point, n Notation) string {
	lat, lon := p.Lat(), p.Lon()
	if !inRange(lat, 90) || !inRange(lon, 180) {
		return ""
	}
	switch n {
	case Decimal:
		return fmt.Sprintf("%.6f, %.6f", round0(lat, 1e6), round0(lon, 1e6))
	case DMS:
		return dms(lat, 'N', 'S') + " " + dms(lon, 'E', 'W')
	case DM:
		return dm(lat, 'N', 'S') + " " + dm(lon, 'E', 'W')
	case UTM:
		u, ok := toUTM(lat, lon)
		if !ok {
			return ""
		}
		return fmt.Sprintf("%d%c %.0f %.0f", u.zone, u.band, math.Round(u.east), math.Round(u.north))
	case MGRS:
		return formatMGRS(lat, lon)
	case PlusCode:
		return olcEncode(lat, lon, 10)
	}
	return ""
}

// round0 rounds to 1/scale and drops the sign of a zero, so a point a hair
// south of the equator is not written "-0.000000".
func round0(v, scale float64) float64 {
	v = math.Round(v*scale) / scale
	if v == 0 {
		return 0
	}
	return v
}

// dms writes 42°58′12.0″N, rounded to a tenth of a second (3 m).
func dms(v float64, pos, neg byte) string {
	t := int64(math.Round(math.Abs(v) * 36000))
	h := pos
	if v < 0 && t != 0 {
		h = neg
	}
	return fmt.Sprintf("%d°%02d′%04.1f″%c", t/36000, t/600%60, float64(t%600)/10, h)
}

// dm writes 42°58.200′N, rounded to a thousandth of a minute (2 m).
func dm(v float64, pos, neg byte) string {
	t := int64(math.Round(math.Abs(v) * 60000))
	h := pos
	if v < 0 && t != 0 {
		h = neg
	}
	return fmt.Sprintf("%d°%06.3f′%c", t/60000, float64(t%60000)/1000, h)
}
