// Package plainlocale keeps Fyne from logging "Error parsing user locale C"
// on every run under the C locale (LANG=C.UTF-8, usual in containers and
// over ssh): Fyne's lang package reads the locale in its init and cannot
// parse "C". Imported for its side effect by cmd/siteatlas; Go initialises
// this dependency-free package before golang.org/x/text, and so before
// Fyne's lang package (init order follows import paths since Go 1.21).
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	locale := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(env); locale != "" {
			break
		}
	}
	// "C" and "POSIX" alone already mean "no translation" to Fyne; with an
	// encoding they reach its parser. LANGUAGE only chooses the language
	// of messages, which is English under the C locale anyway.
	if strings.HasPrefix(locale, "C.") || strings.HasPrefix(locale, "POSIX.") {
		os.Setenv("LANGUAGE", "en")
	}
}
