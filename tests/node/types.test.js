'use strict';
// The TypeScript surface: `tsc --noEmit --strict` over an example program (with
// `@ts-expect-error` lines for what must not compile), and index.d.ts kept in step with the
// core: every operation's parameters and result, every model's fields.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { OPERATIONS } = require('clerk-backend');
const { REPO, toCamel } = require('./helpers.js');

const DTS = fs.readFileSync(path.join(REPO, 'bindings-node', 'index.d.ts'), 'utf8');
const TSC = path.join(REPO, 'node_modules', '.bin', 'tsc');

test('tsc --noEmit --strict over the TypeScript examples', () => {
  const out = spawnSync(TSC, ['-p', path.join(__dirname, 'types', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
});

/** `interface Name [extends A, B] { body }` and `type Name = Other;` of index.d.ts. */
function declarations() {
  const interfaces = new Map();
  for (const m of DTS.matchAll(/^export interface (\w+)(?: extends ([\w, ]+))? \{(?:\}|\n([\s\S]*?)^\})/gm)) {
    const fields = [...(m[3] ?? '').matchAll(/^ {2}(\w+)\??:/gm)].map((f) => f[1]);
    interfaces.set(m[1], { fields, parents: m[2] ? m[2].split(',').map((s) => s.trim()) : [] });
  }
  const aliases = new Map();
  for (const m of DTS.matchAll(/^export type (\w+) = (\w+);$/gm)) aliases.set(m[1], m[2]);
  return { interfaces, aliases };
}

function fieldsOf(name, decl) {
  const target = decl.aliases.get(name) ?? name;
  const found = decl.interfaces.get(target);
  assert.ok(found, `index.d.ts has no interface ${target}`);
  return [...found.parents.flatMap((p) => fieldsOf(p, decl)), ...found.fields];
}

test('index.d.ts has the parameters and result of every operation', () => {
  const decl = declarations();
  const users = /export declare class Users \{([\s\S]*?)^\}/m.exec(DTS)[1];
  const methods = new Map(
    [...users.matchAll(/^ {2}(\w+)\(\s*params(\??): (\w+),\s*options\?: RequestOptions,?\s*\): Promise<([\w[\] |]+)>;/gm)].map((m) => [
      m[1],
      { optional: m[2] === '?', params: m[3], result: m[4] },
    ]),
  );
  assert.equal(methods.size, 32);
  for (const op of OPERATIONS) {
    const method = methods.get(op.jsName);
    assert.ok(method, `Users.${op.jsName} in index.d.ts`);
    assert.deepEqual(fieldsOf(method.params, decl).sort(), [...op.params].sort(), op.jsName);
    // A result that is a list or a page (`A | B` in the core's table) is their union.
    const result = op.response.split(' | ').map((r) => r.replace(/^Vec<(\w+)>$/, '$1[]')).join(' | ');
    assert.equal(method.result, result, op.jsName);
    assert.equal(method.optional, ['list', 'count', 'getInstanceOrganizationMemberships'].includes(op.jsName), op.jsName);
  }
});

/** A `model!` of core/src/models: its name and its fields' text (with a reference name and kinds). */
const MODEL = /model!\s*\{[\s\S]*?pub struct (\w+)(?: as "\w+")?(?: kinds by "\w+" \{[^}]*\})? \{([\s\S]*?)\n {4}\}\n\}/g;

test('index.d.ts has every field of every model of the core', () => {
  const decl = declarations();
  const dir = path.join(REPO, 'core', 'src', 'models');
  let models = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.rs'))) {
    const src = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of src.matchAll(MODEL)) {
      const fields = [...m[2].matchAll(/^\s*(req|nul|opt) (\w+)(?: = "(\w+)")?:/gm)].map((f) => toCamel(f[3] ?? f[2]));
      assert.ok(decl.interfaces.has(m[1]), `index.d.ts has no interface ${m[1]}`);
      assert.deepEqual(decl.interfaces.get(m[1]).fields.sort(), fields.sort(), m[1]);
      models++;
    }
  }
  assert.ok(models >= 50, `${models} models`);
});

test('index.d.ts says which fields can be null or absent, as the core declares them', () => {
  // What a result holds (see the README): a field the server may leave out (`opt`) is `?:` and
  // may be `null` when sent so; one always sent but nullable (`nul`) is `| null`; any other
  // (`req`) holds its default when missing or null. Error bodies are written from the model,
  // which leaves out optional fields it did not get.
  const notResults = new Set(['ClerkError', 'ClerkErrorsBody']);
  const dir = path.join(REPO, 'core', 'src', 'models');
  let checked = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.rs'))) {
    const src = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of src.matchAll(MODEL)) {
      if (notResults.has(m[1])) continue;
      const body = new RegExp(`^export interface ${m[1]} extends KeptApart \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(DTS);
      assert.ok(body, `interface ${m[1]} extends KeptApart`);
      const types = new Map([...body[1].matchAll(/^ {2}(\w+)(\??): (.+);$/gm)].map((f) => [f[1], { optional: f[2] === '?', type: f[3] }]));
      for (const f of m[2].matchAll(/^\s*(req|nul|opt) (\w+)(?: = "(\w+)")?:/gm)) {
        const name = toCamel(f[3] ?? f[2]);
        const field = types.get(name);
        const at = `${m[1]}.${name}`;
        assert.ok(field, at);
        assert.equal(field.optional, f[1] === 'opt', `${at}: \`?\` only for a field the server may leave out`);
        assert.equal(field.type.endsWith(' | null'), f[1] !== 'req', `${at}: \`| null\` unless it is never null`);
        checked++;
      }
    }
  }
  assert.ok(checked > 300, `${checked} fields`);
});
