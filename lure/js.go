package lure

import (
	"regexp"
	"strings"
)

// Modules whose calls fetch from the network, run code or run commands.
var (
	netModules = map[string]bool{
		"axios": true, "node-fetch": true, "request": true, "got": true, "http": true, "https": true,
		"superagent": true, "needle": true, "undici": true, "cross-fetch": true, "isomorphic-fetch": true,
		"sync-request": true, "then-request": true, "socket.io-client": true, "ws": true, "phin": true,
		"ky": true, "make-fetch-happen": true, "request-promise": true, "request-promise-native": true,
		"http2": true, "follow-redirects": true, "bent": true, "urllib": true,
	}
	netMembers = map[string]bool{
		"get": true, "post": true, "put": true, "patch": true, "request": true, "head": true,
		"fetch": true, "getJSON": true, "default": true, "create": false, "connect": true,
	}
	sendMembers = map[string]bool{"post": true, "put": true, "patch": true, "request": true}
	execMembers = map[string]bool{
		"exec": true, "execSync": true, "spawn": true, "spawnSync": true, "execFile": true,
		"execFileSync": true, "fork": true,
	}
	vmMembers = map[string]bool{
		"runInThisContext": true, "runInNewContext": true, "runInContext": true, "compileFunction": true, "Script": true,
	}
	osFingerprint = map[string]bool{
		"hostname": true, "userInfo": true, "networkInterfaces": true, "platform": true, "type": true,
		"release": true, "homedir": true, "arch": true, "cpus": true, "version": true,
	}
	decodeCalls = map[string]bool{"atob": true, "fromCharCode": true, "decodeURIComponent": true, "unescape": true, "fromCodePoint": true}
)

// campaignTagRe matches PolinRider's campaign and version tags.
var campaignTagRe = regexp.MustCompile(`^[A-Z]?\d{1,2}-(\d{1,4}|sim)(-\d{1,4})?$`)

// dataURLRe matches a data: URL that a dynamic import would run as code.
var dataURLRe = regexp.MustCompile(`(?i)^data:(text|application)/(javascript|ecmascript|x-javascript)`)

// binding is what a local name stands for: a module or one member of it.
type binding struct{ module, member string }

// jsImport is one require/import edge.
type jsImport struct {
	spec string
	line int
	// names maps a local name to the imported member ("" for the whole
	// module or its default export).
	names map[string]string
}

// sinkUse is one call that runs code or commands.
type sinkUse struct {
	name    string // eval, Function, vm.runInThisContext, child_process.exec, require, ...
	line    int
	tainted bool   // its argument comes from the network
	source  string // what the network source was
	decoded bool   // its argument decodes a constant (atob, Buffer.from(...,'base64'))
	args    string // the argument, as text
	code    bool   // runs JavaScript (not a command)
	// pathOnly: what runs is a file fetched content was written to
	// (a downloaded program), not the fetched text itself
	pathOnly bool
}

type decodedConst struct {
	line int
	how  string
	text string
}

// jsFacts is what the analysis of one JavaScript file found.
type jsFacts struct {
	imports       []jsImport
	sinks         []sinkUse
	netCalls      int
	netSend       bool
	underscore0x  int
	hexNums       int
	pushShift     bool
	rotation      bool
	bigStrArray   int
	markers       []string
	markerLine    int
	strs          []tok // string literals worth the stealer and URL checks
	decoded       []decodedConst
	embedded      []decodedConst // code written as string literals (a loader written to disk and run)
	envWhole      int            // line of process.env sent whole, 0 if none
	globalRequire int            // line where require is stored into global[...]
	fingerprint   map[string]int
	afterExport   string
	afterLine     int
	dotenvPath    string
	dotenvLine    int
	spawnsNode    []string // files run with node through child_process
	taintedNames  map[string]bool
	exportTaint   map[string]bool // exported names (or "default") that hold fetched data
	exportSink    map[string]bool // exported functions that run their argument
}

// importSummary is what an imported module exports that matters to the
// one-hop cross-file taint.
type importSummary struct {
	taint map[string]bool
	sink  map[string]bool
}

type jsAnalysis struct {
	t   []tok
	net []bool // a network call starts at this token (static: aliases only)
	// sinkAlias holds names bound to a code sink: const F = Function.constructor
	sinkAlias map[string]bool
	// pathTaint holds names of files fetched content was written to
	pathTaint map[string]bool
	alias     map[string]binding
	tainted   map[string]bool
	sinkFn    map[string]bool
	facts     *jsFacts
	hasNet    bool
	resolved  func(spec string) *importSummary
	light     bool // a bundle: no name-level taint, no embedded programs
}

// analyzeJS runs the token-level analyses over one file. resolve gives
// the summary of a relative import (nil when unknown).
func analyzeJS(src []byte, isConfig bool, resolve func(string) *importSummary) *jsFacts {
	return analyzeJSMode(src, isConfig, resolve, false)
}

// lightTokens is the size past which a file gets the light analysis.
const lightTokens = 150_000

// analyzeJSMode runs the analyses; light skips the taint through names
// and functions (bundles and minified code reuse short names in every
// scope, and their size makes the passes slow), keeping calls that take
// a network call straight into a sink.
func analyzeJSMode(src []byte, isConfig bool, resolve func(string) *importSummary, light bool) *jsFacts {
	t := lexJS(src)
	a := &jsAnalysis{
		t: t, alias: map[string]binding{}, tainted: map[string]bool{}, sinkFn: map[string]bool{}, sinkAlias: map[string]bool{}, pathTaint: map[string]bool{},
		facts:    &jsFacts{fingerprint: map[string]int{}, exportTaint: map[string]bool{}, exportSink: map[string]bool{}},
		resolved: resolve,
	}
	a.light = light || len(t) > lightTokens
	a.bindings()
	a.net = make([]bool, len(a.t))
	for i := range a.t {
		a.net[i], _, _ = a.netCall(i)
	}
	a.scanMisc(isConfig)
	if light || len(t) > lightTokens {
		a.collectSinks()
		a.facts.taintedNames = a.tainted
		return a.facts
	}
	funcs := a.functions()
	for pass := 0; pass < 3; pass++ {
		before := len(a.tainted) + len(a.sinkFn)
		a.propagate(funcs)
		if len(a.tainted)+len(a.sinkFn) == before && pass > 0 {
			break
		}
	}
	a.collectSinks()
	a.exports()
	a.facts.taintedNames = a.tainted
	return a.facts
}

func (a *jsAnalysis) at(i int) tok {
	if i < 0 || i >= len(a.t) {
		return tok{kind: tPunct, text: ""}
	}
	return a.t[i]
}

func (a *jsAnalysis) is(i int, s string) bool {
	t := a.at(i)
	return t.text == s && (t.kind == tPunct || t.kind == tIdent)
}

// match finds the token closing the bracket at i, or len(t)-1.
func (a *jsAnalysis) match(i int) int {
	open := a.t[i].text
	var close string
	switch open {
	case "(":
		close = ")"
	case "[":
		close = "]"
	case "{":
		close = "}"
	default:
		return i
	}
	d := 0
	for j := i; j < len(a.t); j++ {
		if a.t[j].kind != tPunct {
			continue
		}
		switch a.t[j].text {
		case open:
			d++
		case close:
			if d--; d == 0 {
				return j
			}
		}
	}
	return len(a.t) - 1
}

