"""Result models, request shapes, enums and errors of `clerk_backend`."""

from ._base import ClerkModel
from ._enums import Action, UsersGetOrganizationInvitationsQueryParamStatus
from ._errors import (
    ClerkBaseError,
    ClerkConnectionError,
    ClerkErrors,
    ClerkErrorsData,
    ClerkInternalError,
    ClerkTimeoutError,
    ResponseValidationError,
    SDKError,
)
from ._requests import (
    File,
    FileTypedDict,
    GetUserListRequest,
    GetUserListRequestTypedDict,
    GetUsersCountRequest,
    GetUsersCountRequestTypedDict,
)
from ._results import (
    BillingSubscription,
    CreditBalance,
    CreditLedgerEntry,
    DeletedObject,
    OAuthAccessToken,
    OrganizationInvitations,
    OrganizationMemberships,
    TotalCount,
    User,
    UserIdResponse,
    VerifyPasswordResponse,
    VerifyTotpResponse,
)

__all__ = [
    "Action",
    "BillingSubscription",
    "ClerkBaseError",
    "ClerkConnectionError",
    "ClerkErrors",
    "ClerkErrorsData",
    "ClerkInternalError",
    "ClerkModel",
    "ClerkTimeoutError",
    "CreditBalance",
    "CreditLedgerEntry",
    "DeletedObject",
    "File",
    "FileTypedDict",
    "GetUserListRequest",
    "GetUserListRequestTypedDict",
    "GetUsersCountRequest",
    "GetUsersCountRequestTypedDict",
    "OAuthAccessToken",
    "OrganizationInvitations",
    "OrganizationMemberships",
    "ResponseValidationError",
    "SDKError",
    "TotalCount",
    "User",
    "UserIdResponse",
    "UsersGetOrganizationInvitationsQueryParamStatus",
    "VerifyPasswordResponse",
    "VerifyTotpResponse",
]
