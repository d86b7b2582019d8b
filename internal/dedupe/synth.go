package dedupe

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/paulmach/orb"
)

// A generator of sites with planted duplicates, for the evaluation test and
// the benchmark. Duplicates are what two reports of one place look like:
// another script, traditional for simplified, a legal form or city suffix
// added, the position a little off. Distractors are what must not match:
// other factories a street away, one brand's other products and numbers,
// the same name in another city.

type synthPlace struct {
	latin, simp, trad, hangul string
	lon, lat                  float64
	weight                    int
}

var synthPlaces = []synthPlace{
	{"Tumen", "图们", "圖們", "투먼", 129.8436, 42.9672, 8},
	{"Hunchun", "珲春", "琿春", "훈춘", 130.3653, 42.8625, 10},
	{"Yanji", "延吉", "延吉", "옌지", 129.5133, 42.9048, 8},
	{"Longjing", "龙井", "龍井", "룽징", 129.4264, 42.7714, 3},
	{"Helong", "和龙", "和龍", "허룽", 129.0108, 42.5464, 2},
	{"Dandong", "丹东", "丹東", "단둥", 124.3545, 40.0006, 10},
	{"Shenyang", "沈阳", "瀋陽", "선양", 123.4315, 41.8057, 6},
	{"Dalian", "大连", "大連", "다롄", 121.6147, 38.9140, 5},
	{"Ningbo", "宁波", "寧波", "닝보", 121.5440, 29.8683, 4},
	{"Qingdao", "青岛", "青島", "칭다오", 120.3826, 36.0671, 4},
	{"Weihai", "威海", "威海", "웨이하이", 122.1164, 37.5128, 3},
	{"Changchun", "长春", "長春", "창춘", 125.3235, 43.8171, 4},
	{"Harbin", "哈尔滨", "哈爾濱", "하얼빈", 126.5349, 45.8038, 3},
	{"Beijing", "北京", "北京", "베이징", 116.4074, 39.9042, 3},
	{"Shanghai", "上海", "上海", "상하이", 121.4737, 31.2304, 3},
	{"Zhuhai", "珠海", "珠海", "주하이", 113.5767, 22.2707, 2},
	{"Dongning", "东宁", "東寧", "둥닝", 131.1253, 44.0636, 2},
	{"Tonghua", "通化", "通化", "퉁화", 125.9399, 41.7286, 2},
	{"Ulaanbaatar", "乌兰巴托", "烏蘭巴托", "울란바토르", 106.9180, 47.8860, 2},
}

// SynthAliases is the gazetteer of the generator's places.
var SynthAliases = func() Aliases {
	var g [][]string
	for _, p := range synthPlaces {
		g = append(g, []string{p.latin, p.simp, p.trad, p.hangul, p.latin + "-shi", p.latin + " City", p.hangul + "시"})
	}
	return NewAliases(g)
}()

type syllable struct{ latin, simp, trad, hangul string }

// Brand syllables with their Sino-Korean readings; most have a
// traditional form that differs.
var synthSyllables = []syllable{
	{"hua", "华", "華", "화"}, {"rong", "荣", "榮", "영"}, {"xing", "兴", "興", "흥"}, {"long", "龙", "龍", "용"},
	{"da", "达", "達", "달"}, {"jin", "金", "金", "금"}, {"feng", "丰", "豐", "풍"}, {"sheng", "盛", "盛", "성"},
	{"tai", "泰", "泰", "태"}, {"kang", "康", "康", "강"}, {"yuan", "源", "源", "원"}, {"hai", "海", "海", "해"},
	{"dong", "东", "東", "동"}, {"fa", "发", "發", "발"}, {"guang", "广", "廣", "광"}, {"ming", "明", "明", "명"},
	{"xin", "鑫", "鑫", "흠"}, {"tong", "通", "通", "통"}, {"chang", "昌", "昌", "창"}, {"heng", "恒", "恆", "항"},
	{"bao", "宝", "寶", "보"}, {"li", "利", "利", "리"}, {"hong", "鸿", "鴻", "홍"}, {"wei", "伟", "偉", "위"},
	{"yang", "阳", "陽", "양"}, {"fu", "富", "富", "부"}, {"jia", "嘉", "嘉", "가"}, {"tian", "天", "天", "천"},
	{"run", "润", "潤", "윤"}, {"qiao", "桥", "橋", "교"}, {"wan", "万", "萬", "만"}, {"shun", "顺", "順", "순"},
}