// matchBack finds the token opening the bracket closed at i, or -1.
func (a *jsAnalysis) matchBack(i int) int {
	close := a.at(i).text
	var open string
	switch close {
	case ")":
		open = "("
	case "]":
		open = "["
	case "}":
		open = "{"
	default:
		return -1
	}
	d := 0
	for j := i; j >= 0; j-- {
		if a.t[j].kind != tPunct {
			continue
		}
		switch a.t[j].text {
		case close:
			d++
		case open:
			if d--; d == 0 {
				return j
			}
		}
	}
	return -1
}

// fnConstructorAt reports whether the token k is the "constructor" of a
// function object: (async function () {}).constructor,
// Object.getPrototypeOf(async () => {}).constructor,
// (function* () {}).constructor, Function.prototype.constructor. Called,
// each is the Function (or AsyncFunction, GeneratorFunction) constructor,
// a way to reach eval without naming it.
func (a *jsAnalysis) fnConstructorAt(k int) bool {
	if !a.is(k, "constructor") || !a.is(k-1, ".") {
		return false
	}
	if a.is(k-2, "prototype") && a.is(k-3, ".") && a.is(k-4, "Function") {
		return true
	}
	if !a.is(k-2, ")") {
		return false
	}
	o := a.matchBack(k - 2)
	if o < 0 || k-2-o > 64 {
		return false
	}
	hasFn := false
	for j := o + 1; j < k-2; j++ {
		switch {
		case a.is(j, "function"), a.is(j, "=>"), a.is(j, "async"):
			hasFn = true
		}
	}
	// the receiver is the function itself or getPrototypeOf(function),
	// not the result of calling some other function with one
	return hasFn && (a.at(o-1).kind != tIdent || a.is(o-1, "getPrototypeOf") || a.is(o-1, "return") || a.at(o-1).nl)
}

func normModule(m string) string {
	m = strings.TrimPrefix(m, "node:")
	if strings.HasPrefix(m, "child_process/") {
		return "child_process"
	}
	return m
}

// bindings finds require/import statements, records the edges and
// aliases: const c = require('child_process'); const {get: g} =
// require('axios'); import {exec as run} from 'node:child_process'.
func (a *jsAnalysis) bindings() {
	t := a.t
	for i := 0; i < len(t); i++ {
		// const F = Function.constructor / const run = eval / = globalThis.eval
		if a.is(i, "=") && a.at(i-1).kind == tIdent && (a.is(i-2, "const") || a.is(i-2, "let") || a.is(i-2, "var")) {
			j := i + 1
			if (a.is(j, "window") || a.is(j, "global") || a.is(j, "globalThis")) && a.is(j+1, ".") {
				j += 2
			}
			end := j + 1
			if a.is(j, "Function") && a.is(j+1, ".") && a.is(j+2, "constructor") {
				end = j + 3
			}
			if (a.is(j, "eval") || a.is(j, "Function")) && (a.is(end, ";") || a.is(end, ",") || a.at(end).nl || end >= len(t)) {
				a.sinkAlias[a.at(i-1).text] = true
			}
			// const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor
			if e := a.exprEnd(i + 1); e-1 > i && a.fnConstructorAt(e-1) {
				a.sinkAlias[a.at(i-1).text] = true
			}
		}
		switch {
		case t[i].kind == tIdent && t[i].text == "require" && a.is(i+1, "(") && a.at(i+2).kind == tString && a.is(i+3, ")") && !a.is(i-1, "."):
			mod := normModule(a.at(i + 2).text)
			imp := jsImport{spec: a.at(i + 2).text, line: t[i].line, names: map[string]string{}}
			member := ""
			if a.is(i+4, ".") && a.at(i+5).kind == tIdent {
				member = a.at(i + 5).text
			}
			if a.is(i-1, "=") {
				switch {
				case a.at(i-2).kind == tIdent:
					imp.names[a.at(i-2).text] = member
				case a.is(i-2, "}"):
					a.pattern(i-2, imp.names)
				}
			} else if a.is(i-1, "(") && a.is(i-2, "__importDefault") || a.is(i-2, "__importStar") {
				if a.is(i-3, "=") && a.at(i-4).kind == tIdent {
					imp.names[a.at(i-4).text] = ""
				}
			}
			for local, m := range imp.names {
				a.alias[local] = binding{mod, m}
			}
			a.facts.imports = append(a.facts.imports, imp)
		case t[i].kind == tIdent && t[i].text == "import" && !a.is(i-1, "."):
			if a.is(i+1, "(") {
				if a.at(i+2).kind == tString {
					imp := jsImport{spec: a.at(i + 2).text, line: t[i].line, names: map[string]string{}}
					// const { f } = (await import('./x.cjs')).default; const m = await import('./x')
					k := i - 1
					for a.is(k, "await") || a.is(k, "(") {
						k--
					}
					if a.is(k, "=") {
						switch {
						case a.at(k-1).kind == tIdent:
							imp.names[a.at(k-1).text] = ""
						case a.is(k-1, "}"):
							a.pattern(k-1, imp.names)
						}
					}
					a.facts.imports = append(a.facts.imports, imp)
				}
				continue
			}
			// import X, {a as b} from 'm' / import * as X from 'm' / import 'm'
			names := map[string]string{}
			j := i + 1
			if a.at(j).kind == tString {
				a.facts.imports = append(a.facts.imports, jsImport{spec: a.at(j).text, line: t[i].line})
				continue
			}
			if a.is(j, "type") {
				j++
			}
			for k := 0; j < len(t) && k < 200; k++ {
				switch {
				case a.is(j, "from"):
				case a.is(j, "*") && a.is(j+1, "as"):
					names[a.at(j+2).text] = ""
					j += 2
				case a.is(j, "{"):
					e := a.match(j)
					for m := j + 1; m < e; m++ {
						if a.at(m).kind == tIdent || a.at(m).kind == tString {
							imported := a.at(m).text
							local := imported
							if a.is(m+1, "as") {
								local = a.at(m + 2).text
								m += 2
							}
							names[local] = imported
						}
					}
					j = e
				case a.at(j).kind == tIdent && !a.is(j, "from"):
					names[a.at(j).text] = ""
				}
				if a.is(j, "from") && a.at(j+1).kind == tString {
					mod := a.at(j + 1).text
					for local, m := range names {
						if m == "default" {
							m = ""
						}
						a.alias[local] = binding{normModule(mod), m}
					}
					a.facts.imports = append(a.facts.imports, jsImport{spec: mod, line: t[i].line, names: names})
					break
				}
				if a.is(j, ";") || (j > i+1 && a.at(j).nl && !a.is(j, "from") && !a.is(j, "}") && !a.is(j, ",")) {
					break
				}
				j++
			}
		case t[i].kind == tIdent && t[i].text == "export" && !a.is(i-1, "."):
			// export ... from 'm'
			for j := i + 1; j < len(t) && j < i+200; j++ {
				if a.is(j, ";") || (a.at(j).nl && j > i+1 && a.at(j).kind == tIdent && !a.is(j, "from")) {
					break
				}
				if a.is(j, "from") && a.at(j+1).kind == tString {
					a.facts.imports = append(a.facts.imports, jsImport{spec: a.at(j + 1).text, line: t[i].line})
					break
				}
			}
		}
	}
}

