"""Result models, request shapes, enums and errors of `clerk_backend`."""

from ._base import ClerkModel
from ._enums import Action, UsersGetOrganizationInvitationsQueryParamStatus
from ._errors import (
    ClerkBaseError,
    ClerkConnectionError,
    ClerkErrors,
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
from . import _results
from ._results import *  # noqa: F403 (generated; its __all__ lists the result classes)


__all__ = [
    "Action",
    "ClerkBaseError",
    "ClerkConnectionError",
    "ClerkErrors",
    "ClerkInternalError",
    "ClerkModel",
    "ClerkTimeoutError",
    "File",
    "FileTypedDict",
    "GetUserListRequest",
    "GetUserListRequestTypedDict",
    "GetUsersCountRequest",
    "GetUsersCountRequestTypedDict",
    "ResponseValidationError",
    "SDKError",
    "UsersGetOrganizationInvitationsQueryParamStatus",
]
__all__ += _results.__all__
