package main

import (
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

// countryNames replaces Natural Earth's formal CJK country names
// (中华人民共和国, 조선민주주의인민공화국) with the short forms a map label uses:
// [Chinese, Korean]. North Korea is 북한, the usual South Korean name, since
// our users mostly read South Korean sources.
var countryNames = map[string][2]string{
	"CHN": {"中国", "중국"},
	"KOR": {"韩国", "한국"},
	"PRK": {"朝鲜", "북한"},
	"TWN": {"台湾", "대만"},
	"ARE": {"阿联酋", "아랍에미리트"},
	"CYN": {"北塞浦路斯", "북키프로스"},
}

// waterNames gives CJK names to rivers the data names only in Latin script
// ([Chinese, Korean]); the border rivers of the Tumen–Hunchun area first.
var waterNames = map[string][2]string{
	"Tumen":   {"图们江", "두만강"},
	"Yalu":    {"鸭绿江", "압록강"},
	"Ussuri":  {"乌苏里江", "우수리강"},
	"Songhua": {"松花江", "쑹화강"},
}

// placeKey identifies a Natural Earth place: NAME and ADM0_A3.
type placeKey struct{ name, adm0 string }

// placeFix corrects or completes one Natural Earth place. Empty fields are
// left as they are.
type placeFix struct {
	name, zh, ko string
}

// placeFixes holds Korean names for Yanbian and its neighbours, where the
// 10m data (NE 4.0.0) has only NAME_ZH, and corrections of known upstream
// errors (see the data README). Korean names follow the South Korean
// transcription of Chinese and Russian names.
var placeFixes = map[placeKey]placeFix{
	{"Yanji", "CHN"}:      {ko: "옌지"},
	{"Tumen", "CHN"}:      {ko: "투먼"},
	{"Helong", "CHN"}:     {ko: "허룽"},
	{"Wangqing", "CHN"}:   {zh: "汪清", ko: "왕칭"},
	{"Dunhua", "CHN"}:     {ko: "둔화"},
	{"Ningan", "CHN"}:     {ko: "닝안"},
	{"Mudangiang", "CHN"}: {name: "Mudanjiang", ko: "무단장"}, // misspelt upstream
	{"Musan", "PRK"}:      {zh: "茂山", ko: "무산"},
	{"Chongjin", "PRK"}:   {ko: "청진"},
	{"Hyeson", "PRK"}:     {ko: "혜산"},
	{"Sonbong", "PRK"}:    {zh: "先锋", ko: "선봉"},
	{"Ussuriysk", "RUS"}:  {ko: "우수리스크"},
	// NE 5.0.0 gives Bose (百色) the names of Baicheng (白城).
	{"Bose", "CHN"}: {zh: "百色", ko: "바이써"},
	// NE 4.0.0 10m calls Pyongsan 平壤, Pyongyang's name.
	{"Pyongsan", "PRK"}: {zh: "平山", ko: "평산"},
}

// extraPlaces are towns our users need that no Natural Earth places layer
// has (the data README checked: Hunchun, Longjing, Antu and Rason/Najin are
// missing). Coordinates are approximate city centres (about ±1 km), from
// general geographic knowledge of the cities (their government seats), not
// from a survey; they are for labels, not for locating sites. Population is
// the rough urban population; MinZoom and Rank match NE's values for towns
// of that size nearby (Helong, Wangqing: 6.7 and 7).
var extraPlaces = []basemap.Feature{
	extra("Hunchun", "珲春", "훈춘", "CN", 130.357, 42.867, 6.7, 7, 250000),
	extra("Longjing", "龙井", "룽징", "CN", 129.423, 42.766, 6.7, 7, 170000),
	extra("Antu", "安图", "안투", "CN", 128.907, 43.113, 7.5, 8, 70000),
	extra("Rason", "罗先", "라선", "KP", 130.296, 42.256, 6.7, 7, 200000),
}

func extra(name, zh, ko, iso string, lon, lat float64, minZoom float32, rank, pop int) basemap.Feature {
	pt := orb.Point{lon, lat}
	return basemap.Feature{
		Class: basemap.Place, Geometry: pt, LabelAt: pt, MinZoom: minZoom,
		Name: name, NameZH: zh, NameKO: ko, ISO: iso, Rank: rank, Pop: pop,
	}
}

// fixPlace applies placeFixes and shortens formal Korean city names
// (서울특별시 → 서울, 바이청시 → 바이청) to what a map label shows.
func fixPlace(b *basemap.Feature, adm0 string) {
	if fix, ok := placeFixes[placeKey{b.Name, adm0}]; ok {
		if fix.name != "" {
			b.Name = fix.name
		}
		if fix.zh != "" {
			b.NameZH = fix.zh
		}
		if fix.ko != "" {
			b.NameKO = fix.ko
		}
	}
	// A few 4.0.0 Chinese names use Vietnamese chữ Nôm beyond the BMP
	// (Bắc Kạn 北𣴓) that no font we ship has: better no label than a box.
	if strings.IndexFunc(b.NameZH, func(r rune) bool { return r > 0xFFFF }) >= 0 {
		b.NameZH = ""
	}
	for _, suffix := range []string{"특별자치시", "특별시", "광역시", "직할시"} {
		if s, ok := strings.CutSuffix(b.NameKO, suffix); ok && s != "" {
			b.NameKO = s
			return
		}
	}
	// A bare 시 ("city") only when at least two syllables remain, so
	// a name that merely ends in 시 keeps it.
	if s, ok := strings.CutSuffix(b.NameKO, "시"); ok && utf8.RuneCountInString(s) >= 2 {
		b.NameKO = s
	}
}
