package lure

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a person: the verdict, then each
// finding with its trigger, evidence and advice, then what runs when.
func (r *Report) WriteText(w io.Writer, root string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", root, strings.ToUpper(r.Verdict.String()))
	counts := map[Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	var parts []string
	for s := Critical; s >= Info; s-- {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "\n%d files read, %d skipped", r.Files, r.Skipped)
	if r.IntelDate != "" {
		fmt.Fprintf(&b, "; dependency intelligence of %s", r.IntelDate)
	} else {
		b.WriteString("; no dependency intelligence")
	}
	b.WriteString("\n")
	shown := 0
	for _, f := range r.Findings {
		if f.Severity == Info {
			continue
		}
		if shown == 40 {
			fmt.Fprintf(&b, "\n… %d more findings (see --json)\n", len(r.Findings)-shown)
			break
		}
		shown++
		loc := f.File
		if f.Line > 0 {
			loc += fmt.Sprintf(":%d", f.Line)
		}
		if loc == "" {
			loc = "(archive)"
		}
		trig := string(f.Trigger)
		if trig == "" {
			trig = "no trigger"
		}
		fmt.Fprintf(&b, "\n%-8s %s  %s  [%s]\n         %s\n", strings.ToUpper(f.Severity.String()), f.Rule, loc, trig, f.Evidence)
		if f.Advice != "" {
			fmt.Fprintf(&b, "         → %s\n", f.Advice)
		}
	}
	if len(r.Surface.Entries) > 0 {
		b.WriteString("\nWhat runs when:\n")
		for i, e := range r.Surface.Entries {
			if i == 25 {
				fmt.Fprintf(&b, "  … %d more\n", len(r.Surface.Entries)-i+r.Surface.Truncated)
				break
			}
			fmt.Fprintf(&b, "  %-10s %s  (%s)\n", e.Trigger, e.File, e.Via)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sarifLevel maps severities to SARIF levels.
func sarifLevel(s Severity) string {
	switch s {
	case Critical, High:
		return "error"
	case Medium:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes the report as a SARIF 2.1.0 log for code-scanning
// tools. version is the scanner's version string.
func (r *Report) WriteSARIF(w io.Writer, version string) error {
	type msg struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID               string            `json:"id"`
		ShortDescription msg               `json:"shortDescription"`
		Properties       map[string]string `json:"properties,omitempty"`
	}
	type region struct {
		StartLine int `json:"startLine"`
	}
	type physical struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *region `json:"region,omitempty"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type result struct {
		RuleID     string         `json:"ruleId"`
		Level      string         `json:"level"`
		Message    msg            `json:"message"`
		Locations  []location     `json:"locations,omitempty"`
		Properties map[string]any `json:"properties"`
	}
	ids := map[string]bool{}
	var rules []rule
	var results []result
	for _, f := range r.Findings {
		if !ids[f.Rule] {
			ids[f.Rule] = true
			rules = append(rules, rule{ID: f.Rule, ShortDescription: msg{ruleDescriptions[f.Rule]}})
		}
		res := result{RuleID: f.Rule, Level: sarifLevel(f.Severity), Message: msg{strings.TrimSpace(f.Evidence + ". " + f.Advice)},
			Properties: map[string]any{"severity": f.Severity.String(), "trigger": string(f.Trigger)}}
		if f.File != "" {
			var loc location
			loc.PhysicalLocation.ArtifactLocation.URI = f.File
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &region{StartLine: f.Line}
			}
			res.Locations = []location{loc}
		}
		results = append(results, res)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	for i := range rules {
		if rules[i].ShortDescription.Text == "" {
			rules[i].ShortDescription.Text = rules[i].ID
		}
	}
	if results == nil {
		results = []result{}
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "clearance lure scan", "version": version,
				"informationUri": "https://github.com/clearance-screening/clearance", "rules": rules,
			}},
			"results":    results,
			"properties": map[string]any{"verdict": r.Verdict.String(), "intel_date": r.IntelDate},
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// ruleDescriptions say in a line what each rule finds.
var ruleDescriptions = map[string]string{
	"remote-code-exec":           "code fetched from the network is executed (eval, Function, vm, child_process, require, exec)",
	"decoded-code-exec":          "a decoded constant (base64, hex, char codes) is executed",
	"dynamic-code":               "code is built and run at run time",
	"campaign-marker":            "a marker string of a known lure loader (PolinRider)",
	"obfuscated-code":            "obfuscator.io-style string-array obfuscation in project source",
	"hidden-tail":                "code hidden after a long run of blanks on one line",
	"global-require":             "require stored into a global slot, as string-built loaders do",
	"packed-code":                "a very long packed line of code in a project source file",
	"code-after-export":          "code after a configuration file's final export",
	"encoded-code":               "code hidden in an encoded constant",
	"encoded-url":                "a URL hidden in an encoded constant",
	"c2-url":                     "a raw-IP URL on a port or path of known lure servers",
	"stealer-paths":              "paths a wallet and credential stealer reads",
	"env-exfil":                  "the whole environment is sent over the network",
	"host-fingerprint":           "host details collected and sent over the network",
	"dotenv-example":             "dotenv pointed at a committed example file",
	"env-encoded-url":            "an .env value that decodes to a URL",
	"env-encoded-code":           "an .env value that decodes to code",
	"env-c2-url":                 "an .env URL to a raw IP on a lure port or path",
	"disguised-script":           "a font or image file that holds script text",
	"node-on-non-js":             "node runs a file that is not JavaScript by its name",
	"pipe-to-shell":              "a downloaded script is piped into a shell",
	"download-and-run":           "a file is downloaded and run",
	"encoded-powershell":         "an encoded PowerShell command",
	"lolbin-download":            "a Windows system tool used to download or run code",
	"raw-ip-url":                 "a command talks to a bare IP address",
	"subprocess-download":        "a Python subprocess downloads with curl or wget",
	"detached-launch":            "a detached process started after download and execution",
	"install-script":             "a package.json install lifecycle script",
	"dependency-install-script":  "an installed dependency's install script",
	"vscode-autorun-task":        "a VS Code task that runs on folder open",
	"vscode-settings":            "workspace settings that run or hide things",
	"devcontainer-command":       "a devcontainer lifecycle command",
	"git-hook":                   "an active git hook shipped with the project",
	"git-config-command":         "a git config entry that runs a command",
	"python-build-hook":          "an in-tree Python build backend",
	"binary-in-repo":             "an executable or installer in the project",
	"runs-binary":                "a task or script runs an executable the project ships",
	"known-malicious-dependency": "a dependency listed as malicious by the intelligence list",
	"typosquat-dependency":       "a dependency named like a popular package",
	"url-dependency":             "a dependency fetched from a URL or git",
	"foreign-index":              "pip pointed at another package index",
	"foreign-registry":           "npm or yarn pointed at another registry",
	"npmrc-code":                 "an .npmrc or .yarnrc setting that runs code on every npm or yarn command",
	"archive-unsafe-entry":       "an archive entry with path traversal or an absolute path",
	"archive-link":               "an archive entry that is a link",
	"archive-special-file":       "an archive entry that is a device, pipe or socket",
	"archive-bomb":               "an archive past the entry, size or ratio limits",
	"archive-damaged":            "an archive that ends in an error",
	"archive-unreadable-entry":   "an archive entry that could not be read",
	"analysis-error":             "a file the scanner failed to analyse",
}
