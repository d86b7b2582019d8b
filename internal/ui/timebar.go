package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/timeline"
)

// timeBar is the strip under the toolbar that filters the list and the map
// by time: a range (from, until) and an "as of" day, over a histogram of
// the list's sites per year with the UNSC resolutions marked.
type timeBar struct {
	w                 *Window
	from, until, asOf *widget.Entry
	problem           *widget.Label
	events            *widget.Label
	bars              *canvas.Raster

	mu     sync.Mutex // guards hist, which the raster reads on its own goroutine
	hist   timeline.Histogram
	marks  []timeline.Day
	filter app.TimeFilter // the last valid one, UI goroutine
}

// firstBarYear is where the histogram starts: from the first UNSC
// resolution on North Korea to this year.
const firstBarYear = 2006

func (w *Window) newTimeBar() *timeBar {
	t := &timeBar{w: w, from: widget.NewEntry(), until: widget.NewEntry(), asOf: widget.NewEntry(),
		problem: widget.NewLabel(""), events: widget.NewLabel("")}
	t.from.SetPlaceHolder("from (2017-08)")
	t.until.SetPlaceHolder("until (2019)")
	t.asOf.SetPlaceHolder("as of (2018-06-30)")
	for _, e := range []*widget.Entry{t.from, t.until, t.asOf} {
		e.OnChanged = t.onChanged
	}
	t.problem.Importance = widget.DangerImportance
	t.events.Truncation = fyne.TextTruncateEllipsis
	t.bars = canvas.NewRaster(t.draw)
	t.bars.SetMinSize(fyne.NewSize(240, 28))
	t.showEvents()
	return t
}

// object is the bar as laid out in the window.
func (t *timeBar) object() fyne.CanvasObject {
	entries := container.NewGridWithColumns(3, t.from, t.until, t.asOf)
	left := container.NewHBox(widget.NewLabel("Time"), container.NewGridWrap(fyne.NewSize(420, entries.MinSize().Height), entries))
	years := container.NewBorder(nil, nil, widget.NewLabel(fmt.Sprint(firstBarYear)), widget.NewLabel(fmt.Sprint(time.Now().Year())), t.bars)
	return container.NewBorder(nil, nil, left, t.problem, container.NewBorder(nil, t.events, nil, nil, years))
}

// span is the histogram's years.
func (t *timeBar) span() timeline.Range {
	start := time.Date(firstBarYear, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(time.Now().Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	return timeline.Range{Start: timeline.DayOf(start), End: timeline.DayOf(end)}
}

// onChanged checks what was typed; a valid filter reruns the list's query.
func (t *timeBar) onChanged(string) {
	f, err := app.ParseTimeFilter(strings.TrimSpace(t.from.Text), strings.TrimSpace(t.until.Text), strings.TrimSpace(t.asOf.Text))
	if err != nil {
		t.problem.SetText(strings.TrimPrefix(err.Error(), "--"))
		return
	}
	t.problem.SetText("")
	t.filter = f
	t.w.filterChanged()
	t.showEvents()
}

// showEvents names the events in the range typed (all when none).
func (t *timeBar) showEvents() {
	r := t.filter.Range
	if !r.Bounded() {
		r = t.span()
	}
	var names []string
	for _, e := range app.EventsInRange(r) {
		names = append(names, e.Span.String()+" "+e.Title)
	}
	t.events.SetText(strings.Join(names, " · "))
}

// refresh recounts the histogram for the list's query in the background.
func (t *timeBar) refresh(q app.Query) {
	go func() {
		h, err := t.w.ws.TimeHistogram(context.Background(), q, t.span(), timeline.Year)
		if err != nil {
			return
		}
		var marks []timeline.Day
		for _, e := range app.EventsInRange(t.span()) {
			marks = append(marks, e.Span.Start)
		}
		t.mu.Lock()
		t.hist, t.marks = h, marks
		t.mu.Unlock()
		runOnUI(func() {
			t.bars.Refresh()
			t.w.emit("timebar")
		})
	}()
}

var (
	barColour      = color.NRGBA{0x4a, 0x78, 0xb0, 0xff}
	barInRange     = color.NRGBA{0x1f, 0x4e, 0x8c, 0xff}
	eventColour    = color.NRGBA{0xc0, 0x30, 0x30, 0xff}
	barBackgroundC = color.NRGBA{0, 0, 0, 0x10}
)

// draw paints the histogram: one bar per year, darker inside the range
// typed, a red tick at each event.
func (t *timeBar) draw(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	t.mu.Lock()
	bins, marks := t.hist.Bins, t.marks
	t.mu.Unlock()
	fill(img, image.Rect(0, 0, w, h), barBackgroundC)
	if len(bins) == 0 || w <= 0 || h <= 0 {
		return img
	}
	most := 1
	for _, b := range bins {
		most = max(most, b.Sites)
	}
	r := t.filter.Range
	first, last := bins[0].Start, bins[len(bins)-1].End
	x := func(d timeline.Day) int { return int(float64(d-first) / float64(last-first+1) * float64(w)) }
	for _, b := range bins {
		x0, x1 := x(b.Start)+1, x(b.End+1)-1
		top := h - int(float64(b.Sites)/float64(most)*float64(h-2))
		c := barColour
		if r.Bounded() && (r.Start == 0 || b.End >= r.Start) && (r.End == 0 || b.Start <= r.End) {
			c = barInRange
		}
		fill(img, image.Rect(x0, top, x1, h), c)
	}
	for _, d := range marks {
		if d >= first && d <= last {
			fill(img, image.Rect(x(d), 0, x(d)+2, h), eventColour)
		}
	}
	return img
}

func fill(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
}
