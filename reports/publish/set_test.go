package publish

import (
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteSet(t *testing.T) {
	failing := func(io.Writer) error { return errors.New("no glyph for U+E000") }
	tests := []struct {
		name    string
		files   []File
		ctx     func() context.Context
		wantErr string
		want    map[string]string // the folder's files afterwards
	}{
		{
			name:  "all written, the old bytes kept as they were",
			files: []File{{Name: "a.pdf", Fill: fill("new a"), Content: "k"}, {Name: "b.html", Fill: fill("old b")}, {Name: "index.html", Fill: fill("i")}},
			want:  map[string]string{"a.pdf": "new a", "b.html": "old b", "index.html": "i"},
		},
		{
			name:    "one fails: none replaced, no temp file left",
			files:   []File{{Name: "a.pdf", Fill: fill("new a")}, {Name: "b.html", Fill: failing}, {Name: "index.html", Fill: fill("i")}},
			wantErr: "render b.html: no glyph for U+E000; no report was replaced",
			want:    map[string]string{"a.pdf": "old a", "b.html": "old b"},
		},
		{
			name:  "stopped: nothing replaced",
			files: []File{{Name: "a.pdf", Fill: fill("new a")}},
			ctx: func() context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx
			},
			wantErr: context.Canceled.Error(),
			want:    map[string]string{"a.pdf": "old a", "b.html": "old b"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range map[string]string{"a.pdf": "old a", "b.html": "old b"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			if tc.ctx != nil {
				ctx = tc.ctx()
			}
			var last [2]int
			var lastName string
			outs, err := WriteSet(ctx, dir, tc.files, SetOptions{Done: func(done, total int, name string) { last, lastName = [2]int{done, total}, name }})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				got[e.Name()] = string(data)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("folder holds %v, want %v", got, tc.want)
			}
			if tc.wantErr != "" {
				return
			}
			var paths []string
			for _, o := range outs {
				paths = append(paths, o.Path)
			}
			if want := []string{"a.pdf", "b.html", "index.html"}; !slices.Equal(paths, want) {
				t.Errorf("outputs %v, want %v (the order given)", paths, want)
			}
			if o := outs[0]; !o.Changed || o.SHA256 != sum("new a") || o.Content != "k" {
				t.Errorf("a.pdf recorded as %+v", o)
			}
			if outs[1].Changed {
				t.Errorf("b.html recorded as changed; its bytes were the same")
			}
			if last != [2]int{3, 3} || lastName != "index.html" {
				t.Errorf("last progress %v %s, want [3 3] index.html", last, lastName)
			}
		})
	}
}
