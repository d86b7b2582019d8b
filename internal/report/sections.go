package report

import (
	"fmt"
	"image"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/site"
)

// sourceRef is one source of the report, numbered S1, S2… in order of
// first citation, with the sites citing it.
type sourceRef struct {
	src   site.Source
	sites []int
}

// sourceKey identifies a shared source record: by ID, else by its URL and
// title (records from files without ids).
func sourceKey(s site.Source) string {
	if s.ID != "" {
		return "id:" + s.ID
	}
	return "t:" + s.URL + "\x00" + s.Title
}

func collectSources(sites []site.Site) []sourceRef {
	var out []sourceRef
	at := map[string]int{}
	for i, s := range sites {
		for _, src := range s.Sources {
			k := sourceKey(src)
			j, ok := at[k]
			if !ok {
				j = len(out)
				at[k] = j
				out = append(out, sourceRef{src: src})
			}
			if n := len(out[j].sites); n == 0 || out[j].sites[n-1] != i {
				out[j].sites = append(out[j].sites, i)
			}
		}
	}
	return out
}

func (r *builder) sourceNumber(src site.Source) int {
	k := sourceKey(src)
	for i, s := range r.sources {
		if sourceKey(s.src) == k {
			return i + 1
		}
	}
	return 0
}

// label turns a snake_case value into words: industrial_complex ->
// industrial complex.
func label(s string) string { return strings.ReplaceAll(s, "_", " ") }

// gradeText explains a grade: "B3 — Usually reliable; Possibly true".
func gradeText(s site.Source) string {
	g := s.Grade()
	if g == "" {
		return "ungraded"
	}
	var why []string
	if m := site.ReliabilityMeanings[s.Reliability]; m != "" {
		why = append(why, "source: "+m)
	}
	if m := site.CredibilityMeanings[s.Credibility]; m != "" {
		why = append(why, "information: "+m)
	}
	return g + " — " + strings.Join(why, "; ")
}

// location gives the point to print for a site and what it stands for.
func location(g orb.Geometry) (orb.Point, string, bool) {
	if g == nil {
		return orb.Point{}, "", false
	}
	if p, ok := g.(orb.Point); ok {
		return p, "", true
	}
	return g.Bound().Center(), " (centre of the " + strings.ToLower(g.GeoJSONType()) + "'s bounds)", true
}

func (r *builder) siteSection(i int) error {
	s := r.sites[i]
	r.newPage()
	if i == 0 {
		r.mark("Sites", 0)
	}
	r.mark(orDash(s.Name), 1)
	top, mapPage := r.y, r.page
	// The locator map sits top right; the heading and fields wrap left of it
	// only by starting below it when they would run into it.
	var mapH float64
	if r.opts.LocatorMap != nil {
		if m := r.opts.LocatorMap(s); m != nil {
			w, h := fit(m.Bounds().Dx(), m.Bounds().Dy(), 170, 130)
			img, err := embed(r.doc, m, w, h)
			if err != nil {
				return fmt.Errorf("locator map: %w", err)
			}
			rect := pdf.Rect{X: r.right() - w, Y: top, W: w, H: h}
			r.narrow = w + 10
			r.page.Image(img, rect)
			r.page.Rect(rect, pdf.Style{Stroke: &rule, LineWidth: 0.5})
			mapH = h
		}
	}
	r.heading(orDash(s.Name), 16)
	if len(s.Aliases) > 0 {
		r.para("Also known as: "+strings.Join(s.Aliases, " · "), bodySize, muted, 0)
	}
	r.y += 4
	r.field("Category", label(s.Category))
	r.field("Status", string(s.Status))
	r.field("Precision", string(s.Precision))
	if p, what, ok := location(s.Geometry); ok {
		r.field("Location (DD)", coords.Format(p, coords.Decimal)+what)
		r.field("Location (DMS)", coords.Format(p, coords.DMS))
	} else {
		r.field("Location", "not known")
	}
	r.narrow = 0
	if r.page == mapPage { // below the map, unless the fields ran onto a new page
		r.y = max(r.y, top+mapH+6)
	}
	r.field("Place", strings.Join(nonEmpty(s.City, s.Province, s.Country), ", "))
	r.field("Operator", s.Operator)
	if s.WorkersEstimate != nil {
		r.field("Workers (est.)", fmt.Sprint(*s.WorkersEstimate))
	}
	r.field("First reported", string(s.FirstReported))
	r.field("Last reported", string(s.LastReported))
	r.field("Tags", strings.Join(s.Tags, ", "))
	r.field("Notes", s.Notes)
	r.field("Confidential notes", s.ConfidentialNotes)
	if s.Confidential {
		r.field("Confidential", "yes")
	}
	keys := make([]string, 0, len(s.Extra))
	for k := range s.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.field(k, string(s.Extra[k]))
	}
	if len(s.Sources) > 0 {
		r.heading("Sources", 12)
		for _, src := range s.Sources {
			r.sourceBlock(src)
		}
	}
	if len(s.Observations) > 0 {
		r.heading("Timeline", 12)
		r.timeline(s)
	}
	if r.opts.Thumbnails != nil {
		if err := r.thumbnails(r.opts.Thumbnails(s)); err != nil {
			return err
		}
	}
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *builder) sourceBlock(src site.Source) {
	head := fmt.Sprintf("S%d  %s", r.sourceNumber(src), orDash(src.Title))
	r.para(head, bodySize, ink, 0)
	meta := strings.Join(nonEmpty(src.Publisher, string(src.Published)), ", ")
	if src.Accessed != "" {
		meta += " (accessed " + string(src.Accessed) + ")"
	}
	if meta != "" {
		r.para(meta, smallSize, muted, 24)
	}
	if src.URL != "" {
		r.link(src.URL, 24)
	}
	r.para("Grade "+gradeText(src), smallSize, muted, 24)
	if src.Excerpt != "" {
		r.para("“"+src.Excerpt+"”", smallSize, ink, 24)
	}
	if src.Confidential {
		r.para("Confidential source", smallSize, muted, 24)
	}
	r.y += 3
}

