package coords

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// This file reads latitude/longitude pairs written as decimal degrees,
// degrees-minutes or degrees-minutes-seconds, in either order, with signs
// or hemisphere letters before or after each value.

type tokKind uint8

const (
	tNum   tokKind = iota
	tMark          // a degree, minute or second sign
	tHemi          // N, S, E, W (or the words)
	tLabel         // "lat", "lon"
	tSep           // , ; /
)

type token struct {
	kind   tokKind
	pos    int    // character position, 1-based, for messages
	text   string // as written
	val    float64
	neg    bool // a minus sign was written
	signed bool // any sign was written
	frac   bool // the number has a fractional part
	mark   byte // 'd', 'm', 's'
	letter bool // the mark was written as a letter ("42d57m")
	hemi   byte // 'N', 'S', 'E', 'W'
	axis   byte // 'a' latitude, 'o' longitude (labels)
}

var words = map[string]token{
	"n": {kind: tHemi, hemi: 'N'}, "north": {kind: tHemi, hemi: 'N'},
	"s": {kind: tHemi, hemi: 'S'}, "south": {kind: tHemi, hemi: 'S'},
	"e": {kind: tHemi, hemi: 'E'}, "east": {kind: tHemi, hemi: 'E'},
	"w": {kind: tHemi, hemi: 'W'}, "west": {kind: tHemi, hemi: 'W'},
	"d": {kind: tMark, mark: 'd'}, "deg": {kind: tMark, mark: 'd'}, "degs": {kind: tMark, mark: 'd'},
	"degree": {kind: tMark, mark: 'd'}, "degrees": {kind: tMark, mark: 'd'},
	"m": {kind: tMark, mark: 'm'}, "min": {kind: tMark, mark: 'm'}, "mins": {kind: tMark, mark: 'm'},
	"minute": {kind: tMark, mark: 'm'}, "minutes": {kind: tMark, mark: 'm'},
	"sec": {kind: tMark, mark: 's'}, "secs": {kind: tMark, mark: 's'},
	"second": {kind: tMark, mark: 's'}, "seconds": {kind: tMark, mark: 's'},
	"lat": {kind: tLabel, axis: 'a'}, "latitude": {kind: tLabel, axis: 'a'},
	"lon": {kind: tLabel, axis: 'o'}, "lng": {kind: tLabel, axis: 'o'},
	"long": {kind: tLabel, axis: 'o'}, "longitude": {kind: tLabel, axis: 'o'},
}

// markOf maps the many degree, minute and second signs people paste
// (typewriter quotes, primes, curly quotes, the ordinal º) to one mark.
func markOf(r rune) byte {
	switch r {
	case '°', 'º', '˚':
		return 'd'
	case '\'', '′', '’', '‘', '`', '´':
		return 'm'
	case '"', '″', '”', '“':
		return 's'
	}
	return 0
}

// tokenize splits text into tokens. With decimalComma, a comma between two
// digits is a decimal separator ("42,97").
func tokenize(text string, decimalComma bool) ([]token, error) {
	rs := []rune(text)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r) || strings.ContainsRune("()[]{}:=", r):
			i++
		case r == ',' || r == ';' || r == '/':
			toks = append(toks, token{kind: tSep, pos: i + 1, text: string(r)})
			i++
		case r == '+' || r == '-' || r == '−' || r == '.' || r >= '0' && r <= '9':
			t, n, err := scanNumber(rs, i, decimalComma)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = n
		case markOf(r) != 0:
			m := markOf(r)
			// Two apostrophes are a seconds sign ('' for ″).
			if m == 'm' && i+1 < len(rs) && markOf(rs[i+1]) == 'm' {
				m = 's'
				i++
			}
			toks = append(toks, token{kind: tMark, pos: i + 1, text: string(r), mark: m})
			i++
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			w := strings.ToLower(string(rs[i:j]))
			if t, ok := words[w]; ok {
				t.pos, t.text = i+1, string(rs[i:j])
				toks = appendWord(toks, t)
			} else if strings.Trim(w, "dmsnew") == "" {
				// Run-together marks and hemispheres: "30sN", "42dN".
				for k := i; k < j; k++ {
					t := words[strings.ToLower(string(rs[k]))]
					t.pos, t.text = k+1, string(rs[k])
					toks = appendWord(toks, t)
				}
			} else {
				return nil, fmt.Errorf("unexpected word %q at character %d", string(rs[i:j]), i+1)
			}
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q at character %d", string(r), i+1)
		}
	}
	return toks, nil
}

// appendWord adds a letter token. An "s" right after a number whose
// minutes were marked with the letter "m" is a seconds mark ("42d57m30s");
// anywhere else it is South.
func appendWord(toks []token, t token) []token {
	if t.mark != 0 {
		t.letter = true
	}
	n := len(toks)
	if t.kind == tHemi && t.hemi == 'S' && len(t.text) == 1 && n >= 2 &&
		toks[n-1].kind == tNum && toks[n-2].kind == tMark && toks[n-2].mark == 'm' && toks[n-2].letter {
		t = token{kind: tMark, mark: 's', letter: true, pos: t.pos, text: t.text}
	}
	return append(toks, t)
}

