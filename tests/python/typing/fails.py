"""Must fail `mypy --strict`: a misspelt field and a wrong type are errors."""

from clerk_backend import Clerk


def misspelt(clerk: Clerk) -> None:
    user = clerk.users.get(user_id="user_1")
    print(user.frist_name)  # error: "User" has no attribute "frist_name"
    count: str = user.created_at  # error: incompatible types (int, str)
    print(count)
