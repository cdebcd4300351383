// Package synth writes defanged synthetic "coding test" lures for testing
// and measuring the lure scanner: small benign project skeletons (Express
// API, Next.js app, Vite React app, Hardhat project, Flask app) with one
// delivery technique of the North Korean job-offer lures injected at one
// place, plus benign look-alikes that resemble the lures without being
// one. Every repository comes with its truth (which file and line is
// infected, by which technique, firing on which trigger) in a manifest
// kept outside the repositories, so a scanner cannot read it.
//
// The payloads are inert but shaped like the real ones: they fetch from
// reserved .invalid domains or TEST-NET addresses (RFC 2606, RFC 5737) and
// hand the answer to eval, Function, vm or child_process exactly as the
// lures do; a scanner must not be able to tell them from live ones by
// anything but those addresses.
package synth

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed all:templates
var templateFS embed.FS

// Technique is a way the lures run hidden code.
type Technique string

// The techniques, after docs/lures.md §1.3–1.7.
const (
	RemoteEval          Technique = "remote-eval"          // axios.get(url) then eval(res.data)
	RemoteNewFunction   Technique = "remote-new-function"  // fetch(url) then new Function(text)()
	FunctionConstructor Technique = "function-constructor" // new (Function.constructor)('require', text)(require)
	FunctionRequire     Technique = "function-require"     // new Function('require', text)(require)
	RemoteVM            Technique = "remote-vm"            // vm.runInThisContext(text)
	RemoteChildProcess  Technique = "remote-child-process" // child_process.exec(text)
	ErrorHandlerEval    Technique = "error-handler-eval"   // .catch(err => eval(err.response.data))
	HiddenTail          Technique = "hidden-tail"          // payload after 100–3,000 blanks at the end of a line
	ObfuscatedLoader    Technique = "obfuscated-loader"    // obfuscator.io string array, rotation, one eval
	EncodedURL          Technique = "encoded-url"          // base64/hex/char-code URL, fetch, eval
	EnvSmuggled         Technique = "env-smuggled"         // URL in a .env value, fetched and evaluated
	InstallScript       Technique = "install-script"       // preinstall/install/postinstall/prepare runs a hidden file
	VSCodeTask          Technique = "vscode-task"          // folderOpen task: node on a fake font, or curl | sh
	PythonExec          Technique = "python-exec"          // exec(base64.b64decode(...)) or exec(requests.get(url).text)
	StealerPaths        Technique = "stealer-paths"        // wallet extension IDs, Login Data, solana id.json, keychain + upload
	EnvExfil            Technique = "env-exfil"            // whole process.env posted to a URL
	GitHook             Technique = "git-hook"             // hook that pipes a download into sh
	MaliciousDependency Technique = "malicious-dependency" // a package name attributed to the campaigns
	CrossFile           Technique = "cross-file"           // one module fetches, another (the one at the location) runs it
	ShuffleLoader       Technique = "shuffle-loader"       // PolinRider-style seeded character shuffle, global require, Function
	JSONStorage         Technique = "json-storage"         // JSON-storage service answer; one field run by Function/eval
	SplitEncoded        Technique = "split-encoded"        // URL in base64/hex/reversed pieces joined at run time
	DropAndRun          Technique = "drop-and-run"         // download written to a file, then require'd or spawned
	NpmrcPreload        Technique = "npmrc-preload"        // .npmrc node-options --require of a hidden script
	StagedWriter        Technique = "staged-writer"        // a loader written as a string, saved to disk, started with node
	ExecShellString     Technique = "exec-shell-string"    // per-OS curl | sh commands in the code, run by child_process
	NodeEvalHook        Technique = "node-eval-hook"       // node -e "<loader>" in an install script or a folderOpen task
)

// Location is where in a repository a technique is placed.
type Location string

