package share

import (
	"fmt"
	"strconv"
	"strings"
)

// Describe says what p generalises or leaves out, for the "siteatlas"
// foreign member of a GeoJSON export (or a GeoPackage's metadata), so a
// reader knows that positions are not where the sites are. It never names
// a protected word (only how many there are) nor anything of the salt.
// Members are plain strings, numbers, booleans and string lists, so that
// encoding/json writes them in a fixed (sorted) order.
func Describe(p Profile) map[string]any {
	m := map[string]any{
		"profile":                      p.Name,
		"confidential":                 "left out",
		"positions":                    describePositions(p.Positions),
		"positions_mode":               string(p.Positions.Mode),
		"sources":                      describeSources(p.Sources),
		"attachments":                  describeAttachments(p.Attachments),
		"dates":                        describeDates(p.Dates),
		"protected_words":              len(newWordSet(p.ProtectedWords).folded),
		"never_more_precise_than_site": true,
	}
	if p.IncludeConfidential {
		m["confidential"] = "included"
	}
	switch p.Positions.Mode {
	case PositionsRound:
		m["positions_decimals"] = p.Positions.Decimals
	case PositionsGrid:
		m["positions_grid_km"] = p.Positions.GridKm
	case PositionsDisplace:
		m["positions_radius_km"] = p.Positions.RadiusKm
		m["positions_min_km"] = MinDisplaceFraction * p.Positions.RadiusKm
	}
	var dropped []string
	for _, f := range normalisedDrop(p.Drop) {
		dropped = append(dropped, string(f))
	}
	if dropped == nil {
		dropped = []string{}
	}
	m["dropped_fields"] = dropped
	return m
}

// DescribeText is Describe in one sentence, for the export dialog and for
// formats with only a description line: "profile "Public": confidential
// items left out; positions displaced by 0.2 to 2 km; …".
func DescribeText(p Profile) string {
	parts := []string{"confidential items left out"}
	if p.IncludeConfidential {
		parts[0] = "confidential items included"
	}
	parts = append(parts, describePositions(p.Positions), describeSources(p.Sources))
	if len(p.Drop) > 0 {
		var fs []string
		for _, f := range normalisedDrop(p.Drop) {
			fs = append(fs, strings.ReplaceAll(string(f), "_", " "))
		}
		parts = append(parts, strings.Join(fs, ", ")+" left out")
	}
	if n := len(newWordSet(p.ProtectedWords).folded); n > 0 {
		parts = append(parts, plural(n, "protected word")+" redacted")
	}
	parts = append(parts, describeAttachments(p.Attachments), describeDates(p.Dates))
	return fmt.Sprintf("profile %q: %s", p.Name, strings.Join(parts, "; "))
}

func describePositions(pos Positions) string {
	switch pos.Mode {
	case PositionsRound:
		return fmt.Sprintf("positions rounded to %d decimals (about %s)", pos.Decimals, km(cellKm(pos.Decimals)))
	case PositionsGrid:
		return fmt.Sprintf("positions snapped to a %s grid", km(pos.GridKm))
	case PositionsCity:
		return "positions moved to their city's centre"
	case PositionsDisplace:
		return fmt.Sprintf("positions displaced by %s to %s in a random direction", km(MinDisplaceFraction*pos.RadiusKm), km(pos.RadiusKm))
	}
	return "positions as stored, to each site's precision"
}

func describeSources(m SourceMode) string {
	switch m {
	case SourcesPseudonymise:
		return "sources pseudonymised (grades kept)"
	case SourcesDrop:
		return "sources left out"
	}
	return "sources kept"
}

func describeAttachments(m AttachmentMode) string {
	switch m {
	case AttachmentsOmit:
		return "attachments left out"
	case AttachmentsStripped:
		return "attachments stripped of position, time and metadata"
	}
	return "attachments as stored"
}

func describeDates(m DateMode) string {
	switch m {
	case DatesMonth:
		return "dates to the month"
	case DatesYear:
		return "dates to the year"
	}
	return "dates as stored"
}

// km writes a distance for people: "2 km", "0.2 km", "110 m".
func km(v float64) string {
	if v < 1 {
		return strconv.FormatFloat(v*1000, 'f', 0, 64) + " m"
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " km"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
