"""`clerk.users`: the 32 operations of the reference docs, sync and `*_async`.

Each method only gathers its arguments and hands them to the native core, which validates,
encodes, sends, retries and decodes; see `Users._call`.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Literal, Mapping, Optional, Tuple, Union, overload

from . import _native, models
from .utils import UNSET, OptionalNullable, RetryConfig, retry_tuple

_OPTIONS = ("retries", "server_url", "timeout_ms", "http_headers", "max_response_bytes")
# The array filters of list/count.
_LISTS = frozenset(
    {
        "email_address", "phone_number", "external_id", "username", "web3_wallet", "user_id",
        "organization_id", "provider_user_id",
    }
)
# Per operation, the array parameters: a bare string there is a mistake, not a list of characters.
_ARRAYS: Dict[str, FrozenSet[str]] = {"list": _LISTS, "count": _LISTS}


def _check_arrays(op: str, kwargs: Dict[str, Any]) -> None:
    if op not in _ARRAYS:
        _declared_arrays()  # on the first call, not at import: `inspect` is slow to import
    for name in _ARRAYS[op]:
        if isinstance(kwargs.get(name), (str, bytes)):
            raise TypeError(f"{op}(): parameter `{name}` must be a list of str, got a single str")


def _request_dict(request: Any) -> Dict[str, Any]:
    """The `request=` of list and count: a dict (TypedDict) or a model with `to_dict`/`model_dump`."""
    if request is None:
        return {}
    if isinstance(request, Mapping):
        items = request.items()
    elif hasattr(request, "to_dict"):
        items = request.to_dict().items()
    elif hasattr(request, "model_dump"):
        items = request.model_dump().items()
    else:
        raise TypeError(f"request must be a dict, got {type(request).__name__}")
    # `None` goes to the core, which knows whether it means null or "not given".
    return {k: v for k, v in items if v is not UNSET}


def _file_dict(file: Any) -> Any:
    """`set_profile_image`'s `file`: content read from a file object, str sent as UTF-8."""
    if file is None or not isinstance(file, Mapping):
        return file
    out = dict(file)
    content: Any = out.get("content")
    if hasattr(content, "read"):
        content = content.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    elif isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    out["content"] = content
    return out


def _split(op: str, args: Dict[str, Any]) -> Tuple[Dict[str, Any], Optional[Dict[str, Any]]]:
    args.pop("self", None)
    options: Dict[str, Any] = {}
    retries = args.pop("retries")
    if retries is not UNSET:
        options["retries"] = retry_tuple(retries)
    for key in _OPTIONS[1:]:
        value = args.pop(key)
        if value is not None:
            options[key] = dict(value) if key == "http_headers" else value
    if op in ("list", "count"):
        kwargs = _request_dict(args["request"])
    else:
        kwargs = {k: v for k, v in args.items() if v is not UNSET}
        if "file" in kwargs:
            kwargs["file"] = _file_dict(kwargs["file"])
    _check_arrays(op, kwargs)
    return kwargs, options or None


