package geoio

import (
	"fmt"
	"strconv"
	"strings"
)

// Revision is a site's revision as exchange files carry it (issue 17): the
// change counter and the content hash (reconcile.ContentHash), and for a
// base the id the other side knows the site by when it is not the
// feature's own. Its text form, for the revision and base members, columns
// and ExtendedData, is "COUNTER:HASH", or "ID@COUNTER:HASH" for a base under
// another id: "5:3fa2c9e01b7d".
type Revision struct {
	ID      string
	Counter int64
	Hash    string
}

// IsZero reports whether r is absent (a file from another tool).
func (r Revision) IsZero() bool { return r == Revision{} }

// String is r's text form; "" for the zero revision.
func (r Revision) String() string {
	if r.IsZero() {
		return ""
	}
	s := strconv.FormatInt(r.Counter, 10) + ":" + r.Hash
	if r.ID != "" {
		s = r.ID + "@" + s
	}
	return s
}

// ParseRevision reads a revision's text form. The error says what is wrong,
// so that an import can name the feature; a value that is not ours stays
// with the caller to keep as an extra property.
func ParseRevision(s string) (Revision, error) {
	var r Revision
	rest := s
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		r.ID, rest = rest[:at], rest[at+1:]
		if r.ID == "" {
			return Revision{}, fmt.Errorf("revision %q: empty id before @", s)
		}
	}
	counter, hash, ok := strings.Cut(rest, ":")
	if !ok {
		return Revision{}, fmt.Errorf("revision %q: want COUNTER:HASH", s)
	}
	n, err := strconv.ParseInt(counter, 10, 64)
	if err != nil || n < 1 {
		return Revision{}, fmt.Errorf("revision %q: counter %q is not a positive whole number", s, counter)
	}
	if len(hash) != revisionHashLen || strings.Trim(hash, "0123456789abcdef") != "" {
		return Revision{}, fmt.Errorf("revision %q: hash %q is not %d lower-case hex digits", s, hash, revisionHashLen)
	}
	r.Counter, r.Hash = n, hash
	return r, nil
}

// revisionHashLen is reconcile.HashLen (geoio does not depend on reconcile).
const revisionHashLen = 12
