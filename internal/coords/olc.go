package coords

import (
	"fmt"
	"math"
	"strings"
)

// Open Location Code (Plus codes), written from the specification at
// github.com/google/open-location-code/blob/main/docs/specification.md.
// Google's Go module is not served by the module proxy this project uses,
// and the algorithm is small. Positions are done in integers (units of
// 1/25e6° of latitude and 1/8.192e6° of longitude, the finest grid step)
// so codes do not depend on floating-point luck near cell edges.

const (
	olcAlphabet  = "23456789CFGHJMPQRVWX"
	olcSep       = '+'
	olcSepPos    = 8
	olcPad       = '0'
	olcPairLen   = 10
	olcMaxLen    = 15
	olcLatUnits  = 25000000 // per degree: 8000 * 5^5
	olcLngUnits  = 8192000  // 8000 * 4^5
	olcGridRows  = 5
	olcGridCols  = 4
	olcGridLen   = olcMaxLen - olcPairLen
	olcFirstPair = 20 // degrees of the first pair
)

// olcEncode writes the code of a point with length significant digits
// (2, 4, 6, 8, or 10..15).
func olcEncode(lat, lng float64, length int) string {
	if length > olcMaxLen {
		length = olcMaxLen
	}
	lat = math.Max(-90, math.Min(90, lat))
	latV := olcUnits(lat, olcLatUnits)
	latV += 90 * olcLatUnits
	if latV < 0 {
		latV = 0
	} else if latV >= 180*olcLatUnits {
		latV = 180*olcLatUnits - 1
	}
	if lng < -180 || lng >= 180 {
		// Normalise in floating point first (math.Mod is exact) so huge
		// longitudes cannot overflow the integer conversion.
		lng = math.Mod(lng+180, 360)
		if lng < 0 {
			lng += 360
		}
		lng -= 180
	}
	lngV := olcUnits(lng, olcLngUnits)
	lngV += 180 * olcLngUnits
	full := int64(360 * olcLngUnits)
	lngV %= full
	if lngV < 0 {
		lngV += full
	}
	var b [olcMaxLen]byte
	// Grid digits, least significant first, then the pairs.
	for i := olcMaxLen - 1; i >= olcPairLen; i-- {
		b[i] = olcAlphabet[(latV%olcGridRows)*olcGridCols+lngV%olcGridCols]
		latV /= olcGridRows
		lngV /= olcGridCols
	}
	for i := olcPairLen - 2; i >= 0; i -= 2 {
		b[i+1] = olcAlphabet[lngV%20]
		b[i] = olcAlphabet[latV%20]
		latV /= 20
		lngV /= 20
	}
	code := string(b[:olcSepPos]) + string(olcSep) + string(b[olcSepPos:])
	if length >= olcSepPos {
		return code[:length+1]
	}
	return code[:length] + strings.Repeat(string(olcPad), olcSepPos-length) + string(olcSep)
}

// olcUnits converts degrees to grid units. The product is first rounded
// to 6 decimals, as the reference implementations do, so that 129.7,
// whose binary value is a hair below 129.7, still lands in the cell that
// starts at 129.7 rather than the one before it.
func olcUnits(deg float64, units float64) int64 {
	v := deg * units
	if math.Abs(v) < 9e9 { // v*1e6 stays an exact integer below 2^53
		v = math.Round(v*1e6) / 1e6
	}
	return int64(math.Floor(v))
}

// olcArea is a decoded code: its south-west and north-east corners.
type olcArea struct {
	latLo, lngLo, latHi, lngHi float64
	length                     int
}

func (a olcArea) centre() (lat, lng float64) {
	lat = (a.latLo + a.latHi) / 2
	lng = (a.lngLo + a.lngHi) / 2
	return min(lat, 90), min(lng, 180)
}

