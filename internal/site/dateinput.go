package site

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ReadDate reads a date as researchers type or paste it and returns it as
// a canonical PartialDate: ISO ("2017", "2017-05", "2017-05-14"), slashes
// or dots year first ("2017/12/22", "2017.12"), month names in English
// ("May 2018", "22 Dec 2017", "December 22, 2017"), and Chinese, Japanese
// and Korean dates ("2017年5月", "2017年12月22日", "2017년 5월 22일").
// Day-first and month-first numeric dates ("12/05/2017") are refused as
// ambiguous. An empty text is the empty date.
func ReadDate(text string) (PartialDate, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return "", nil
	}
	if len(t) > 64 {
		return "", fmt.Errorf("%.20q… is too long for a date", t)
	}
	if d := PartialDate(t); d.Validate() == nil {
		return d, nil
	}
	y, m, d, err := dateParts(t)
	if err != nil {
		return "", fmt.Errorf("%q is not a date: %v (type 2017, 2017-05, 2017-05-14, May 2017 or 2017年5月)", t, err)
	}
	var out PartialDate
	switch {
	case m == 0:
		out = PartialDate(fmt.Sprintf("%04d", y))
	case d == 0:
		out = PartialDate(fmt.Sprintf("%04d-%02d", y, m))
	default:
		out = PartialDate(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	}
	if err := out.Validate(); err != nil {
		return "", err
	}
	return out, nil
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// dateParts splits t into year, month (0: none) and day (0: none).
func dateParts(t string) (y, m, d int, err error) {
	// Chinese, Japanese and Korean: 2017年5月22日, 2017년 5월 22일.
	cjk := strings.NewReplacer("年", " y ", "년", " y ", "月", " m ", "월", " m ", "日", " d ", "일", " d ")
	if c := cjk.Replace(t); c != t {
		f := strings.Fields(c)
		for i := 0; i+1 < len(f); i++ {
			n, e := strconv.Atoi(f[i])
			if e != nil {
				continue
			}
			switch f[i+1] {
			case "y":
				y = n
			case "m":
				m = n
			case "d":
				d = n
			}
		}
		if y == 0 || d != 0 && m == 0 {
			return 0, 0, 0, fmt.Errorf("no year")
		}
		return y, m, d, nil
	}
	// Words and numbers: "22 Dec 2017", "December 22, 2017", "May 2018".
	split := strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '/' || r == '.' || r == '-'
	})
	var nums []string
	for _, w := range split {
		if n, ok := monthNames[strings.TrimSuffix(w, ".")]; ok {
			if m != 0 {
				return 0, 0, 0, fmt.Errorf("two months")
			}
			m = n
			continue
		}
		if _, e := strconv.Atoi(strings.TrimRight(w, "stndrh")); e != nil {
			return 0, 0, 0, fmt.Errorf("%q is neither a number nor a month", w)
		}
		nums = append(nums, strings.TrimRight(w, "stndrh"))
	}
	switch {
	case m != 0 && len(nums) == 1 && len(nums[0]) == 4: // May 2018
		y, _ = strconv.Atoi(nums[0])
	case m != 0 && len(nums) == 2: // 22 Dec 2017, December 22, 2017
		a, b := nums[0], nums[1]
		if len(a) == 4 {
			a, b = b, a
		}
		if len(b) != 4 || len(a) > 2 {
			return 0, 0, 0, fmt.Errorf("no four-digit year")
		}
		y, _ = strconv.Atoi(b)
		d, _ = strconv.Atoi(a)
	case m == 0 && len(nums) >= 2 && len(nums) <= 3 && len(nums[0]) == 4: // 2017/12/22, 2017.12
		y, _ = strconv.Atoi(nums[0])
		m, _ = strconv.Atoi(nums[1])
		if len(nums) == 3 {
			d, _ = strconv.Atoi(nums[2])
		}
	case m == 0 && len(nums) == 3 && len(nums[2]) == 4:
		return 0, 0, 0, fmt.Errorf("day and month could be either way round: write 2017-05-12 or 12 May 2017")
	default:
		return 0, 0, 0, fmt.Errorf("not a form of date Site Atlas reads")
	}
	if m < 1 || m > 12 {
		return 0, 0, 0, fmt.Errorf("month %d", m)
	}
	return y, m, d, nil
}
