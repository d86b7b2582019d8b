package site

import "github.com/paulmach/orb"

// CoordinateDecimals is how many decimals of a degree a site's coordinates
// are written with, given how well it is placed: 6 (about 0.1 m) for an
// exact site, 4 (about 10 m, well inside the 500 m circle of doubt) for an
// approximate one and 2 (about 1 km) for one placed to its city, so that an
// export never claims more than the researcher knows. A site of no stated
// precision keeps every digit it was read with, so that a file from another
// tool round-trips unchanged: -1.
func CoordinateDecimals(p Precision) int {
	switch p {
	case PrecisionExact:
		return 6
	case PrecisionApproximate:
		return 4
	case PrecisionCity:
		return 2
	}
	return -1
}

// RoundToPrecision returns g rounded to the decimals p supports; g itself is
// not modified.
func RoundToPrecision(g orb.Geometry, p Precision) orb.Geometry {
	d := CoordinateDecimals(p)
	if d < 0 || g == nil {
		return g
	}
	factor := 1
	for range d {
		factor *= 10
	}
	if pt, ok := g.(orb.Point); ok {
		return orb.Round(pt, factor)
	}
	return orb.Round(orb.Clone(g), factor)
}
