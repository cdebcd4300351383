const express = require('express');
const app = express();
app.get('/', require('./routes'));
app.listen(3000);