var synthProducts = []syllable{
	{"Seafood", "海产", "海產", "수산"}, {"Garment", "服装", "服裝", "의류"}, {"Wig", "假发", "假髮", "가발"},
	{"Electronics", "电子", "電子", "전자"}, {"Shoe", "鞋业", "鞋業", "신발"}, {"Timber", "木材", "木材", "목재"},
	{"Textile", "纺织", "紡織", "섬유"}, {"Food", "食品", "食品", "식품"}, {"Software", "软件", "軟件", "소프트웨어"},
}

type synthKind struct {
	syllable
	category string
	product  bool // names carry a product ("Huarong Seafood Factory")
}

var synthKinds = []synthKind{
	{syllable{"Factory", "工厂", "工廠", "공장"}, "factory", true},
	{syllable{"Processing Plant", "加工厂", "加工廠", "가공공장"}, "factory", true},
	{syllable{"Industrial Complex", "工业园区", "工業園區", "공업단지"}, "industrial_complex", false},
	{syllable{"Restaurant", "餐厅", "餐廳", "식당"}, "restaurant", false},
	{syllable{"Construction Site", "建筑工地", "建築工地", "건설현장"}, "construction", false},
	{syllable{"Mine", "矿山", "礦山", "광산"}, "mine", false},
	{syllable{"Fishery", "渔场", "漁場", "어장"}, "fishery", false},
	{syllable{"Dormitory", "宿舍", "宿舍", "기숙사"}, "dormitory", false},
}

// SynthOptions says how many sites to generate.
type SynthOptions struct {
	Sites      int    // distinct sites, distractors included
	Duplicates int    // planted second (or third) records of some of them
	Seed       uint64 // same options, same entries
	Unique     bool   // no two distinct sites share a brand in one place (for scoring)
}

// Synthetic is a generated set: Identity[i] is the site Entries[i] records,
// so two entries with one identity are a true duplicate pair.
type Synthetic struct {
	Entries  []Entry
	Identity []int32
}

type ident struct {
	place     *synthPlace
	brand     []syllable
	product   *syllable
	kind      *synthKind
	number    int
	withPlace bool // the place is part of the name
	placeOnly bool // "图们 工厂": place and kind only
	pt        orb.Point
	radius    float64
	precision string
	scripts   [3]bool // latin, han, hangul names recorded
}

var synthPrecisions = []struct {
	name   string
	radius float64
	share  int
}{{"exact", 50, 40}, {"approximate", 2000, 45}, {"city", 15000, 15}}

// Synthesize generates a set.
func Synthesize(o SynthOptions) Synthetic {
	g := &synth{r: rand.New(rand.NewPCG(o.Seed, 0xd0d0)), used: map[string]bool{}, o: o}
	for _, p := range synthPlaces {
		g.totalW += p.weight
	}
	var out Synthetic
	var ids []*ident
	add := func(e Entry) {
		e.ID = fmt.Sprintf("s%07d", len(out.Entries))
		out.Entries = append(out.Entries, e)
		out.Identity = append(out.Identity, int32(len(ids)-1))
	}
	for len(ids) < o.Sites {
		for _, id := range g.sites() {
			if len(ids) == o.Sites {
				break
			}
			ids = append(ids, id)
			add(g.record(id))
		}
	}
	for d := 0; d < o.Duplicates && len(ids) > 0; d++ {
		k := g.r.IntN(len(ids))
		id := ids[k]
		e := g.duplicate(id)
		e.ID = fmt.Sprintf("s%07d", len(out.Entries))
		out.Entries = append(out.Entries, e)
		out.Identity = append(out.Identity, int32(k))
	}
	// Shuffle so that duplicates are not all at the end, as in a real file.
	g.r.Shuffle(len(out.Entries), func(i, j int) {
		out.Entries[i], out.Entries[j] = out.Entries[j], out.Entries[i]
		out.Identity[i], out.Identity[j] = out.Identity[j], out.Identity[i]
	})
	return out
}

type synth struct {
	r      *rand.Rand
	o      SynthOptions
	totalW int
	used   map[string]bool
}

func (g *synth) place() *synthPlace {
	w := g.r.IntN(g.totalW)
	for i := range synthPlaces {
		if w < synthPlaces[i].weight {
			return &synthPlaces[i]
		}
		w -= synthPlaces[i].weight
	}
	return &synthPlaces[0]
}

