package inputs

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Version markers in file names, strongest last. A plan's reforecast
// (`reforecast`, `R1`, `RF2`, `预测`, `滚动`) ranks above a revision
// (`修订`, `revised`, `corrected`, `更正`, `final` …), which ranks above a
// numbered version (`v2`, `_v3`, `第2版`, `版本2`), which ranks above a
// name without a marker.
var (
	reNumbered  = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])v(?:er|ersion)?[ ._-]?(\d{1,3})(?:$|[^0-9])|第\s*(\d{1,3})\s*版|版本\s*(\d{1,3})`)
	reReforcast = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])(?:r|rf)[ _-]?(\d{1,2})(?:$|[^0-9a-z])|re-?forecast|预测|預測|滚动|滾動`)
	reRevision  = regexp.MustCompile(`(?i)revised|revision|(?:^|[^a-z])rev(?:$|[^a-z])|correct(?:ed|ion)?|updated?|final|修订|修訂|修正|更正|更新|调整|調整|终版|終版|定稿`)
)

// Marker scores.
const (
	scoreRevision   = 50
	scoreReforecast = 100
)

// Marker returns the version a file name states: a score that orders
// versions (0 for a name without a marker) and the marker as written
// ("v2", "修订", "R1").
func Marker(name string) (score int, label string) {
	stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	n := 0
	if m := reNumbered.FindStringSubmatch(stem); m != nil {
		for _, g := range m[1:] {
			if g != "" {
				n, _ = strconv.Atoi(g)
			}
		}
		score, label = n, strings.Trim(m[0], " ._-")
	}
	if m := reRevision.FindString(stem); m != "" {
		score, label = scoreRevision+n, joinLabel(label, strings.Trim(m, " ._-"))
	}
	if m := reReforcast.FindStringSubmatch(stem); m != nil {
		k := 1
		if m[1] != "" {
			k, _ = strconv.Atoi(m[1])
		}
		score, label = scoreReforecast+k, joinLabel(label, strings.Trim(m[0], " ._-"))
	}
	return score, label
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// compareVersions orders two explicit version texts ("2", "v2.1", "第3版",
// "2026-03 修订"): by their numbers, then by their name markers, then as
// text. It returns −1, 0 or +1.
func compareVersions(a, b string) int {
	na, nb := numbers(a), numbers(b)
	for i := 0; i < len(na) && i < len(nb); i++ {
		if na[i] != nb[i] {
			return cmp(na[i], nb[i])
		}
	}
	if len(na) != len(nb) {
		return cmp(len(na), len(nb))
	}
	sa, _ := Marker(a)
	sb, _ := Marker(b)
	if sa != sb {
		return cmp(sa, sb)
	}
	return strings.Compare(a, b)
}

var reDigits = regexp.MustCompile(`\d+`)

func numbers(s string) []int {
	var out []int
	for _, d := range reDigits.FindAllString(s, 8) {
		n, _ := strconv.Atoi(d)
		out = append(out, n)
	}
	return out
}

func cmp[T int | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