func scanNumber(rs []rune, i int, decimalComma bool) (token, int, error) {
	t := token{kind: tNum, pos: i + 1}
	start := i
	if rs[i] == '+' || rs[i] == '-' || rs[i] == '−' {
		t.signed, t.neg = true, rs[i] != '+'
		i++
	}
	var b strings.Builder
	digits := 0
	for ; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			digits++
			continue
		case (r == '.' || decimalComma && r == ',') && !t.frac &&
			i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9' && (r == '.' || digits > 0):
			b.WriteByte('.')
			t.frac = true
			continue
		}
		break
	}
	t.text = string(rs[start:i])
	if digits == 0 {
		return t, i, fmt.Errorf("unexpected %q at character %d: expected a number", t.text, start+1)
	}
	if b.Len() > 20 {
		return t, i, fmt.Errorf("number %q at character %d is too long", t.text, start+1)
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return t, i, fmt.Errorf("number %q at character %d: %v", t.text, start+1, err)
	}
	t.val = v
	return t, i, nil
}

// angle is one latitude or longitude as written.
type angle struct {
	deg   float64 // signed degrees
	axis  byte    // 'a', 'o', or 0 when the text does not say
	parts int     // 1 decimal, 2 DM, 3 DMS
	text  string
}

// Angle errors come in two strengths: a structural one (the tokens do not
// form a value) and a semantic one (they do, but the value is wrong). When
// several ways of splitting a text fail, the strongest error is reported.
type angleError struct {
	msg    string
	strong bool
}

func (e *angleError) Error() string { return e.msg }

func weak(format string, a ...any) error {
	return &angleError{msg: fmt.Sprintf(format, a...)}
}

func strong(format string, a ...any) error {
	return &angleError{msg: fmt.Sprintf(format, a...), strong: true}
}

var partName = [3]string{"degrees", "minutes", "seconds"}

func parseAngle(toks []token) (angle, error) {
	var a angle
	var texts []string
	for _, t := range toks {
		texts = append(texts, t.text)
	}
	a.text = strings.Join(texts, " ")
	i := 0
	if i < len(toks) && toks[i].kind == tLabel {
		a.axis = toks[i].axis
		i++
	}
	var pre, suf byte
	if i < len(toks) && toks[i].kind == tHemi {
		pre = toks[i].hemi
		i++
	}
	var nums []token
	for i < len(toks) && toks[i].kind == tNum && len(nums) < 3 {
		nums = append(nums, toks[i])
		i++
		if i < len(toks) && toks[i].kind == tMark {
			if want := "dms"[len(nums)-1]; toks[i].mark != want {
				return a, weak("%q at character %d: expected the %s sign after %s", toks[i].text, toks[i].pos, partName[len(nums)-1], nums[len(nums)-1].text)
			}
			i++
		}
	}
	if len(nums) == 0 {
		if i < len(toks) {
			return a, weak("unexpected %q at character %d: expected a number", toks[i].text, toks[i].pos)
		}
		return a, weak("expected a number")
	}
	if i < len(toks) && toks[i].kind == tHemi {
		suf = toks[i].hemi
		i++
	}
	if i < len(toks) {
		return a, weak("unexpected %q at character %d", toks[i].text, toks[i].pos)
	}
	if pre != 0 && suf != 0 {
		return a, weak("%s has two hemisphere letters (%c and %c)", a.text, pre, suf)
	}
	hemi := pre | suf
	var v float64
	scale := 1.0
	for k, n := range nums {
		if k > 0 && n.signed {
			return a, strong("%s %s at character %d cannot have a sign", partName[k], n.text, n.pos)
		}
		if n.frac && k < len(nums)-1 {
			return a, strong("%s %s at character %d has a fraction but is followed by %s", partName[k], n.text, n.pos, partName[k+1])
		}
		if k > 0 && n.val >= 60 {
			return a, strong("%s %s at character %d must be below 60", partName[k], trimFloat(n.val), n.pos)
		}
		v += n.val / scale
		scale *= 60
	}
	a.parts = len(nums)
	if hemi != 0 && nums[0].neg {
		return a, strong("%s has both a minus sign and the hemisphere %c", a.text, hemi)
	}
	if nums[0].neg || hemi == 'S' || hemi == 'W' {
		v = -v
	}
	a.deg = v
	if hemi != 0 {
		ax := byte('a')
		if hemi == 'E' || hemi == 'W' {
			ax = 'o'
		}
		if a.axis != 0 && a.axis != ax {
			return a, strong("%s: the label says %s but %c is a hemisphere of %s", a.text, axisName(a.axis), hemi, axisName(ax))
		}
		a.axis = ax
	}
	return a, nil
}

func axisName(ax byte) string {
	if ax == 'a' {
		return "latitude"
	}
	return "longitude"
}

