const express = require('express');
const prices = require('./routes/prices.cjs');

const app = express();
app.use(express.json());
app.use('/api/prices', prices);

app.listen(3001, () => console.log('price API on 3001'));