// The locations.
const (
	ConfigTail     Location = "config-tail"     // next/postcss/tailwind/vite/hardhat config, after the exports
	Route          Location = "route"           // routes/*.js
	Controller     Location = "controller"      // controllers/*.js
	Middleware     Location = "middleware"      // middleware/*.js
	ServerIndex    Location = "server-index"    // server/index.js
	NextAPIRoute   Location = "next-api-route"  // app/api/*/route.js
	EnvFile        Location = "env-file"        // .env read by dotenv
	EnvExample     Location = "env-example"     // an example env file dotenv is pointed at
	PackageScripts Location = "package-scripts" // package.json lifecycle scripts
	VSCodeTasks    Location = "vscode-tasks"    // .vscode/tasks.json
	VendoredPython Location = "vendored-python" // a vendored module imported by main.py
	PublicAsset    Location = "public-asset"    // JS disguised as a font under public/, run by a script
	GitHooks       Location = "git-hooks"       // .husky/ or .git/hooks/
	NpmRC          Location = "npmrc"           // .npmrc in the project root
	Dependencies   Location = "dependencies"    // package.json / requirements.txt
)

// Triggers: what a user does that runs the infected code. The words are
// the scanner's (docs/lures.md §4.5).
const (
	OnOpen     = "on-open"
	OnInstall  = "on-install"
	OnDevBuild = "on-dev"
	OnStart    = "on-start"
	OnImport   = "on-import"
	OnCommit   = "on-git"
)

// Template names.
const (
	Express = "express"
	Next    = "next"
	Vite    = "vite"
	Hardhat = "hardhat"
	Flask   = "flask"
)

// Templates lists the benign skeletons, in a fixed order.
func Templates() []string { return []string{Express, Next, Vite, Hardhat, Flask} }