// pattern reads the object pattern ending at the '}' at e into
// member -> local pairs: {get: g, post} -> g=get, post=post.
func (a *jsAnalysis) pattern(e int, names map[string]string) {
	d := 0
	s := e
	for ; s >= 0; s-- {
		if a.is(s, "}") {
			d++
		} else if a.is(s, "{") {
			if d--; d == 0 {
				break
			}
		}
	}
	for m := s + 1; m < e; m++ {
		if a.at(m).kind != tIdent {
			continue
		}
		if a.is(m+1, ":") && a.at(m+2).kind == tIdent {
			names[a.at(m+2).text] = a.at(m).text
			m += 2
			continue
		}
		if a.is(m-1, ",") || a.is(m-1, "{") {
			names[a.at(m).text] = a.at(m).text
		}
	}
}

// callee reads a member chain ending at i (x.y.z) backwards.
func (a *jsAnalysis) bindingOf(i int) (binding, bool) {
	b, ok := a.alias[a.at(i).text]
	return b, ok && a.at(i).kind == tIdent && !a.is(i-1, ".")
}

// netCall reports whether a network call starts at token i, and the index
// of the '(' opening its arguments (-1 for new XMLHttpRequest).
func (a *jsAnalysis) netCall(i int) (bool, int, bool) {
	t := a.at(i)
	if t.kind != tIdent {
		return false, 0, false
	}
	prevDot := a.is(i-1, ".")
	if prevDot && !strings.HasSuffix(t.text, "Provider") && t.text != "Web3" && t.text != "TronWeb" {
		g := a.at(i - 2).text
		if g != "window" && g != "globalThis" && g != "global" && g != "self" {
			return false, 0, false
		}
	}
	switch t.text {
	case "fetch":
		if o := a.callOpen(i + 1); o > 0 {
			return true, o, false
		}
	case "XMLHttpRequest", "WebSocket", "EventSource":
		if a.is(i-1, "new") {
			return true, -1, false
		}
	case "JsonRpcProvider", "WebSocketProvider", "InfuraProvider", "AlchemyProvider", "EtherscanProvider", "Web3", "TronWeb", "AptosClient", "Aptos":
		// blockchain dead-drops: the loader reads its code from a
		// transaction or a contract (EtherHiding)
		if a.is(i-1, "new") || a.is(i-1, ".") && a.is(i-3, "new") {
			return true, -1, false
		}
	case "$", "jQuery":
		if a.is(i+1, ".") && a.is(i+3, "(") {
			switch a.at(i + 2).text {
			case "get", "post", "ajax", "getJSON", "getScript":
				return true, i + 3, a.at(i+2).text == "post"
			}
		}
	case "require", "import":
		// require('axios').get(u), (await import('axios')).default.get(u)
		if a.is(i+1, "(") && a.at(i+2).kind == tString && a.is(i+3, ")") && netModules[normModule(a.at(i+2).text)] {
			j := i + 4
			for k := 0; k < 4; k++ {
				switch {
				case a.is(j, ")"):
					j++
				case a.is(j, ".") && a.is(j+1, "default"):
					j += 2
				default:
					k = 4
				}
			}
			if o := a.callOpen(j); o > 0 {
				return true, o, false // require('socket.io-client')(url)
			}
			if o := a.callOpen(j + 2); a.is(j, ".") && o > 0 && netMembers[a.at(j+1).text] {
				return true, o, sendMembers[a.at(j+1).text]
			}
		}
	case "axios", "got", "superagent", "needle":
		if _, ok := a.alias[t.text]; !ok {
			if o := a.callOpen(i + 1); o > 0 {
				return true, o, false
			}
			if o := a.callOpen(i + 3); a.is(i+1, ".") && o > 0 && netMembers[a.at(i+2).text] {
				return true, o, sendMembers[a.at(i+2).text]
			}
		}
	}
	b, ok := a.bindingOf(i)
	if !ok || !netModules[b.module] {
		return false, 0, false
	}
	if b.member != "" {
		if o := a.callOpen(i + 1); o > 0 && (netMembers[b.member] || b.member == "fetch") {
			return true, o, sendMembers[b.member]
		}
		return false, 0, false
	}
	if o := a.callOpen(i + 1); o > 0 {
		return true, o, false
	}
	if o := a.callOpen(i + 3); a.is(i+1, ".") && o > 0 && netMembers[a.at(i+2).text] {
		return true, o, sendMembers[a.at(i+2).text]
	}
	// x['get'](u)
	if o := a.callOpen(i + 4); a.is(i+1, "[") && a.at(i+2).kind == tString && a.is(i+3, "]") && o > 0 && netMembers[a.at(i+2).text] {
		return true, o, sendMembers[a.at(i+2).text]
	}
	return false, 0, false
}

// callOpen returns the '(' of a call whose callee ends before j,
// skipping TypeScript type arguments (axios.get<string>(u)), or -1.
func (a *jsAnalysis) callOpen(j int) int {
	if a.is(j, "(") {
		return j
	}
	if a.is(j, "<") {
		for k := j + 1; k < j+16 && k < len(a.t); k++ {
			if (a.is(k, ">") || a.is(k, ">>")) && a.is(k+1, "(") {
				return k + 1
			}
			if a.is(k, ";") || a.is(k, "{") || a.is(k, ")") {
				return -1
			}
		}
	}
	return -1
}

// taintCallbacks marks the parameters of functions passed as arguments
// in the group opening at open: axios.get(u).then(r => ...), https.get(u,
// res => ...), res.on('data', c => ...).
func (a *jsAnalysis) taintCallbacks(open int) {
	if open < 0 || !a.is(open, "(") {
		return
	}
	e := a.match(open)
	for j := open + 1; j < e; j++ {
		switch {
		case a.at(j).kind == tIdent && a.sinkFn[a.at(j).text] && (a.is(j-1, "(") || a.is(j-1, ",")) && (a.is(j+1, ")") || a.is(j+1, ",")):
			// .then(runCode): fetched data handed straight to a function that runs it
			a.facts.sinks = append(a.facts.sinks, sinkUse{name: a.at(j).text, line: a.at(j).line, tainted: true, source: "the network", args: "…", code: true})
		case a.at(j).kind == tIdent && a.is(j+1, "=>") && !a.is(j-1, "."):
			a.tainted[a.at(j).text] = true
		case a.is(j, "(") && a.is(a.match(j)+1, "=>"):
			a.taintParams(j)
		case a.is(j, "function"):
			k := j + 1
			if a.at(k).kind == tIdent {
				k++
			}
			if a.is(k, "(") {
				a.taintParams(k)
			}
		}
	}
}

func (a *jsAnalysis) taintParams(open int) {
	e := a.match(open)
	for j := open + 1; j < e; j++ {
		if a.at(j).kind == tIdent && !a.is(j-1, ".") && !a.is(j-1, "=") && !a.is(j+1, ":") {
			a.tainted[a.at(j).text] = true
		}
	}
}

// chain continues a call chain after the ')' at close: .then(...)
// .catch(...) — each callback sees the response.
func (a *jsAnalysis) chain(close int) {
	for j := close + 1; a.is(j, ".") && a.at(j+1).kind == tIdent && a.is(j+2, "("); {
		a.taintCallbacks(j + 2)
		j = a.match(j+2) + 1
	}
}

