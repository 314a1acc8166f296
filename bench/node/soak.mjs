// Soak: many calls at high concurrency against the emulator, through the Node package.
//   node soak.mjs --url URL --calls N --concurrency C --ours-path REPO
// Prints one JSON line: resident memory after the first 10 % of the calls (warm-up) and after all
// of them, and the errors seen, by class. Each call is a `get` whose result is read.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    calls: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
    'ours-path': { type: 'string' },
  },
});
const require = createRequire(import.meta.url);
const { Clerk } = require(args['ours-path']);
const calls = Number(args.calls);
const concurrency = Number(args.concurrency);
const clerk = new Clerk({ bearerAuth: 'sk_test_soak', serverUrl: `${args.url}/v1`, retryConfig: null });
const user = await clerk.users.create({ firstName: 'Soak', emailAddress: ['soak-node@example.com'] });
const warmUp = Math.max(1, Math.floor(calls / 10));
const errors = {};
const marks = {};
let started = 0;
let finished = 0;

async function worker() {
  while (started < calls) {
    started++;
    try {
      const got = await clerk.users.get({ userId: user.id });
      if (got.firstName !== 'Soak' || got.emailAddresses[0].emailAddress !== 'soak-node@example.com') {
        throw new Error('unexpected user');
      }
    } catch (error) {
      const name = error?.constructor?.name ?? 'Error';
      errors[name] = (errors[name] ?? 0) + 1;
    }
    finished++;
    if (finished === warmUp || finished === calls) marks[finished] = Math.round(process.memoryUsage().rss / 1024);
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
console.log(JSON.stringify({
  language: 'node', calls, concurrency, rss_warm_kib: marks[warmUp], rss_end_kib: marks[calls], errors,
}));
