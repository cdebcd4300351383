const { spawn } = require('child_process');
const child = spawn('vite', ['--port', '5173'], { env: { ...process.env, FORCE_COLOR: '1' }, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code));
