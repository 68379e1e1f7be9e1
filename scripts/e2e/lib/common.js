'use strict';
/*
 * The helpers of the real-n8n end-to-end suite and the sandbox, one module per job: paths.js,
 * processes.js, n8n.js, simulator.js, apiClient.js. Specs require them through this file.
 */
const paths = require('./paths');
const processes = require('./processes');
const n8n = require('./n8n');
const simulator = require('./simulator');
const apiClient = require('./apiClient');

module.exports = { ...paths, ...processes, ...n8n, ...simulator, ...apiClient };
