"""A tour of clerk_backend against the embedded emulator: no Clerk account, no network.

    pip install .                          # from the repository root (needs a Rust toolchain)
    python examples/python/quickstart.py

`Emulator()` runs the Rust emulator of Clerk's users API inside this process, on a free port of
127.0.0.1; the same code runs against Clerk once `server_url` is dropped and a real secret key is
given.
"""

from __future__ import annotations

import asyncio
import sys
from typing import List

from clerk_backend import BackoffStrategy, Clerk, RetryConfig
from clerk_backend.models import ClerkErrors, SDKError, User
from clerk_backend.testing import Emulator

PEOPLE = [
    ("Ada", "Lovelace", "ada@example.com", "pro"),
    ("Grace", "Hopper", "grace@example.com", "free"),
    ("Alan", "Turing", "alan@example.com", "pro"),
]


async def fetch_all(clerk: Clerk, user_ids: List[str]) -> List[User]:
    """The async twins: many requests in flight at once, on one connection pool."""
    return await asyncio.gather(*(clerk.users.get_async(user_id=user_id) for user_id in user_ids))


def main() -> int:
    with Emulator() as emulator, Clerk(bearer_auth="sk_test_quickstart", server_url=emulator.url) as clerk:
        print(f"emulator listening on {emulator.url}")

        for first, last, email, plan in PEOPLE:
            user = clerk.users.create(
                first_name=first,
                last_name=last,
                email_address=[email],
                password=f"{first}-secret-password",
                public_metadata={"plan": plan},
            )
            print(f"created  {user.id} {first} {last} <{email}> plan={plan}")

        users = clerk.users.list(request={"limit": 10})
        print(f"list     newest first: {', '.join(u.first_name or '?' for u in users)}")
        [grace] = clerk.users.list(request={"query": "hopper"})
        print(f"list     query=hopper -> {grace.id} ({grace.email_addresses[0].email_address})")
        print(f"count    {clerk.users.count().total_count} users")

        updated = clerk.users.update(user_id=grace.id, first_name="Amazing Grace")
        print(f"update   {updated.id} first_name={updated.first_name!r} last_name={updated.last_name!r}")
        upgraded = clerk.users.update_metadata(user_id=grace.id, public_metadata={"plan": "pro", "seats": 5})
        print(f"metadata {upgraded.id} public_metadata={upgraded.public_metadata}")

        banned = clerk.users.ban(user_id=grace.id)
        print(f"ban      {banned.id} banned={banned.banned}")
        print(f"count    banned={clerk.users.count(request={'banned': True}).total_count}")
        unbanned = clerk.users.unban(user_id=grace.id)
        print(f"unban    {unbanned.id} banned={unbanned.banned}")

        verified = clerk.users.verify_password(user_id=grace.id, password="Grace-secret-password")
        print(f"verify   password verified={verified.verified}")
        try:
            clerk.users.verify_password(user_id=grace.id, password="wrong password")
        except SDKError as error:  # verify_password's docs table: ClerkErrors only for 500
            print(f"verify   wrong password -> {type(error).__name__} HTTP {error.status_code}")
        else:
            raise SystemExit("a wrong password was accepted")

        # Two injected 503s: the client retries them (here with a short backoff).
        emulator.fault(503, count=2)
        quick = RetryConfig("backoff", BackoffStrategy(50, 500, 1.5, 5_000), True)
        print(f"retry    two 503s, then count={clerk.users.count(retries=quick).total_count}")

        fetched = asyncio.run(fetch_all(clerk, [u.id for u in users]))
        print(f"async    fetched {len(fetched)} users concurrently: {', '.join(u.first_name or '?' for u in fetched)}")

        deleted = clerk.users.delete(user_id=grace.id)
        print(f"delete   {deleted.id} deleted={deleted.deleted}")
        try:
            clerk.users.get(user_id=grace.id)
        except ClerkErrors as error:
            first_error = error.data.errors[0]
            print(f"get      deleted user -> HTTP {error.status_code} {first_error.code} (trace {error.clerk_trace_id})")
        else:
            raise SystemExit("a deleted user was found")
        print(f"count    {clerk.users.count().total_count} users left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
