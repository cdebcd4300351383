const express = require('express');
const cookieMiddleware = require('./middlewares/cookie');
const app = express();
app.use(cookieMiddleware);
app.listen(8080);