// sites returns one distinct site, and sometimes distractors beside it.
func (g *synth) sites() []*ident {
	id := g.newIdent(g.place())
	out := []*ident{id}
	if id.placeOnly {
		return out
	}
	switch g.r.IntN(10) {
	case 0: // another factory a street away
		o := g.newIdent(id.place)
		o.kind, o.product = id.kind, g.otherProduct(id.product)
		o.pt, o.radius, o.precision = offset(id.pt, 200, g.r.Float64()*2*math.Pi), id.radius, id.precision
		out = append(out, o)
	case 1: // the brand's other product, or its next number, nearby
		if id.product != nil {
			o := *id
			if g.r.IntN(2) == 0 || id.number == 0 {
				o.product = g.otherProduct(id.product)
			} else {
				o.number = id.number + 1 + g.r.IntN(5)
			}
			o.pt = offset(id.pt, 200, g.r.Float64()*2*math.Pi)
			out = append(out, &o)
		}
	case 2: // the same name in another city
		if !id.withPlace {
			o := *id
			o.place = g.place()
			// In Unique mode the brand must be free in the other city too,
			// or the copy would be a true duplicate of a site there.
			key := o.place.latin + " " + g.latinBrand(o.brand)
			if o.place != id.place && (!g.o.Unique || !g.used[key]) {
				g.used[key] = true
				o.pt = g.position(o.place, o.precision)
				out = append(out, &o)
			}
		}
	}
	return out
}

func (g *synth) otherProduct(p *syllable) *syllable {
	for {
		q := &synthProducts[g.r.IntN(len(synthProducts))]
		if q != p {
			return q
		}
	}
}

func (g *synth) newIdent(p *synthPlace) *ident {
	id := &ident{place: p, kind: &synthKinds[g.r.IntN(len(synthKinds))]}
	pr := g.r.IntN(100)
	for _, q := range synthPrecisions {
		if pr < q.share {
			id.precision, id.radius = q.name, q.radius
			break
		}
		pr -= q.share
	}
	id.pt = g.position(p, id.precision)
	// A few sites are known only by place and kind, once per place and
	// kind, as the sample's "图们 工厂".
	if key := "only " + p.latin + id.kind.category; g.r.IntN(200) == 0 && !g.used[key] {
		g.used[key] = true
		id.placeOnly, id.withPlace = true, true
		id.scripts = [3]bool{true, g.r.IntN(2) == 0, g.r.IntN(2) == 0}
		return id
	}
	for {
		n := 2 + g.r.IntN(3)
		id.brand = id.brand[:0]
		for range n {
			id.brand = append(id.brand, synthSyllables[g.r.IntN(len(synthSyllables))])
		}
		if !g.o.Unique {
			break
		}
		if key := p.latin + " " + g.latinBrand(id.brand); !g.used[key] {
			g.used[key] = true
			break
		}
	}
	if id.kind.product {
		id.product = &synthProducts[g.r.IntN(len(synthProducts))]
	}
	if g.r.IntN(4) == 0 {
		id.number = 1 + g.r.IntN(30)
	}
	id.withPlace = g.r.IntN(3) != 0
	id.scripts[g.r.IntN(3)] = true
	for i := range id.scripts {
		if g.r.IntN(3) == 0 {
			id.scripts[i] = true
		}
	}
	return id
}

func (g *synth) position(p *synthPlace, precision string) orb.Point {
	if precision == "city" {
		return orb.Point{math.Round(p.lon*100) / 100, math.Round(p.lat*100) / 100}
	}
	spread := 0.03
	if g.r.IntN(4) == 0 {
		spread = 0.3
	}
	return orb.Point{p.lon + g.r.NormFloat64()*spread, p.lat + g.r.NormFloat64()*spread}
}

// offset moves p by d metres in direction a (radians).
func offset(p orb.Point, d, a float64) orb.Point {
	return orb.Point{p[0] + d*math.Sin(a)/(111320*math.Cos(p[1]*math.Pi/180)), p[1] + d*math.Cos(a)/110574}
}

func (g *synth) latinBrand(b []syllable) string {
	var s strings.Builder
	for i, y := range b {
		if i == 0 {
			s.WriteString(strings.ToUpper(y.latin[:1]) + y.latin[1:])
		} else {
			s.WriteString(y.latin)
		}
	}
	return s.String()
}

// record is the entry of a distinct site: its name in one script, aliases
// in the others it was recorded in.
func (g *synth) record(id *ident) Entry {
	e := Entry{Point: id.pt, Radius: id.radius, Precision: id.precision, Category: id.kind.category}
	for s, ok := range id.scripts {
		if ok {
			e.Names = append(e.Names, g.name(id, s, false, false))
		}
	}
	return e
}

