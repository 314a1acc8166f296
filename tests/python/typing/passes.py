"""Type-checks under `mypy --strict`: result attributes have their declared types."""

from typing import Dict, List, Optional

from clerk_backend import Clerk, RateLimit
from clerk_backend.models import EmailAddress, TotalCount, User


def names(clerk: Clerk) -> List[Optional[str]]:
    users: List[User] = clerk.users.list(request={"limit": 10})
    paced = Clerk(bearer_auth="sk_test_x", rate_limit=RateLimit(requests=100, per_seconds=10), max_concurrency=8)
    every: List[User] = list(paced.users.list_all())
    user = users[0]
    first: Optional[str] = user.first_name
    email: EmailAddress = user.email_addresses[0]
    address: str = email.email_address
    metadata: Dict[str, object] = user.public_metadata
    banned: bool = user.banned
    created: int = user.created_at
    count: TotalCount = clerk.users.count(request={})
    total: int = count.total_count
    reveal_type(user.first_name)  # noqa: F821
    reveal_type(user.email_addresses[0])  # noqa: F821
    reveal_type(clerk.users.list(request={}))  # noqa: F821
    reveal_type(clerk.users.get_o_auth_access_token(user_id="u", provider="oauth_google"))  # noqa: F821
    reveal_type(clerk.users.get_o_auth_access_token(user_id="u", provider="oauth_google", paginated=True))  # noqa: F821
    reveal_type(clerk.users.list_all(request={"banned": False}, page_size=100))  # noqa: F821
    return [first, address, str(metadata), str(banned), str(created), str(total), str(every)]
