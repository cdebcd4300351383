import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react(), inlineSvg()],
});

function inlineSvg() {
  return { name: 'inline-svg', transform(code: string) { return code; } };
}
