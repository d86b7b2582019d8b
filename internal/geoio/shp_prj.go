package geoio

import (
	"fmt"
	"regexp"
	"strings"
)

// The .prj of a shapefile is the layer's CRS as WKT (ESRI's dialect or
// OGC's). Only its outline matters here: geographic or projected, which
// datum, and which angular unit. Site Atlas stores WGS 84 longitude and
// latitude and does no datum shifts, so:
//
//   - WGS 84 is read as is;
//   - NAD83, ETRS89 and CGCS2000 (China's national datum) are within about
//     a metre of WGS 84, far below what a reported site's position means,
//     so they are read as WGS 84 with a warning naming the datum;
//   - any other geographic datum (Beijing 1954, Xian 1980, Tokyo…) is tens
//     to hundreds of metres off, and anything projected is not degrees at
//     all: both are refused, naming the CRS and how to reproject.

var (
	wktHead  = regexp.MustCompile(`^\s*([A-Za-z_]+)\s*[\[(]\s*"([^"]*)"`)
	wktDatum = regexp.MustCompile(`(?i)DATUM\s*[\[(]\s*"([^"]*)"`)
	wktUnit  = regexp.MustCompile(`(?i)UNIT\s*[\[(]\s*"([^"]*)"`)
	wktAuth  = regexp.MustCompile(`(?i)(?:AUTHORITY|ID)\s*[\[(]\s*"([^"]*)"\s*,\s*"?(\d+)"?\s*[\])]\s*[\])]\s*$`)
)

// reprojectHint is what every refusal of a CRS suggests.
const reprojectHint = "reproject it to WGS 84 first, e.g. ogr2ogr -t_srs EPSG:4326 out.shp in.shp"

// nearWGS84 are datums read as WGS 84 with a warning, by normalised name.
var nearWGS84 = map[string]string{
	"northamerican1983": "NAD83", "nad83": "NAD83", "northamericandatum1983": "NAD83",
	"etrs1989": "ETRS89", "europeanterrestrialreferencesystem1989": "ETRS89", "etrs89": "ETRS89",
	"europeanterrestrialreferencesystem1989ensemble": "ETRS89",
	"chinageodeticcoordinatesystem2000":              "CGCS2000", "cgcs2000": "CGCS2000", "china2000": "CGCS2000",
}

func normDatum(s string) string {
	s = strings.ToLower(s)
	s = strings.TrimPrefix(s, "d_")
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkPRJ judges a .prj. It returns a warning to give, or a refusal.
func checkPRJ(prj string) (warn string, refuse string) {
	wkt := strings.TrimSpace(strings.TrimPrefix(prj, "\uFEFF"))
	m := wktHead.FindStringSubmatch(wkt)
	if m == nil {
		return "", fmt.Sprintf("the .prj is not a coordinate reference system this reader understands (%s); %s", quoteText(wkt), reprojectHint)
	}
	kind, name := strings.ToUpper(m[1]), m[2]
	crs := quoteText(name)
	if a := wktAuth.FindStringSubmatch(wkt); a != nil {
		crs += fmt.Sprintf(" (%s:%s)", strings.ToUpper(a[1]), a[2])
	}
	switch kind {
	case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS":
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return "", fmt.Sprintf("the layer uses the projected coordinate reference system %s, not longitude/latitude; Site Atlas reads WGS 84 longitude/latitude only: %s", crs, reprojectHint)
	default:
		return "", fmt.Sprintf("the layer uses the coordinate reference system %s (%s), not WGS 84 longitude/latitude; %s", crs, m[1], reprojectHint)
	}
	if u := wktUnit.FindStringSubmatch(wkt); u != nil && !strings.Contains(strings.ToLower(u[1]), "degree") {
		return "", fmt.Sprintf("the layer's coordinate reference system %s measures angles in %s, not degrees; %s", crs, quoteText(u[1]), reprojectHint)
	}
	datum := name
	if d := wktDatum.FindStringSubmatch(wkt); d != nil {
		datum = d[1]
	}
	n := normDatum(datum)
	switch {
	case n == "wgs1984" || n == "wgs84" || n == "worldgeodeticsystem1984" || strings.HasPrefix(n, "worldgeodeticsystem1984") || isWGS84(name):
		return "", ""
	case nearWGS84[n] != "":
		return fmt.Sprintf("the layer's datum is %s (%s, datum %s), read as WGS 84: they differ by about a metre or less", nearWGS84[n], crs, quoteText(datum)), ""
	}
	return "", fmt.Sprintf("the layer uses the geographic coordinate reference system %s on the datum %s, which can be tens to hundreds of metres from WGS 84; %s", crs, quoteText(datum), reprojectHint)
}
