const errorHandler = require('./middlewares/errorHandler');
errorHandler();
