package site

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// PartialDate is a date known to the year, the month or the day, written as
// ISO 8601: "2017", "2017-05" or "2017-05-14". The empty string means unknown.
// Reports rarely give more than a month, and the model must not invent a day.
type PartialDate string

// ParsePartialDate checks s and returns it as a PartialDate.
func ParsePartialDate(s string) (PartialDate, error) {
	d := PartialDate(s)
	return d, d.Validate()
}

// Validate reports whether d is empty or a well-formed, real partial date.
func (d PartialDate) Validate() error {
	s := string(d)
	if s == "" {
		return nil
	}
	bad := func(why string) error {
		return fmt.Errorf("%q is not a date: %s (use 2017, 2017-05 or 2017-05-14)", s, why)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad("wrong length")
	}
	for i, c := range s {
		if i == 4 || i == 7 {
			if c != '-' {
				return bad("expected '-' at position " + strconv.Itoa(i+1))
			}
			continue
		}
		if c < '0' || c > '9' {
			return bad("expected a digit at position " + strconv.Itoa(i+1))
		}
	}
	year, _ := strconv.Atoi(s[:4])
	if year < 1000 {
		return bad("year before 1000")
	}
	if len(s) >= 7 {
		month, _ := strconv.Atoi(s[5:7])
		if month < 1 || month > 12 {
			return bad("month must be 01 to 12")
		}
		if len(s) == 10 {
			day, _ := strconv.Atoi(s[8:10])
			t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
			if day < 1 || t.Day() != day {
				return bad("no such day in that month")
			}
		}
	}
	return nil
}

// Precision returns "year", "month", "day" or "" for an empty date.
func (d PartialDate) Precision() string {
	switch len(d) {
	case 4:
		return "year"
	case 7:
		return "month"
	case 10:
		return "day"
	}
	return ""
}

// Compare orders partial dates so that less precise dates sort before more
// precise ones of the same period ("2017" < "2017-05" < "2017-05-14"), and
// empty (undated) ones last, after every date: a timeline reads from the
// first known date and ends with what could not be placed in time. It
// returns -1, 0 or +1.
func (d PartialDate) Compare(e PartialDate) int {
	switch {
	case d == e:
		return 0
	case d == "":
		return 1
	case e == "":
		return -1
	case d < e:
		return -1
	}
	return 1
}

// InTimelineOrder returns obs in date order, undated last, keeping the
// recorded order among equal dates. The panel and every export use it, so
// that a reader sees one order everywhere. obs itself is returned when it is
// already in order, so that callers may not modify the result.
func InTimelineOrder(obs []Observation) []Observation {
	less := func(a, b Observation) int { return a.Date.Compare(b.Date) }
	if slices.IsSortedFunc(obs, less) {
		return obs
	}
	sorted := slices.Clone(obs)
	slices.SortStableFunc(sorted, less)
	return sorted
}
