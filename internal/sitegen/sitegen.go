// Package sitegen generates deterministic, realistic sites for tests and
// benchmarks: names in Latin, Chinese and Korean scripts, clustered around the
// places researchers actually document, with sources and dated observations.
// The same (n, seed) always gives the same sites, byte for byte.
package sitegen

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

type place struct {
	latin, han, hangul, province, country string
	lon, lat                              float64
	weight                                int
}

// places are real cities where sites are reported; weights make the border
// region dense, as real data is.
var places = []place{
	{"Hunchun", "珲春", "훈춘", "Jilin", "CN", 130.366, 42.862, 20},
	{"Tumen", "图们", "도문", "Jilin", "CN", 129.843, 42.966, 18},
	{"Yanji", "延吉", "연길", "Jilin", "CN", 129.509, 42.891, 12},
	{"Dandong", "丹东", "단둥", "Liaoning", "CN", 124.383, 40.124, 16},
	{"Shenyang", "沈阳", "심양", "Liaoning", "CN", 123.431, 41.806, 6},
	{"Ningbo", "宁波", "닝보", "Zhejiang", "CN", 121.550, 29.875, 4},
	{"Helong", "和龙", "화룡", "Jilin", "CN", 129.010, 42.546, 5},
	{"Longjing", "龙井", "룡정", "Jilin", "CN", 129.426, 42.766, 5},
	{"Vladivostok", "符拉迪沃斯托克", "블라디보스토크", "Primorsky", "RU", 131.886, 43.116, 6},
	{"Rason", "罗先", "라선", "Rason", "KP", 130.300, 42.258, 4},
	{"Sinuiju", "新义州", "신의주", "North Phyongan", "KP", 124.398, 40.100, 3},
	{"Harbin", "哈尔滨", "하얼빈", "Heilongjiang", "CN", 126.535, 45.803, 3},
	{"Beijing", "北京", "베이징", "Beijing", "CN", 116.407, 39.904, 2},
	{"Ulaanbaatar", "乌兰巴托", "울란바토르", "Ulaanbaatar", "MN", 106.918, 47.886, 2},
}

var (
	totalWeight = func() int {
		t := 0
		for _, p := range places {
			t += p.weight
		}
		return t
	}()
	products = []struct{ latin, han, hangul string }{
		{"Seafood", "海产品", "수산물"}, {"Garment", "服装", "의류"}, {"Wig", "假发", "가발"},
		{"Electronics", "电子", "전자"}, {"Shoe", "鞋业", "신발"}, {"Timber", "木材", "목재"},
		{"Textile", "纺织", "섬유"}, {"Fish", "水产", "수산"}, {"Software", "软件", "소프트웨어"},
	}
	kinds = []struct{ latin, han, hangul, category string }{
		{"Processing Plant", "加工厂", "가공공장", "factory"},
		{"Factory", "工厂", "공장", "factory"},
		{"Industrial Complex", "工业园区", "공업단지", "industrial_complex"},
		{"Restaurant", "餐厅", "식당", "restaurant"},
		{"Construction Site", "建筑工地", "건설현장", "construction"},
		{"Mine", "矿山", "광산", "mine"},
		{"Fishery", "渔场", "어장", "fishery"},
		{"Logging Camp", "林场", "벌목장", "logging"},
		{"Farm", "农场", "농장", "farm"},
		{"Dormitory", "宿舍", "기숙사", "dormitory"},
	}
	operators  = []string{"Hunchun Pacific Trading Co.", "延边华宇实业有限公司", "Dandong Hongxiang Group", "Jilin Sea Star Fisheries", "", ""}
	publishers = []string{"Reuters", "NK News", "Daily NK", "Radio Free Asia", "The Outlaw Ocean Project", "38 North", "Yonhap"}
	tagWords   = []string{"seafood", "export", "dispatched-labor", "sanctions", "satellite", "interview", "border", "dormitory"}
	noteTexts  = []string{
		"Workers reportedly housed on site; passports held by managers.",
		"Satellite imagery shows a new dormitory block since 2019.",
		"据报道，该厂雇用朝鲜派遣工人约两百名。",
		"탈북자 증언에 따르면 약 200명의 노동자가 근무했다.",
		"Address confirmed by two independent sources.",
	}
)

// Sites returns n generated sites for seed.
func Sites(n int, seed int64) []site.Site {
	out := make([]site.Site, 0, n)
	for s := range Seq(n, seed) {
		out = append(out, s)
	}
	return out
}

// Seq yields n generated sites for seed without holding them all, so that a
// benchmark can stream a million sites in flat memory.
func Seq(n int, seed int64) iter.Seq[site.Site] {
	return func(yield func(site.Site) bool) {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x5173a71a5))}
		for i := range n {
			if !yield(g.site(i)) {
				return
			}
		}
	}
}

type gen struct{ r *rand.Rand }

func (g *gen) pick(n int) int { return g.r.IntN(n) }

// id makes a version-4 UUID from the generator so that IDs are deterministic.
func (g *gen) id() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := g.r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (g *gen) place() place {
	w := g.pick(totalWeight)
	for _, p := range places {
		if w < p.weight {
			return p
		}
		w -= p.weight
	}
	return places[0]
}