// exprEnd finds where the expression starting at s ends: a ';' or ','
// at depth 0, a bracket closing an outer group, or a line break where
// automatic semicolon insertion would end the statement.
func (a *jsAnalysis) exprEnd(s int) int {
	d := 0
	for j := s; j < len(a.t) && j < s+20000; j++ {
		tk := a.t[j]
		if tk.kind == tPunct {
			switch tk.text {
			case "(", "[", "{":
				d++
				continue
			case ")", "]", "}":
				if d--; d < 0 {
					return j
				}
				continue
			case ";", ",":
				if d == 0 {
					return j
				}
			}
		}
		if d == 0 && tk.nl && j > s {
			p := a.t[j-1]
			contOp := p.kind == tPunct && p.text != ")" && p.text != "]" && p.text != "}"
			startsOp := tk.kind == tPunct && (tk.text == "." || tk.text == "?." || tk.text == "?" || tk.text == ":" || tk.text == "+" || tk.text == "||" || tk.text == "&&" || tk.text == "??")
			if !contOp && !startsOp {
				return j
			}
		}
	}
	return min(len(a.t), s+20000)
}

// rangeTainted reports whether tokens [s,e) hold a network call or a
// tainted name, and describes it.
func (a *jsAnalysis) rangeTainted(s, e int) (bool, string) {
	for j := s; j < e; j++ {
		tk := a.at(j)
		if tk.kind != tIdent {
			continue
		}
		if a.net[j] {
			return true, tk.text
		}
		if a.tainted[tk.text] && !a.is(j-1, ".") && !a.is(j+1, ":") {
			return true, tk.text
		}
	}
	return false, ""
}

// rangeIn reports whether tokens [s,e) use one of names.
func (a *jsAnalysis) rangeIn(s, e int, names map[string]bool) (bool, string) {
	if len(names) == 0 {
		return false, ""
	}
	for j := s; j < e; j++ {
		if tk := a.at(j); tk.kind == tIdent && names[tk.text] && !a.is(j-1, ".") {
			return true, tk.text
		}
	}
	return false, ""
}

// lhsNames reads the names assigned by the '=' at i.
func (a *jsAnalysis) lhsNames(i int) []string {
	p := a.at(i - 1)
	// const res: AxiosResponse<T> = ... names res, not the type
	for j := i - 1; j >= 0 && j > i-16; j-- {
		if a.is(j, ":") && a.at(j-1).kind == tIdent && (a.is(j-2, "const") || a.is(j-2, "let") || a.is(j-2, "var")) {
			return []string{a.at(j - 1).text}
		}
		if a.is(j, ";") || a.is(j, "{") || a.is(j, "}") || a.is(j, "=") {
			break
		}
	}
	if p.kind == tIdent {
		return []string{p.text}
	}
	if a.is(i-1, "}") || a.is(i-1, "]") {
		open := "{"
		if p.text == "]" {
			open = "["
		}
		d := 0
		var names []string
		for j := i - 1; j >= 0 && j > i-400; j-- {
			if a.is(j, p.text) {
				d++
			} else if a.is(j, open) {
				if d--; d == 0 {
					break
				}
			} else if a.at(j).kind == tIdent && !a.is(j+1, ":") {
				names = append(names, a.at(j).text)
			}
		}
		return names
	}
	return nil
}

// fn is a function definition found in the tokens.
type fn struct {
	name       string
	params     []string
	start, end int // body tokens
}

func (a *jsAnalysis) functions() []fn {
	var out []fn
	for i := 0; i < len(a.t); i++ {
		var name string
		var open int
		switch {
		case a.is(i, "function"):
			j := i + 1
			if a.is(j, "*") {
				j++
			}
			if a.at(j).kind == tIdent && !a.is(j, "(") {
				name = a.at(j).text
				j++
			} else if (a.is(i-1, "=") || a.is(i-1, ":")) && a.at(i-2).kind == tIdent {
				name = a.at(i - 2).text
			} else if a.is(i-1, "async") && (a.is(i-2, "=") || a.is(i-2, ":")) {
				name = a.at(i - 3).text
			}
			if !a.is(j, "(") {
				continue
			}
			open = j
		case a.is(i, "(") && (a.is(i-1, "=") || a.is(i-1, ":") || (a.is(i-1, "async") && (a.is(i-2, "=") || a.is(i-2, ":")))):
			e := a.match(i)
			if !a.is(e+1, "=>") {
				continue
			}
			k := i - 2
			if a.is(i-1, "async") {
				k = i - 3
			}
			name = a.at(k).text
			open = i
		case a.at(i).kind == tIdent && a.is(i+1, "(") && (a.is(i-1, "{") || a.is(i-1, "}") || a.is(i-1, ";") || a.is(i-1, ",") || a.is(i-1, "async") || a.is(i-1, "static")):
			switch a.at(i).text {
			case "if", "for", "while", "switch", "catch", "function", "return", "with":
				continue
			}
			e := a.match(i + 1)
			if !a.is(e+1, "{") {
				continue
			}
			name, open = a.at(i).text, i+1
		default:
			continue
		}
		e := a.match(open)
		f := fn{name: name}
		for j := open + 1; j < e; j++ {
			if a.at(j).kind == tIdent && !a.is(j-1, "=") && !a.is(j-1, ".") {
				f.params = append(f.params, a.at(j).text)
			}
		}
		b := e + 1
		if a.is(b, "=>") {
			b++
		}
		if a.is(b, "{") {
			f.start, f.end = b+1, a.match(b)
		} else {
			f.start, f.end = b, a.exprEnd(b)
		}
		out = append(out, f)
	}
	return out
}

// propagate runs one forward pass of taint.
func (a *jsAnalysis) propagate(funcs []fn) {
	t := a.t
	for i := 0; i < len(t); i++ {
		tk := t[i]
		if tk.kind == tIdent {
			if !a.net[i] {
				// not a network call
			} else if ok, open, send := a.netCall(i); ok {
				a.hasNet = true
				a.facts.netCalls++
				if send {
					a.facts.netSend = true
				}
				if open >= 0 {
					a.taintCallbacks(open)
					a.chain(a.match(open))
				}
				continue
			}
			// a call on something tainted: r.text().then(...), res.on('data', ...)
			if a.tainted[tk.text] && !a.is(i-1, ".") {
				j := i + 1
				for k := 0; k < 6 && a.is(j, ".") && a.at(j+1).kind == tIdent; k++ {
					j += 2
				}
				if a.is(j, "(") {
					a.taintCallbacks(j)
					a.chain(a.match(j))
				}
			}
			switch tk.text {
			case "catch":
				if a.hasNet && a.is(i+1, "(") && a.at(i+2).kind == tIdent {
					a.tainted[a.at(i+2).text] = true
				}
			case "writeFileSync", "writeFile", "appendFileSync", "appendFile", "createWriteStream":
				if a.is(i+1, "(") {
					e := a.match(i + 1)
					if ok, _ := a.rangeTainted(i+2, e); ok || tk.text == "createWriteStream" && a.hasNet {
						// the path a fetched payload is written to
						if a.at(i+2).kind == tIdent {
							a.pathTaint[a.at(i+2).text] = true
						}
					}
				}
			}
			continue
		}
		if tk.kind == tPunct {
			switch tk.text {
			case "=", "+=", "||=", "??=":
				if a.is(i-1, ")") || a.is(i+1, ">") {
					continue
				}
				e := a.exprEnd(i + 1)
				if ok, _ := a.rangeTainted(i+1, e); ok {
					for _, n := range a.lhsNames(i) {
						a.tainted[n] = true
					}
				}
			}
		}
	}
	for _, f := range funcs {
		if f.name == "" {
			continue
		}
		// a function that returns fetched data is a network source
		if !a.tainted[f.name] {
			if ok, _ := a.rangeTainted(f.start, f.end); ok && a.returnsTaint(f) {
				a.tainted[f.name] = true
			}
		}
		// a function that runs one of its parameters is a sink
		if !a.sinkFn[f.name] {
			for j := f.start; j < f.end; j++ {
				s, open, ok := a.sinkAt(j)
				if !ok && a.at(j).kind == tIdent && a.sinkFn[a.at(j).text] && a.at(j).text != f.name && a.is(j+1, "(") && !a.is(j-1, ".") {
					s, open, ok = sinkUse{name: a.at(j).text, code: true}, j+1, true
				}
				if ok && open > 0 {
					e := a.match(open)
					for k := open + 1; k < e; k++ {
						if a.at(k).kind == tIdent && contains(f.params, a.at(k).text) && !a.is(k-1, ".") {
							if s.code || strings.HasPrefix(s.name, "child_process") {
								a.sinkFn[f.name] = true
							}
						}
					}
				}
			}
		}
	}
}