class Users:
    """The users operations; reached as `clerk.users`."""

    __slots__ = ("_native",)

    def __init__(self, native: _native.NativeClient) -> None:
        self._native = native

    def __repr__(self) -> str:
        return "<clerk_backend Users>"

    def _call(self, op: str, args: Dict[str, Any]) -> Any:
        kwargs, options = _split(op, args)
        return self._native.call(op, kwargs, options)

    async def _call_async(self, op: str, args: Dict[str, Any]) -> Any:
        kwargs, options = _split(op, args)
        return await self._native.call_async(op, kwargs, options)

    def list(
        self,
        request: Optional[models.GetUserListRequestTypedDict] = None,
        *,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """List all users."""
        return self._call("list", locals())  # type: ignore[no-any-return]

    async def list_async(
        self,
        request: Optional[models.GetUserListRequestTypedDict] = None,
        *,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """List all users."""
        return await self._call_async("list", locals())  # type: ignore[no-any-return]

    def create(
        self,
        *,
        external_id: OptionalNullable[str] = UNSET,
        first_name: OptionalNullable[str] = UNSET,
        last_name: OptionalNullable[str] = UNSET,
        locale: OptionalNullable[str] = UNSET,
        email_address: Optional[List[str]] = None,
        email_address_identification_status: Optional[List[str]] = None,
        phone_number: Optional[List[str]] = None,
        phone_number_identification_status: Optional[List[str]] = None,
        web3_wallet: Optional[List[str]] = None,
        username: OptionalNullable[str] = UNSET,
        password: OptionalNullable[str] = UNSET,
        password_digest: OptionalNullable[str] = UNSET,
        password_hasher: OptionalNullable[str] = UNSET,
        skip_password_checks: OptionalNullable[bool] = UNSET,
        skip_password_requirement: OptionalNullable[bool] = UNSET,
        totp_secret: OptionalNullable[str] = UNSET,
        backup_codes: Optional[List[str]] = None,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        delete_self_enabled: OptionalNullable[bool] = UNSET,
        legal_accepted_at: OptionalNullable[str] = UNSET,
        skip_legal_checks: OptionalNullable[bool] = UNSET,
        skip_user_requirement: OptionalNullable[bool] = UNSET,
        create_organization_enabled: OptionalNullable[bool] = UNSET,
        create_organizations_limit: OptionalNullable[int] = UNSET,
        created_at: OptionalNullable[str] = UNSET,
        bypass_client_trust: OptionalNullable[bool] = UNSET,
        banned: OptionalNullable[bool] = UNSET,
        locked: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Create a new user."""
        return self._call("create", locals())  # type: ignore[no-any-return]

    async def create_async(
        self,
        *,
        external_id: OptionalNullable[str] = UNSET,
        first_name: OptionalNullable[str] = UNSET,
        last_name: OptionalNullable[str] = UNSET,
        locale: OptionalNullable[str] = UNSET,
        email_address: Optional[List[str]] = None,
        email_address_identification_status: Optional[List[str]] = None,
        phone_number: Optional[List[str]] = None,
        phone_number_identification_status: Optional[List[str]] = None,
        web3_wallet: Optional[List[str]] = None,
        username: OptionalNullable[str] = UNSET,
        password: OptionalNullable[str] = UNSET,
        password_digest: OptionalNullable[str] = UNSET,
        password_hasher: OptionalNullable[str] = UNSET,
        skip_password_checks: OptionalNullable[bool] = UNSET,
        skip_password_requirement: OptionalNullable[bool] = UNSET,
        totp_secret: OptionalNullable[str] = UNSET,
        backup_codes: Optional[List[str]] = None,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        delete_self_enabled: OptionalNullable[bool] = UNSET,
        legal_accepted_at: OptionalNullable[str] = UNSET,
        skip_legal_checks: OptionalNullable[bool] = UNSET,
        skip_user_requirement: OptionalNullable[bool] = UNSET,
        create_organization_enabled: OptionalNullable[bool] = UNSET,
        create_organizations_limit: OptionalNullable[int] = UNSET,
        created_at: OptionalNullable[str] = UNSET,
        bypass_client_trust: OptionalNullable[bool] = UNSET,
        banned: OptionalNullable[bool] = UNSET,
        locked: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Create a new user."""
        return await self._call_async("create", locals())  # type: ignore[no-any-return]

    def count(
        self,
        request: Optional[models.GetUsersCountRequestTypedDict] = None,
        *,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.TotalCount:
        """Count users."""
        return self._call("count", locals())  # type: ignore[no-any-return]

    async def count_async(
        self,
        request: Optional[models.GetUsersCountRequestTypedDict] = None,
        *,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.TotalCount:
        """Count users."""
        return await self._call_async("count", locals())  # type: ignore[no-any-return]

    def get(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Retrieve a user."""
        return self._call("get", locals())  # type: ignore[no-any-return]

    async def get_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Retrieve a user."""
        return await self._call_async("get", locals())  # type: ignore[no-any-return]

    def update(
        self,
        *,
        user_id: str,
        external_id: OptionalNullable[str] = UNSET,
        first_name: OptionalNullable[str] = UNSET,
        last_name: OptionalNullable[str] = UNSET,
        locale: OptionalNullable[str] = UNSET,
        primary_email_address_id: OptionalNullable[str] = UNSET,
        notify_primary_email_address_changed: OptionalNullable[bool] = UNSET,
        primary_phone_number_id: OptionalNullable[str] = UNSET,
        primary_web3_wallet_id: OptionalNullable[str] = UNSET,
        username: OptionalNullable[str] = UNSET,
        profile_image_id: OptionalNullable[str] = UNSET,
        password: OptionalNullable[str] = UNSET,
        password_digest: OptionalNullable[str] = UNSET,
        password_hasher: OptionalNullable[str] = UNSET,
        skip_password_checks: OptionalNullable[bool] = UNSET,
        sign_out_of_other_sessions: OptionalNullable[bool] = UNSET,
        totp_secret: OptionalNullable[str] = UNSET,
        backup_codes: Optional[List[str]] = None,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        delete_self_enabled: OptionalNullable[bool] = UNSET,
        create_organization_enabled: OptionalNullable[bool] = UNSET,
        legal_accepted_at: OptionalNullable[str] = UNSET,
        skip_legal_checks: OptionalNullable[bool] = UNSET,
        create_organizations_limit: OptionalNullable[int] = UNSET,
        created_at: OptionalNullable[str] = UNSET,
        bypass_client_trust: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Update a user."""
        return self._call("update", locals())  # type: ignore[no-any-return]

    async def update_async(
        self,
        *,
        user_id: str,
        external_id: OptionalNullable[str] = UNSET,
        first_name: OptionalNullable[str] = UNSET,
        last_name: OptionalNullable[str] = UNSET,
        locale: OptionalNullable[str] = UNSET,
        primary_email_address_id: OptionalNullable[str] = UNSET,
        notify_primary_email_address_changed: OptionalNullable[bool] = UNSET,
        primary_phone_number_id: OptionalNullable[str] = UNSET,
        primary_web3_wallet_id: OptionalNullable[str] = UNSET,
        username: OptionalNullable[str] = UNSET,
        profile_image_id: OptionalNullable[str] = UNSET,
        password: OptionalNullable[str] = UNSET,
        password_digest: OptionalNullable[str] = UNSET,
        password_hasher: OptionalNullable[str] = UNSET,
        skip_password_checks: OptionalNullable[bool] = UNSET,
        sign_out_of_other_sessions: OptionalNullable[bool] = UNSET,
        totp_secret: OptionalNullable[str] = UNSET,
        backup_codes: Optional[List[str]] = None,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        delete_self_enabled: OptionalNullable[bool] = UNSET,
        create_organization_enabled: OptionalNullable[bool] = UNSET,
        legal_accepted_at: OptionalNullable[str] = UNSET,
        skip_legal_checks: OptionalNullable[bool] = UNSET,
        create_organizations_limit: OptionalNullable[int] = UNSET,
        created_at: OptionalNullable[str] = UNSET,
        bypass_client_trust: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Update a user."""
        return await self._call_async("update", locals())  # type: ignore[no-any-return]

    def delete(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user."""
        return self._call("delete", locals())  # type: ignore[no-any-return]

    async def delete_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user."""
        return await self._call_async("delete", locals())  # type: ignore[no-any-return]

    def ban(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Ban a user."""
        return self._call("ban", locals())  # type: ignore[no-any-return]

    async def ban_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Ban a user."""
        return await self._call_async("ban", locals())  # type: ignore[no-any-return]

    def unban(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unban a user."""
        return self._call("unban", locals())  # type: ignore[no-any-return]

    async def unban_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unban a user."""
        return await self._call_async("unban", locals())  # type: ignore[no-any-return]

    def bulk_ban(
        self,
        *,
        user_ids: List[str],
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """Ban multiple users."""
        return self._call("bulk_ban", locals())  # type: ignore[no-any-return]

    async def bulk_ban_async(
        self,
        *,
        user_ids: List[str],
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """Ban multiple users."""
        return await self._call_async("bulk_ban", locals())  # type: ignore[no-any-return]

    def bulk_unban(
        self,
        *,
        user_ids: List[str],
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """Unban multiple users."""
        return self._call("bulk_unban", locals())  # type: ignore[no-any-return]

    async def bulk_unban_async(
        self,
        *,
        user_ids: List[str],
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.User]:
        """Unban multiple users."""
        return await self._call_async("bulk_unban", locals())  # type: ignore[no-any-return]

    def lock(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Lock a user."""
        return self._call("lock", locals())  # type: ignore[no-any-return]

    async def lock_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Lock a user."""
        return await self._call_async("lock", locals())  # type: ignore[no-any-return]

    def unlock(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unlock a user."""
        return self._call("unlock", locals())  # type: ignore[no-any-return]

    async def unlock_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unlock a user."""
        return await self._call_async("unlock", locals())  # type: ignore[no-any-return]

    def set_profile_image(
        self,
        *,
        user_id: str,
        file: OptionalNullable[models.FileTypedDict] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Set user profile image."""
        return self._call("set_profile_image", locals())  # type: ignore[no-any-return]

    async def set_profile_image_async(
        self,
        *,
        user_id: str,
        file: OptionalNullable[models.FileTypedDict] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Set user profile image."""
        return await self._call_async("set_profile_image", locals())  # type: ignore[no-any-return]

    def delete_profile_image(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Delete user profile image."""
        return self._call("delete_profile_image", locals())  # type: ignore[no-any-return]

    async def delete_profile_image_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Delete user profile image."""
        return await self._call_async("delete_profile_image", locals())  # type: ignore[no-any-return]

    def update_metadata(
        self,
        *,
        user_id: str,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Merge and update a user's metadata."""
        return self._call("update_metadata", locals())  # type: ignore[no-any-return]

    async def update_metadata_async(
        self,
        *,
        user_id: str,
        public_metadata: Optional[Dict[str, Any]] = None,
        private_metadata: Optional[Dict[str, Any]] = None,
        unsafe_metadata: Optional[Dict[str, Any]] = None,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Merge and update a user's metadata."""
        return await self._call_async("update_metadata", locals())  # type: ignore[no-any-return]

    def get_billing_subscription(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceSubscription:
        """Retrieve a user's billing subscription."""
        return self._call("get_billing_subscription", locals())  # type: ignore[no-any-return]

    async def get_billing_subscription_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceSubscription:
        """Retrieve a user's billing subscription."""
        return await self._call_async("get_billing_subscription", locals())  # type: ignore[no-any-return]

    def get_billing_credit_balance(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceCreditBalanceResponse:
        """Retrieve a user's credit balance."""
        return self._call("get_billing_credit_balance", locals())  # type: ignore[no-any-return]

    async def get_billing_credit_balance_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceCreditBalanceResponse:
        """Retrieve a user's credit balance."""
        return await self._call_async("get_billing_credit_balance", locals())  # type: ignore[no-any-return]

    def adjust_billing_credit_balance(
        self,
        *,
        user_id: str,
        amount: int,
        action: models.Action,
        idempotency_key: str,
        currency: OptionalNullable[str] = UNSET,
        note: OptionalNullable[str] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceCreditLedgerResponse:
        """Adjust a user's credit balance."""
        return self._call("adjust_billing_credit_balance", locals())  # type: ignore[no-any-return]

    async def adjust_billing_credit_balance_async(
        self,
        *,
        user_id: str,
        amount: int,
        action: models.Action,
        idempotency_key: str,
        currency: OptionalNullable[str] = UNSET,
        note: OptionalNullable[str] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.CommerceCreditLedgerResponse:
        """Adjust a user's credit balance."""
        return await self._call_async("adjust_billing_credit_balance", locals())  # type: ignore[no-any-return]

    @overload
    def get_o_auth_access_token(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: Literal[True],
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OAuthAccessTokenPage: ...

    @overload
    def get_o_auth_access_token(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[Literal[False]] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.OAuthAccessToken]: ...

    @overload
    def get_o_auth_access_token(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[bool] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Union[List[models.OAuthAccessToken], models.OAuthAccessTokenPage]: ...

    def get_o_auth_access_token(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[bool] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Union[List[models.OAuthAccessToken], models.OAuthAccessTokenPage]:
        """Retrieve the OAuth access token of a user: a list, or with `paginated=True` the page
        Clerk answers then (`data`, `total_count`)."""
        return self._call("get_o_auth_access_token", locals())  # type: ignore[no-any-return]

    @overload
    async def get_o_auth_access_token_async(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: Literal[True],
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OAuthAccessTokenPage: ...

    @overload
    async def get_o_auth_access_token_async(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[Literal[False]] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> List[models.OAuthAccessToken]: ...

    @overload
    async def get_o_auth_access_token_async(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[bool] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Union[List[models.OAuthAccessToken], models.OAuthAccessTokenPage]: ...

    async def get_o_auth_access_token_async(
        self,
        *,
        user_id: str,
        provider: str,
        paginated: OptionalNullable[bool] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Union[List[models.OAuthAccessToken], models.OAuthAccessTokenPage]:
        """Retrieve the OAuth access token of a user: a list, or with `paginated=True` the page
        Clerk answers then (`data`, `total_count`)."""
        return await self._call_async("get_o_auth_access_token", locals())  # type: ignore[no-any-return]

    def get_organization_memberships(
        self,
        *,
        user_id: str,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationMemberships:
        """Retrieve all memberships for a user."""
        return self._call("get_organization_memberships", locals())  # type: ignore[no-any-return]

    async def get_organization_memberships_async(
        self,
        *,
        user_id: str,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationMemberships:
        """Retrieve all memberships for a user."""
        return await self._call_async("get_organization_memberships", locals())  # type: ignore[no-any-return]

    def get_organization_invitations(
        self,
        *,
        user_id: str,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        status: OptionalNullable[models.UsersGetOrganizationInvitationsQueryParamStatus] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationInvitationsWithPublicOrganizationData:
        """Retrieve all invitations for a user."""
        return self._call("get_organization_invitations", locals())  # type: ignore[no-any-return]

    async def get_organization_invitations_async(
        self,
        *,
        user_id: str,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        status: OptionalNullable[models.UsersGetOrganizationInvitationsQueryParamStatus] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationInvitationsWithPublicOrganizationData:
        """Retrieve all invitations for a user."""
        return await self._call_async("get_organization_invitations", locals())  # type: ignore[no-any-return]

    def verify_password(
        self,
        *,
        user_id: str,
        password: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.VerifyPasswordResponseBody:
        """Verify the password of a user."""
        return self._call("verify_password", locals())  # type: ignore[no-any-return]

    async def verify_password_async(
        self,
        *,
        user_id: str,
        password: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.VerifyPasswordResponseBody:
        """Verify the password of a user."""
        return await self._call_async("verify_password", locals())  # type: ignore[no-any-return]

    def verify_totp(
        self,
        *,
        user_id: str,
        code: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.VerifyTOTPResponseBody:
        """Verify a TOTP or backup code for a user."""
        return self._call("verify_totp", locals())  # type: ignore[no-any-return]

    async def verify_totp_async(
        self,
        *,
        user_id: str,
        code: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.VerifyTOTPResponseBody:
        """Verify a TOTP or backup code for a user."""
        return await self._call_async("verify_totp", locals())  # type: ignore[no-any-return]

    def disable_mfa(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Disable a user's MFA methods."""
        return self._call("disable_mfa", locals())  # type: ignore[no-any-return]

    async def disable_mfa_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Disable a user's MFA methods."""
        return await self._call_async("disable_mfa", locals())  # type: ignore[no-any-return]

    def delete_backup_codes(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Disable all user's Backup codes."""
        return self._call("delete_backup_codes", locals())  # type: ignore[no-any-return]

    async def delete_backup_codes_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Disable all user's Backup codes."""
        return await self._call_async("delete_backup_codes", locals())  # type: ignore[no-any-return]

    def delete_passkey(
        self,
        *,
        user_id: str,
        passkey_identification_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user passkey."""
        return self._call("delete_passkey", locals())  # type: ignore[no-any-return]

    async def delete_passkey_async(
        self,
        *,
        user_id: str,
        passkey_identification_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user passkey."""
        return await self._call_async("delete_passkey", locals())  # type: ignore[no-any-return]

    def delete_web3_wallet(
        self,
        *,
        user_id: str,
        web3_wallet_identification_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user web3 wallet."""
        return self._call("delete_web3_wallet", locals())  # type: ignore[no-any-return]

    async def delete_web3_wallet_async(
        self,
        *,
        user_id: str,
        web3_wallet_identification_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete a user web3 wallet."""
        return await self._call_async("delete_web3_wallet", locals())  # type: ignore[no-any-return]

    def delete_totp(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Delete all the user's TOTPs."""
        return self._call("delete_totp", locals())  # type: ignore[no-any-return]

    async def delete_totp_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeleteBackupCodeResponseBody:
        """Delete all the user's TOTPs."""
        return await self._call_async("delete_totp", locals())  # type: ignore[no-any-return]

    def delete_external_account(
        self,
        *,
        user_id: str,
        external_account_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete External Account."""
        return self._call("delete_external_account", locals())  # type: ignore[no-any-return]

    async def delete_external_account_async(
        self,
        *,
        user_id: str,
        external_account_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.DeletedObject:
        """Delete External Account."""
        return await self._call_async("delete_external_account", locals())  # type: ignore[no-any-return]

    def set_password_compromised(
        self,
        *,
        user_id: str,
        revoke_all_sessions: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Set a user's password as compromised."""
        return self._call("set_password_compromised", locals())  # type: ignore[no-any-return]

    async def set_password_compromised_async(
        self,
        *,
        user_id: str,
        revoke_all_sessions: OptionalNullable[bool] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Set a user's password as compromised."""
        return await self._call_async("set_password_compromised", locals())  # type: ignore[no-any-return]

    def unset_password_compromised(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unset a user's password as compromised."""
        return self._call("unset_password_compromised", locals())  # type: ignore[no-any-return]

    async def unset_password_compromised_async(
        self,
        *,
        user_id: str,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.User:
        """Unset a user's password as compromised."""
        return await self._call_async("unset_password_compromised", locals())  # type: ignore[no-any-return]

    def get_instance_organization_memberships(
        self,
        *,
        order_by: OptionalNullable[str] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationMemberships:
        """Get a list of all organization memberships within an instance."""
        return self._call("get_instance_organization_memberships", locals())  # type: ignore[no-any-return]

    async def get_instance_organization_memberships_async(
        self,
        *,
        order_by: OptionalNullable[str] = UNSET,
        limit: OptionalNullable[int] = UNSET,
        offset: OptionalNullable[int] = UNSET,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> models.OrganizationMemberships:
        """Get a list of all organization memberships within an instance."""
        return await self._call_async("get_instance_organization_memberships", locals())  # type: ignore[no-any-return]


def _declared_arrays() -> None:
    import inspect

    for name, fn in vars(Users).items():
        if name.startswith("_") or name.endswith("_async") or not callable(fn) or name in _ARRAYS:
            continue
        params = inspect.signature(fn).parameters.values()
        _ARRAYS[name] = frozenset(p.name for p in params if "List[" in str(p.annotation))
