"""The result classes of the 32 operations (names as in the core's `ops` descriptions)."""

from ._base import ClerkModel

__all__ = [
    "User",
    "TotalCount",
    "DeletedObject",
    "BillingSubscription",
    "CreditBalance",
    "CreditLedgerEntry",
    "OAuthAccessToken",
    "OrganizationMemberships",
    "OrganizationInvitations",
    "VerifyPasswordResponse",
    "VerifyTotpResponse",
    "UserIdResponse",
]


class User(ClerkModel):
    """A Clerk user (`get`, `create`, `update`, `ban`, ...; items of `list`)."""

    __slots__ = ()


class TotalCount(ClerkModel):
    """`count`: `object`, `total_count`."""

    __slots__ = ()


class DeletedObject(ClerkModel):
    """`delete` and the `delete_*` operations that remove an object."""

    __slots__ = ()


class BillingSubscription(ClerkModel):
    __slots__ = ()


class CreditBalance(ClerkModel):
    __slots__ = ()


class CreditLedgerEntry(ClerkModel):
    __slots__ = ()


class OAuthAccessToken(ClerkModel):
    __slots__ = ()


class OrganizationMemberships(ClerkModel):
    """A page: `data` (the memberships) and `total_count`."""

    __slots__ = ()


class OrganizationInvitations(ClerkModel):
    """A page: `data` (the invitations) and `total_count`."""

    __slots__ = ()


class VerifyPasswordResponse(ClerkModel):
    __slots__ = ()


class VerifyTotpResponse(ClerkModel):
    __slots__ = ()


class UserIdResponse(ClerkModel):
    """`disable_mfa`, `delete_backup_codes`, `delete_totp`: `user_id`."""

    __slots__ = ()