// name writes id in script s (0 Latin, 1 Han, 2 Hangul), traditional Han if
// trad, with a legal form or suffix if noisy.
func (g *synth) name(id *ident, s int, trad, noisy bool) string {
	p := id.place
	num := ""
	switch s {
	case 0:
		var w []string
		if id.placeOnly {
			return p.latin + " " + strings.ToLower(id.kind.latin)
		}
		w = append(w, g.latinBrand(id.brand))
		if id.product != nil {
			w = append(w, id.product.latin)
		}
		w = append(w, id.kind.latin)
		if id.number > 0 {
			w = append(w, fmt.Sprintf("No. %d", id.number))
		}
		name := strings.Join(w, " ")
		if id.withPlace {
			if g.r.IntN(2) == 0 {
				name = p.latin + " " + name
			} else {
				name += ", " + p.latin
			}
		}
		if noisy {
			switch g.r.IntN(4) {
			case 0:
				name += " Co., Ltd."
			case 1:
				name = strings.ToUpper(name)
			case 2:
				name = strings.Replace(name, p.latin, p.latin+"-shi", 1)
			default:
				name = "The " + name + " Company"
			}
		}
		return name
	case 1:
		pick := func(y syllable) string {
			if trad {
				return y.trad
			}
			return y.simp
		}
		var b strings.Builder
		if id.withPlace {
			b.WriteString(pick(syllable{simp: p.simp, trad: p.trad}))
			if noisy && g.r.IntN(2) == 0 {
				b.WriteString("市")
			}
		}
		if id.placeOnly {
			b.WriteString(" " + pick(id.kind.syllable))
			return b.String()
		}
		for _, y := range id.brand {
			b.WriteString(pick(y))
		}
		if id.product != nil {
			b.WriteString(pick(*id.product))
		}
		if id.number > 0 {
			num = fmt.Sprintf("%d号", id.number)
		}
		if noisy && g.r.IntN(2) == 0 {
			b.WriteString(num + "有限公司")
		} else {
			b.WriteString(num + pick(id.kind.syllable))
		}
		return b.String()
	}
	var w []string
	if id.withPlace {
		w = append(w, p.hangul)
		if noisy && g.r.IntN(2) == 0 {
			w[0] += "시"
		}
	}
	if id.placeOnly {
		return strings.Join(append(w, id.kind.hangul), " ")
	}
	var b strings.Builder
	for _, y := range id.brand {
		b.WriteString(y.hangul)
	}
	w = append(w, b.String())
	if id.product != nil {
		w = append(w, id.product.hangul)
	}
	w = append(w, id.kind.hangul)
	if id.number > 0 {
		w = append(w, fmt.Sprintf("%d호", id.number))
	}
	if noisy && g.r.IntN(2) == 0 {
		w = append([]string{"(주)"}, w...)
	}
	return strings.Join(w, " ")
}

// duplicate is a second record of id: in a script id was recorded in
// (written differently), sometimes with an alias in another, a little off.
func (g *synth) duplicate(id *ident) Entry {
	var have []int
	for s, ok := range id.scripts {
		if ok {
			have = append(have, s)
		}
	}
	s := have[g.r.IntN(len(have))]
	e := Entry{Radius: id.radius, Precision: id.precision, Category: id.kind.category}
	e.Names = append(e.Names, g.name(id, s, s == 1 && g.r.IntN(2) == 0, g.r.IntN(3) != 0))
	if g.r.IntN(3) == 0 {
		e.Names = append(e.Names, g.name(id, g.r.IntN(3), g.r.IntN(2) == 0, true))
	}
	if g.r.IntN(20) == 0 {
		e.Category = "" // a file from another tool, without categories
	}
	// Within 0.45 of the radius, so that two duplicates of one site are
	// also within reach of each other.
	e.Point = offset(id.pt, g.r.Float64()*0.45*id.radius, g.r.Float64()*2*math.Pi)
	return e
}

// Evaluate scores candidates against the planted truth: precision is the
// share of candidates that are true pairs, recall the share of true pairs
// found.
func (s Synthetic) Evaluate(cands []Candidate) (precision, recall float64, tp, fp, fn int) {
	idx := make(map[string]int, len(s.Entries))
	for i, e := range s.Entries {
		idx[e.ID] = i
	}
	groups := map[int32]int{}
	for _, id := range s.Identity {
		groups[id]++
	}
	truth := 0
	for _, n := range groups {
		truth += n * (n - 1) / 2
	}
	for _, c := range cands {
		if s.Identity[idx[c.A]] == s.Identity[idx[c.B]] {
			tp++
		} else {
			fp++
		}
	}
	fn = truth - tp
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if truth > 0 {
		recall = float64(tp) / float64(truth)
	}
	return
}
