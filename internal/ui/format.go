package ui

import (
	"fmt"
	"github.com/siteatlas/siteatlas/internal/numfmt"
	"math"

	"github.com/siteatlas/siteatlas/internal/app"
)

// formatLatLon writes a position the way researchers quote it:
// "42.9672°N 129.8436°E".
func formatLatLon(lat, lon float64) string {
	ns, ew := "N", "E"
	if lat < 0 {
		ns = "S"
	}
	if lon < 0 {
		ew = "W"
	}
	return fmt.Sprintf("%.4f°%s %.4f°%s", math.Abs(lat), ns, math.Abs(lon), ew)
}

// formatDMS writes a position in degrees, minutes and seconds:
// "42°58′02″N 129°50′37″E".
func formatDMS(lat, lon float64) string {
	ns, ew := "N", "E"
	if lat < 0 {
		ns = "S"
	}
	if lon < 0 {
		ew = "W"
	}
	return dms(lat) + ns + " " + dms(lon) + ew
}

func dms(v float64) string {
	v = math.Abs(v)
	total := int(math.Round(v * 3600))
	return fmt.Sprintf("%d°%02d′%02d″", total/3600, total/60%60, total%60)
}

// formatCount writes 1234 as "1,234".
func formatCount(n int) string { return numfmt.Count(n) }

// countryNames names the countries researchers meet most; other codes are
// shown as they are.
var countryNames = map[string]string{
	"CN": "China", "KP": "North Korea", "KR": "South Korea", "RU": "Russia", "MN": "Mongolia",
	"JP": "Japan", "VN": "Vietnam", "LA": "Laos", "KH": "Cambodia", "MY": "Malaysia",
	"AE": "United Arab Emirates", "QA": "Qatar", "KW": "Kuwait", "PL": "Poland", "NP": "Nepal",
}

func countryText(code string) string {
	if name, ok := countryNames[code]; ok {
		return name + " (" + code + ")"
	}
	for _, c := range app.Countries() {
		if c.Code == code {
			return c.Name + " (" + code + ")"
		}
	}
	return code
}
