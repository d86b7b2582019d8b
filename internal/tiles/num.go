package tiles

import (
	"fmt"
	"strconv"
)

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func anyNum(v any) string { return fmt.Sprint(v) }
