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
}

// Run records one run: what went in, what came out, how it ended.
type Run struct {
	Started     time.Time `json:"started"`
	Version     string    `json:"version"`
	ConfigHash  string    `json:"config_sha256"`
	Fingerprint string    `json:"fingerprint"` // hash of version, config and inputs
	Period      string    `json:"period,omitempty"`
	Inputs      []Input   `json:"inputs"`
	Outputs     []Output  `json:"outputs"`
	DurationMS  int64     `json:"duration_ms"`
	Outcome     string    `json:"outcome"` // ok, input_problems, failed, unchanged
	Message     string    `json:"message,omitempty"`
}

// Input is one input file of a run.
type Input struct {
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Used      int    `json:"rows_used"`
	Skipped   int    `json:"rows_skipped"`
	Rejected  int    `json:"rows_rejected"`
	Duplicate string `json:"duplicate_of,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Output is one file a run wrote (or found already up to date).
type Output struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Changed bool   `json:"changed"`
}

// ReadManifest reads path; a missing file is an empty manifest, a corrupt
// one is an error (the caller keeps it and starts afresh).
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Manifest{Schema: ManifestSchema}, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return &Manifest{Schema: ManifestSchema}, fmt.Errorf("read %s: %w", path, err)
	}
	m.Schema = ManifestSchema
	return &m, nil
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
