"""Enums used by the docs' samples. They are `str` subclasses: a plain string works too."""

from enum import Enum


class Action(str, Enum):
    """`adjust_billing_credit_balance`: whether to add or remove credit."""

    INCREASE = "increase"
    DECREASE = "decrease"


class UsersGetOrganizationInvitationsQueryParamStatus(str, Enum):
    """`get_organization_invitations`: filter by invitation status."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"
