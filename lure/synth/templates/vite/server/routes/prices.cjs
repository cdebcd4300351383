const express = require('express');

const router = express.Router();

const sample = [
  { symbol: 'BTC', usd: 64012.5 },
  { symbol: 'ETH', usd: 3120.75 },
  { symbol: 'SOL', usd: 141.2 },
];

router.get('/', (req, res) => {
  res.json(sample);
});

module.exports = router;
