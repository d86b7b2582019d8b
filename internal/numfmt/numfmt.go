// Package numfmt holds the one way Site Atlas writes counts and sizes for
// people, so the window, the command line and the tile downloader agree
// ("1,234 sites", "12 MB") instead of each rounding its own way.
package numfmt

import (
	"fmt"
	"math"
	"strconv"
)

// Count writes n with thousands separators: 1234567 -> "1,234,567".
func Count[T ~int | ~int64 | ~int32 | ~uint32](n T) string {
	v := int64(n)
	if v < 0 {
		if v == math.MinInt64 {
			return "-9,223,372,036,854,775,808"
		}
		return "-" + Count(-v)
	}
	s := strconv.FormatInt(v, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Bytes writes a size in SI units (1 kB = 1000 bytes, as file managers and
// disk makers count): 999 B, 1.5 kB, 12 MB, 3.4 GB. Below 10 of a unit it
// keeps one decimal, so "1.5 MB" and "12 MB" both read naturally.
func Bytes(n int64) string {
	if n < 0 {
		return "-" + Bytes(-n)
	}
	f := float64(n)
	for _, unit := range []string{"B", "kB", "MB", "GB", "TB"} {
		if f < 999.5 || unit == "TB" {
			if unit == "B" || f >= 9.95 {
				return fmt.Sprintf("%.0f %s", math.Round(f), unit)
			}
			return fmt.Sprintf("%.1f %s", f, unit)
		}
		f /= 1000
	}
	return ""
}
