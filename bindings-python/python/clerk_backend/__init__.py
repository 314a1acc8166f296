"""clerk_backend: a fast, correct client for the users API of Clerk's Backend API.

Mirrors `clerk.users.*` of Clerk's official Python SDK on a Rust core::

    from clerk_backend import Clerk

    with Clerk(bearer_auth="sk_test_...") as clerk:
        user = clerk.users.get(user_id="user_123")
"""

from . import models, utils
from ._client import Clerk
from ._native import VERSION as __version__
from ._users import Users
from .models import Action, UsersGetOrganizationInvitationsQueryParamStatus
from .utils import BackoffStrategy, RateLimit, RetryConfig

__all__ = [
    "Action",
    "BackoffStrategy",
    "Clerk",
    "RateLimit",
    "RetryConfig",
    "Users",
    "UsersGetOrganizationInvitationsQueryParamStatus",
    "__version__",
    "models",
    "utils",
]
