package coords

import (
	"fmt"
	"math"
	"strings"
)

// MGRS letters (the "AA" lettering of WGS84). Columns repeat every three
// zones, rows every two zones with an offset of five letters for even
// zones; I and O are never used.
var mgrsCols = [3]string{"ABCDEFGH", "JKLMNPQR", "STUVWXYZ"}

const mgrsRows = "ABCDEFGHJKLMNPQRSTUV"

// formatMGRS writes a 1 m MGRS reference. The digits are truncated, not
// rounded, as MGRS requires: the named square must contain the point.
func formatMGRS(lat, lon float64) string {
	u, ok := toUTM(lat, lon)
	if !ok {
		return ""
	}
	e, n := math.Floor(u.east+1e-6), math.Floor(u.north+1e-6)
	ci := int(e/100000) - 1
	if ci < 0 || ci > 7 {
		return "" // cannot happen inside a zone; guards the index
	}
	col := mgrsCols[(u.zone-1)%3][ci]
	row := int(math.Mod(n, 2000000) / 100000)
	if u.zone%2 == 0 {
		row = (row + 5) % 20
	}
	return fmt.Sprintf("%02d%c%c%c%05d%05d", u.zone, u.band, col, mgrsRows[row],
		int(math.Mod(e, 100000)), int(math.Mod(n, 100000)))
}

// mgrsRef is a parsed MGRS reference before it is turned into metres.
type mgrsRef struct {
	zone     int
	band     byte
	col, row byte
	e, n     string // equal-length digit strings, 0..5 digits each
}

// parseMGRS reads "52TGN5100058000" or "52T GN 51000 58000". ok is false
// when the text does not look like MGRS at all, so other notations get a
// turn; err is set when it does look like MGRS but is wrong.
func parseMGRS(text string) (r Reading, ok bool, err error) {
	f := strings.Fields(strings.ToUpper(text))
	s := strings.Join(f, "")
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	if i == 0 || len(s) < i+3 || !isLetter(s[i]) || !isLetter(s[i+1]) || !isLetter(s[i+2]) {
		return r, false, nil
	}
	rest := s[i+3:]
	for j := 0; j < len(rest); j++ {
		if !isDigit(rest[j]) {
			return r, false, nil
		}
	}
	var m mgrsRef
	for j := 0; j < i; j++ {
		m.zone = m.zone*10 + int(s[j]-'0')
	}
	m.band, m.col, m.row = s[i], s[i+1], s[i+2]
	// With the digits written as two groups, both must be the same length:
	// "51 5800" is a mistake, not "515" and "800".
	if len(f) >= 2 {
		last, prev := f[len(f)-1], f[len(f)-2]
		if allDigits(last) && allDigits(prev) && len(last) != len(prev) {
			return r, true, fmt.Errorf("MGRS %s: easting %q and northing %q must have the same number of digits", text, prev, last)
		}
	}
	if len(rest)%2 != 0 {
		return r, true, fmt.Errorf("MGRS %s: %d digits after the square letters, expected an even number (2 to 10)", s, len(rest))
	}
	if len(rest) > 10 {
		return r, true, fmt.Errorf("MGRS %s: %d digits after the square letters, at most 10 (1 m)", s, len(rest))
	}
	m.e, m.n = rest[:len(rest)/2], rest[len(rest)/2:]
	lat, lon, err := m.centre()
	if err != nil {
		return r, true, err
	}
	return Reading{Point: pt(lon, lat), Notation: MGRS,
		Text: fmt.Sprintf("%02d%c%c%c%s%s", m.zone, m.band, m.col, m.row, m.e, m.n)}, true, nil
}

// corner is the south-west corner of the square in metres, and its size.
func (m mgrsRef) corner() (u utm, size float64, err error) {
	name := fmt.Sprintf("%d%c%c%c", m.zone, m.band, m.col, m.row)
	if m.zone < 1 || m.zone > 60 {
		return u, 0, fmt.Errorf("MGRS %s: zone %d is out of range 1..60", name, m.zone)
	}
	if indexByte(utmBands, m.band) < 0 {
		return u, 0, fmt.Errorf("MGRS %s: %c is not a latitude band (C..X without I and O)", name, m.band)
	}
	if err := checkZoneBand(m.zone, m.band); err != nil {
		return u, 0, fmt.Errorf("MGRS %s: %w", name, err)
	}
	cols := mgrsCols[(m.zone-1)%3]
	ci := indexByte(cols, m.col)
	if ci < 0 {
		return u, 0, fmt.Errorf("MGRS %s: column letter %c is not used in zone %d (%c..%c)", name, m.col, m.zone, cols[0], cols[7])
	}
	ri := indexByte(mgrsRows, m.row)
	if ri < 0 {
		return u, 0, fmt.Errorf("MGRS %s: row letter %c is not an MGRS row letter (A..V without I and O)", name, m.row)
	}
	if m.zone%2 == 0 {
		ri = (ri + 15) % 20
	}
	size = 100000
	var e, n float64
	for k := 0; k < len(m.e); k++ {
		size /= 10
		e += float64(m.e[k]-'0') * size
		n += float64(m.n[k]-'0') * size
	}
	u = utm{zone: m.zone, band: m.band, east: float64(ci+1)*100000 + e, southern: m.band < 'N'}
	// Row letters repeat every 2000 km; the band says which repeat.
	lo, hi := bandRange(m.band)
	best, bestD := -1.0, math.Inf(1)
	for k := 0; k < 5; k++ {
		u.north = float64(k)*2000000 + float64(ri)*100000 + n
		if u.north > 10000000 {
			break
		}
		lat, _ := fromUTM(u)
		d := 0.0
		if lat < lo {
			d = lo - lat
		} else if lat > hi {
			d = lat - hi
		}
		if d < bestD {
			best, bestD = u.north, d
		}
	}
	// Squares straddle band edges, so allow half a degree (55 km) of slack;
	// the next repeat is 18° away.
	if bestD > 0.5 {
		return u, 0, fmt.Errorf("MGRS %s: square %c%c is not in band %c of zone %d", name, m.col, m.row, m.band, m.zone)
	}
	u.north = best
	return u, size, nil
}

// centre is the middle of the named square: a 1 m reference is a 1 m
// square, a 4-digit one a 1 km square, and its middle is the best guess.
func (m mgrsRef) centre() (lat, lon float64, err error) {
	u, size, err := m.corner()
	if err != nil {
		return 0, 0, err
	}
	u.east += size / 2
	u.north += size / 2
	lat, lon = fromUTM(u)
	return lat, lon, nil
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