// link writes a URL as blue text that is also a link, one annotation per
// wrapped line.
func (r *builder) link(uri string, indent float64) {
	r.hear(uri)
	lh := smallSize * lineGap
	for _, l := range r.doc.Wrap(uri, smallSize, r.width()-indent) {
		r.need(lh)
		w := r.page.Text(r.left()+indent, r.y+smallSize, pdf.TextStyle{Size: smallSize, Color: accent}, l)
		// asciiURI leaves nothing LinkURI can refuse.
		_ = r.page.LinkURI(pdf.Rect{X: r.left() + indent, Y: r.y, W: w, H: lh}, asciiURI(uri))
		r.y += lh
	}
}

func (r *builder) timeline(s site.Site) {
	byID := map[string]site.Source{}
	for _, src := range s.Sources {
		if src.ID != "" {
			byID[src.ID] = src
		}
	}
	for _, o := range site.InTimelineOrder(s.Observations) {
		line := orDash(string(o.Date))
		if o.Status != "" {
			line += " · " + string(o.Status)
		}
		if o.Note != "" {
			line += " · " + o.Note
		}
		switch {
		case o.SourceID != "" && byID[o.SourceID].ID != "":
			line += fmt.Sprintf(" [S%d]", r.sourceNumber(byID[o.SourceID]))
		case o.SourceWithheld:
			line += " [source withheld]"
		}
		if o.Confidential {
			line += " (confidential)"
		}
		r.para(line, bodySize, ink, 0)
	}
}

func (r *builder) thumbnails(imgs []image.Image) error {
	if len(imgs) == 0 {
		return nil
	}
	r.heading("Photos", 12)
	const maxW, maxH, gap = 120.0, 90.0, 8.0
	x := r.left()
	rowH := 0.0
	for i, m := range imgs {
		if m == nil {
			continue
		}
		w, h := fit(m.Bounds().Dx(), m.Bounds().Dy(), maxW, maxH)
		if x+w > r.right() {
			r.y += rowH + gap
			x, rowH = r.left(), 0
		}
		if r.y+h > r.bottom() {
			r.newPage()
			x, rowH = r.left(), 0
		}
		img, err := embed(r.doc, m, w, h)
		if err != nil {
			return fmt.Errorf("photo %d: %w", i+1, err)
		}
		r.page.Image(img, pdf.Rect{X: x, Y: r.y, W: w, H: h})
		x += w + gap
		rowH = max(rowH, h)
	}
	r.y += rowH + gap
	return nil
}

// sourceTable lists every source with the sites that cite it.
func (r *builder) sourceTable() {
	r.newPage()
	r.mark("Sources", 0)
	r.heading("Sources", 16)
	d := r.doc
	const numW = 30.0
	citeX := r.left() + r.width()*0.62
	srcW := citeX - r.left() - numW - 10
	citeW := r.right() - citeX
	lh := smallSize * lineGap
	header := func() {
		st := pdf.TextStyle{Size: smallSize, Color: muted}
		r.page.Text(r.left(), r.y+smallSize, st, "#")
		r.page.Text(r.left()+numW, r.y+smallSize, st, "Source")
		r.page.Text(citeX, r.y+smallSize, st, "Cited by")
		r.y += lh + 2
		r.page.Line(pdf.Point{X: r.left(), Y: r.y}, pdf.Point{X: r.right(), Y: r.y}, rule, 0.5)
		r.y += 3
	}
	header()
	for i, s := range r.sources {
		text := orDash(s.src.Title)
		if meta := strings.Join(nonEmpty(s.src.Publisher, string(s.src.Published)), ", "); meta != "" {
			text += "\n" + meta
		}
		if s.src.URL != "" {
			text += "\n" + s.src.URL
		}
		text += "\nGrade " + gradeText(s.src)
		r.hear(text)
		left := d.Wrap(text, smallSize, srcW)
		var names []string
		for _, j := range s.sites {
			names = append(names, orDash(r.sites[j].Name))
		}
		right := d.Wrap(strings.Join(names, "\n"), smallSize, citeW)
		rows := max(len(left), len(right))
		if r.y+float64(rows)*lh > r.bottom() {
			r.newPage()
			header()
		}
		st := pdf.TextStyle{Size: smallSize, Color: ink}
		r.page.Text(r.left(), r.y+smallSize, st, fmt.Sprintf("S%d", i+1))
		for k := 0; k < rows; k++ {
			if r.y+lh > r.bottom() {
				r.newPage()
				header()
			}
			if k < len(left) {
				r.page.Text(r.left()+numW, r.y+smallSize, st, left[k])
			}
			if k < len(right) {
				r.page.Text(citeX, r.y+smallSize, st, right[k])
			}
			r.y += lh
		}
		r.y += 3
		r.page.Line(pdf.Point{X: r.left(), Y: r.y}, pdf.Point{X: r.right(), Y: r.y}, rule, 0.3)
		r.y += 3
	}
}

// asciiURI percent-encodes the bytes a PDF URI may not hold (non-ASCII,
// controls, space), as a browser would before sending the request.
func asciiURI(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= 0x20 || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
