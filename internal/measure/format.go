package measure

import (
	"math"
	"strconv"
	"strings"

	"github.com/siteatlas/siteatlas/internal/numfmt"
)

// Unit sizes, exact by definition (international foot and mile, acre).
const (
	metresPerFoot = 0.3048
	metresPerMile = 1609.344
	m2PerAcre     = 4046.8564224
	m2PerSqMile   = metresPerMile * metresPerMile
)

// FormatLength writes a length for people, in the same form whatever the
// system locale (a point for decimals, a comma between thousands, as
// numfmt does everywhere else): "850 m", "2.31 km", "23.1 km", "1,234 km";
// imperial "850 ft", "1.40 mi". Kilometres and miles keep three
// significant figures, which is more than a drawn outline can claim.
func FormatLength(m float64, imperial bool) string {
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return "–"
	}
	if m < 0 {
		return "-" + FormatLength(-m, imperial)
	}
	if imperial {
		if ft := m / metresPerFoot; ft < 528 { // a tenth of a mile
			return small(ft, "ft")
		}
		return sig3(m/metresPerMile, "mi")
	}
	if m < 999.5 {
		return small(m, "m")
	}
	return sig3(m/1000, "km")
}

// FormatArea writes an area for people: "850 m²", "3.2 ha", "12.5 km²",
// "1,234 km²"; imperial "850 sq ft", "3.2 acres", "12.5 sq mi". Hectares
// are used from 1 ha to 1 km², acres from 1 acre to 1 sq mi, as surveyors
// and land registries do.
func FormatArea(m2 float64, imperial bool) string {
	if math.IsNaN(m2) || math.IsInf(m2, 0) {
		return "–"
	}
	if m2 < 0 {
		return "-" + FormatArea(-m2, imperial)
	}
	if imperial {
		switch {
		case m2 < m2PerAcre:
			return small(m2/(metresPerFoot*metresPerFoot), "sq ft")
		case m2 < m2PerSqMile:
			return decimal1(m2/m2PerAcre, "acres")
		}
		return decimal1(m2/m2PerSqMile, "sq mi")
	}
	switch {
	case m2 < 9999.5:
		return small(m2, "m²")
	case m2 < 1e6:
		return decimal1(m2/1e4, "ha")
	}
	return decimal1(m2/1e6, "km²")
}

// small writes a whole number with thousands separators; below 10, one
// decimal, so a 2.5 m segment does not read "3 m".
func small(v float64, unit string) string {
	if v == 0 {
		return "0 " + unit
	}
	if v < 9.95 {
		return oneDecimal(v) + " " + unit
	}
	return numfmt.Count(int64(math.Round(v))) + " " + unit
}

// sig3 writes three significant figures up to 999, then whole numbers
// with separators.
func sig3(v float64, unit string) string {
	switch {
	case v < 9.995:
		return strconv.FormatFloat(v, 'f', 2, 64) + " " + unit
	case v < 99.95:
		return strconv.FormatFloat(v, 'f', 1, 64) + " " + unit
	}
	return numfmt.Count(int64(math.Round(v))) + " " + unit
}

// decimal1 keeps one decimal below 1000 units, then whole numbers with
// separators ("12.5 km²", "1,234 km²").
func decimal1(v float64, unit string) string {
	if v < 999.95 {
		return oneDecimal(v) + " " + unit
	}
	return numfmt.Count(int64(math.Round(v))) + " " + unit
}

func oneDecimal(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// ImperialLocale says whether a POSIX or BCP 47 locale ("en_US.UTF-8",
// "en-US") is of a country that measures in miles and acres: the United
// States, Liberia and Myanmar. Britain signs roads in miles but surveys
// land in hectares, so it gets metric; a setting can override.
func ImperialLocale(locale string) bool {
	if i := strings.IndexAny(locale, ".@"); i >= 0 {
		locale = locale[:i]
	}
	i := strings.LastIndexAny(locale, "_-")
	if i < 0 {
		return false
	}
	switch strings.ToUpper(locale[i+1:]) {
	case "US", "LR", "MM":
		return true
	}
	return false
}
