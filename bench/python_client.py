"""Python client scenarios against the canned server; one JSON line per (client, scenario, round).

Every list and get scenario reads its results as an application does (`list100`: four fields of
every user; `get`: every field, nested ones included); the `_untouched` rows are secondary.
`to_dict100` is `to_dict()` of every user of a fetched page (httpx+json: `json.loads` of the
same body); `field_reread` the cost of reading an already read field.

python_client.py --url URL --calls N --rounds R [--clients official,httpx,clerk_backend]
python_client.py --import-cost CLIENT      (cold import + client construction, in a bare interpreter)

CPU is the process's user + system time over all threads (`time.process_time`), so work done
on a native thread counts too.
"""

import argparse
import asyncio
import json
import resource
import sys
import time

KEY = "sk_test_bench"
IN_FLIGHT = 32
CREATE = dict(
    external_id="ext-id-001", first_name="John", last_name="Doe", locale="en",
    email_address=["john.doe@example.com"], phone_number=["+12345678901"], username="johndoe123",
    password="Secure*Pass4", skip_password_checks=False, public_metadata={"role": "user"},
    private_metadata={"internal_id": "789"}, unsafe_metadata={"preferences": {"theme": "dark"}},
    delete_self_enabled=True, created_at="2023-03-15T07:15:20.902Z",
)


def peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def walk(value):
    """Reads every field of a result, nested ones included, as code that uses all of it would."""
    if isinstance(value, dict):
        for item in value.values():
            walk(item)
    elif isinstance(value, list):
        for item in value:
            walk(item)
    else:
        names = getattr(type(value), "_clerk_fields", None) or getattr(type(value), "model_fields", None)
        if names:
            for name in names:
                walk(getattr(value, name))


def read_four(users):
    """What an application listing users reads of each: `id`, `first_name`, the first email
    address and `public_metadata`."""
    for user in users:
        user.id, user.first_name, user.email_addresses[0].email_address, user.public_metadata


def read_four_dicts(users):
    for user in users:
        user["id"], user["first_name"], user["email_addresses"][0]["email_address"], user["public_metadata"]


def typed_ops(users, read):
    """The scenarios of a client whose results are objects (`users` is its `clerk.users`)."""

    def list_read():
        page = users.list(request={"limit": 100})
        read(page)
        return page

    async def list_read_async():
        read(await users.list_async(request={"limit": 100}))

    def get_read():
        user = users.get(user_id="user_1")
        walk(user)

    return dict(
        list100=list_read,
        list100_untouched=lambda: users.list(request={"limit": 100}),
        get=get_read,
        get_untouched=lambda: users.get(user_id="user_1"),
        create=lambda: users.create(**CREATE),
        list100_async=list_read_async,
    )


def make_official(url):
    from clerk_backend_api import Clerk

    clerk = Clerk(bearer_auth=KEY, server_url=url + "/v1")
    ops = typed_ops(clerk.users, read_four)
    page = clerk.users.list(request={"limit": 100})
    ops["to_dict100"] = lambda: [user.model_dump() for user in page]
    return ops


def make_ours(url):
    from clerk_backend import Clerk

    clerk = Clerk(bearer_auth=KEY, server_url=url + "/v1")
    ops = typed_ops(clerk.users, read_four)
    page = clerk.users.list(request={"limit": 100})
    ops["to_dict100"] = lambda: [user.to_dict() for user in page]
    return ops


def make_httpx(url):
    import httpx

    headers = {"authorization": "Bearer " + KEY, "accept": "application/json",
               "clerk-api-version": "2025-11-10"}
    client = httpx.Client(base_url=url + "/v1", headers=headers)
    aclient = httpx.AsyncClient(base_url=url + "/v1", headers=headers)

    def list_page():
        return json.loads(client.get("/users", params={"limit": 100, "offset": 0}).content)

    def list_read():
        read_four_dicts(list_page())

    async def list_async():
        read_four_dicts(json.loads((await aclient.get("/users", params={"limit": 100, "offset": 0})).content))

    body = client.get("/users", params={"limit": 100, "offset": 0}).content
    return dict(
        list100=list_read,
        list100_untouched=list_page,
        get=lambda: walk(json.loads(client.get("/users/user_1").content)),
        get_untouched=lambda: json.loads(client.get("/users/user_1").content),
        create=lambda: json.loads(client.post("/users", json=CREATE).content),
        list100_async=list_async,
        # The floor of `to_dict()` of a page: `json.loads` of the same body.
        to_dict100=lambda: json.loads(body),
    )


MAKERS = {"official": make_official, "httpx+json": make_httpx, "clerk_backend": make_ours}


def measure_sync(call, calls):
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        call()
    return (time.process_time() - cpu) * 1e3 / calls, calls / (time.perf_counter() - wall)


# One loop for every round: the async HTTP clients keep connections bound to the loop they began on.
LOOP = asyncio.new_event_loop()


def measure_async(call, calls):
    async def run():
        semaphore = asyncio.Semaphore(IN_FLIGHT)

        async def one():
            async with semaphore:
                await call()

        await asyncio.gather(*(one() for _ in range(calls)))

    cpu, wall = time.process_time(), time.perf_counter()
    LOOP.run_until_complete(run())
    return (time.process_time() - cpu) * 1e3 / calls, calls / (time.perf_counter() - wall)


