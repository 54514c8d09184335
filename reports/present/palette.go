package present

// The palette: one colour meaning in every format (PDF, HTML, the Excel
// export). Red is bad for the business (over plan, spend without a
// budget), green is good (under plan); the IBCS scenarios differ in
// lightness or pattern as well as hue, so a grey-scale print still tells
// them apart: AC solid dark, PL light with a dark outline, FC hatched in
// AC's colour, PY solid mid grey. Colours are "#rrggbb".
const (
	ColourBad    = "#b3261e" // over plan: text, bars, lines
	ColourBadBg  = "#f6d6d1" // over plan: a cell's background, darker than good's
	ColourGood   = "#166534" // under plan
	ColourGoodBg = "#e8f5ec"
	ColourAC     = "#1f4e79" // actual, solid
	ColourPL     = "#dfe6ee" // plan: a light fill …
	ColourPLLine = "#3d4a5c" // … with a dark outline
	ColourFC     = "#1f4e79" // forecast: hatched, the actual's colour
	ColourPY     = "#8c8c8c" // prior year: mid grey
)

// ToneColour returns the colour of a number of tone t, or neutral when t
// is Neutral.
func ToneColour(t Tone, neutral string) string {
	switch t {
	case Bad:
		return ColourBad
	case Good:
		return ColourGood
	}
	return neutral
}

// ToneBackground returns the background of a cell of tone t, or "" when
// t is Neutral.
func ToneBackground(t Tone) string {
	switch t {
	case Bad:
		return ColourBadBg
	case Good:
		return ColourGoodBg
	}
	return ""
}
