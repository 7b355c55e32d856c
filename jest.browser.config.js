/** The end-to-end playground spec: headless Chromium against the real server. */
const base = require('./jest.config.js');
module.exports = { ...base, testMatch: ['**/test/browser/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 90000 };
