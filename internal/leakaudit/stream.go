package leakaudit

import (
	"bytes"
	"errors"
	"io"
	"math/bits"
	"unicode/utf8"
)

// pass searches one decoding of a stream: it decodes, folds and feeds the
// automaton chunk by chunk, carrying across chunk ends what an escape or a
// rune cut in two still needs.
type pass struct {
	enc   encoding
	ac    *automaton
	of    []int32
	fold  *folder
	state int32
	// ring holds the source offset of the last len(ring) folded bytes, by
	// position, so a match's start maps back to the file.
	ring []int64
	// ringB holds the folded bytes themselves, for the byte before a
	// match; pending are matches waiting for the byte after.
	ringB   []byte
	pending []pendingMatch
	mask    int64
	pos     int64
	// carry is input not yet decoded, from carryAt; dec/decOffs the
	// decoded bytes not yet folded (a rune cut by the chunk's end).
	carry   []byte
	carryAt int64
	dec     []byte
	decOffs []int64
	buf     []byte
	report  func(secret int32, off int64, enc encoding)
}

func newPass(enc encoding, ac *automaton, of []int32, fold *folder, report func(int32, int64, encoding)) *pass {
	size := 1 << bits.Len(uint(ac.maxLen+1))
	return &pass{enc: enc, ac: ac, of: of, fold: fold, ring: make([]int64, size), ringB: make([]byte, size), mask: int64(size - 1), report: report}
}

// write feeds chunk, which starts at offset base of the stream.
func (p *pass) write(chunk []byte, base int64, final bool) {
	if p.enc == encRaw {
		// The raw stream is the chunk itself: no copy, offsets by index.
		in := chunk
		if len(p.dec) > 0 {
			// A rune cut by the last chunk's end.
			p.buf = append(append(p.buf[:0], p.dec...), chunk...)
			in, base = p.buf, p.decOffs[0]
		}
		used := p.feed(in, nil, base, final)
		p.dec = append(p.dec[:0], in[used:]...)
		p.decOffs = p.decOffs[:0]
		for i := range len(in) - used {
			p.decOffs = append(p.decOffs, base+int64(used+i))
		}
		return
	}
	in := chunk
	if len(p.carry) > 0 {
		p.buf = append(append(p.buf[:0], p.carry...), chunk...)
		in, base = p.buf, p.carryAt
	}
	var n int
	p.dec, p.decOffs, n = p.enc.decode(in, base, final, p.dec, p.decOffs)
	p.carry = append(p.carry[:0], in[n:]...)
	p.carryAt = base + int64(n)
	used := p.feed(p.dec, p.decOffs, 0, final)
	// Keep what feed could not fold yet (at most one cut rune).
	k := copy(p.dec, p.dec[used:])
	copy(p.decOffs, p.decOffs[used:])
	p.dec, p.decOffs = p.dec[:k], p.decOffs[:k]
}

// feed folds dec and runs the automaton over it, returning how many bytes
// it used: all but a rune cut by the end, unless final. The offset of
// dec[i] is offs[i], or base+i when offs is nil (the raw stream).
func (p *pass) feed(dec []byte, offs []int64, base int64, final bool) int {
	a := p.ac
	s := p.state
	pos := p.pos
	i := 0
	for i < len(dec) {
		c := dec[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if len(p.pending) > 0 {
				p.resolve(c)
			}
			if offs == nil {
				p.ring[pos&p.mask] = base + int64(i)
			} else {
				p.ring[pos&p.mask] = offs[i]
			}
			p.ringB[pos&p.mask] = c
			if s == 0 {
				s = a.root[c]
			} else {
				s = a.step(s, c)
			}
			if a.term[s] {
				p.matched(s, pos)
			}
			pos++
			i++
			continue
		}
		if !final && !utf8.FullRune(dec[i:]) {
			break
		}
		r, n := utf8.DecodeRune(dec[i:])
		var f []byte
		if r == utf8.RuneError && n <= 1 {
			f = dec[i : i+1]
		} else {
			f = p.fold.rune(r)
		}
		off := base + int64(i)
		if offs != nil {
			off = offs[i]
		}
		for _, b := range f {
			if len(p.pending) > 0 {
				p.resolve(b)
			}
			p.ring[pos&p.mask] = off
			p.ringB[pos&p.mask] = b
			s = a.step(s, b)
			if a.term[s] {
				p.matched(s, pos)
			}
			pos++
		}
		i += n
	}
	p.state, p.pos = s, pos
	if final && i == len(dec) {
		// Nothing follows: the matches waiting for a next byte stand.
		for _, m := range p.pending {
			p.report(m.secret, m.off, p.enc)
		}
		p.pending = p.pending[:0]
	}
	return i
}

