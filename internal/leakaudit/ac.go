package leakaudit

// automaton is an Aho–Corasick matcher over bytes: every occurrence of
// every pattern in one pass, whatever the number of patterns. The root has
// a dense table (most bytes of a file start no pattern); other states keep
// sorted sparse edges, so thousands of long secrets (excerpts, notes) cost
// memory in proportion to their length, not 256 entries a byte.
type automaton struct {
	root [256]int32
	// edges of state s are edgeByte/edgeTo[first[s]:first[s+1]], sorted by
	// byte.
	first    []int32
	edgeByte []byte
	edgeTo   []int32
	fail     []int32
	// out is the pattern ending at the state, or -1; dict is the nearest
	// state down the fail chain with an out, or -1.
	out  []int32
	dict []int32
	// term is whether any pattern ends at the state (out or dict).
	term []bool
	// more lists further patterns ending at a state (equal patterns).
	more   map[int32][]int32
	lens   []int
	maxLen int
	// bound is, by pattern, whether a match must not have a letter or
	// digit just before it (bit 0) or just after it (bit 1).
	bound []uint8
}

type trieNode struct {
	next map[byte]int32
	out  []int32
}

func buildAutomaton(patterns [][]byte, bound []uint8) *automaton {
	nodes := []trieNode{{next: map[byte]int32{}}}
	a := &automaton{more: map[int32][]int32{}, bound: bound}
	for id, p := range patterns {
		s := int32(0)
		for _, c := range p {
			t, ok := nodes[s].next[c]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, trieNode{next: map[byte]int32{}})
				nodes[s].next[c] = t
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, int32(id))
		a.lens = append(a.lens, len(p))
		a.maxLen = max(a.maxLen, len(p))
	}
	n := len(nodes)
	a.first = make([]int32, n+1)
	a.fail = make([]int32, n)
	a.out = make([]int32, n)
	a.dict = make([]int32, n)
	for s := range nodes {
		a.first[s] = int32(len(a.edgeByte))
		for c := 0; c < 256; c++ {
			if t, ok := nodes[s].next[byte(c)]; ok {
				a.edgeByte = append(a.edgeByte, byte(c))
				a.edgeTo = append(a.edgeTo, t)
			}
		}
		a.out[s] = -1
		if len(nodes[s].out) > 0 {
			a.out[s] = nodes[s].out[0]
			if len(nodes[s].out) > 1 {
				a.more[int32(s)] = nodes[s].out[1:]
			}
		}
	}
	a.first[n] = int32(len(a.edgeByte))
	// Breadth first, so a state's fail target is finished before it.
	queue := make([]int32, 0, n)
	for c := 0; c < 256; c++ {
		t, ok := nodes[0].next[byte(c)]
		if ok {
			a.fail[t] = 0
			queue = append(queue, t)
		}
		a.root[c] = t // 0 when absent
	}
	a.dict[0] = -1
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for i := a.first[s]; i < a.first[s+1]; i++ {
			c, t := a.edgeByte[i], a.edgeTo[i]
			a.fail[t] = a.step(a.fail[s], c)
			queue = append(queue, t)
		}
		f := a.fail[s]
		switch {
		case s == 0:
		case a.out[f] >= 0:
			a.dict[s] = f
		default:
			a.dict[s] = a.dict[f]
		}
	}
	a.term = make([]bool, n)
	for s := range a.term {
		a.term[s] = a.out[s] >= 0 || a.dict[s] > 0
	}
	return a
}

// child is s's edge on c, or -1.
func (a *automaton) child(s int32, c byte) int32 {
	lo, hi := a.first[s], a.first[s+1]
	if hi-lo <= 8 {
		for i := lo; i < hi; i++ {
			if a.edgeByte[i] == c {
				return a.edgeTo[i]
			}
		}
		return -1
	}
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch b := a.edgeByte[m]; {
		case b == c:
			return a.edgeTo[m]
		case b < c:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// step is the state after reading c in state s.
func (a *automaton) step(s int32, c byte) int32 {
	for s != 0 {
		if t := a.child(s, c); t >= 0 {
			return t
		}
		s = a.fail[s]
	}
	return a.root[c]
}

// matches calls f with each pattern that ends at state s.
func (a *automaton) matches(s int32, f func(pattern int32)) {
	if a.out[s] < 0 {
		s = a.dict[s]
	}
	for s > 0 {
		f(a.out[s])
		for _, p := range a.more[s] {
			f(p)
		}
		s = a.dict[s]
	}
}
