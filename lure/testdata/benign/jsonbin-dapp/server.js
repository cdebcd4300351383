const axios = require('axios');
async function loadTokens() {
  const res = await axios.get('https://api.npoint.io/0123456789abcdef0123');
  return JSON.parse(JSON.stringify(res.data));
}
loadTokens().then(t => console.log(t.length));
