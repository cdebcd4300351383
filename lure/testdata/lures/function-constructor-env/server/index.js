require('dotenv').config();
const auth = require('./routes/api/auth');
auth.init();
