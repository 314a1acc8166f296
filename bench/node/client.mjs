// Node client scenarios against the canned server; one JSON line per (client, scenario, round).
//   node client.mjs --url URL --calls N --rounds R [--clients @clerk/backend,fetch,clerk-backend]
//   node client.mjs --url URL --import-cost CLIENT
//   node client.mjs --url URL --rss-growth CLIENT --calls N   (peak RSS after N sequential gets)
// CPU is process.cpuUsage() (user + system, all threads of the process).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const KEY = 'sk_test_bench';
const IN_FLIGHT = 32;
const CREATE = {
  externalId: 'ext-id-001', firstName: 'John', lastName: 'Doe', locale: 'en',
  emailAddress: ['john.doe@example.com'], phoneNumber: ['+12345678901'], username: 'johndoe123',
  password: 'Secure*Pass4', skipPasswordChecks: false, publicMetadata: { role: 'user' },
  privateMetadata: { internal_id: '789' }, unsafeMetadata: { preferences: { theme: 'dark' } },
  deleteSelfEnabled: true, createdAt: '2023-03-15T07:15:20.902Z',
};
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    url: { type: 'string' }, calls: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '@clerk/backend,fetch,clerk-backend' }, 'import-cost': { type: 'string' },
    'rss-growth': { type: 'string' },
    'ours-path': { type: 'string', default: '../..' },
  },
});

// Results are read as an application reads them: four fields of every listed user, every field of
// a fetched one (nested included).
function readFour(users, camel) {
  let n = 0;
  for (const u of users) {
    const email = camel ? u.emailAddresses[0].emailAddress : u.email_addresses[0].email_address;
    const meta = camel ? u.publicMetadata : u.public_metadata;
    n += u.id.length + (camel ? u.firstName : u.first_name).length + email.length + Object.keys(meta).length;
  }
  return n;
}

function walk(value) {
  if (value === null || typeof value !== 'object') return 1;
  let n = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) n += walk(item);
  return n;
}

async function makeClient(name) {
  if (name === '@clerk/backend') {
    const { createClerkClient } = await import('@clerk/backend');
    const clerk = createClerkClient({ secretKey: KEY, apiUrl: args.url });
    return {
      list100: async () => readFour((await clerk.users.getUserList({ limit: 100 })).data, true),
      get: async () => walk(await clerk.users.getUser('user_1')),
      create: () => clerk.users.createUser(CREATE),
    };
  }
  if (name === 'clerk-backend') {
    const { Clerk } = require(args['ours-path']);
    const clerk = new Clerk({ bearerAuth: KEY, serverUrl: `${args.url}/v1` });
    return {
      list100: async () => readFour(await clerk.users.list({ limit: 100 }), true),
      get: async () => walk(await clerk.users.get({ userId: 'user_1' })),
      create: () => clerk.users.create(CREATE),
    };
  }
  const headers = { authorization: `Bearer ${KEY}`, accept: 'application/json', 'clerk-api-version': '2025-11-10' };
  const body = JSON.stringify({ external_id: 'ext-id-001', first_name: 'John', email_address: ['john.doe@example.com'] });
  return {
    list100: async () => readFour(await (await fetch(`${args.url}/v1/users?limit=100&offset=0`, { headers })).json(), false),
    get: async () => walk(await (await fetch(`${args.url}/v1/users/user_1`, { headers })).json()),
    create: async () => (await fetch(`${args.url}/v1/users`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body,
    })).json(),
  };
}

async function measure(call, calls, inFlight) {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  let next = 0;
  const worker = async () => { while (next++ < calls) await call(); };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  return [(used.user + used.system) / 1e3 / calls, calls / seconds];
}

function report(client, scenario, round, calls, [cpuMs, perSec], extra = {}) {
  console.log(JSON.stringify({
    language: 'node', client, scenario, round, calls, cpu_ms_per_call: cpuMs, calls_per_sec: perSec,
    peak_rss_kib: process.resourceUsage().maxRSS, ...extra,
  }));
}

if (args['import-cost']) {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await makeClient(args['import-cost']);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({
    language: 'node', client: args['import-cost'], scenario: 'import_and_client', round: 0, calls: 1,
    wall_ms: Number(process.hrtime.bigint() - wall) / 1e6, cpu_ms_per_call: (used.user + used.system) / 1e3,
    peak_rss_kib: process.resourceUsage().maxRSS,
  }));
} else if (args['rss-growth']) {
  // As the Python side: a tenth of the calls to warm up, then the rest; the table shows the peak.
  const calls = Number(args.calls);
  const ops = await makeClient(args['rss-growth']);
  for (let i = 0; i < calls / 10; i++) await ops.get();
  const early = process.resourceUsage().maxRSS;
  for (let i = 0; i < calls - calls / 10; i++) await ops.get();
  console.log(JSON.stringify({
    language: 'node', client: args['rss-growth'], scenario: 'rss_after_calls', round: 0, calls,
    rss_early_kib: early, peak_rss_kib: process.resourceUsage().maxRSS,
  }));
} else {
  const calls = Number(args.calls);
  const clients = {};
  for (const name of args.clients.split(',')) {
    clients[name] = await makeClient(name);
    await clients[name].list100();
  }
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [name, ops] of Object.entries(clients)) {
      report(name, 'list100', round, calls, await measure(ops.list100, calls, 1));
      report(name, 'get', round, calls * 5, await measure(ops.get, calls * 5, 1));
      report(name, 'create', round, calls * 5, await measure(ops.create, calls * 5, 1));
      report(name, 'list100_32_in_flight', round, calls, await measure(ops.list100, calls, IN_FLIGHT));
    }
  }
}
