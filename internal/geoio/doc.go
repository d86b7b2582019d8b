// Package geoio reads and writes sites as GeoJSON, CSV, KML, GPX and
// GeoPackage, and reads Shapefiles and KMZ, validating what it reads and saying where each problem is
// ("ports.geojson: features[1042]: geometry: position 1 longitude 212.5 is
// out of range -180..180").
//
// # Reading
//
// NewReader detects the format (DetectFormat: by extension, then by
// content) and returns a Reader that yields one site at a time. GeoJSON may
// be a FeatureCollection, a single Feature, a bare Geometry, or a sequence
// of them (newline-delimited or RFC 8142). The reader streams: a scanner
// splits the input into features and a worker per core decodes them, so
// memory stays flat in the file size and a million features read in a few
// seconds. orb's decoder validates nothing, so validation is done here.
//
// Decisions, so that nothing a researcher collected is silently lost:
//
//   - A feature with a null (or missing) geometry is imported as an
//     unplaced site (Site.Geometry == nil) with a warning.
//   - A feature id that is a UUID becomes the site ID (Item.HasID), so
//     re-importing our own export updates the same sites. Any other id
//     (a number, "port-17") gets a new UUID and is kept as the property
//     "original_id", which is written back on export. Two features with the
//     same id in one file are a problem naming both.
//   - A known property whose value does not fit the model (status 5, status
//     "active", country "China", a malformed date, sources that are not an
//     array of source objects) is kept verbatim in Site.Extra under its own
//     name with a warning; the model field stays empty, so an export writes
//     the value back as it was. Known names are matched with some leniency
//     ("Confirmed" is confirmed, "Industrial complex" is industrial_complex,
//     "cn" is CN, a numeric string is a number).
//   - Confidentiality fails closed. A "confidential" that is not true or
//     false (1, "secret", "") makes the site confidential, with a warning.
//     A member of sources or observations that does not fit (an unknown
//     key, credibility 9, a bad date, a source_id citing no source) is kept
//     as written in Extra["unread_sources"] / ["unread_observations"] (or
//     under "sources" / "observations" when no member could be read) and
//     the good members are read. site.Redact leaves all of these out of
//     exports without confidential data, with any extra property named or
//     marked as confidential (site.WithheldExtra), and counts them.
//   - Unknown properties (simplestyle's marker-color, Natural Earth's
//     scalerank…) go to Site.Extra as compact raw JSON and are written back
//     at the top level of properties.
//   - The name comes from name, else Name, NAME, title or label; a feature
//     with none is named "Unnamed feature 12" (its index) with a warning.
//     description becomes notes when there is no notes.
//   - Z (and M) values are dropped with one warning per file; a geometry
//     mixing 2D and 3D positions gets its own warning.
//   - A legacy crs member naming WGS84 (CRS84, EPSG:4326) is accepted with a
//     warning; any other CRS is fatal, naming it.
//   - Polygon rings wound against RFC 7946 are reversed, with a warning.
//     Lines and polygons drawn across the antimeridian with longitudes
//     beyond ±180 are split at it, with a warning; other out-of-range
//     coordinates are a problem. Self-intersecting rings are kept with a
//     warning.
//   - Malformed JSON is fatal and names the line and byte column. NaN,
//     Infinity and invalid UTF-8 spoil only their feature. A UTF-8 byte
//     order mark is skipped.
//
// KML (Google Earth's OGC KML 2.2) is read by turning each Placemark into
// the GeoJSON Feature it stands for and decoding that as above, so every
// decision here holds for KML too: the id attribute is the feature id,
// <name> the name, <description> the description, Data and SimpleData the
// properties. Placemarks are found in any Document and Folder nesting; the
// Folder names become the property "folder". Point, LineString, LinearRing
// (read as a line), Polygon and MultiGeometry are read; gx:Track and Model
// are skipped with a warning. Malformed XML is fatal and names the line and
// column. A KMZ is read in place (doc.kml, else the first .kml at any
// depth; see kmz_read.go). See kml_read.go.
//
// GPX (1.0 and 1.1) is read the same way: each wpt becomes a point site,
// each rte a line and each trk a line or multiline (a single point when it
// has one), turned into the GeoJSON Feature it stands for. name is the
// name, desc the description (so notes); cmt, src, sym, type, time and the
// other simple elements are kept as properties by their GPX names, links as
// "links" (togeojson's {"href","text","type"} objects). A waypoint's time,
// or a line's first and last point times, give first_reported and
// last_reported (their days), as a KML TimeStamp does; point times are kept
// in coordinateProperties.times as togeojson keeps them. Extensions are
// flattened to text properties named "prefix_local" (opencpn_guid); point
// extensions become coordinateProperties arrays (Garmin's hr as "heart").
// Elevations are dropped with one warning counting them. A bad coordinate
// is a problem of its feature ("waypoint 3 (line 12): lat 95 is out of
// range -90..90"); a TCX file is refused. See gpx_read.go.
//
// Problems with one feature are returned by Next as *Problem and reading
// goes on; a fatal *Problem ends the file. Warnings collects the rest
// (the first 1000, then a count).
//
// # Writing
//
// NewGeoJSONWriter streams an RFC 7946 FeatureCollection with deterministic
// bytes: reading it back gives the same sites (attachments aside, whose
// bytes live in the database), and writing those again gives the same
// bytes. NewKMLWriter writes KML for Google Earth, with a readable balloon
// per site and every field in ExtendedData, so that reading it back gives
// the same sites too. NewCSVWriter writes a spreadsheet-friendly table.
// Writers do not redact: callers pass what may leave the database (see
// site.Redact).
//
// # GeoPackage
//
// A GeoPackage is an SQLite database, so it is read and written by path,
// not as a stream (NewGeoPackageReader, NewGeoPackageWriter; NewReader
// refuses one). The writer makes a feature table "sites" (EPSG:4326, mixed
// geometry types, an R-tree index) whose list, source, observation and
// Extra columns hold the JSON the GeoJSON writer writes, marked as JSON
// for GDAL and QGIS, plus attribute tables site_sources and
// site_observations for joins. The reader turns each row into the GeoJSON
// feature it stands for and decodes that as the GeoJSON reader does, so the
// decisions above hold for GeoPackages too, whoever wrote them; any SRS but
// WGS 84 is refused, naming it.
//
// # Shapefiles, zips and KMZ
//
// These are read by path too (NewPathReader, which also opens
// GeoPackages; ReadsByPath says which formats need it). A shapefile is the
// .shp with its .dbf, .prj and .cpg beside it (any letter case), or a .zip
// holding one or more: every shapefile in a zip is read, in name order,
// and when there are several each site gets the property "layer" naming
// its shapefile (unless the table has its own). Each record becomes the
// GeoJSON Feature it stands for, attributes as properties, so the
// decisions above hold: a NAME or name column is the name, and model
// names GDAL cut to ten characters (first_repo, workers_es, confidenti)
// are restored. Points, MultiPoints, PolyLines (LineString or
// MultiLineString) and Polygons are read, with their Z and M variants (the
// values dropped, in one warning counting the shapes); polygon rings are
// outer when clockwise, as the specification says, and each hole goes to
// the smallest outer ring containing it; Null shapes are unplaced sites.
// DBF fields: C as text, N and F as numbers, L as booleans, D as ISO
// dates, anything else as text; empty values are left out. Texts are in
// the code page the .cpg names (UTF-8, CP1252, GBK/GB18030, Big5, EUC-KR,
// Shift_JIS and others) or the LDID byte names; with neither, UTF-8 when
// valid, else Windows-1252 with a warning. The .prj must be WGS 84;
// NAD83, ETRS89 and CGCS2000 are read as WGS 84 with a warning; other
// datums and projected systems are refused naming the CRS, with the hint
// "ogr2ogr -t_srs EPSG:4326 out.shp in.shp"; without a .prj coordinates
// are read as WGS 84 with a warning only if the layer's bounding box is
// in longitude/latitude range. Records are streamed; declared lengths
// are checked against what the file has ("x.shp: record 12: part index 40
// beyond 12 points"). See shp_read.go.
//
// A zip with a shapefile is a zipped shapefile; one with a .kml and no
// .shp is a KMZ. Zips are read in place within limits against zip bombs
// (at most 200 times the archive's size and 1 GiB unpacked in all, 10,000
// entries; zips inside are not opened); images inside a KMZ are listed in
// one warning, not imported. See zip_read.go.
package geoio