def report(client, scenario, rnd, calls, measured):
    cpu_ms, per_sec = measured
    print(json.dumps(dict(language="python", client=client, scenario=scenario, round=rnd, calls=calls,
                          cpu_ms_per_call=cpu_ms, calls_per_sec=per_sec, peak_rss_kib=peak_rss_kib())),
          flush=True)


def field_reread(client, url, reads):
    """ns per read of a field already read once; the baselines: an attribute of a plain object
    (its instance dict) and a `__slots__` member."""

    class PlainObject:
        def __init__(self):
            self.first_name = "Ada"

    class PlainSlot:
        __slots__ = ("first_name",)

        def __init__(self):
            self.first_name = "Ada"

    if client == "clerk_backend":
        from clerk_backend import Clerk

        obj = Clerk(bearer_auth=KEY, server_url=url + "/v1").users.get(user_id="user_1")
    elif client == "official":
        from clerk_backend_api import Clerk

        obj = Clerk(bearer_auth=KEY, server_url=url + "/v1").users.get(user_id="user_1")
    elif client == "plain object":
        obj = PlainObject()
    else:
        obj = PlainSlot()
    obj.first_name
    best = None
    for _ in range(5):
        start = time.process_time()
        for _ in range(reads // 10):
            obj.first_name; obj.first_name; obj.first_name; obj.first_name; obj.first_name
            obj.first_name; obj.first_name; obj.first_name; obj.first_name; obj.first_name
        spent = (time.process_time() - start) * 1e9 / reads
        best = spent if best is None else min(best, spent)
    return best


def scenarios(args):
    clients = {name: MAKERS[name](args.url) for name in args.clients.split(",")}
    for ops in clients.values():  # warm connections and lazy imports
        ops["list100"]()
    for rnd in range(args.rounds):
        for name, ops in clients.items():
            # The official SDK is ~10x slower: fewer calls keep rounds comparable in length.
            n = max(2, args.calls // 10) if name == "official" else args.calls
            report(name, "list100", rnd, n, measure_sync(ops["list100"], n))
            report(name, "list100_untouched", rnd, n, measure_sync(ops["list100_untouched"], n))
            report(name, "to_dict100", rnd, n, measure_sync(ops["to_dict100"], n))
            report(name, "get", rnd, n * 5, measure_sync(ops["get"], n * 5))
            report(name, "get_untouched", rnd, n * 5, measure_sync(ops["get_untouched"], n * 5))
            report(name, "create", rnd, n * 5, measure_sync(ops["create"], n * 5))
            report(name, "list100_32_in_flight", rnd, n, measure_async(ops["list100_async"], n))
    reads = 10_000 if args.calls < 50 else 1_000_000
    for client in [*(name for name in clients if name != "httpx+json"), "plain object", "plain slot"]:
        ns = field_reread(client, args.url, reads)
        # In the CPU column, as ms per read (the best of 5 runs).
        print(json.dumps(dict(language="python", client=client, scenario="field_reread", round=0, calls=reads,
                              cpu_ms_per_call=ns / 1e6)), flush=True)


# What an application runs to get a client, per client: `{url}` is the API base.
IMPORT_AND_CLIENT = {
    "official": f"from clerk_backend_api import Clerk\nClerk(bearer_auth={KEY!r}, server_url={{url!r}})",
    "clerk_backend": f"from clerk_backend import Clerk\nClerk(bearer_auth={KEY!r}, server_url={{url!r}})",
    "httpx+json": "import httpx\nhttpx.Client()",
}

# Run by `python -c` in a bare interpreter: only `time` (built in) before the measured lines, and
# the peak RSS read from /proc without importing anything (`resource` elsewhere).
IMPORT_PROBE = """\
import time
wall, cpu = time.perf_counter(), time.process_time()
{code}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
try:
    with open("/proc/self/status") as status:
        peak_kib = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    import resource
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(wall * 1e3, cpu * 1e3, peak_kib)
"""


def import_cost(client, url):
    """Cold import + client construction, then peak RSS, of a bare `python -c` process: what an
    application pays, not this harness (which has argparse, asyncio and json loaded already)."""
    import subprocess

    code = IMPORT_AND_CLIENT[client].format(url=url + "/v1")
    probe = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(code=code)], capture_output=True, text=True,
                           check=True)
    wall_ms, cpu_ms, peak_kib = probe.stdout.split()
    print(json.dumps(dict(language="python", client=client, scenario="import_and_client", round=0, calls=1,
                          wall_ms=float(wall_ms), cpu_ms_per_call=float(cpu_ms), peak_rss_kib=int(peak_kib))),
          flush=True)


def rss_growth(client, url, calls):
    """RSS after 10,000 `get` calls compared with after the first 1,000 (no growth expected)."""
    ops = MAKERS[client](url)
    for _ in range(calls // 10):
        ops["get"]()
    early = peak_rss_kib()
    for _ in range(calls - calls // 10):
        ops["get"]()
    print(json.dumps(dict(language="python", client=client, scenario="rss_after_calls", round=0, calls=calls,
                          rss_early_kib=early, peak_rss_kib=peak_rss_kib())), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", default="official,httpx+json,clerk_backend")
    parser.add_argument("--import-cost")
    parser.add_argument("--rss-growth")
    args = parser.parse_args()
    if args.import_cost:
        import_cost(args.import_cost, args.url)
    elif args.rss_growth:
        rss_growth(args.rss_growth, args.url, args.calls)
    else:
        scenarios(args)


if __name__ == "__main__":
    sys.exit(main())
