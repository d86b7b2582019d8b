package geoio

import (
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"
)

// The GeoJSON reader is a pipeline: one goroutine (scan.go) splits the
// stream into raw features and packs them into batches; one worker per core
// decodes batches into sites; Next hands the results out in file order.
// Channels are bounded, so memory holds a few batches, never the file.

const (
	batchRecords = 128
	batchBytes   = 256 << 10
)

type batch struct {
	recs []rawRecord
	slab []byte
	out  []result
	done chan struct{}
}

// result is what a worker made of one record.
type result struct {
	item  Item
	ok    bool
	err   *Problem
	warns []Problem
	z     bool // Z values were dropped
	// idHash identifies the id the file gave the feature, for the
	// duplicate check that Next does in file order.
	idHash uint64
	hasID  bool
	idText string
	inFC   bool
	line   int
}

type geojsonReader struct {
	file   string
	order  chan *batch
	stop   chan struct{}
	closed sync.Once
	cur    *batch
	ci     int
	fatal  *Problem
	warn   warnings
	ids    map[uint64]int // id hash -> feature index (or line, in a sequence)
	// skipUUIDs: ids that are UUIDs are not remembered (UUIDsCheckedByCaller).
	skipUUIDs bool
}

var batchPool = sync.Pool{New: func() any {
	return &batch{recs: make([]rawRecord, 0, batchRecords), slab: make([]byte, 0, batchBytes+batchBytes/4)}
}}

func newGeoJSONReader(file string, r io.Reader, seq bool, opts ReaderOptions) *geojsonReader {
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	g := &geojsonReader{
		file:      file,
		order:     make(chan *batch, workers+1),
		stop:      make(chan struct{}),
		warn:      warnings{file: file},
		ids:       map[uint64]int{},
		skipUUIDs: opts.UUIDsCheckedByCaller,
	}
	work := make(chan *batch, workers+1)
	seed := maphash.MakeSeed()
	for range workers {
		go func() {
			d := newDecoder(file, seed)
			for b := range work {
				b.out = slices.Grow(b.out[:0], len(b.recs))[:len(b.recs)]
				for i := range b.recs {
					d.decode(&b.recs[i], &b.out[i])
				}
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(g.order)
		defer close(work)
		cur := newBatch()
		// Once stopped, cur may already be in a worker's hands: nothing
		// may be added to it or sent again (the scanner can still emit a
		// record, such as a fatal problem, after emit returned false).
		stopped := false
		send := func() bool {
			select {
			case work <- cur:
			case <-g.stop:
				stopped = true
				return false
			}
			select {
			case g.order <- cur:
			case <-g.stop:
				stopped = true
				return false
			}
			cur = newBatch()
			return true
		}
		sc := newScanner(file, r, seq, func(rec rawRecord) bool {
			if stopped {
				return false
			}
			if rec.data != nil {
				// The scanner's buffer moves on: keep a copy. A batch's
				// records may point into an earlier slab when the slab
				// grows, which is fine: slices keep their array alive.
				start := len(cur.slab)
				cur.slab = append(cur.slab, rec.data...)
				rec.data = cur.slab[start:len(cur.slab):len(cur.slab)]
			}
			cur.recs = append(cur.recs, rec)
			if len(cur.recs) >= batchRecords || len(cur.slab) >= batchBytes || rec.fatal != nil {
				return send()
			}
			return true
		})
		sc.run()
		if len(cur.recs) > 0 && !stopped {
			send()
		}
	}()
	return g
}

func newBatch() *batch {
	b := batchPool.Get().(*batch)
	b.recs = b.recs[:0]
	b.slab = b.slab[:0]
	b.done = make(chan struct{})
	return b
}

func (g *geojsonReader) release(b *batch) {
	for i := range b.recs {
		b.recs[i] = rawRecord{}
	}
	for i := range b.out {
		b.out[i] = result{}
	}
	if cap(b.slab) <= 4*batchBytes {
		batchPool.Put(b)
	}
}

// Next returns the next site, a *Problem, or io.EOF.
func (g *geojsonReader) Next() (Item, error) {
	for {
		if g.fatal != nil {
			return Item{}, g.fatal
		}
		if g.cur == nil || g.ci >= len(g.cur.out) {
			if g.cur != nil {
				g.release(g.cur)
				g.cur = nil
			}
			b, ok := <-g.order
			if !ok {
				return Item{}, io.EOF
			}
			<-b.done
			g.cur, g.ci = b, 0
			continue
		}
		res := &g.cur.out[g.ci]
		g.ci++
		if res.z {
			g.warn.addOnce(Problem{File: g.file, Index: -1, Code: CodeZDropped,
				Message: "Z values dropped: the file has 3D coordinates; Site Atlas keeps longitude and latitude only"})
		}
		for _, w := range res.warns {
			g.warn.add(w)
		}
		if res.err != nil {
			if res.err.Fatal {
				g.fatal = res.err
				g.Close()
			}
			return Item{}, res.err
		}
		if !res.ok {
			continue
		}
		if res.hasID && !(g.skipUUIDs && res.item.HasID) {
			pos := res.line
			if res.inFC {
				pos = res.item.Index
			}
			if prev, dup := g.ids[res.idHash]; dup {
				return Item{}, &Problem{File: g.file, Where: where(res.inFC, pos), Index: res.item.Index, Code: CodeDuplicateID,
					Message: fmt.Sprintf("duplicate feature id %s: %s has the same id", res.idText, where(res.inFC, prev))}
			}
			g.ids[res.idHash] = pos
		}
		return res.item, nil
	}
}

// where names a feature by index in a FeatureCollection, else by line.
func where(inFC bool, n int) string {
	if inFC {
		return "features[" + strconv.Itoa(n) + "]"
	}
	return "line " + strconv.Itoa(n)
}

// Warnings returns the warnings so far, in file order.
func (g *geojsonReader) Warnings() []Problem { return g.warn.all() }

// Close stops the background goroutines.
func (g *geojsonReader) Close() error {
	g.closed.Do(func() { close(g.stop) })
	return nil
}
