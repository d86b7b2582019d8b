package site

// ReliabilityMeanings explains the source reliability grades of the
// Admiralty (NATO) system analysts use.
var ReliabilityMeanings = map[string]string{
	"A": "Completely reliable",
	"B": "Usually reliable",
	"C": "Fairly reliable",
	"D": "Not usually reliable",
	"E": "Unreliable",
	"F": "Reliability cannot be judged",
}

// CredibilityMeanings explains the information credibility grades 1–6.
var CredibilityMeanings = map[int]string{
	1: "Confirmed by other sources",
	2: "Probably true",
	3: "Possibly true",
	4: "Doubtful",
	5: "Improbable",
	6: "Truth cannot be judged",
}

// Grade returns the combined grade such as "B3", or "" when ungraded.
func (s Source) Grade() string {
	g := s.Reliability
	if s.Credibility > 0 {
		g += string(rune('0' + s.Credibility))
	}
	return g
}
