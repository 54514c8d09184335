package deliver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// mailView is what the HTML body shows.
type mailView struct {
	Lang   string
	Story  Story
	Labels map[string]string
	Others []Story
	Files  []string
	Footer string
}

var htmlBody = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Story.Title}}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #1f2937; max-width: 42em; line-height: 1.5">
<h1 style="font-size: 1.3em">{{.Story.Title}}</h1>
<p style="font-size: 1.1em"><strong>{{.Story.Headline}}</strong>{{if .Story.Attention}}<br>{{.Story.Attention}}{{end}}</p>
<h2 style="font-size: 1.05em">{{.Labels.landing}}</h2>
<p>{{if .Story.Landing}}{{.Story.Landing}}{{else}}{{.Labels.no_landing}}{{end}}</p>
<h2 style="font-size: 1.05em">{{.Labels.plan}}</h2>
{{if .Story.Plan}}<ul>{{range .Story.Plan}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>{{.Labels.no_plan}}</p>{{end}}
{{if .Others}}<h2 style="font-size: 1.05em">{{.Labels.others}}</h2>
<ul>{{range .Others}}<li>{{.Headline}}</li>{{end}}</ul>{{end}}
<p style="color: #6b7280">{{.Labels.attached}}</p>
<p style="color: #6b7280; font-size: 0.9em">{{.Footer}}</p>
</body></html>
`))

// reportsOf returns the distinct reports of items, in items' order
// (newest first).
func reportsOf(items []item) []*reports.Report {
	var out []*reports.Report
	seen := map[*reports.Report]bool{}
	for _, it := range items {
		if !seen[it.rep] {
			seen[it.rep] = true
			out = append(out, it.rep)
		}
	}
	return out
}

// compose writes an e-mail's text body, HTML body and subject: the
// newest report's page-1 story, then the other attached reports'
// headlines.
func compose(opt Options, items []item) (text, html, subject string) {
	l := opt.Lang
	reps := reportsOf(items)
	main := storyOf(reps[0], l)
	var others []Story
	for _, r := range reps[1:] {
		others = append(others, storyOf(r, l))
	}
	var files []string
	for _, it := range items {
		files = append(files, it.file)
	}
	loc := opt.Config.Location
	if loc == nil {
		loc = time.Local
	}
	footer := l.T("deliver.footer", "time", opt.Now.In(loc).Format("2006-01-02 15:04 MST"))
	labels := map[string]string{
		"landing": l.T("deliver.landing"), "no_landing": l.T("deliver.no_landing"),
		"plan": l.T("deliver.plan"), "no_plan": l.T("deliver.no_plan"),
		"others": l.T("deliver.others"), "attached": l.T("deliver.attached", "files", l.List(files)),
	}
	subject = l.T("deliver.subject", "company", opt.Config.Company, "headline", main.Headline)

	var b strings.Builder
	b.WriteString(main.Title + "\n\n")
	b.WriteString(main.Headline)
	if main.Attention != "" {
		b.WriteString("\n" + main.Attention)
	}
	b.WriteString("\n\n" + labels["landing"] + "\n")
	if main.Landing != "" {
		b.WriteString(main.Landing + "\n")
	} else {
		b.WriteString(labels["no_landing"] + "\n")
	}
	b.WriteString("\n" + labels["plan"] + "\n")
	if len(main.Plan) == 0 {
		b.WriteString(labels["no_plan"] + "\n")
	}
	for _, p := range main.Plan {
		fmt.Fprintf(&b, "- %s\n", p)
	}
	if len(others) > 0 {
		b.WriteString("\n" + labels["others"] + "\n")
		for _, o := range others {
			fmt.Fprintf(&b, "- %s\n", o.Headline)
		}
	}
	b.WriteString("\n" + labels["attached"] + "\n\n-- \n" + footer + "\n")

	var h bytes.Buffer
	if err := htmlBody.Execute(&h, mailView{Lang: l.Tag, Story: main, Labels: labels, Others: others, Files: files, Footer: footer}); err != nil {
		// The template is fixed and its data plain strings; an error here
		// is a programming error, and the text part still carries it all.
		h.Reset()
	}
	return b.String(), h.String(), subject
}

// webhookText is the chat notice: the newest report's headline and
// landing, then one line per new report with its path relative to the
// config's folder (where people look for the outputs).
func webhookText(opt Options, items []item) string {
	l := opt.Lang
	reps := reportsOf(items)
	main := storyOf(reps[0], l)
	var b strings.Builder
	b.WriteString(l.T("deliver.webhook.intro", "company", opt.Config.Company, "headline", main.Headline))
	if main.Landing != "" {
		b.WriteString("\n" + main.Landing)
	}
	b.WriteString("\n" + l.T("deliver.webhook.new"))
	for _, it := range items {
		fmt.Fprintf(&b, "\n• %s (%s)", relPath(opt, it.file), storyOf(it.rep, l).Title)
	}
	return b.String()
}

// relPath is file's path relative to the config's folder when the
// outputs are inside it, else relative to the outputs folder.
func relPath(opt Options, file string) string {
	full := filepath.Join(opt.OutDir, file)
	if opt.Config.Dir != "" {
		if abs, err := filepath.Abs(full); err == nil {
			if base, err := filepath.Abs(opt.Config.Dir); err == nil {
				if rel, err := filepath.Rel(base, abs); err == nil && !strings.HasPrefix(rel, "..") {
					return filepath.ToSlash(rel)
				}
			}
		}
	}
	return file
}

// postWebhook posts {"text": …}. The URL is a secret (it authorises the
// post), so errors name only its host.
func postWebhook(ctx context.Context, opt Options, items []item) (string, error) {
	body, err := json.Marshal(map[string]string{"text": webhookText(opt, items)})
	if err != nil {
		return "", permanent{err}
	}
	u, err := url.Parse(opt.Config.Deliver.Webhook)
	if err != nil {
		return "", permanent{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return "", permanent{err}
	}
	req.Header.Set("Content-Type", "application/json")
	client := opt.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: Timeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("webhook %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	text := strings.TrimSpace(string(reply))
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("webhook %s: HTTP %s: %s", u.Host, resp.Status, text)
	}
	return strings.TrimSpace(resp.Status + " " + text), nil
}
