package lure

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// makeTree writes a project of n files: a Next.js-style app with
// components, API routes, configs, and a node_modules folder the scan
// must not descend into.
func makeTree(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	put := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	put("package.json", `{"name":"big","scripts":{"dev":"next dev","start":"node server.js","postinstall":"prisma generate"},"dependencies":{"next":"14.2.3","react":"18.3.1","axios":"1.7.2"}}`)
	put("next.config.js", "module.exports = { reactStrictMode: true };\n")
	put("server.js", "const app = require('./src/app');\napp.listen(3000);\n")
	put("src/app.js", "const express = require('express');\nconst r0 = require('./routes/r0');\nmodule.exports = express().use(r0);\n")
	for i := 0; i < 500; i++ {
		put(fmt.Sprintf("node_modules/pkg%d/package.json", i), fmt.Sprintf(`{"name":"pkg%d","version":"1.0.0"}`, i))
		put(fmt.Sprintf("node_modules/pkg%d/index.js", i), "module.exports = 1\n")
	}
	for i := 0; i < n-1004; i++ {
		switch i % 4 {
		case 0:
			put(fmt.Sprintf("src/components/c%d/Widget%d.jsx", i/100, i), fmt.Sprintf(`import React, { useState } from 'react';
import axios from 'axios';
import { helper } from '../../lib/util%d';

export default function Widget%d({ id }) {
  const [data, setData] = useState(null);
  async function load() {
    const res = await axios.get('/api/items/' + id);
    setData(helper(res.data));
  }
  return <div onClick={load}>{data ? data.name : 'Loading…'}</div>;
}
`, i%50, i))
		case 1:
			put(fmt.Sprintf("src/routes/r%d.js", i), fmt.Sprintf(`const router = require('express').Router();
const { fetchUser } = require('../services/s%d');
router.get('/u/:id', async (req, res, next) => {
  try {
    const user = await fetchUser(req.params.id);
    res.json(user);
  } catch (err) {
    next(err);
  }
});
module.exports = router;
`, i%50))
		case 2:
			put(fmt.Sprintf("src/lib/util%d.ts", i), `export interface Item { id: string; name: string }
export function helper(x: Item[]): Item | null {
  return x.length ? x[0] : null;
}
export const format = (n: number): string => n.toFixed(2);
`)
		default:
			put(fmt.Sprintf("src/services/s%d.js", i), `const axios = require('axios');
async function fetchUser(id) {
  const { data } = await axios.get(process.env.API_URL + '/users/' + id);
  return data;
}
module.exports = { fetchUser };
`)
		}
	}
	return dir
}

// BenchmarkScan10k scans a 10,000-file project tree.
func BenchmarkScan10k(b *testing.B) {
	dir := makeTree(b, 10_000)
	b.ResetTimer()
	reportCPU(b, func() {
		for i := 0; i < b.N; i++ {
			rep, err := Scan(context.Background(), dir, Options{Intel: testIntel{}})
			if err != nil {
				b.Fatal(err)
			}
			if rep.Verdict >= Suspicious {
				b.Fatalf("benign tree: %s %+v", rep.Verdict, rep.Findings[:1])
			}
		}
	})
}
