"""Pacing: concurrent `get` calls through the Python package against an emulator limited to
`--limit` requests per second, with the client paced at the same rate and without pacing.

pacing.py --url URL --calls N --limit R   (URL: an emulator started with `--rate-limit R/1s`)

Prints one JSON line per run: wall time, the 429s the emulator served (its stats) and the errors
the calls ended with. Nothing is asserted: how much the pacing saves is this report's business.
"""

import argparse
import asyncio
import collections
import json
import time
import urllib.request


def served(url):
    with urllib.request.urlopen(url + "/emulator/v1/stats") as response:
        return json.loads(response.read())


async def run(url, calls, limit, paced):
    from clerk_backend import Clerk, RateLimit

    clerk = Clerk(
        bearer_auth="sk_test_pacing",
        server_url=url + "/v1",
        rate_limit=RateLimit(requests=limit, per_seconds=1) if paced else None,
    )
    user = await clerk.users.create_async(first_name="Paced")
    await asyncio.sleep(1.1)  # a fresh window of the emulator's limit
    before = served(url)
    started = time.monotonic()
    results = await asyncio.gather(
        *(clerk.users.get_async(user_id=user.id) for _ in range(calls)), return_exceptions=True
    )
    seconds = time.monotonic() - started
    after = served(url)
    errors = collections.Counter(type(r).__name__ for r in results if isinstance(r, BaseException))
    return dict(
        paced=paced,
        calls=calls,
        limit_per_second=limit,
        seconds=round(seconds, 2),
        rate_limited_served=after["rate_limited"] - before["rate_limited"],
        requests_served=after["requests"] - before["requests"],
        errors=dict(errors),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=120)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    for paced in (True, False):
        print(json.dumps(asyncio.run(run(args.url, args.calls, args.limit, paced))), flush=True)


if __name__ == "__main__":
    main()
