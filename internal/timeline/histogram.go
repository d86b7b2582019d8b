package timeline

import (
	"fmt"
	"time"
)

// Unit is the width of a histogram bin.
type Unit int

// The bin widths a time bar offers.
const (
	Year Unit = iota
	Month
)

// Bin is one bar of a histogram: the days it covers and how many sites have
// evidence in them (a site counts once per bin however much evidence it has
// there).
type Bin struct {
	Start, End Day
	Label      string // "2017" or "2017-05"
	Sites      int
}

// Histogram counts sites per bin.
type Histogram struct {
	Bins []Bin
	// Undated counts the sites with no dated evidence, shown apart.
	Undated int
}

// maxBins bounds a histogram: a century of months.
const maxBins = 1200

// Bins returns the bins of unit covering r (which must be bounded on both
// ends), or an error when r is open or would need more than maxBins bins.
func Bins(r Range, unit Unit) ([]Bin, error) {
	if r.Start <= MinDay || r.End == 0 || r.End >= MaxDay || r.Empty() {
		return nil, fmt.Errorf("histogram: the range %s needs a start and an end", r)
	}
	t := r.Start.Time()
	var cur time.Time
	if unit == Year {
		cur = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	} else {
		cur = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	var bins []Bin
	for DayOf(cur) <= r.End {
		var next time.Time
		label := cur.Format("2006")
		if unit == Year {
			next = cur.AddDate(1, 0, 0)
		} else {
			next = cur.AddDate(0, 1, 0)
			label = cur.Format("2006-01")
		}
		bins = append(bins, Bin{Start: DayOf(cur), End: DayOf(next) - 1, Label: label})
		if len(bins) > maxBins {
			return nil, fmt.Errorf("histogram: the range %s has more than %d bins: choose years or a shorter range", r, maxBins)
		}
		cur = next
	}
	return bins, nil
}

// HistogramBuilder counts sites into bins one at a time, so that a million
// sites never need to be held at once.
type HistogramBuilder struct {
	h    Histogram
	mark []int // the last site counted in each bin, to count a site once
	n    int
}

// NewHistogram starts a histogram of r in bins of unit.
func NewHistogram(r Range, unit Unit) (*HistogramBuilder, error) {
	bins, err := Bins(r, unit)
	if err != nil {
		return nil, err
	}
	return &HistogramBuilder{h: Histogram{Bins: bins}, mark: make([]int, len(bins))}, nil
}

// Add counts one site: in every bin one of its dated spans overlaps, or as
// undated.
func (b *HistogramBuilder) Add(e *Evidence) {
	b.n++
	if !e.Dated() {
		b.h.Undated++
		return
	}
	b.addSpan(e.First)
	b.addSpan(e.Last)
	for _, o := range e.Observations {
		b.addSpan(o.Span)
	}
}

func (b *HistogramBuilder) addSpan(s Span) {
	if !s.Dated() {
		return
	}
	bins := b.h.Bins
	// Bins are sorted and contiguous: find the first that ends on or
	// after the span's start.
	lo, hi := 0, len(bins)
	for lo < hi {
		m := (lo + hi) / 2
		if bins[m].End < s.Start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for i := lo; i < len(bins) && bins[i].Start <= s.End; i++ {
		if b.mark[i] != b.n {
			b.mark[i] = b.n
			bins[i].Sites++
		}
	}
}

// Result returns the histogram counted so far.
func (b *HistogramBuilder) Result() Histogram { return b.h }
