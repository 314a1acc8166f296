'use strict';
// The TypeScript surface: `tsc --noEmit --strict` over an example program (with
// `@ts-expect-error` lines for what must not compile), and the generated types.d.ts read back
// against the operations the addon reports.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { OPERATIONS } = require('clerk-backend');
const { REPO } = require('./helpers.js');

const TYPES = fs.readFileSync(path.join(REPO, 'bindings-node', 'types.d.ts'), 'utf8');
const TSC = path.join(REPO, 'node_modules', '.bin', 'tsc');

test('tsc --noEmit --strict over the TypeScript examples', () => {
  const out = spawnSync(TSC, ['-p', path.join(__dirname, 'types', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
});

test('types.d.ts declares every operation of the core, with its parameters and result', () => {
  // The file is generated (`cargo run -p clerk-codegen`; the codegen tests fail when it is stale):
  // this checks the generator's reading of the table against what the addon itself reports.
  const users = /export declare class Users \{([\s\S]*?)^\}/m.exec(TYPES)[1];
  for (const op of OPERATIONS) {
    const signature = new RegExp(`^ {2}${op.jsName}\\(params\\??: (\\w+), options\\?: RequestOptions\\): Promise<(.+)>;$`, 'm').exec(users);
    assert.ok(signature, `Users.${op.jsName}`);
    const result = op.response.split(' | ').map((r) => r.replace(/^Vec<(\w+)>$/, '$1[]')).join(' | ');
    assert.equal(signature[2], result, op.jsName);
    const body = new RegExp(`^export interface ${signature[1]}(?: extends (\\w+))? \\{([\\s\\S]*?)^\\}`, 'm').exec(TYPES);
    assert.ok(body, signature[1]);
    const fields = [...body[2].matchAll(/^ {2}(\w+)\??:/gm)].map((f) => f[1]);
    const inherited = body[1] ? new RegExp(`^export interface ${body[1]} \\{([\\s\\S]*?)^\\}`, 'm').exec(TYPES)[1] : '';
    fields.push(...[...inherited.matchAll(/^ {2}(\w+)\??:/gm)].map((f) => f[1]));
    assert.deepEqual(fields.sort(), [...op.params].sort(), op.jsName);
  }
});
