package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// ManifestSchema identifies the manifest.json format.
const ManifestSchema = "budgetlens.manifest/v1"

// MaxRuns is how many runs manifest.json keeps; older ones are dropped.
const MaxRuns = 200

// Manifest is outputs/manifest.json: the ledger of runs, newest last.
type Manifest struct {
	Schema string `json:"schema"`
	Runs   []Run  `json:"runs"`
	// Deliveries records every e-mail and chat notice sent (or tried) for
	// a report file, newest last; package deliver reads it so that a
	// report is never sent twice with the same content.
	Deliveries []Delivery `json:"deliveries,omitempty"`
}

// Delivery is one report file sent (or tried) to one address.
type Delivery struct {
	Time    time.Time `json:"time"`
	Address string    `json:"address"` // e-mail address, or "webhook"
	Report  string    `json:"report"`  // file name in the outputs folder
	SHA256  string    `json:"sha256"`
	// Content is the report's content key (Output.Content) when known:
	// a reader gets the report again only when it differs.
	Content string `json:"content_sha256,omitempty"`
	Status  string `json:"status"` // "sent" or "failed"
	Reply   string `json:"reply"`  // the server's reply, or the error
}

// Run records one run: what went in, what came out, how it ended.
type Run struct {
	Started     time.Time `json:"started"`
	Version     string    `json:"version"`
	ConfigHash  string    `json:"config_sha256"`
	Fingerprint string    `json:"fingerprint"` // hash of version, config, period asked for, as-of month and inputs
	// DataFingerprint is Fingerprint without the period: the reports of
	// two runs with the same one show the same figures.
	DataFingerprint string   `json:"data_fingerprint,omitempty"`
	Period          string   `json:"period,omitempty"`
	Inputs          []Input  `json:"inputs"`
	Outputs         []Output `json:"outputs"`
	DurationMS      int64    `json:"duration_ms"`
	Outcome         string   `json:"outcome"`         // ok, input_problems, failed, unchanged
	Problems        int      `json:"problems"`        // input problems found (carried by an unchanged run)
	AsOf            string   `json:"as_of,omitempty"` // the month of the run's clock the reports depend on
	Message         string   `json:"message,omitempty"`
}

// Input is one input file of a run.
type Input struct {
	Path      string    `json:"path"`
	Source    string    `json:"source,omitempty"` // absolute path read; with Size and ModTime the key of the sha256 cache
	Size      int64     `json:"size"`
	ModTime   time.Time `json:"mtime,omitzero"`
	SHA256    string    `json:"sha256"`
	Used      int       `json:"rows_used"`
	Skipped   int       `json:"rows_skipped"`
	Rejected  int       `json:"rows_rejected"`
	Duplicate string    `json:"duplicate_of,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// Output is one file a run wrote (or found already up to date).
type Output struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Changed bool   `json:"changed"`
	// Content is a report's content key (present.Page.ContentKey): what
	// the report tells, without its timestamp and data notes. Empty for
	// the other outputs.
	Content string `json:"content_sha256,omitempty"`
}

// ContentKey returns the content key recorded for the output file path
// (a name in the outputs folder) with the bytes sha256, newest run
// first; "" when no run recorded one (a manifest from before content
// keys, or a file not written by budgetlens).
func (m *Manifest) ContentKey(path, sha256 string) string {
	for i := len(m.Runs) - 1; i >= 0; i-- {
		for _, o := range m.Runs[i].Outputs {
			if o.Path == path && o.SHA256 == sha256 && o.Content != "" {
				return o.Content
			}
		}
	}
	return ""
}

// ErrCorrupt marks a manifest.json that is a file but not a manifest.
var ErrCorrupt = errors.New("not a budgetlens manifest")

// ReadManifest reads path. A missing file is an empty manifest. Anything
// else that keeps it from being read — a directory in its place, no
// permission, bytes that are not a manifest — is an error naming the
// problem, returned with an empty manifest (never nil) so the run goes on:
// it only loses the no-change check and the run history.
func ReadManifest(path string) (*Manifest, error) {
	fresh := &Manifest{Schema: ManifestSchema}
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return fresh, nil
	}
	if err != nil {
		return fresh, fmt.Errorf("read %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fresh, fmt.Errorf("read %s: not a regular file (%s)", path, FileKind(info.Mode()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fresh, fmt.Errorf("read %s: %w", path, err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fresh, fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
	}
	m.Schema = ManifestSchema
	return &m, nil
}

// FileKind names the type of a file that is not a regular one.
func FileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// LastOK returns the newest run that ended ok or with input problems.
func (m *Manifest) LastOK() *Run {
	for i := len(m.Runs) - 1; i >= 0; i-- {
		switch m.Runs[i].Outcome {
		case "ok", "input_problems", "unchanged":
			return &m.Runs[i]
		}
	}
	return nil
}

// Append adds a run, dropping the oldest beyond MaxRuns.
func (m *Manifest) Append(r Run) {
	m.Runs = append(m.Runs, r)
	if len(m.Runs) > MaxRuns {
		m.Runs = append([]Run(nil), m.Runs[len(m.Runs)-MaxRuns:]...)
	}
}

// Write atomically writes the manifest to path.
func (m *Manifest) Write(path string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return WriteBytes(path, append(data, '\n'))
}