// pairReadings turns two values into readings: lat,lon first, then lon,lat
// when the text leaves the order open and both orders are in range.
func pairReadings(a, b angle) ([]Reading, error) {
	n := Decimal
	switch max(a.parts, b.parts) {
	case 2:
		n = DM
	case 3:
		n = DMS
	}
	mk := func(lat, lon angle, swapped bool) Reading {
		p := pt(lon.deg, lat.deg)
		return Reading{Point: p, Notation: n, Text: Format(p, n), Swapped: swapped}
	}
	switch {
	case a.axis != 0 && a.axis == b.axis:
		return nil, strong("both %s and %s are %ss", a.text, b.text, axisName(a.axis))
	case a.axis == 'a' || b.axis == 'o':
		if err := checkLatLon(a, b); err != nil {
			return nil, err
		}
		return []Reading{mk(a, b, false)}, nil
	case a.axis == 'o' || b.axis == 'a':
		if err := checkLatLon(b, a); err != nil {
			return nil, err
		}
		return []Reading{mk(b, a, true)}, nil
	}
	var out []Reading
	err1 := checkLatLon(a, b)
	if err1 == nil {
		out = append(out, mk(a, b, false))
	}
	if err2 := checkLatLon(b, a); err2 == nil {
		out = append(out, mk(b, a, true))
	}
	if len(out) > 0 {
		return out, nil
	}
	if !inRange(a.deg, 90) && !inRange(b.deg, 90) {
		return nil, strong("neither %s nor %s is a latitude (-90..90)", a.text, b.text)
	}
	return nil, err1
}

func inRange(v, lim float64) bool { return v >= -lim && v <= lim }

func checkLatLon(lat, lon angle) error {
	if !inRange(lat.deg, 90) {
		return strong("latitude %s is out of range -90..90", trimFloat(lat.deg))
	}
	if !inRange(lon.deg, 180) {
		return strong("longitude %s is out of range -180..180", trimFloat(lon.deg))
	}
	return nil
}

// parseAngles reads a latitude/longitude pair. Without a comma or
// semicolon between the two values, every split of the text into two
// values is tried; splits into two values of the same shape (two decimals,
// two DMS) win over lopsided ones, so "10 20 30 40" is 10°20′, 30°40′.
func parseAngles(text string, decimalComma bool) ([]Reading, error) {
	toks, err := tokenize(text, decimalComma)
	if err != nil {
		if !strings.ContainsAny(text, "0123456789") {
			return nil, errNoCoordinate(text)
		}
		return nil, err
	}
	for len(toks) > 0 && toks[0].kind == tSep {
		toks = toks[1:]
	}
	for len(toks) > 0 && toks[len(toks)-1].kind == tSep {
		toks = toks[:len(toks)-1]
	}
	nums, seps := 0, []int{}
	for i, t := range toks {
		switch t.kind {
		case tNum:
			nums++
		case tSep:
			seps = append(seps, i)
		}
	}
	switch {
	case nums == 0:
		return nil, errNoCoordinate(text)
	case len(seps) > 1:
		return nil, fmt.Errorf("%q has %d separators (%q at character %d and %q at character %d): expected one between latitude and longitude",
			text, len(seps), toks[seps[0]].text, toks[seps[0]].pos, toks[seps[1]].text, toks[seps[1]].pos)
	case len(toks) > 40:
		return nil, fmt.Errorf("%q is too long for a coordinate", text)
	}
	var splits [][2][]token
	if len(seps) == 1 {
		splits = append(splits, [2][]token{toks[:seps[0]], toks[seps[0]+1:]})
	} else {
		for i := 1; i < len(toks); i++ {
			splits = append(splits, [2][]token{toks[:i], toks[i:]})
		}
	}
	var best, sym []Reading
	var bestErr error
	bestScore := -1
	for _, s := range splits {
		a, errA := parseAngle(s[0])
		b, errB := parseAngle(s[1])
		err := errA
		if err == nil {
			err = errB
		}
		same := errA == nil && errB == nil && a.parts == b.parts
		if err == nil {
			var rs []Reading
			rs, err = pairReadings(a, b)
			if err == nil {
				if same {
					sym = append(sym, rs...)
				} else {
					best = append(best, rs...)
				}
				continue
			}
		}
		score := 0
		if ae, ok := err.(*angleError); ok && ae.strong {
			score = 2
		}
		if same || countNums(s[0]) == countNums(s[1]) {
			score++
		}
		if score > bestScore {
			bestScore, bestErr = score, err
		}
	}
	if len(sym) > 0 {
		return sym, nil
	}
	if len(best) > 0 {
		return best, nil
	}
	if nums == 1 {
		return nil, fmt.Errorf("%q is one value: a coordinate needs a latitude and a longitude", strings.TrimSpace(text))
	}
	if bestErr == nil {
		return nil, errNoCoordinate(text)
	}
	return nil, bestErr
}

func countNums(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.kind == tNum {
			n++
		}
	}
	return n
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
