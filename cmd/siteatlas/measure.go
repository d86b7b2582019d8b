package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/measure"
	"github.com/siteatlas/siteatlas/internal/store"
)

// runMeasure prints a site's geodesic length, area and perimeter on the
// WGS84 ellipsoid: "the compound is 12 ha", "the road is 2.3 km".
func runMeasure(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("measure", stderr)
	db := dbFlag(fs)
	id := fs.String("site", "", "the site's `ID`")
	asJSON := fs.Bool("json", false, "a JSON object: length_m, area_m2, perimeter_m")
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 || *id == "" {
		return errUsage
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("no database at %s", *db)
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Get(ctx, *id)
	if err != nil {
		return err
	}
	if s.Geometry == nil {
		return fmt.Errorf("site %s (%s) has no location yet", s.ID, terminalText(s.Name))
	}
	f := measure.Of(s.Geometry)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(map[string]any{"id": s.ID, "name": s.Name, "geometry": s.Geometry.GeoJSONType(),
			"length_m": round2(f.LengthM), "area_m2": round2(f.AreaM2), "perimeter_m": round2(f.PerimeterM)})
	}
	fmt.Fprintf(stdout, "%s\t%s\n", terminalText(s.Name), s.Geometry.GeoJSONType())
	switch s.Geometry.(type) {
	case orb.Point, orb.MultiPoint:
		fmt.Fprintln(stdout, "a point has no length or area")
	case orb.LineString, orb.MultiLineString:
		fmt.Fprintf(stdout, "length\t%.2f m\t%s\n", f.LengthM, measure.FormatLength(f.LengthM, false))
	default:
		fmt.Fprintf(stdout, "area\t%.2f m²\t%s\n", f.AreaM2, measure.FormatArea(f.AreaM2, false))
		fmt.Fprintf(stdout, "perimeter\t%.2f m\t%s\n", f.PerimeterM, measure.FormatLength(f.PerimeterM, false))
		if f.LengthM > 0 {
			fmt.Fprintf(stdout, "length\t%.2f m\t%s\n", f.LengthM, measure.FormatLength(f.LengthM, false))
		}
	}
	return nil
}

// round2 keeps centimetres: more digits are noise on a drawn outline.
func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// figuresJSON adds a line's or an outline's figures to a `list --json`
// object; points have none.
func figuresJSON(obj map[string]any, g orb.Geometry) {
	switch g.(type) {
	case nil, orb.Point, orb.MultiPoint:
		return
	}
	f := measure.Of(g)
	if f.LengthM > 0 {
		obj["length_m"] = round2(f.LengthM)
	}
	if f.AreaM2 > 0 || f.PerimeterM > 0 {
		obj["area_m2"] = round2(f.AreaM2)
		obj["perimeter_m"] = round2(f.PerimeterM)
	}
}
