package geoio

import (
	"fmt"
	"strings"
)

// checkCRS looks at the value of a legacy (GeoJSON 2008) "crs" member. RFC
// 7946 removed it: coordinates are always WGS84 longitude, latitude. A crs
// naming WGS84 is harmless and gets a warning; any other CRS means the
// numbers are not degrees (or not in our order), so the file is refused
// rather than silently put in the wrong place.
func checkCRS(file string, p *parser, raw []byte) (warn, fatal *Problem) {
	bad := func(msg string) (*Problem, *Problem) {
		return nil, &Problem{File: file, Where: "crs", Index: -1, Fatal: true, Code: CodeCRS, Message: msg}
	}
	if err := p.parse(raw); err != nil {
		return bad("the crs member is not valid JSON")
	}
	root := &p.nodes[0]
	if root.kind == kNull {
		return nil, nil
	}
	if root.kind != kObject {
		return bad("crs must be an object, got " + root.kind.String())
	}
	var name string
	typ := p.get(root, "type")
	props := p.get(root, "properties")
	if props != nil && props.kind == kObject {
		if n := p.get(props, "name"); n != nil && n.kind == kString {
			name = p.text(n)
		} else if c := p.get(props, "code"); c != nil && (c.kind == kNumber || c.kind == kString) {
			name = "EPSG:" + strings.Trim(string(p.raw(c)), `"`)
		} else if h := p.get(props, "href"); h != nil && h.kind == kString {
			return bad(fmt.Sprintf("the file refers to a coordinate reference system by link (%s), which cannot be checked; "+
				"Site Atlas reads WGS84 longitude/latitude only (RFC 7946): reproject the file to EPSG:4326 first", p.text(h)))
		}
	}
	if name == "" {
		t := ""
		if typ != nil && typ.kind == kString {
			t = p.text(typ)
		}
		return bad(fmt.Sprintf("the crs member (type %q) names no coordinate reference system; "+
			"remove it if the coordinates are WGS84 longitude/latitude", t))
	}
	if !isWGS84(name) {
		return bad(fmt.Sprintf("the file uses the coordinate reference system %q; Site Atlas reads WGS84 longitude/latitude only (RFC 7946): "+
			"reproject it first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson", name))
	}
	return &Problem{File: file, Where: "crs", Index: -1, Code: CodeCRS,
		Message: fmt.Sprintf("legacy crs member %q read as WGS84 longitude/latitude (RFC 7946 files have no crs)", name)}, nil
}

// isWGS84 recognises the names tools write for WGS84 geographic coordinates.
// EPSG:4326 officially has latitude first, but GeoJSON files labelled with it
// are longitude-first in practice (GDAL writes them so).
func isWGS84(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "wgs84", "wgs 84", "wgs_84", "wgs_1984", "gcs_wgs_1984", "epsg:4326", "4326", "crs84", "ogc:crs84":
		return true
	}
	if strings.HasSuffix(n, "crs84") {
		return strings.HasPrefix(n, "urn:ogc:def:crs:ogc:") || strings.HasPrefix(n, "http://www.opengis.net/def/crs/ogc/")
	}
	if strings.HasSuffix(n, ":4326") || strings.HasSuffix(n, "/4326") {
		return strings.Contains(n, "epsg")
	}
	return false
}
