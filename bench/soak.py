"""Soak: many calls at high concurrency against the emulator, through the Python package.

soak.py --url URL --calls N --concurrency C   (URL: an emulator, e.g. `clerk-emulator --port 0`)

Prints one JSON line: resident memory after the first 10 % of the calls (warm-up) and after all
of them, and the errors seen, by class. Each call is a `get` whose result is read.
"""

import argparse
import asyncio
import collections
import json
import os


def rss_kib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


async def soak(url, calls, concurrency):
    from clerk_backend import Clerk

    clerk = Clerk(bearer_auth="sk_test_soak", server_url=url + "/v1", retry_config=None)
    user = clerk.users.create(first_name="Soak", email_address=["soak-python@example.com"])
    started = finished = 0
    errors = collections.Counter()
    marks = {}
    warm_up = max(1, calls // 10)

    async def worker():
        nonlocal started, finished
        while started < calls:
            started += 1
            try:
                got = await clerk.users.get_async(user_id=user.id)
                assert got.first_name == "Soak" and got.email_addresses[0].email_address == "soak-python@example.com"
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors[type(error).__name__] += 1
            finished += 1
            if finished in (warm_up, calls):
                marks[finished] = rss_kib()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return dict(language="python", calls=calls, concurrency=concurrency, rss_warm_kib=marks[warm_up],
                rss_end_kib=marks[calls], errors=dict(errors))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(soak(args.url, args.calls, args.concurrency))), flush=True)


if __name__ == "__main__":
    main()
