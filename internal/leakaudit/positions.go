package leakaudit

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Position is one site's position as stored and as an export wrote it
// (read back from the file, not taken from the writer's input).
type Position struct {
	// Label names the site for the message: its index or ID, never its
	// name.
	Label           string
	Stored, Written orb.Point
}

// PositionRule is what a profile promises of written positions.
type PositionRule struct {
	// MaxDecimals is the most decimals a coordinate may have (its shortest
	// form, as strconv writes it); -1 for no limit.
	MaxDecimals int
	// MinDistanceKm is how far at least a written position must be from
	// the stored one (a displacement's inner radius); 0 for no limit.
	MinDistanceKm float64
	// MaxDistanceKm, when not 0, is how far at most: a position moved
	// farther than promised is not a leak but a broken export.
	MaxDistanceKm float64
}

// PositionFinding is a position that breaks the rule. Problem says how,
// without the stored coordinates.
type PositionFinding struct {
	Label   string
	Problem string
}

func (f PositionFinding) String() string { return f.Label + ": " + f.Problem }

// CheckPositions returns every position that breaks rule.
func CheckPositions(ps []Position, rule PositionRule) []PositionFinding {
	var out []PositionFinding
	for _, p := range ps {
		if rule.MaxDecimals >= 0 {
			if d := max(Decimals(p.Written[0]), Decimals(p.Written[1])); d > rule.MaxDecimals {
				out = append(out, PositionFinding{p.Label, fmt.Sprintf("written with %d decimals, more than the %d allowed", d, rule.MaxDecimals)})
				continue
			}
		}
		if rule.MinDistanceKm <= 0 && rule.MaxDistanceKm <= 0 {
			continue
		}
		d := geo.DistanceHaversine(p.Stored, p.Written) / 1000
		switch {
		case math.IsNaN(d):
			out = append(out, PositionFinding{p.Label, "written position is not a number"})
		case rule.MinDistanceKm > 0 && d < rule.MinDistanceKm:
			out = append(out, PositionFinding{p.Label, fmt.Sprintf("written %.3f km from where it is stored, nearer than the %g km promised", d, rule.MinDistanceKm)})
		case rule.MaxDistanceKm > 0 && d > rule.MaxDistanceKm:
			out = append(out, PositionFinding{p.Label, fmt.Sprintf("written %.3f km from where it is stored, farther than the %g km promised", d, rule.MaxDistanceKm)})
		}
	}
	return out
}

// Decimals is the number of decimals in v's shortest form.
func Decimals(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
