package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/places"
)

// runPlaces prints the places a text names, or the position it is, from the
// built-in gazetteer: offline, so that no geocoder learns what is being
// researched.
func runPlaces(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("places", stderr)
	limit := fs.Int("limit", 10, "at most `N` places")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	rest, err := parseInterspersed(fs, args)
	if err != nil || len(rest) == 0 {
		return errUsage
	}
	query := strings.Join(rest, " ")
	r := places.Find(query, places.Options{Limit: *limit})
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, p := range r.Positions {
		if *asJSON {
			if err := enc.Encode(map[string]any{"position": p.Text, "notation": p.Notation.String(),
				"lon": p.Point[0], "lat": p.Point[1], "swapped": p.Swapped}); err != nil {
				return err
			}
			continue
		}
		readAs := p.Notation.String()
		if p.Swapped {
			readAs += ", longitude first"
		}
		fmt.Fprintf(stdout, "%s  (%s)\t%s\t%s\n", coords.Format(p.Point, coords.Decimal), readAs,
			coords.Format(p.Point, coords.DMS), coords.Format(p.Point, coords.UTM))
	}
	if len(r.Positions) > 1 {
		fmt.Fprintf(stderr, "%q reads %d ways; add N/S/E/W to say which\n", query, len(r.Positions))
	}
	for _, p := range r.Places {
		if *asJSON {
			if err := enc.Encode(map[string]any{"name": p.Name, "names": p.Names, "province": p.Province, "country": p.Country,
				"lon": p.Point[0], "lat": p.Point[1], "population": p.Population, "feature": p.Feature, "geonames_id": p.ID}); err != nil {
				return err
			}
			continue
		}
		names := p.Names
		if len(names) > 6 {
			names = append(names[:6:6], "…")
		}
		fmt.Fprintf(stdout, "%s\t%s\t%.5f, %.5f\tpopulation %d\n", p.Label(), strings.Join(names, ", "), p.Point[1], p.Point[0], p.Population)
	}
	switch {
	case r.PositionErr != nil:
		return fmt.Errorf("%q is not a position: %v", query, r.PositionErr)
	case len(r.Positions) == 0 && len(r.Places) == 0:
		fmt.Fprintf(stderr, "no place matches %q\n", query)
		return exitError(1)
	}
	return nil
}
