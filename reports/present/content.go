package present

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// ContentKey identifies what the page tells: the sha256 of the page
// model without its generation time and its data notes. Delivery compares
// it to decide whether a reader gets a report again (reports/deliver):
// the report file's bytes change when only the timestamp does (run
// -force) or when another month's workbook arrives (the data notes
// account for every input file of the run, with run-wide row counts),
// and neither is news for the reader. Everything else — language,
// headline, tiles, landing, plan, findings, tables, charts — is in the
// key, so a changed figure, finding or plan line changes it.
//
// It returns "" when the page cannot be encoded (a NaN in a chart), and
// a caller then falls back to the file's sha256.
func (p *Page) ContentKey() string {
	c := *p
	c.Generated = ""
	c.Notes = Notes{}
	data, err := json.Marshal(&c)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