func (g *gen) date(from, to int) site.PartialDate {
	y := from + g.pick(to-from+1)
	switch g.pick(3) {
	case 0:
		return site.PartialDate(fmt.Sprintf("%04d", y))
	case 1:
		return site.PartialDate(fmt.Sprintf("%04d-%02d", y, 1+g.pick(12)))
	}
	return site.PartialDate(fmt.Sprintf("%04d-%02d-%02d", y, 1+g.pick(12), 1+g.pick(28)))
}

func (g *gen) site(i int) site.Site {
	p := g.place()
	prod := products[g.pick(len(products))]
	k := kinds[g.pick(len(kinds))]
	no := 1 + g.pick(30)
	s := site.Site{
		ID:        g.id(),
		Category:  k.category,
		Status:    site.Statuses[g.pick(len(site.Statuses))],
		Precision: site.Precisions[g.pick(len(site.Precisions))],
		City:      p.latin,
		Province:  p.province,
		Country:   p.country,
		Operator:  operators[g.pick(len(operators))],
	}
	// The primary name is in one script, the aliases in the others, as
	// researchers record what each source calls the place.
	latin := fmt.Sprintf("%s %s %s No. %d", p.latin, prod.latin, k.latin, no)
	han := fmt.Sprintf("%s%s%s%d号", p.han, prod.han, k.han, no)
	hangul := fmt.Sprintf("%s %s %s %d호", p.hangul, prod.hangul, k.hangul, no)
	switch g.pick(3) {
	case 0:
		s.Name, s.Aliases = latin, []string{han, hangul}
	case 1:
		s.Name, s.Aliases = han, []string{latin}
	default:
		s.Name, s.Aliases = hangul, []string{latin, han}
	}
	// Most sites sit within a few kilometres of the city; some spread over
	// the surrounding county, a few are unplaced or drawn as compounds.
	spread := 0.03
	if g.pick(4) == 0 {
		spread = 0.3
	}
	lon := clamp(p.lon+g.r.NormFloat64()*spread, -180, 180)
	lat := clamp(p.lat+g.r.NormFloat64()*spread, -90, 90)
	switch r := g.pick(100); {
	case r == 0:
		// unplaced: the location is not known yet
	case r < 4:
		d := 0.002 + g.r.Float64()*0.004
		lon, lat, d = round6(lon), round6(lat), round6(d)
		s.Geometry = orb.Polygon{orb.Ring{{lon, lat}, {round6(lon + d), lat}, {round6(lon + d), round6(lat + d)}, {lon, round6(lat + d)}, {lon, lat}}}
		s.Precision = site.PrecisionExact // an outline is drawn to the metre
	default:
		// Written with the decimals its precision supports, as an export
		// writes it.
		switch s.Precision {
		case site.PrecisionApproximate:
			s.Geometry = orb.Point{roundTo(lon, 1e4), roundTo(lat, 1e4)}
		case site.PrecisionCity:
			s.Geometry = orb.Point{roundTo(lon, 1e2), roundTo(lat, 1e2)}
		default:
			s.Geometry = orb.Point{round6(lon), round6(lat)}
		}
	}
	if g.pick(3) == 0 {
		w := 20 + g.pick(400)
		s.WorkersEstimate = &w
	}
	s.FirstReported = g.date(2012, 2018)
	if g.pick(2) == 0 {
		s.LastReported = g.date(2019, 2024)
	}
	for range g.pick(3) {
		s.Tags = append(s.Tags, tagWords[g.pick(len(tagWords))])
	}
	s.Notes = noteTexts[g.pick(len(noteTexts))]
	if g.pick(20) == 0 {
		s.ConfidentialNotes = "Contact: former worker interviewed in Seoul."
	}
	s.Confidential = g.pick(50) == 0
	for j := range 1 + g.pick(3) {
		pub := publishers[g.pick(len(publishers))]
		s.Sources = append(s.Sources, site.Source{
			ID:           g.id(),
			Title:        fmt.Sprintf("%s report on %s %s workers (%d)", pub, p.latin, prod.latin, j+1),
			Publisher:    pub,
			URL:          fmt.Sprintf("https://example.org/%s/%d/%d", p.latin, i, j),
			Published:    g.date(2014, 2024),
			Accessed:     "2025-03",
			Excerpt:      "North Korean workers were seen entering the plant at 7 a.m.",
			Reliability:  string(rune('A' + g.pick(6))),
			Credibility:  1 + g.pick(6),
			Confidential: g.pick(30) == 0,
		})
	}
	for range 1 + g.pick(4) {
		o := site.Observation{
			ID:     g.id(),
			Date:   g.date(2014, 2024),
			Status: site.Statuses[g.pick(len(site.Statuses))],
			Note:   "About 150 workers observed; buses with DPRK plates.",
		}
		if g.pick(2) == 0 {
			o.SourceID = s.Sources[g.pick(len(s.Sources))].ID
		}
		s.Observations = append(s.Observations, o)
	}
	// In timeline order, as the panel and the exports list them.
	s.Observations = site.InTimelineOrder(s.Observations)
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	s.Created, s.Updated = t, t
	return s
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func round6(v float64) float64 { return roundTo(v, 1e6) }

func roundTo(v, factor float64) float64 { return math.Round(v*factor) / factor }
