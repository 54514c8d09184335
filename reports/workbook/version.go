package workbook

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"strings"
)

// The version a workbook states about itself, for plan versions (see
// reports/inputs): a `版本：V3` / `Version: 2` cell (or a `版本` cell
// followed by the version) in the rows above a sheet's header, else the
// document's version property (core properties `cp:version`, or a custom
// property named Version or 版本). The first found wins.

var versionCellRe = regexp.MustCompile(`(?i)^\s*(?:版本号?|version|ver\.?|rev(?:ision)?)\s*[:：]\s*(\S.{0,40}?)\s*$`)

// versionLabel matches a cell that only names the version field.
var versionLabel = map[string]bool{"版本": true, "版本号": true, "version": true, "ver": true, "ver.": true}

// titleVersion returns the version stated in the title rows above a header.
func titleVersion(titles [][]string) string {
	for _, row := range titles {
		for i, cell := range row {
			if m := versionCellRe.FindStringSubmatch(cell); m != nil {
				return m[1]
			}
			if versionLabel[strings.ToLower(strings.TrimSpace(cell))] {
				for _, next := range row[i+1:] {
					if v := strings.TrimSpace(next); v != "" {
						if len(v) > 40 {
							v = v[:40]
						}
						return v
					}
				}
			}
		}
	}
	return ""
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// maxPropsSize bounds the property parts read for a version.
const maxPropsSize = 1 << 20

// docVersion returns the version property of the workbook at fh, or "".
func docVersion(fh *os.File, size int64) string {
	z, err := zip.NewReader(fh, size)
	if err != nil {
		return ""
	}
	var core struct {
		Version string `xml:"version"`
	}
	var custom struct {
		Props []struct {
			Name  string `xml:"name,attr"`
			Inner []byte `xml:",innerxml"`
		} `xml:"property"`
	}
	for _, f := range z.File {
		var dst any
		switch f.Name {
		case "docProps/core.xml":
			dst = &core
		case "docProps/custom.xml":
			dst = &custom
		default:
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		xml.NewDecoder(io.LimitReader(rc, maxPropsSize)).Decode(dst)
		rc.Close()
	}
	for _, p := range custom.Props {
		if versionLabel[strings.ToLower(strings.TrimSpace(p.Name))] {
			// <vt:lpwstr>v2</vt:lpwstr>: the text without the tags.
			v := strings.TrimSpace(tagRe.ReplaceAllString(string(p.Inner), ""))
			if v != "" {
				return v
			}
		}
	}
	return strings.TrimSpace(core.Version)
}
