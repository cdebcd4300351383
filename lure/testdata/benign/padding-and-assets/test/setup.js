global['fetch'] = require('node-fetch');
global['WebSocket'] = require('ws');
