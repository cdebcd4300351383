const express = require('express');
require('./config/getContract');
express().listen(3000);
