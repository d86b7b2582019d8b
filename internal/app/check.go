package app

import (
	"context"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/geoio"
)

// Check reads a file exactly as Import would and reports its problems and
// warnings without touching any database. Added counts the sites it holds.
func Check(ctx context.Context, path string) (ImportReport, error) {
	var rep ImportReport
	_, err := scanFile(ctx, path, geoio.ReaderOptions{}, &rep, nil, func(geoio.Item) { rep.Added++ })
	if err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	return rep, nil
}
