package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

// errListFull stops the walk once --limit sites are printed.
var errListFull = errors.New("list full")

// listInTime is list with --from/--until/--as-of: the time filter needs
// each site's observations, so it reads whole sites and applies --limit
// after the filter, not before. With --as-of each site gets its status
// then: status_as_of in --json (null for a site with no dated evidence),
// a seventh column otherwise.
func listInTime(ctx context.Context, st *store.Store, flt store.Filter, tf app.TimeFilter, asJSON bool, stdout io.Writer) error {
	limit := flt.Limit
	flt.Limit = 0
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	n := 0
	err := app.SitesInTime(ctx, st, flt, tf, true, func(s site.Site, asOf timeline.AsOf) error {
		if limit > 0 && n >= limit {
			return errListFull
		}
		n++
		var status any
		if asOf.State == timeline.FromObservation || asOf.State == timeline.ReportedOnly {
			status = asOf.Status
		}
		if asJSON {
			var lonlat []float64
			if s.Geometry != nil {
				c := s.Geometry.Bound().Center()
				lonlat = []float64{c[0], c[1]}
			}
			obj := map[string]any{
				"id": s.ID, "name": s.Name, "category": s.Category, "status": s.Status,
				"city": s.City, "center": lonlat, "confidential": s.Confidential,
				"first_reported": s.FirstReported, "last_reported": s.LastReported,
			}
			if tf.AsOf != 0 {
				obj["status_as_of"] = status
			}
			return enc.Encode(obj)
		}
		where := "unplaced"
		if s.Geometry != nil {
			c := s.Geometry.Bound().Center()
			where = fmt.Sprintf("%.5f,%.5f", c[1], c[0])
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", terminalText(s.ID), terminalText(s.Name), terminalText(s.Category),
			terminalText(string(s.Status)), terminalText(s.City), where)
		if tf.AsOf != 0 {
			if status == nil {
				status = "undated"
			}
			line += fmt.Sprintf("\tas of %s: %s", tf.AsOf, status)
		}
		_, err := fmt.Fprintln(stdout, line)
		return err
	})
	if errors.Is(err, errListFull) {
		return nil
	}
	return err
}
