package dedupe

// The vocabulary that names share without telling sites apart. Kind words
// say what a site is (a factory, a restaurant); they are kept in the full
// key, left out of the distinctive one, and map to the site categories so
// that "工厂", "공장" and "factory" meet. Stop words (legal forms, "No.",
// "employing") are dropped. Concepts are words every script writes
// differently but that mean one thing here ("North Korean", "朝鲜",
// "북한"). Everything is written folded (lower case, simplified Han, no
// spaces); Latin phrases are their words joined.

type tokKind uint8

const (
	tkWord    tokKind = iota // distinctive: a brand, a product, a street
	tkNumber                 // "17" in "No. 17", "17号", "17호"
	tkPlace                  // a place found by the Aliases lookup
	tkKind                   // a kind word: "#factory"
	tkConcept                // a shared concept: "#kp"
	tkStop                   // dropped
)

type vocab struct {
	canon string
	kind  tokKind
}

// kindWords maps kind words in the three scripts to a category-named token.
var kindWords = map[string][]string{
	"#factory": {"factory", "factories", "plant", "plants", "works", "mill", "mills", "workshop", "processingplant",
		"工厂", "厂", "加工厂", "车间", "工场", "공장", "가공공장", "제조공장"},
	"#industrial_complex": {"industrialcomplex", "industrialpark", "industrialzone", "industrialestate", "complex",
		"industrial", "economiczone", "developmentzone", "工业园区", "工业园", "园区", "工业区", "开发区", "经济开发区",
		"产业园", "경제개발구", "공업단지", "산업단지", "공단", "공업지구", "공업구"},
	"#restaurant": {"restaurant", "restaurants", "eatery", "canteen", "diner", "餐厅", "饭店", "餐馆", "酒家", "酒楼",
		"饭馆", "食堂", "식당", "레스토랑", "음식점", "반점"},
	"#construction": {"construction", "constructionsite", "buildingsite", "建筑工地", "工地", "建筑", "施工", "건설현장",
		"건설", "공사현장"},
	"#mine":      {"mine", "mines", "colliery", "quarry", "矿山", "矿", "煤矿", "矿场", "광산", "탄광"},
	"#fishery":   {"fishery", "fisheries", "fishingground", "渔场", "渔业", "어장", "수산업"},
	"#logging":   {"logging", "loggingcamp", "lumbercamp", "林场", "伐木场", "벌목장", "임업"},
	"#farm":      {"farm", "farms", "plantation", "农场", "种植园", "농장"},
	"#dormitory": {"dormitory", "dormitories", "dorm", "hostel", "宿舍", "기숙사"},
}

// conceptWords are shared concepts. "kp" is the ISO code, so that the
// canonical token folds to itself.
var conceptWords = map[string][]string{
	"#kp": {"kp", "dprk", "northkorea", "northkorean", "northkoreans", "nk", "朝鲜", "北朝鲜", "北韩",
		"북한", "조선", "북조선"},
}

// stopWords are dropped: legal forms, "number", city suffixes, and the
// verbs and nouns of descriptive names ("factory employing North Korean
// laborers"). Words that tell sites apart (products, brands) are not here.
var stopWords = []string{
	// English
	"co", "company", "companies", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc",
	"group", "the", "of", "and", "in", "at", "for", "from", "which", "with", "by", "on", "a", "an", "near",
	"employing", "employs", "employed", "laborers", "labourers", "laborer", "labourer", "workers", "worker",
	"no", "nr", "number", "site", "processing", "city", "shi", "si", "reported", "dispatched",
	// Chinese
	"有限公司", "有限责任公司", "股份有限公司", "公司", "集团", "分公司", "加工", "号", "第", "市", "的",
	// Korean
	"주식회사", "유한회사", "회사", "그룹", "주", "호", "제", "시", "의", "노동자", "근로자",
}

var vocabulary = func() map[string]vocab {
	m := make(map[string]vocab, 256)
	for canon, ws := range kindWords {
		for _, w := range ws {
			m[w] = vocab{canon, tkKind}
		}
	}
	for canon, ws := range conceptWords {
		for _, w := range ws {
			m[w] = vocab{canon, tkConcept}
		}
	}
	for _, w := range stopWords {
		m[w] = vocab{"", tkStop}
	}
	return m
}()

// hanSuffixes are dropped from a Han or Hangul run when what is left is a
// known place ("图们市", "투먼시"), and standing alone ("17号").
var hanSuffixes = []string{"市", "县", "区", "镇", "乡", "省", "시", "현", "구", "진"}

// maxHanWord bounds the dictionary and alias lookups in an unspaced Han or
// Hangul run; place and kind words are at most six characters.
const maxHanWord = 6

// maxLatinPhrase bounds the words joined for a Latin phrase lookup
// ("north korean", "industrial complex", "hong kong").
const maxLatinPhrase = 3
