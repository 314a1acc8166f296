'use strict';
// The error table of each operation: the statuses that raise `ClerkErrors` (every other 4XX/5XX
// raises `SDKError`), from tests/vectors/tables/errors.json, which `cargo run -p clerk-codegen`
// writes from the core's table (the Python suite checks it against the reference docs).

const path = require('node:path');

const { operations } = require(path.join(__dirname, '..', 'vectors', 'tables', 'errors.json'));

module.exports = Object.fromEntries(Object.entries(operations).map(([name, row]) => [name, row.clerk_errors]));
