package geoio

import (
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// exportGeometry is s's geometry with no more decimals than its precision
// supports (site.CoordinateDecimals); s is not modified.
func exportGeometry(s *site.Site) orb.Geometry { return site.RoundToPrecision(s.Geometry, s.Precision) }