// Infected is one place a case's payload sits.
type Infected struct {
	File    string `json:"file"` // slash-separated, relative to the case's folder
	Line    int    `json:"line"` // 1-based line where the payload (or the entry that runs it) is
	Trigger string `json:"trigger"`
	// Primary marks the file a scanner's top finding should name: the one
	// holding the code that runs; the others hold what points to it.
	Primary bool   `json:"primary,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Case is one generated repository and its truth.
type Case struct {
	ID        string    `json:"id"`  // technique/location/template, or lookalike/<name>/template
	Dir       string    `json:"dir"` // folder under the output, slash-separated
	Technique Technique `json:"technique"`
	Location  Location  `json:"location"`
	Template  string    `json:"template"`
	Variant   string    `json:"variant,omitempty"` // which form of the technique (e.g. "hex", "postinstall")
	Malicious bool      `json:"malicious"`
	// Split is "dev" or "holdout": whole technique × location cells are
	// held out, so a scanner tuned on dev cells is measured on unseen
	// combinations.
	Split    string     `json:"split"`
	Trigger  string     `json:"trigger,omitempty"` // the expected trigger of the primary file
	Infected []Infected `json:"infected,omitempty"`
}

// Cell names a case's technique × location cell.
func (c Case) Cell() string { return string(c.Technique) + "@" + string(c.Location) }

// Manifest is the truth for a generated corpus, written as manifest.json
// beside (never inside) the case folders.
type Manifest struct {
	Seed  uint64 `json:"seed"`
	Cases []Case `json:"cases"`
}

// ManifestName is the file Generate writes at the top of the output.
const ManifestName = "manifest.json"

// Options tune a generation.
type Options struct {
	Seed uint64
	// Templates limits the templates used; empty means all.
	Templates []string
	// Only keeps the cases whose ID contains one of these substrings;
	// empty keeps all.
	Only []string
}

// HoldoutShare is the share of technique × location cells held out.
const HoldoutShare = 0.3

// SplitOf says whether a cell is held out. It depends on the cell's name
// only, so the same cells are held out whatever the seed.
func SplitOf(t Technique, l Location) string {
	h := fnv.New32a()
	h.Write([]byte(string(t) + "@" + string(l)))
	if float64(h.Sum32()%1000) < HoldoutShare*1000 {
		return "holdout"
	}
	return "dev"
}

// Generate writes every case into out (created if needed; case folders
// already there are replaced) and returns the manifest, which it also
// writes to out/manifest.json.
func Generate(out string, opt Options) (Manifest, error) {
	m := Manifest{Seed: opt.Seed}
	specs := Specs(opt)
	if len(specs) == 0 {
		return m, errors.New("synth: no case matches the options")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return m, err
	}
	for _, s := range specs {
		repo, c, err := build(s, opt.Seed)
		if err != nil {
			return m, fmt.Errorf("synth: %s: %w", s.id(), err)
		}
		dir := filepath.Join(out, filepath.FromSlash(c.Dir))
		if err := os.RemoveAll(dir); err != nil {
			return m, err
		}
		if err := repo.write(dir); err != nil {
			return m, fmt.Errorf("synth: %s: %w", c.ID, err)
		}
		m.Cases = append(m.Cases, c)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	return m, os.WriteFile(filepath.Join(out, ManifestName), append(data, '\n'), 0o644)
}

// ReadManifest reads out/manifest.json.
func ReadManifest(out string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(out, ManifestName), err)
	}
	return m, nil
}

// Spec is one case to build, before it is built.
type Spec struct {
	Technique Technique
	Location  Location
	Template  string
	Lookalike string // set for benign look-alikes
}

func (s Spec) id() string {
	if s.Lookalike != "" {
		return "lookalike/" + s.Lookalike + "/" + s.Template
	}
	return string(s.Technique) + "/" + string(s.Location) + "/" + s.Template
}

// Specs lists the cases the options ask for: every technique at every
// location each template supports, every look-alike, and each template
// untouched.
func Specs(opt Options) []Spec {
	tpls := opt.Templates
	if len(tpls) == 0 {
		tpls = Templates()
	}
	var out []Spec
	for _, tpl := range tpls {
		out = append(out, Spec{Template: tpl, Lookalike: "clean"})
		for _, t := range allTechniques {
			for _, l := range locationsFor(t, tpl) {
				out = append(out, Spec{Technique: t, Location: l, Template: tpl})
			}
		}
		for _, la := range lookalikes {
			if la.applies(tpl) {
				out = append(out, Spec{Template: tpl, Lookalike: la.name})
			}
		}
	}
	if len(opt.Only) > 0 {
		kept := out[:0]
		for _, s := range out {
			for _, o := range opt.Only {
				if strings.Contains(s.id(), o) {
					kept = append(kept, s)
					break
				}
			}
		}
		out = kept
	}
	return out
}

var allTechniques = []Technique{
	RemoteEval, RemoteNewFunction, FunctionConstructor, FunctionRequire, RemoteVM,
	RemoteChildProcess, ErrorHandlerEval, HiddenTail, ObfuscatedLoader, EncodedURL,
	EnvSmuggled, InstallScript, VSCodeTask, PythonExec, StealerPaths, EnvExfil,
	GitHook, MaliciousDependency, CrossFile, ShuffleLoader,
	JSONStorage, SplitEncoded, DropAndRun, NpmrcPreload, StagedWriter, ExecShellString, NodeEvalHook,
}

// codeTechniques are JavaScript payloads that can sit in any JS location.
var codeTechniques = map[Technique]bool{
	RemoteEval: true, RemoteNewFunction: true, FunctionConstructor: true, FunctionRequire: true,
	RemoteVM: true, RemoteChildProcess: true, ErrorHandlerEval: true, HiddenTail: true,
	ObfuscatedLoader: true, EncodedURL: true, StealerPaths: true, EnvExfil: true,
	CrossFile: true, ShuffleLoader: true, JSONStorage: true, SplitEncoded: true, DropAndRun: true,
	StagedWriter: true, ExecShellString: true,
}

// jsLocations maps a template's JS locations to the files they name; a
// location with several files picks one per case.
var jsLocations = map[string]map[Location][]string{
	Express: {
		Route:       {"server/routes/tasks.js"},
		Controller:  {"server/controllers/taskController.js"},
		Middleware:  {"server/middleware/errorHandler.js"},
		ServerIndex: {"server/index.js"},
		PublicAsset: {"public/fonts/fa-solid-400.woff2"},
	},
	Next: {
		ConfigTail:   {"next.config.js", "postcss.config.js", "tailwind.config.js"},
		NextAPIRoute: {"app/api/products/route.js"},
		PublicAsset:  {"public/fonts/fa-brands-400.woff2"},
	},
	Vite: {
		ConfigTail:  {"vite.config.js", "postcss.config.js", "tailwind.config.js"},
		ServerIndex: {"server/index.cjs"},
		Route:       {"server/routes/prices.cjs"},
		PublicAsset: {"public/fonts/fa-regular-400.woff2"},
	},
	Hardhat: {
		ConfigTail: {"hardhat.config.js"},
	},
}

// locationOrder fixes the order locations are listed in.
var locationOrder = []Location{
	ConfigTail, Route, Controller, Middleware, ServerIndex, NextAPIRoute, EnvFile, EnvExample,
	PackageScripts, VSCodeTasks, VendoredPython, PublicAsset, GitHooks, Dependencies, NpmRC,
}

func locationsFor(t Technique, tpl string) []Location {
	var out []Location
	switch {
	case codeTechniques[t] && tpl == Flask:
		if t == StealerPaths || t == EnvExfil {
			out = []Location{VendoredPython}
		}
	case codeTechniques[t]:
		for _, l := range locationOrder {
			if l == PublicAsset && t == CrossFile {
				continue // a fake font run by a script imports nothing
			}
			if _, ok := jsLocations[tpl][l]; ok {
				out = append(out, l)
			}
		}
	case t == EnvSmuggled:
		if tpl != Flask {
			out = []Location{EnvFile, EnvExample}
		}
	case t == InstallScript:
		if tpl != Flask {
			out = []Location{PackageScripts}
		}
	case t == NpmrcPreload:
		if tpl != Flask {
			out = []Location{NpmRC}
		}
	case t == NodeEvalHook:
		if tpl != Flask {
			out = []Location{PackageScripts, VSCodeTasks}
		}
	case t == VSCodeTask:
		out = []Location{VSCodeTasks}
	case t == PythonExec:
		if tpl == Flask {
			out = []Location{VendoredPython}
		}
	case t == GitHook:
		out = []Location{GitHooks}
	case t == MaliciousDependency:
		out = []Location{Dependencies}
	}
	return out
}

// repo is a case's files in memory.
type repo map[string]string

func loadTemplate(name string) (repo, error) {
	r := repo{}
	root := "templates/" + name
	err := fs.WalkDir(templateFS, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		r[strings.TrimPrefix(p, root+"/")] = string(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(r) == 0 {
		return nil, fmt.Errorf("unknown template %q", name)
	}
	return r, nil
}

func (r repo) write(dir string) error {
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if strings.Contains(n, "hooks/") || strings.HasPrefix(n, ".husky/") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(r[n]), mode); err != nil {
			return err
		}
	}
	return nil
}

func caseRand(seed uint64, id string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

func build(s Spec, seed uint64) (repo, Case, error) {
	r, err := loadTemplate(s.Template)
	if err != nil {
		return nil, Case{}, err
	}
	id := s.id()
	c := Case{ID: id, Dir: id, Technique: s.Technique, Location: s.Location, Template: s.Template}
	g := &gen{rng: caseRand(seed, id), repo: r, tpl: s.Template}
	if s.Lookalike != "" {
		c.Technique = Technique("lookalike-" + s.Lookalike)
		c.Split = "dev"
		if s.Lookalike != "clean" {
			for _, la := range lookalikes {
				if la.name == s.Lookalike {
					c.Location, c.Variant = la.apply(g)
				}
			}
		}
		return r, c, nil
	}
	c.Malicious = true
	c.Split = SplitOf(s.Technique, s.Location)
	if err := g.inject(s.Technique, s.Location); err != nil {
		return nil, Case{}, err
	}
	c.Variant = g.variant
	c.Infected = g.infected
	for _, inf := range c.Infected {
		if inf.Primary {
			c.Trigger = inf.Trigger
		}
	}
	if len(c.Infected) == 0 || c.Trigger == "" {
		return nil, Case{}, errors.New("no primary infected file recorded")
	}
	return r, c, nil
}

// gen carries one case's state while it is injected.
type gen struct {
	rng      *rand.Rand
	repo     repo
	tpl      string
	variant  string
	infected []Infected
}

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

func (g *gen) mark(file string, line int, trigger string, primary bool, note string) {
	g.infected = append(g.infected, Infected{File: file, Line: line, Trigger: trigger, Primary: primary, Note: note})
}

func isESM(file, content string) bool {
	if strings.HasSuffix(file, ".cjs") {
		return false
	}
	if strings.HasSuffix(file, ".mjs") {
		return true
	}
	return strings.Contains(content, "\nexport ") || strings.HasPrefix(content, "export ") ||
		strings.HasPrefix(content, "import ") || strings.Contains(content, "\nimport ")
}

// triggerOf says what runs a JS file of a template.
func triggerOf(tpl, file string) string {
	switch {
	case strings.HasSuffix(file, ".config.js"):
		return OnDevBuild
	case strings.HasPrefix(file, "app/api/"):
		return OnDevBuild
	case strings.HasPrefix(file, "public/"):
		if tpl == Express {
			return OnStart
		}
		return OnDevBuild
	case tpl == Express && strings.HasPrefix(file, "server/"):
		// "npm run dev" (nodemon server/index.js) runs the server before
		// anyone types "npm start".
		return OnDevBuild
	}
	return OnStart
}

// lineOf returns the 1-based line of byte offset i in s.
func lineOf(s string, i int) int { return strings.Count(s[:i], "\n") + 1 }

// insertAfterHeader puts block after the file's leading require/import
// lines (top-level code: it runs when the module loads) and returns the
// new content and the block's first line.
func insertAfterHeader(content, block string) (string, int) {
	lines := strings.SplitAfter(content, "\n")
	at := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "import ") || strings.Contains(t, "require(") && (strings.HasPrefix(t, "const ") || strings.HasPrefix(t, "require(")) {
			at = i + 1
		}
		if i > 12 {
			break
		}
	}
	if at == 0 {
		// No header: after a leading comment, if any.
		for at < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[at]), "//") {
			at++
		}
	}
	head := strings.Join(lines[:at], "")
	tail := strings.Join(lines[at:], "")
	sep := "\n"
	if strings.HasSuffix(head, "\n\n") || head == "" {
		sep = ""
	}
	out := head + sep + block + "\n" + tail
	return out, lineOf(out, len(head)+len(sep))
}

// appendAfterExports puts block after the end of the file (after the
// final module.exports / export default), as PolinRider does.
func appendAfterExports(content, block string) (string, int) {
	if !strings.HasSuffix(content, "\n") {
		content += "\n"
	}
	out := content + block + "\n"
	return out, lineOf(out, len(content))
}

// padTail appends payload after n blanks at the end of line k (1-based)
// of content, returning the new content.
func padTail(content string, k int, pad int, payload string) string {
	lines := strings.Split(content, "\n")
	lines[k-1] = lines[k-1] + strings.Repeat(" ", pad) + payload
	return strings.Join(lines, "\n")
}

// jsFile returns the file a location names for this case.
func (g *gen) jsFile(l Location) (string, error) {
	files := jsLocations[g.tpl][l]
	if len(files) == 0 {
		return "", fmt.Errorf("template %s has no %s", g.tpl, l)
	}
	return g.pick(files), nil
}

func (g *gen) inject(t Technique, l Location) error {
	switch {
	case g.tpl == Flask && (t == StealerPaths || t == EnvExfil || t == PythonExec):
		return g.injectPython(t)
	case codeTechniques[t]:
		return g.injectCode(t, l)
	case t == EnvSmuggled:
		return g.injectEnv(l)
	case t == InstallScript:
		return g.injectInstallScript()
	case t == VSCodeTask:
		return g.injectVSCode()
	case t == GitHook:
		return g.injectGitHook()
	case t == MaliciousDependency:
		return g.injectDependency()
	case t == NpmrcPreload:
		return g.injectNpmrc()
	case t == NodeEvalHook:
		return g.injectNodeEval(l)
	}
	return fmt.Errorf("no injector for %s at %s", t, l)
}

func (g *gen) injectCode(t Technique, l Location) error {
	file, err := g.jsFile(l)
	if err != nil {
		return err
	}
	if l == PublicAsset {
		return g.injectPublicAsset(t, file)
	}
	content := g.repo[file]
	esm := isESM(file, content)
	trig := triggerOf(g.tpl, file)
	var p string
	if t == CrossFile {
		p = g.crossFile(file, esm, trig)
		if esm && needsRequire(p) {
			p = requirePrelude + p
		}
	} else {
		p = g.payload(t, esm)
	}
	var line int
	switch {
	case t == HiddenTail || t == ObfuscatedLoader && g.rng.IntN(2) == 0:
		// One line, after 100–3,000 blanks at the end of an existing line:
		// in configs the last line (after the exports), elsewhere a line
		// near the top that an editor shows without the tail.
		pad := 100 + g.rng.IntN(2901)
		lines := strings.Split(strings.TrimRight(content, "\n"), "\n")
		k := len(lines)
		if l != ConfigTail && g.rng.IntN(2) == 0 {
			// A top-level statement's line near the top, so that the
			// payload after it is a statement of its own.
			var cand []int
			for i, ln := range lines[:min(len(lines), 12)] {
				if strings.HasSuffix(ln, ";") && ln == strings.TrimLeft(ln, " \t") {
					cand = append(cand, i+1)
				}
			}
			if len(cand) > 0 {
				k = cand[g.rng.IntN(len(cand))]
			}
		}
		content = padTail(strings.TrimRight(content, "\n"), k, pad, oneLine(p)) + "\n"
		line = k
		g.variant = strings.TrimSpace(g.variant + fmt.Sprintf(" pad=%d", pad))
	case l == ConfigTail:
		content, line = appendAfterExports(content, p)
	default:
		content, line = insertAfterHeader(content, p)
	}
	g.repo[file] = content
	g.mark(file, line, trig, true, "")
	return nil
}

// injectPublicAsset writes the payload as a JS file named like a font
// and has the start or dev script run it first.
func (g *gen) injectPublicAsset(t Technique, file string) error {
	g.repo[file] = "/*! Font Awesome Free 6.5.1 by @fontawesome - https://fontawesome.com */\n" + g.payload(t, false) + "\n"
	script := "start"
	if g.tpl != Express {
		script = "dev"
	}
	pj := g.repo["package.json"]
	old := fmt.Sprintf("\"%s\": \"", script)
	i := strings.Index(pj, old)
	if i < 0 {
		return fmt.Errorf("package.json has no %s script", script)
	}
	pj = pj[:i+len(old)] + "node " + file + " & " + pj[i+len(old):]
	g.repo["package.json"] = pj
	trig := OnDevBuild
	if script == "start" {
		trig = OnStart
	}
	g.mark(file, 2, trig, true, "JavaScript named like a font")
	g.mark("package.json", lineOf(pj, i), trig, false, script+" script runs the fake font")
	return nil
}
