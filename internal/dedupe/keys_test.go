package dedupe

import (
	"slices"
	"testing"
)

// testAliases is a small gazetteer: what the lead backs with GeoNames'
// alternate names.
var testAliases = NewAliases([][]string{
	{"Tumen", "图们", "圖們", "투먼", "Tumen-shi", "Tumen City"},
	{"Hunchun", "珲春", "琿春", "훈춘", "Hunchun-shi"},
	{"Yanji", "延吉", "옌지", "Yanji-si"},
	{"Ningbo", "宁波", "寧波", "닝보"},
	{"Dandong", "丹东", "丹東", "단둥", "Tantong"},
	{"Hong Kong", "香港", "홍콩"},
})

func TestNameKeys(t *testing.T) {
	n := &Normalizer{Aliases: testAliases}
	tests := []struct {
		name string
		want []string
	}{
		// English: case, punctuation, legal forms, city suffixes, word order.
		{"North Korean industrial complex, Tumen", []string{"#industrial_complex #kp tumen", "tumen"}},
		{"Huarong Seafood Co., Ltd. (Tumen-shi)", []string{"huarong seafood tumen"}},
		{"TUMEN CITY huarong   SEAFOOD", []string{"huarong seafood tumen"}},
		{"Ｈｕａｒｏｎｇ Ｓｅａｆｏｏｄ", []string{"huarong seafood"}},
		{"Lüshun Fish Plant No. 007", []string{"#factory 7 fish lushun", "7 fish lushun"}},
		{"Factory employing North Korean laborers, Tumen", []string{"#factory #kp tumen", "tumen"}},
		{"Tumenshi garment factory", []string{"#factory garment tumen", "garment tumen"}},
		{"Hong Kong Trading", []string{"hongkong trading"}},
		// Chinese: simplified and traditional meet, kind words and company
		// forms drop out, spacing does not matter.
		{"图们 朝鲜工业园区", []string{"#industrial_complex #kp tumen", "tumen"}},
		{"圖們朝鮮工業園區", []string{"#industrial_complex #kp tumen", "tumen"}},
		{"图们市华荣水产有限公司", []string{"tumen 华荣水产"}},
		{"圖們 華榮 水產 廠", []string{"#factory tumen 华荣水产", "tumen 华荣水产"}},
		{"珲春假发3号厂", []string{"#factory 3 hunchun 假发", "3 hunchun 假发"}},
		{"宁波 朝鲜 餐厅", []string{"#kp #restaurant ningbo", "ningbo"}},
		{"東興龍門飯館", []string{"#restaurant 东兴龙门", "东兴龙门"}},
		// Korean: city suffix, kind words attached or spaced, company forms.
		{"투먼 북한 공업단지", []string{"#industrial_complex #kp tumen", "tumen"}},
		{"투먼시 화영수산 공장", []string{"#factory tumen 화영수산", "tumen 화영수산"}},
		{"(주)화영 수산공장", []string{"#factory 화영수산", "화영수산"}},
		{"훈춘 식당", []string{"#restaurant hunchun", "hunchun"}},
		// Nothing distinctive: the full key stands alone.
		{"Factory", []string{"#factory"}},
		{"工厂", []string{"#factory"}},
		{"", nil},
		{" ,.-", nil},
	}
	for _, tt := range tests {
		got := n.NameKeys(tt.name)
		if !slices.Equal(got, tt.want) {
			t.Errorf("NameKeys(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNameKeysNoAliases(t *testing.T) {
	// Without a gazetteer, places are plain words, but folding still works.
	if got, want := NameKeys("圖們 工廠"), []string{"#factory 图们", "图们"}; !slices.Equal(got, want) {
		t.Errorf("NameKeys = %q, want %q", got, want)
	}
	if got, want := NameKeys("Tumen-shi Factory"), []string{"#factory tumen", "tumen"}; !slices.Equal(got, want) {
		t.Errorf("NameKeys = %q, want %q", got, want)
	}
}

func TestSimplified(t *testing.T) {
	for trad, simp := range map[rune]rune{
		'圖': '图', '們': '们', '業': '业', '園': '园', '區': '区', '廠': '厂', '鮮': '鲜', '龍': '龙', '東': '东',
		'國': '国', '華': '华', '門': '门', '開': '开', '發': '发', '礦': '矿', '漁': '渔', '場': '场', '飯': '饭',
		'館': '馆', '酒': '酒', '樓': '楼', '縣': '县', '鎮': '镇', '鄉': '乡', '邊': '边', '興': '兴', '琿': '珲',
	} {
		if got := simplified(trad); got != simp {
			t.Errorf("simplified(%c) = %c, want %c", trad, got, simp)
		}
	}
	if n := len(tradMap); n < 2000 {
		t.Errorf("traditional table has %d characters, want thousands", n)
	}
}
