package xlsxstream

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// parseDateStyles returns, for each cell style (xf) of styles.xml, whether
// its number format shows a date or a time. A broken part yields what was
// read before the damage.
func parseDateStyles(b []byte) []bool {
	d := xml.NewDecoder(bytes.NewReader(b))
	custom := map[int]string{}
	var out []bool
	inXfs := false
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, code := -1, ""
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "numFmtId":
						if v, err := strconv.Atoi(strings.TrimSpace(a.Value)); err == nil {
							id = v
						}
					case "formatCode":
						code = a.Value
					}
				}
				if id >= 0 {
					custom[id] = code
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs {
					continue
				}
				id := 0
				for _, a := range t.Attr {
					if a.Name.Local == "numFmtId" {
						id, _ = strconv.Atoi(strings.TrimSpace(a.Value))
					}
				}
				code, ok := custom[id]
				out = append(out, ok && IsDateFormat(code) || !ok && builtinDate(id))
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// builtinDate reports whether a built-in number format id is a date or
// time: 14–22 and 45–47 everywhere, and 27–36 and 50–58, the East Asian
// date formats (年/月/日, 时/分) that Excel and WPS use for zh-CN, ja and ko.
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 45 && id <= 47 || id >= 27 && id <= 36 || id >= 50 && id <= 58
}

// IsDateFormat reports whether a custom number format code shows a date or
// time: it has d, m, y, h or s outside quoted text, escapes and brackets,
// or an elapsed-time bracket such as [h]. Only the first section (positive
// numbers) counts.
func IsDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			return false
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is literal (or a fill/space width)
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			in := strings.ToLower(code[i+1 : i+1+j])
			if in != "" && strings.Trim(in, "hms") == "" {
				return true // [h], [mm], [ss]: elapsed time
			}
			i += j + 1
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			case 'e':
				// "E+" / "e-" is scientific notation, not a date.
				if i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') {
					i++
				}
			}
		}
	}
	return false
}
