const axios = require('axios');
module.exports = axios.get('https://config.example.invalid/api/settings/app');
