"""Request shapes, as TypedDicts (plain dicts at run time)."""

from __future__ import annotations

from typing import IO, List, TypedDict, Union


class GetUsersCountRequestTypedDict(TypedDict, total=False):
    """The filters of `count` (and `list`)."""

    email_address: List[str]
    phone_number: List[str]
    external_id: List[str]
    username: List[str]
    web3_wallet: List[str]
    user_id: List[str]
    organization_id: List[str]
    query: str
    email_address_query: str
    phone_number_query: str
    username_query: str
    name_query: str
    banned: bool
    last_active_at_before: int
    last_active_at_after: int
    last_active_at_since: int
    created_at_before: int
    created_at_after: int
    last_sign_in_at_before: int
    last_sign_in_at_after: int
    provider: str
    provider_user_id: List[str]


class GetUserListRequestTypedDict(GetUsersCountRequestTypedDict, total=False):
    """`list`: the filters of `count`, plus page and order."""

    limit: int
    offset: int
    starting_after: str
    order_by: str


class _FileRequired(TypedDict):
    file_name: str
    content: Union[bytes, IO[bytes], str]


# No `NotRequired` before Python 3.11: optional keys come from a `total=False` subclass.
class FileTypedDict(_FileRequired, total=False):
    """`set_profile_image`'s `file`: `content` is bytes, a binary file object, or text (UTF-8);
    `content_type` is guessed from the file name when not given."""

    content_type: str


# The official SDK's names for the same shapes.
GetUserListRequest = GetUserListRequestTypedDict
GetUsersCountRequest = GetUsersCountRequestTypedDict
File = FileTypedDict
