const express = require('express');
const cookie = require('./middlewares/cookie');
const app = express();
app.use(cookie);
app.listen(3000);
