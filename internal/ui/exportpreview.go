package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/measure"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
)

// profilePreview shows one site of flt as the profile will write it: its
// position and how far it moved, its sources, what is left out. Worker
// goroutine; "" for the plain export.
func (w *Window) profilePreview(flt app.Filter, profile string) string {
	if profile == "" {
		return ""
	}
	p, err := app.ProfileByName(profile)
	if err != nil {
		return err.Error()
	}
	ctx := context.Background()
	salt, err := w.ws.ExportSalt(ctx)
	if err != nil {
		return "No preview: " + err.Error()
	}
	x, err := share.NewSession(p, share.Env{Salt: salt})
	if err != nil {
		return "No preview: " + err.Error()
	}
	if sel := w.details.Site(); sel != nil {
		flt = app.Filter{IDs: []string{sel.ID}}
	}
	flt.Limit = 20
	var lines []string
	_ = w.ws.Query(ctx, flt, func(s site.Site) error {
		if len(lines) > 0 {
			return nil
		}
		out, ok := x.Apply(s)
		if !ok {
			return nil // a confidential site: try the next
		}
		line := []string{"Preview of " + app.Quote(out.Name) + ":"}
		if a, b := centre(s.Geometry), centre(out.Geometry); a != nil && b != nil {
			pos := fmt.Sprintf("position %.5f, %.5f", b[1], b[0])
			if d := measure.Distance(*a, *b); d >= 1 {
				pos += " (moved " + measure.FormatLength(d, false) + ")"
			}
			line = append(line, pos)
		}
		var names []string
		for _, src := range out.Sources {
			if src.Title != "" {
				names = append(names, src.Title)
			}
		}
		if len(names) > 0 {
			line = append(line, "sources "+strings.Join(names, ", "))
		}
		if s.Notes != "" && out.Notes == "" {
			line = append(line, "notes left out")
		}
		lines = append(lines, strings.Join(line, " · "))
		return nil
	})
	if len(lines) == 0 {
		return ""
	}
	return lines[0] + "\nThe file says that its positions are generalised, and it is read back for withheld text before it is kept."
}

func centre(g orb.Geometry) *orb.Point {
	if g == nil {
		return nil
	}
	c := g.Bound().Center()
	return &c
}
