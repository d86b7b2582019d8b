package timeline

import "slices"

// Event is a dated thing that is not a site, drawn on the time bar and
// exported beside the sites: a UNSC resolution, a deadline, the user's own.
type Event struct {
	ID    string // stable, so that an import updates instead of duplicating
	Title string
	Span  Span
	Note  string // one line
	Link  string
	// BuiltIn marks the resolutions Site Atlas ships with.
	BuiltIn bool
}

// BuiltInEvents are the UN Security Council resolutions on North Korea that
// the reports in Site Atlas turn on, with 2397's 24-month deadline for
// sending workers home. A fresh copy each call: callers may edit it.
func BuiltInEvents() []Event {
	mk := func(id, title, date, note, link string) Event {
		return Event{ID: id, Title: title, Span: MustParse(date), Note: note, Link: link, BuiltIn: true}
	}
	const un = "https://www.un.org/securitycouncil/s/res/"
	return []Event{
		mk("unsc-1718", "UNSC 1718", "2006-10-14", "After the first nuclear test: arms embargo, luxury goods ban, asset freeze; the sanctions committee", un+"1718-%282006%29"),
		mk("unsc-2270", "UNSC 2270", "2016-03-02", "Coal and iron exports restricted; cargo to and from North Korea inspected", un+"2270-%282016%29"),
		mk("unsc-2321", "UNSC 2321", "2016-11-30", "Coal exports capped; copper, nickel, silver and zinc exports banned", un+"2321-%282016%29"),
		mk("unsc-2371", "UNSC 2371", "2017-08-05", "Coal, iron, lead and seafood exports banned; no more North Korean workers abroad than on that day", un+"2371-%282017%29"),
		mk("unsc-2375", "UNSC 2375", "2017-09-11", "Textile exports banned; no new work authorizations for North Korean workers abroad; joint ventures banned", un+"2375-%282017%29"),
		mk("unsc-2397", "UNSC 2397", "2017-12-22", "North Korean workers abroad to be sent home within 24 months", un+"2397-%282017%29"),
		mk("unsc-2397-deadline", "UNSC 2397 deadline", "2019-12-22", "The 24 months of 2397 end: every North Korean worker abroad to have been sent home", un+"2397-%282017%29"),
	}
}

// EventsIn returns the events whose span shares a day with r (all of them
// for an unbounded r), in time order, undated ones left out.
func EventsIn(events []Event, r Range) []Event {
	rs := r.span()
	var out []Event
	for _, e := range events {
		if e.Span.Dated() && (!r.Bounded() || e.Span.Overlaps(rs)) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return later(a.Span, b.Span) })
	return out
}