type pendingMatch struct {
	secret int32
	off    int64
}

// resolve decides the pending matches by the byte after them, c.
func (p *pass) resolve(c byte) {
	if !wordByte(c) {
		for _, m := range p.pending {
			p.report(m.secret, m.off, p.enc)
		}
	}
	p.pending = p.pending[:0]
}

func (p *pass) matched(s int32, end int64) {
	p.ac.matches(s, func(pat int32) {
		start := end - int64(p.ac.lens[pat]) + 1
		b := p.ac.bound[pat]
		if b&1 != 0 && start > 0 && wordByte(p.ringB[(start-1)&p.mask]) {
			return
		}
		if b&2 != 0 {
			p.pending = append(p.pending, pendingMatch{p.of[pat], p.ring[start&p.mask]})
			return
		}
		p.report(p.of[pat], p.ring[start&p.mask], p.enc)
	})
}

// hasTrigger says whether an escape of e can start in chunk (after last,
// the byte before it): a decoding whose escapes never occur gives the raw
// stream again. A CSV escape is two quotes, since every JSON file has
// single ones.
func hasTrigger(e encoding, chunk []byte, last byte) bool {
	switch e {
	case encJSON:
		return bytes.IndexByte(chunk, '\\') >= 0
	case encXML:
		return bytes.IndexByte(chunk, '&') >= 0
	}
	return (last == '"' && chunk[0] == '"') || bytes.Contains(chunk, []byte(`""`))
}

// scanStream reads r to its end through every decoding and reports each
// secret found, by its secret and the offset of its first byte. maxBytes
// bounds what is read (a zip member's decompressed size); past it the
// scan stops with errTooLarge.
//
// fold and buf are the caller's, reused across the streams of one scan
// (a folder's table is 256 KB; an archive may have thousands of members).
func scanStream(r io.Reader, ac *automaton, of []int32, quote bool, fold *folder, buf []byte, maxBytes int64, report func(secret int32, off int64, enc encoding)) error {
	if len(of) == 0 {
		_, err := io.Copy(io.Discard, io.LimitReader(r, maxBytes))
		return err
	}
	passes := []*pass{newPass(encRaw, ac, of, fold, report)}
	// The other decodings start only once their escape character is seen:
	// until then their stream equals the raw one, and they start with the
	// raw pass's state and ring, so nothing before is lost or found twice.
	started := [4]bool{encRaw: true}
	var base int64
	var last byte // of the chunk before
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if base+int64(n) > maxBytes {
				return errTooLarge
			}
			chunk := buf[:n]
			for e := encJSON; e <= encCSV; e++ {
				if !started[e] && (e != encCSV || quote) && hasTrigger(e, chunk, last) {
					started[e] = true
					passes = append(passes, passes[0].fork(e))
				}
			}
			final := err != nil
			for _, p := range passes {
				p.write(chunk, base, final)
			}
			base += int64(n)
			last = chunk[n-1]
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			if n == 0 {
				for _, p := range passes {
					p.write(nil, base, true)
				}
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// fork is a pass of another decoding that has read what p has read: the
// two streams are equal so far, since p's chunks held no escape of e.
func (p *pass) fork(e encoding) *pass {
	q := newPass(e, p.ac, p.of, p.fold, p.report)
	q.state, q.pos = p.state, p.pos
	copy(q.ring, p.ring)
	copy(q.ringB, p.ringB)
	q.pending = append(q.pending, p.pending...)
	q.dec = append(q.dec, p.dec...)
	q.decOffs = append(q.decOffs, p.decOffs...)
	return q
}

var errTooLarge = errors.New("too large")
