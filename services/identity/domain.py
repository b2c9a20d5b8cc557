"""Identity's domain: users and roles, in plain Python."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.errors import InvalidArgument
from services.runtime.resource_versions import etag

ROLE_CUSTOMER = "customer"
ROLE_ADMIN = "admin"

# Who may reach another user's profile: only admins; to anyone else it does not exist.
ME = "me"


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding blanks."""
    normalized = email.strip().lower()
    local, at, domain = normalized.partition("@")
    if not at or not local or "." not in domain:
        raise InvalidArgument.field("email", "must be a valid email address")
    return normalized


def display_name(value: str, field: str = "display_name") -> str:
    """Blanks collapsed; control and invisible formatting characters (bidi overrides, zero-width) dropped, so a
    name cannot reorder or hide text where it is shown (mail, pages)."""
    visible = "".join(ch for ch in value if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)
    cleaned = " ".join(visible.split())
    if not cleaned:
        raise InvalidArgument.field(field, "must not be blank")
    return cleaned


@dataclass(frozen=True)
class User:
    id: str
    email: str
    display_name: str
    role: str
    create_time: datetime
    update_time: datetime
    version: int
    # Whether the user confirmed their email address (VerifyEmail, or a password reset by mail).
    email_verified: bool = False

    @property
    def name(self) -> str:
        return f"users/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)


@dataclass(frozen=True)
class Session:
    """What Login and RefreshSession hand out."""

    user: User
    access_token: str
    access_token_expire_time: datetime
    refresh_token: str
    refresh_token_expire_time: datetime


# The address book: a user keeps at most this many shipping addresses; `.../addresses/default` names the default.
MAX_SAVED_ADDRESSES = 20
DEFAULT_ADDRESS = "default"


@dataclass(frozen=True)
class SavedAddress:
    id: str
    user_id: str
    label: str
    # The shop.shipping.v1.Address, as a JSON object (services/runtime/json_messages.py).
    address: dict[str, Any]
    default: bool
    create_time: datetime
    update_time: datetime
    version: int

    @property
    def name(self) -> str:
        return f"users/{self.user_id}/addresses/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)
