package assets

import _ "embed"

// Gazetteer is the offline gazetteer: GeoNames' cities500 places with
// their admin-1 names, written by cmd/gazbuild (scripts/gazetteer.sh) in
// the format of internal/gazetteer (see its codec.go). Use the gazetteer
// package rather than reading it directly. Data: GeoNames
// (https://www.geonames.org), CC BY 4.0.
//
//go:embed gazetteer/cities500.bin.gz
var Gazetteer []byte