// olcCheck says why a code is not a valid (full or short) code, or "".
func olcCheck(code string) string {
	sep := strings.IndexByte(code, olcSep)
	switch {
	case sep < 0:
		return "no '+' separator"
	case strings.Count(code, string(olcSep)) > 1:
		return "more than one '+'"
	case sep > olcSepPos || sep%2 != 0:
		return "the '+' must follow an even number of digits, at most 8"
	case len(code)-sep-1 == 1:
		return "a single digit after '+' is not allowed"
	}
	if p := strings.IndexByte(code, olcPad); p >= 0 {
		if sep < olcSepPos {
			return "a short code cannot contain '0' padding"
		}
		if p == 0 || p%2 != 0 {
			return "'0' padding must start after an even number of digits"
		}
		for i := p; i < sep; i++ {
			if code[i] != olcPad {
				return "'0' padding must run up to the '+'"
			}
		}
		if sep != len(code)-1 {
			return "a padded code cannot have digits after '+'"
		}
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c != olcSep && c != olcPad && strings.IndexByte(olcAlphabet, c) < 0 {
			return fmt.Sprintf("%q is not a Plus code character", c)
		}
	}
	if sep == olcSepPos {
		if strings.IndexByte(olcAlphabet, code[0])*olcFirstPair >= 180 {
			return "its first character puts it beyond latitude 90"
		}
		if strings.IndexByte(olcAlphabet, code[1])*olcFirstPair >= 360 {
			return "its second character puts it beyond longitude 180"
		}
	}
	return ""
}

// olcDecode decodes a valid full code (upper case).
func olcDecode(code string) olcArea {
	digits := strings.Map(func(r rune) rune {
		if r == olcSep || r == olcPad {
			return -1
		}
		return r
	}, code)
	if len(digits) > olcMaxLen {
		digits = digits[:olcMaxLen]
	}
	var latV, lngV int64
	latP, lngP := int64(olcFirstPair*olcLatUnits), int64(olcFirstPair*olcLngUnits)
	for i := 0; i < len(digits); i++ {
		d := int64(strings.IndexByte(olcAlphabet, digits[i]))
		switch {
		case i < olcPairLen && i%2 == 0:
			if i > 0 {
				latP /= 20
			}
			latV += d * latP
		case i < olcPairLen:
			if i > 1 {
				lngP /= 20
			}
			lngV += d * lngP
		default:
			latP /= olcGridRows
			lngP /= olcGridCols
			latV += d / olcGridCols * latP
			lngV += d % olcGridCols * lngP
		}
	}
	a := olcArea{length: len(digits)}
	a.latLo = float64(latV)/olcLatUnits - 90
	a.lngLo = float64(lngV)/olcLngUnits - 180
	a.latHi = float64(latV+latP)/olcLatUnits - 90
	a.lngHi = float64(lngV+lngP)/olcLngUnits - 180
	return a
}

// olcRecover turns a short code into the full code nearest a reference
// point, as the specification's recoverNearest does.
func olcRecover(short string, refLat, refLng float64) string {
	sep := strings.IndexByte(short, olcSep)
	if sep == olcSepPos {
		return short
	}
	refLat = math.Max(-90, math.Min(90, refLat))
	refLng = math.Mod(math.Mod(refLng+180, 360)+360, 360) - 180
	pad := olcSepPos - sep
	res := math.Pow(20, 2-float64(pad)/2)
	half := res / 2
	code := olcEncode(refLat, refLng, olcMaxLen)[:pad] + short
	a := olcDecode(code)
	lat, lng := (a.latLo+a.latHi)/2, (a.lngLo+a.lngHi)/2
	if refLat+half < lat && lat-res >= -90 {
		lat -= res
	} else if refLat-half > lat && lat+res <= 90 {
		lat += res
	}
	if refLng+half < lng {
		lng -= res
	} else if refLng-half > lng {
		lng += res
	}
	return olcEncode(lat, lng, a.length)
}

// looksLikeOLC says whether a token is meant as a Plus code: it has a '+'
// and otherwise only code characters, and is not a signed number.
func looksLikeOLC(tok string) bool {
	sep := strings.IndexByte(tok, olcSep)
	if sep < 0 {
		return false
	}
	letter := false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		switch {
		case c == olcSep, c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			letter = true
		default:
			return false
		}
	}
	// "+42" is a signed number; "+2VX" and "8FVC2222+22" are codes.
	return sep > 0 || letter
}
