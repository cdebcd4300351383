package synth

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// lookalike is a benign change that resembles a lure: the false-positive
// traps of docs/lures.md §4.3 (a scanner that flags these is wrong).
type lookalike struct {
	name      string
	templates []string // empty: all
	apply     func(g *gen) (Location, string)
}

func (la lookalike) applies(tpl string) bool {
	if len(la.templates) == 0 {
		return true
	}
	for _, t := range la.templates {
		if t == tpl {
			return true
		}
	}
	return false
}

// jsTemplates are the templates with a package.json.
var jsTemplates = []string{Express, Next, Vite, Hardhat}

var lookalikes = []lookalike{
	{"wallet-store-links", []string{Next, Vite}, func(g *gen) (Location, string) {
		file := "src/walletLinks.js"
		if g.tpl == Next {
			file = "lib/walletLinks.js"
		}
		var b strings.Builder
		b.WriteString("// Where to send users who have no wallet extension yet.\nexport const walletInstallLinks = {\n")
		names := []string{"metamask", "coinbase-wallet", "binance-wallet", "tronlink", "phantom"}
		for i, id := range walletExtensionIDs {
			fmt.Fprintf(&b, "  %q: 'https://chromewebstore.google.com/detail/%s/%s',\n", names[i], names[i], id)
		}
		b.WriteString("};\n\nexport function installLink(wallet) {\n  return walletInstallLinks[wallet] ?? 'https://ethereum.org/wallets';\n}\n")
		g.repo[file] = b.String()
		return Route, "extension IDs in web-store URLs"
	}},
	{"json-bin-data", jsTemplates[:3], func(g *gen) (Location, string) {
		code := `const axios = require('axios');

// Demo catalogue kept in a JSON bin so the front end has data before the
// database exists. The answer is data: it is parsed, never run.
const CATALOGUE_URL = 'https://api.jsonbin.io/v3/b/6650c1f2acd3cb34a84e0b7a/latest';

async function loadCatalogue() {
  const res = await axios.get(CATALOGUE_URL, { headers: { 'X-Bin-Meta': 'false' } });
  return Array.isArray(res.data.items) ? res.data.items : [];
}

module.exports = { loadCatalogue };
`
		file := "server/catalogue.js"
		if g.tpl == Next {
			file = "lib/catalogue.js"
		} else if g.tpl == Vite {
			file = "server/catalogue.cjs"
		}
		g.repo[file] = code
		return Route, "remote JSON used as data"
	}},
	{"minified-dist", []string{Next, Vite}, func(g *gen) (Location, string) {
		// A production bundle: one long line, polyfills that reach the
		// global object through Function, a lazy chunk loader.
		var b strings.Builder
		b.WriteString("/*! For license information please see vendor.js.LICENSE.txt */\n")
		b.WriteString(`!function(){"use strict";var e=function(){if("object"==typeof globalThis)return globalThis;try{return this||new Function("return this")()}catch(t){if("object"==typeof window)return window}}();`)
		for i := range 60 {
			fmt.Fprintf(&b, "var n%d=function(t,r){return t.length>%d?t.slice(0,%d).concat(r):t.concat([r])};", i, i, i)
		}
		b.WriteString(`e.__chunks=e.__chunks||{};e.loadChunk=function(t){return import("/assets/"+t+".js")};e.polyfill=Function("r","regeneratorRuntime = r")}();` + "\n")
		dir := "dist/assets/"
		if g.tpl == Next {
			dir = ".next/static/chunks/"
		}
		g.repo[dir+"vendor-3f9a1c.js"] = b.String()
		return PublicAsset, "minified bundle"
	}},
	{"husky-prisma-hooks", []string{Express, Next, Vite}, func(g *gen) (Location, string) {
		g.addScript("prepare", "husky")
		g.addScript("postinstall", "prisma generate")
		g.repo[".husky/pre-commit"] = "npx lint-staged\n"
		g.repo["prisma/schema.prisma"] = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n"
		return PackageScripts, "husky prepare, prisma postinstall"
	}},
	{"native-build-hooks", []string{Express, Hardhat}, func(g *gen) (Location, string) {
		g.addScript("install", "node-gyp rebuild")
		g.repo["binding.gyp"] = "{\n  \"targets\": [{ \"target_name\": \"hash\", \"sources\": [\"src/hash.cc\"] }]\n}\n"
		g.repo["src/hash.cc"] = "#include <node_api.h>\n// native hashing helper (stub)\n"
		return PackageScripts, "node-gyp install"
	}},
	{"vscode-lint-task", nil, func(g *gen) (Location, string) {
		cmd := "npm run lint"
		if g.tpl == Flask {
			cmd = "python -m flake8 app"
		}
		g.repo[".vscode/tasks.json"] = fmt.Sprintf(`{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "lint on open",
      "type": "shell",
      "command": %q,
      "problemMatcher": ["$eslint-stylish"],
      "runOptions": { "runOn": "folderOpen" }
    }
  ]
}
`, cmd)
		g.repo[".vscode/settings.json"] = "{\n  \"editor.formatOnSave\": true\n}\n"
		return VSCodeTasks, "folderOpen runs the linter"
	}},
	{"config-data-uri", []string{Next, Vite}, func(g *gen) (Location, string) {
		svg := `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` + strings.Repeat(`<circle cx="32" cy="32" r="30" fill="none" stroke="#6d28d9" stroke-width="1"/>`, 20) + `</svg>`
		uri := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))
		esm := g.tpl == Vite
		head := "module.exports = {"
		if esm {
			head = "export default {"
		}
		g.repo["tailwind.config.js"] = fmt.Sprintf(`/** @type {import('tailwindcss').Config} */
%s
  content: ['./index.html', './src/**/*.{js,jsx}', './app/**/*.{js,jsx}'],
  theme: {
    extend: {
      backgroundImage: {
        rings: "url('%s')",
      },
    },
  },
  plugins: [],
};
`, head, uri)
		return ConfigTail, "long data-URI line in a config"
	}},
	{"sandboxed-eval-test", []string{Express, Vite, Hardhat}, func(g *gen) (Location, string) {
		g.repo["test/expression.test.js"] = `const test = require('node:test');
const assert = require('node:assert');
const vm = require('node:vm');

// The rules engine evaluates user formulas in a sandbox; check a few.
test('formulas run in a sandbox without require', () => {
  const ctx = vm.createContext({ x: 4 });
  assert.strictEqual(vm.runInContext('2 + 3 * x', ctx), 14);
  assert.throws(() => vm.runInContext('require("fs")', ctx));
});

test('eval of a constant expression', () => {
  assert.strictEqual(eval('1 + 1'), 2);
});
`
		return Route, "vm and eval on constants in a test"
	}},
	{"env-example-placeholders", []string{Express, Hardhat, Vite}, func(g *gen) (Location, string) {
		g.repo[".env.example"] = "PORT=4000\nMONGO_URI=mongodb://localhost:27017/app\n# base64 of a local-only secret, replace in production\nJWT_SECRET=c2VjcmV0LWZvci1sb2NhbC1kZXZlbG9wbWVudA==\nALCHEMY_RPC_URL=https://eth-sepolia.g.alchemy.com/v2/your-key-here\nAPI_KEY=your-api-key\n"
		return EnvExample, "placeholders and a base64 secret"
	}},
	{"error-handler-logs", []string{Express}, func(g *gen) (Location, string) {
		g.repo["server/middleware/errorHandler.js"] = `const axios = require('axios');

// Reports server errors to the team's log collector and answers in JSON.
module.exports = function errorHandler(err, req, res, next) {
  const status = err.status || err.response?.status || 500;
  if (status >= 500) {
    axios
      .post(process.env.LOG_URL || 'http://localhost:9880/app.errors', {
        message: err.message,
        upstream: err.response?.data,
        path: req.path,
      })
      .catch(() => console.error('log collector unreachable'));
  }
  res.status(status).json({ error: err.message || 'internal error' });
};
`
		return Middleware, "error handler posts err.response.data to a log"
	}},
	{"child-process-build-info", []string{Express, Vite, Hardhat}, func(g *gen) (Location, string) {
		g.repo["scripts/build-info.js"] = `const { execSync } = require('child_process');
const fs = require('fs');

// Stamps the build with the commit it was made from.
const commit = execSync('git rev-parse --short HEAD').toString().trim();
fs.writeFileSync('build-info.json', JSON.stringify({ commit, builtAt: new Date().toISOString() }));
`
		g.addScript("prebuild", "node scripts/build-info.js")
		return PackageScripts, "execSync of a fixed git command"
	}},
	{"env-single-keys", []string{Express, Next, Hardhat}, func(g *gen) (Location, string) {
		g.repo["config.js"] = `// Reads the settings the app needs, one key at a time.
module.exports = {
  port: Number(process.env.PORT || 4000),
  mongoUri: process.env.MONGO_URI,
  jwtSecret: process.env.JWT_SECRET,
  logLevel: process.env.LOG_LEVEL || 'info',
};
`
		return ServerIndex, "single env keys"
	}},
	{"python-b64-asset", []string{Flask}, func(g *gen) (Location, string) {
		g.repo["app/assets.py"] = `import base64
import os

# The 1x1 PNG used when a site has no favicon, and an optional override.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
LOGO = base64.b64decode(os.environ.get("LOGO_PNG_B64", "")) or BLANK_PNG
`
		return VendoredPython, "base64 image data"
	}},
	{"benign-dependencies", jsTemplates, func(g *gen) (Location, string) {
		pj := g.repo["package.json"]
		open := "\"dependencies\": {\n"
		if !strings.Contains(pj, open) {
			open = "\"devDependencies\": {\n"
		}
		pj = strings.Replace(pj, open, open+"    \"tailwind-merge\": \"^2.3.0\",\n    \"vite-plugin-svgr\": \"^4.2.0\",\n    \"pino-pretty\": \"^11.2.1\",\n", 1)
		g.repo["package.json"] = pj
		return Dependencies, "popular look-alike names"
	}},
}