func (a *jsAnalysis) returnsTaint(f fn) bool {
	if !a.is(f.start-1, "{") {
		return true // expression body
	}
	for j := f.start; j < f.end; j++ {
		if a.is(j, "return") {
			e := a.exprEnd(j + 1)
			if ok, _ := a.rangeTainted(j+1, e); ok {
				return true
			}
		}
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// sinkAt reports a call that runs code or commands at token i and the
// '(' of its arguments.
func (a *jsAnalysis) sinkAt(i int) (sinkUse, int, bool) {
	tk := a.at(i)
	after := func(j int) int {
		// skip ).constructor and the like: (0, eval)(x), new (Function.constructor)(x)
		for k := 0; k < 4; k++ {
			switch {
			case a.is(j, ")"):
				j++
			case a.is(j, ".") && (a.is(j+1, "constructor") || a.is(j+1, "call") || a.is(j+1, "apply")):
				j += 2
			default:
				k = 4
			}
		}
		if a.is(j, "(") {
			return j
		}
		return -1
	}
	if tk.kind == tString && a.is(i-1, "[") {
		// global['eval'](x), globalThis['ev' + 'al'](x)
		name, j := tk.text, i+1
		for a.is(j, "+") && a.at(j+1).kind == tString {
			name += a.at(j + 1).text
			j += 2
		}
		if (name == "eval" || name == "Function") && a.is(j, "]") {
			if o := after(j + 1); o > 0 {
				return sinkUse{name: name, line: tk.line, code: true}, o, true
			}
		}
	}
	if tk.kind == tIdent && tk.text == "Reflect" && a.is(i+1, ".") && (a.is(i+2, "construct") || a.is(i+2, "apply")) && a.is(i+3, "(") {
		// Reflect.construct(Function, [code])(), Reflect.apply(eval, null, [code])
		if f := a.at(i + 4); f.kind == tIdent && (f.text == "Function" || f.text == "eval" || a.sinkAlias[f.text]) {
			return sinkUse{name: "Reflect." + a.at(i+2).text + "(" + f.text + ")", line: tk.line, code: true}, i + 3, true
		}
	}
	if tk.kind == tString && tk.text == "constructor" && a.is(i-1, "[") && a.is(i+1, "]") && a.is(i+2, "[") && a.at(i+3).text == "constructor" && a.is(i+4, "]") {
		if o := after(i + 5); o > 0 {
			return sinkUse{name: "constructor.constructor", line: tk.line, code: true}, o, true
		}
	}
	if tk.kind != tIdent {
		return sinkUse{}, 0, false
	}
	prevDot := a.is(i-1, ".")
	if a.sinkAlias[tk.text] && !prevDot && !a.is(i+1, "=") {
		if o := after(i + 1); o > 0 {
			return sinkUse{name: tk.text + " (alias of a code sink)", line: tk.line, code: true}, o, true
		}
	}
	switch tk.text {
	case "eval":
		if prevDot {
			g := a.at(i - 2).text
			if g != "window" && g != "global" && g != "globalThis" && g != "self" {
				return sinkUse{}, 0, false
			}
		}
		if o := after(i + 1); o > 0 {
			return sinkUse{name: "eval", line: tk.line, code: true}, o, true
		}
	case "Function":
		if prevDot {
			return sinkUse{}, 0, false
		}
		if o := after(i + 1); o > 0 {
			name := "Function"
			if a.is(i+1, ".") {
				name = "Function.constructor"
			} else if a.is(i-1, "new") || a.is(i-2, "new") {
				name = "new Function"
			}
			return sinkUse{name: name, line: tk.line, code: true}, o, true
		}
	case "constructor":
		if prevDot && a.is(i+1, ".") && a.is(i+2, "constructor") {
			if o := after(i + 3); o > 0 {
				return sinkUse{name: "constructor.constructor", line: tk.line, code: true}, o, true
			}
		}
		if a.fnConstructorAt(i) {
			if o := after(i + 1); o > 0 {
				return sinkUse{name: "Function constructor (via a function's .constructor)", line: tk.line, code: true}, o, true
			}
		}
	case "_compile":
		if prevDot && a.is(i+1, "(") {
			return sinkUse{name: "module._compile", line: tk.line, code: true}, i + 1, true
		}
		// Module.prototype._compile.call(module, code, name)
		if prevDot && a.is(i+1, ".") && (a.is(i+2, "call") || a.is(i+2, "apply")) && a.is(i+3, "(") {
			return sinkUse{name: "module._compile", line: tk.line, code: true}, i + 3, true
		}
	case "Worker":
		// new Worker(code, { eval: true }) runs the string as a program
		if o := after(i + 1); o > 0 && (a.is(i-1, "new") || a.is(i-1, ".")) {
			e := a.match(o)
			for k := o + 1; k+2 < e; k++ {
				if a.is(k, "eval") && a.is(k+1, ":") && a.is(k+2, "true") {
					return sinkUse{name: "new Worker(…, { eval: true })", line: tk.line, code: true}, o, true
				}
			}
		}
	case "global", "globalThis":
		// global[decoded](x): a global reached by a name decoded at run
		// time (global[atob('ZXZhbA==')]) is how loaders hide eval; a
		// plain variable key (JSONP callbacks) is not counted
		if !prevDot && a.is(i+1, "[") {
			e := a.match(i + 1)
			literal, decoded := true, false
			for k := i + 2; k < e; k++ {
				if a.at(k).kind != tString && !a.is(k, "+") {
					literal = false
				}
				switch a.at(k).text {
				case "atob", "from", "fromCharCode", "fromCodePoint", "reverse", "join", "decode", "unescape", "decodeURIComponent", "replace", "split":
					decoded = decoded || a.at(k).kind == tIdent
				}
			}
			if !literal && decoded {
				if o := after(e + 1); o > 0 {
					return sinkUse{name: tk.text + "[" + a.text(i+2, e) + "]", line: tk.line, code: true}, o, true
				}
			}
		}
	case "require", "import":
		if !prevDot && tk.text == "import" && a.is(i+1, "(") && a.at(i+2).kind == tString && dataURLRe.MatchString(a.at(i+2).text) {
			// import('data:text/javascript,' + code): the text runs as a module
			return sinkUse{name: "import(data: URL)", line: tk.line, code: true}, i + 1, true
		}
		if !prevDot && a.is(i+1, "(") && !a.is(i+2, ")") && !(a.at(i+2).kind == tString && (a.is(i+3, ")") || a.is(i+3, ","))) {
			return sinkUse{name: tk.text + "(dynamic)", line: tk.line, code: true}, i + 1, true
		}
		if tk.text == "require" && a.is(i+1, "(") && a.at(i+2).kind == tString && a.is(i+3, ")") && a.is(i+4, ".") {
			m, mem := normModule(a.at(i+2).text), a.at(i+5).text
			if o := after(i + 6); o > 0 {
				if m == "child_process" && execMembers[mem] {
					return sinkUse{name: "child_process." + mem, line: tk.line}, o, true
				}
				if m == "vm" && vmMembers[mem] {
					return sinkUse{name: "vm." + mem, line: tk.line, code: true}, o, true
				}
			}
		}
	}
	b, ok := a.bindingOf(i)
	if !ok {
		return sinkUse{}, 0, false
	}
	if b.member == "" && (b.module == "child_process" || b.module == "vm") && a.is(i+1, "[") {
		// cp['ex' + 'ec'](x), cp[name](x)
		e := a.match(i + 1)
		if a.is(e+1, "(") {
			return sinkUse{name: b.module + "[" + a.text(i+2, e) + "]", line: tk.line, code: b.module == "vm"}, e + 1, true
		}
	}
	mem := b.member
	j := i + 1
	if mem == "" && a.is(i+1, ".") && a.at(i+2).kind == tIdent {
		mem, j = a.at(i+2).text, i+3
	}
	if !a.is(j, "(") {
		return sinkUse{}, 0, false
	}
	switch {
	case b.module == "child_process" && execMembers[mem]:
		return sinkUse{name: "child_process." + mem, line: tk.line}, j, true
	case b.module == "vm" && vmMembers[mem]:
		return sinkUse{name: "vm." + mem, line: tk.line, code: true}, j, true
	}
	return sinkUse{}, 0, false
}

// collectSinks records every sink with what feeds it.
func (a *jsAnalysis) collectSinks() {
	for i := range a.t {
		s, open, ok := a.sinkAt(i)
		if !ok {
			// a call to a local or imported function that runs its argument
			tk := a.at(i)
			if tk.kind == tIdent && a.sinkFn[tk.text] && !a.is(i-1, ".") && !a.is(i-1, "function") && a.is(i+1, "(") {
				s, open, ok = sinkUse{name: tk.text, line: tk.line, code: true}, i+1, true
			}
			if !ok {
				continue
			}
		}
		e := a.match(open)
		s.tainted, s.source = a.rangeTainted(open+1, e)
		if strings.HasSuffix(s.name, "(dynamic)") {
			// loading a module by a computed name is common; it matters
			// when the name is a file fetched content was written to
			s.tainted, s.source = a.rangeIn(open+1, e, a.pathTaint)
		} else if !s.tainted {
			if ok, src := a.rangeIn(open+1, e, a.pathTaint); ok {
				s.pathOnly, s.source = true, src
				// spawn(process.execPath, [file]) / exec('node ' + file):
				// the download is script code, run by an interpreter
				for k := open + 1; k < e; k++ {
					tx := a.at(k).text
					if a.is(k, "execPath") || a.at(k).kind == tString && interpRe.MatchString(tx) {
						s.pathOnly, s.tainted, s.code = false, true, true
						break
					}
				}
			}
		}
		s.args = a.text(open+1, e)
		for k := open + 1; k < e; k++ {
			if a.at(k).kind == tIdent && decodeCalls[a.at(k).text] {
				s.decoded = true
			}
			if a.is(k, "from") && a.is(k-2, "Buffer") {
				s.decoded = true
			}
		}
		// node <file> through child_process
		if strings.HasPrefix(s.name, "child_process") {
			args := a.strings(open+1, e)
			for n, v := range args {
				if v == "node" || strings.HasPrefix(v, "node ") || (n > 0 && args[0] == "node") {
					a.facts.spawnsNode = append(a.facts.spawnsNode, args...)
					break
				}
			}
		}
		a.facts.sinks = append(a.facts.sinks, s)
	}
}

func (a *jsAnalysis) strings(s, e int) []string {
	var out []string
	for k := s; k < e; k++ {
		if a.at(k).kind == tString {
			out = append(out, a.at(k).text)
		}
	}
	return out
}

// text renders tokens [s,e) compactly for evidence.
func (a *jsAnalysis) text(s, e int) string {
	var b strings.Builder
	for k := s; k < e && b.Len() < 400; k++ {
		tk := a.at(k)
		if k > s && (tk.kind == tIdent || tk.kind == tNum) && (a.at(k-1).kind == tIdent || a.at(k-1).kind == tNum) {
			b.WriteByte(' ')
		}
		if tk.kind == tString {
			v := tk.text
			if len(v) > 120 {
				v = v[:120] + "…"
			}
			b.WriteString("'" + v + "'")
			continue
		}
		b.WriteString(tk.text)
	}
	return b.String()
}

// exports finds what the file exports that carries fetched data or runs
// its argument, for the one-hop cross-file taint.
func (a *jsAnalysis) exports() {
	mark := func(exported, local string) {
		if a.tainted[local] {
			a.facts.exportTaint[exported] = true
		}
		if a.sinkFn[local] {
			a.facts.exportSink[exported] = true
		}
	}
	for i := 0; i < len(a.t); i++ {
		switch {
		case a.is(i, "module") && a.is(i+1, ".") && a.is(i+2, "exports") && a.is(i+3, "=") && !a.is(i-1, "."):
			if e := a.exprEnd(i + 4); a.at(i+4).kind == tIdent && e == i+5 {
				mark("default", a.at(i+4).text)
			} else if ok, _ := a.rangeTainted(i+4, e); ok && !a.is(i+4, "{") && !a.is(i+4, "function") && !a.is(i+4, "async") && !a.is(i+4, "(") && !a.is(i+4, "class") {
				a.facts.exportTaint["default"] = true // module.exports = axios.get(u)
			} else if a.is(i+4, "{") {
				e := a.match(i + 4)
				for j := i + 5; j < e; j++ {
					if a.at(j).kind == tIdent && (a.is(j-1, "{") || a.is(j-1, ",")) {
						if a.is(j+1, ":") && a.at(j+2).kind == tIdent {
							mark(a.at(j).text, a.at(j+2).text)
						} else {
							mark(a.at(j).text, a.at(j).text)
						}
					}
				}
			}
		case (a.is(i, "exports") && !a.is(i-1, ".") || a.is(i, "module") && a.is(i+2, "exports") && a.is(i+3, ".")) && a.is(i+1, "."):
			j := i + 2
			if a.is(i, "module") {
				j = i + 4
			}
			if a.at(j).kind == tIdent && a.is(j+1, "=") && a.at(j+2).kind == tIdent {
				mark(a.at(j).text, a.at(j+2).text)
			}
			if a.at(j).kind == tIdent && a.is(j+1, "=") {
				e := a.exprEnd(j + 2)
				if ok, _ := a.rangeTainted(j+2, e); ok {
					a.facts.exportTaint[a.at(j).text] = true
				}
			}
		case a.is(i, "export") && !a.is(i-1, "."):
			j := i + 1
			if a.is(j, "default") {
				if a.at(j+1).kind == tIdent && !a.is(j+2, "(") && a.at(j+1).text != "function" && a.at(j+1).text != "async" {
					mark("default", a.at(j+1).text)
				}
				// export default async function name() {}
				for k := j + 1; k < j+4; k++ {
					if a.is(k, "function") && a.at(k+1).kind == tIdent {
						mark("default", a.at(k+1).text)
					}
				}
				continue
			}
			for k := j; k < j+4; k++ {
				if (a.is(k, "function") || a.is(k, "const") || a.is(k, "let") || a.is(k, "var")) && a.at(k+1).kind == tIdent {
					mark(a.at(k+1).text, a.at(k+1).text)
					break
				}
			}
			if a.is(j, "{") {
				e := a.match(j)
				for k := j + 1; k < e; k++ {
					if a.at(k).kind == tIdent {
						if a.is(k+1, "as") {
							mark(a.at(k+2).text, a.at(k).text)
							k += 2
						} else {
							mark(a.at(k).text, a.at(k).text)
						}
					}
				}
			}
		}
	}
}

var (
	polinMarkers = []string{"rmcej%otb%", "_$_1e42", "Cot%3t=shtP", "global['_V']", `global["_V"]`, "global['r']=require", `global["r"]=require`, "global['m']=module"}
	hex0xRe      = regexp.MustCompile(`^_0x[0-9a-fA-F]{3,}$`)
	// interpRe matches an interpreter a downloaded file is handed to.
	interpRe = regexp.MustCompile(`^\s*(node|nodejs|python3?|sh|bash|zsh|cmd|powershell|pwsh|wscript|cscript)(\.exe)?(\s|$)`)
	// shuffleNameRe matches the string-table names of the shuffle-cipher
	// loader (_$_1e42, _$_5b2a).
	shuffleNameRe = regexp.MustCompile(`^_\$_[0-9a-f]{4}$`)
)

// scanMisc gathers the facts that need no taint: imports of the cross
// file summaries, obfuscation shape, decoded constants, process.env
// sent whole, host fingerprinting, dotenv pointed at an example file,
// code after a config's final export.
func (a *jsAnalysis) scanMisc(isConfig bool) {
	t := a.t
	f := a.facts
	// seed the cross-file taint from the modules this one imports
	if a.resolved != nil {
		for _, imp := range f.imports {
			if !strings.HasPrefix(imp.spec, ".") && !strings.HasPrefix(imp.spec, "@/") && !strings.HasPrefix(imp.spec, "~/") {
				continue
			}
			sum := a.resolved(imp.spec)
			if sum == nil {
				continue
			}
			for local, member := range imp.names {
				m := member
				if m == "" {
					m = "default"
				}
				if sum.taint[m] {
					a.tainted[local] = true
				}
				if sum.sink[m] {
					a.sinkFn[local] = true
				}
			}
			// whole-module imports: x.fetchCfg() where fetchCfg is tainted
			for local, member := range imp.names {
				if member != "" {
					continue
				}
				for i := 0; i+2 < len(t); i++ {
					if t[i].kind == tIdent && t[i].text == local && a.is(i+1, ".") && (sum.taint[a.at(i+2).text] || sum.sink[a.at(i+2).text]) {
						// rename the member call to a tainted pseudo-name
						name := local + "." + a.at(i+2).text
						if sum.taint[a.at(i+2).text] {
							a.tainted[name] = true
						} else {
							a.sinkFn[name] = true
						}
						a.t[i+2] = tok{kind: tIdent, text: name, line: t[i+2].line, nl: t[i+2].nl}
						a.t[i] = tok{kind: tPunct, text: "", line: t[i].line}
						a.t[i+1] = tok{kind: tPunct, text: "", line: t[i].line}
					}
				}
			}
		}
	}
	depth := 0
	lastExport, lastExportDepth := -1, 0
	for i := 0; i < len(t); i++ {
		tk := t[i]
		switch tk.kind {
		case tPunct:
			switch tk.text {
			case "{", "(", "[":
				if tk.text == "[" {
					a.countArray(i)
				}
				depth++
			case "}", ")", "]":
				depth--
			}
		case tString:
			if len(tk.text) >= 6 {
				f.strs = append(f.strs, tk)
			}
			if tk.text == "shift" && a.is(i-1, "[") && a.is(i+1, "]") && a.is(i+2, "(") {
				f.pushShift = true
			}
			for _, m := range polinMarkers {
				if strings.Contains(tk.text, m) {
					f.markers = append(f.markers, m)
					f.markerLine = tk.line
				}
			}
			// a constant split into pieces ('aHR0cHM6' + 'Ly9...' or
			// ['aHR0', 'cHM6'].join('')) is decoded whole
			if !a.light && a.at(i-1).kind != tString && !a.is(i-1, "+") && len(f.embedded) < 8 {
				if code, ok := a.embeddedCode(i); ok {
					f.embedded = append(f.embedded, decodedConst{line: tk.line, how: "embedded", text: code})
				}
			}
			whole := false
			if joined, n := a.joinedStrings(i); n > 1 && len(joined) >= 16 && len(joined) < 1<<20 {
				if d, how := decodeConstant(joined); d != "" {
					f.decoded = append(f.decoded, decodedConst{line: tk.line, how: how + " (split)", text: d})
					whole = true
				}
			}
			if !whole && len(tk.text) >= 16 && len(tk.text) < 1<<20 {
				if d, how := decodeConstant(tk.text); d != "" {
					f.decoded = append(f.decoded, decodedConst{line: tk.line, how: how, text: d})
				}
			}
			if strings.HasPrefix(tk.text, ".env") || strings.HasSuffix(tk.text, ".env.example") || strings.HasSuffix(tk.text, ".example") || strings.HasSuffix(tk.text, ".env.sample") {
				if tk.text != ".env" && tk.text != ".env.local" && a.near(i, "path", 6) {
					f.dotenvPath, f.dotenvLine = tk.text, tk.line
				}
			}
		case tNum:
			if strings.HasPrefix(tk.text, "0x") {
				f.hexNums++
			}
		case tIdent:
			if hex0xRe.MatchString(tk.text) {
				f.underscore0x++
			}
			if shuffleNameRe.MatchString(tk.text) && f.markerLine == 0 {
				f.markers = append(f.markers, tk.text)
				f.markerLine = tk.line
			}
			if (tk.text == "global" || tk.text == "globalThis") && a.is(i+1, ".") && a.at(i+2).kind == tIdent && a.is(i+3, "=") && a.is(i+4, "require") && !a.is(i+5, "(") && !a.is(i+5, ".") && f.globalRequire == 0 {
				f.globalRequire = tk.line
			}
			// PolinRider's version tags: global['_V']='8-311', global['!']='8-270-2', global.i="A8-3292-1"
			if (tk.text == "global" || tk.text == "globalThis") && f.markerLine == 0 {
				var key string
				var val tok
				switch {
				case a.is(i+1, "[") && a.at(i+2).kind == tString && a.is(i+3, "]") && a.is(i+4, "="):
					key, val = a.at(i+2).text, a.at(i+5)
				case a.is(i+1, ".") && a.at(i+2).kind == tIdent && a.is(i+3, "="):
					key, val = a.at(i+2).text, a.at(i+4)
				}
				if (key == "_V" || key == "!" || key == "i") && val.kind == tString && campaignTagRe.MatchString(val.text) {
					f.markers = append(f.markers, "global['"+key+"']='"+val.text+"'")
					f.markerLine = tk.line
				}
			}
			if (tk.text == "global" || tk.text == "globalThis") && a.is(i+1, "[") {
				e := a.match(i + 1)
				if a.is(e+1, "=") && (a.is(e+2, "require") || a.is(e+2, "module")) && !a.is(e+3, "(") && !a.is(e+3, ".") && f.globalRequire == 0 {
					f.globalRequire = tk.line
				}
			}
			switch tk.text {
			case "while":
				if a.is(i+1, "(") && a.is(i+2, "!") && a.is(i+3, "!") && a.is(i+4, "[") && a.is(i+5, "]") {
					f.rotation = true
				}
			case "fromCharCode", "fromCodePoint":
				if a.is(i+1, "(") {
					e := a.match(i + 1)
					var sb strings.Builder
					for k := i + 2; k < e; k++ {
						if a.at(k).kind == tNum {
							if v, ok := parseJSInt(a.at(k).text); ok && v > 0 && v < 0x110000 {
								sb.WriteRune(rune(v))
							}
						}
					}
					if sb.Len() >= 8 {
						f.decoded = append(f.decoded, decodedConst{line: tk.line, how: "char codes", text: sb.String()})
					}
				}
			case "process":
				if a.is(i+1, ".") && a.is(i+2, "env") && !a.is(i+3, ".") && !a.is(i+3, "[") && !a.is(i+3, "?.") && !a.is(i-1, ".") {
					whole := false
					switch {
					case a.is(i-1, ":") && a.at(i-2).text != "env" && a.at(i-2).text != "processEnv":
						whole = true
					case a.is(i-1, "(") && a.is(i-2, "stringify"):
						whole = true
					default:
						whole = a.insideSend(i)
					}
					if whole && f.envWhole == 0 {
						f.envWhole = tk.line
					}
				}
			case "export":
				if depth == 0 && a.is(i+1, "default") {
					lastExport, lastExportDepth = i, depth
				}
			case "module":
				if depth == 0 && a.is(i+1, ".") && a.is(i+2, "exports") && a.is(i+3, "=") {
					lastExport, lastExportDepth = i, depth
				}
			}
			if b, ok := a.bindingOf(i); ok && b.module == "os" {
				mem := b.member
				if mem == "" && a.is(i+1, ".") {
					mem = a.at(i + 2).text
				}
				if osFingerprint[mem] {
					f.fingerprint[mem] = tk.line
				}
			}
		}
	}
	if isConfig && lastExport >= 0 && lastExportDepth == 0 {
		start := lastExport + 3
		if a.is(lastExport, "export") {
			start = lastExport + 2
		}
		e := a.exprEnd(start)
		for e < len(t) && (a.is(e, ";") || a.is(e, ")") || a.is(e, "}")) {
			e++
		}
		decl := a.is(e, "function") || a.is(e, "async") && a.is(e+1, "function") || a.is(e, "class") || a.is(e, "export") || a.is(e, "import") || a.is(e, "type") || a.is(e, "interface")
		if e < len(t) && !decl {
			f.afterExport = a.text(e, min(len(t), e+60))
			f.afterLine = t[e].line
		}
	}
	f.bigStrArray = max(f.bigStrArray, 0)
}

// embeddedCode joins the string literals of the expression starting at
// the string at i (a '+' chain, a template literal), putting "x" for
// what is computed between them, and returns the text when it reads as a
// program that fetches and runs code: the loaders write such a program to
// a file and start it with node.
func (a *jsAnalysis) embeddedCode(i int) (string, bool) {
	var sb strings.Builder
	d, gap := 0, false
	for j := i; j < len(a.t) && j < i+4000 && sb.Len() < 1<<20; j++ {
		tk := a.t[j]
		if tk.kind == tString {
			if gap {
				sb.WriteString("x")
			}
			sb.WriteString(tk.text)
			gap = false
			continue
		}
		if tk.kind == tPunct {
			switch tk.text {
			case "(", "[", "{", "${":
				d++
			case ")", "]", "}":
				if d--; d < 0 {
					j = len(a.t)
					continue
				}
			case ";", ",":
				if d == 0 {
					j = len(a.t)
					continue
				}
			}
		}
		if d == 0 && tk.nl && tk.kind != tPunct {
			break
		}
		if !(tk.kind == tPunct && tk.text == "+") {
			gap = true
		}
	}
	code := sb.String()
	if len(code) < 60 || !looksLikeCode(code) || !strings.Contains(code, "(") {
		return "", false
	}
	return code, true
}

// joinedStrings joins the string literals of a '+' chain or a
// [..].join(”) array starting at the string at i, when i is its first
// piece; n is the number of pieces.
func (a *jsAnalysis) joinedStrings(i int) (string, int) {
	switch {
	case a.is(i+1, "+") && a.at(i+2).kind == tString && !a.is(i-1, "+"):
		var sb strings.Builder
		n := 0
		for k := i; a.at(k).kind == tString && n < 4096; k += 2 {
			sb.WriteString(a.at(k).text)
			n++
			if !a.is(k+1, "+") {
				break
			}
		}
		return sb.String(), n
	case a.is(i-1, "[") && (a.is(i+1, ",") || a.is(i+1, "]")):
		e := a.match(i - 1)
		if !a.is(e+1, ".") || !a.is(e+2, "join") || !a.is(e+3, "(") {
			return "", 0
		}
		if sep := a.at(e + 4); sep.kind != tString || sep.text != "" {
			return "", 0
		}
		var sb strings.Builder
		n := 0
		for k := i; k < e; k += 2 {
			if a.at(k).kind != tString || !(a.is(k+1, ",") || k+1 == e) {
				return "", 0
			}
			sb.WriteString(a.at(k).text)
			n++
		}
		return sb.String(), n
	}
	return "", 0
}

// insideSend reports whether token i sits in the arguments of
// JSON.stringify or of a network call, up to a few brackets out.
func (a *jsAnalysis) insideSend(i int) bool {
	d := 0
	opens := 0
	for j := i - 1; j >= 0 && j > i-400; j-- {
		switch {
		case a.is(j, ")") || a.is(j, "}") || a.is(j, "]"):
			d++
		case a.is(j, "(") || a.is(j, "{") || a.is(j, "["):
			if d > 0 {
				d--
				continue
			}
			if a.is(j, "(") {
				k := j - 1
				if a.is(k, "stringify") {
					return true
				}
				for ; k >= 0 && k > j-8; k-- {
					if a.net != nil && a.net[k] {
						return true
					}
					if a.at(k).kind != tIdent && !a.is(k, ".") && !a.is(k, ">") && !a.is(k, "<") {
						break
					}
				}
				// spawn/exec options: {env: {...process.env}} is how child
				// processes inherit the environment
				if a.at(j-1).kind == tIdent && (execMembers[a.at(j-1).text] || a.at(j-1).text == "assign") {
					return false
				}
			}
			if opens++; opens > 6 {
				return false
			}
		}
	}
	return false
}

// near reports whether the identifier name occurs within n tokens before i.
func (a *jsAnalysis) near(i int, name string, n int) bool {
	for j := i - 1; j >= 0 && j >= i-n; j-- {
		if a.at(j).text == name {
			return true
		}
	}
	return false
}

// countArray records the largest array literal of strings.
func (a *jsAnalysis) countArray(open int) {
	if a.at(open-1).kind == tIdent && a.at(open-1).text != "return" || a.is(open-1, ")") || a.is(open-1, "]") {
		return // an index, not a literal
	}
	n := 0
	for j := open + 1; j < len(a.t) && j < open+200_000; j += 2 {
		if a.at(j).kind != tString {
			break
		}
		n++
		if !a.is(j+1, ",") {
			break
		}
	}
	if n > a.facts.bigStrArray {
		a.facts.bigStrArray = n
	}
}

func parseJSInt(s string) (int, bool) {
	v := 0
	base := 10
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s, base = s[2:], 16
	}
	if s == "" || len(s) > 8 {
		return 0, false
	}
	for _, c := range s {
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, false
		}
		v = v*base + d
	}
	return v, true
}
