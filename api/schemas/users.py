"""Users, their tokens and sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.schemas.fields import Strict

# UserCreate's and UserChange's link to single sign-on (services.domain.accounts.SsoLink)
SsoSubjectLink = Annotated[
    str | None,
    Field(
        max_length=255,
        description="link the account to this single sign-on subject (the provider's `sub` claim; "
        '"" unlinks)',
    ),
]


class UserOut(BaseModel):
    id: int
    name: str
    is_admin: bool
    created_at: datetime
    tokens: int = Field(description="how many API tokens and browser sessions the user holds")
    disabled: bool = Field(False, description="a disabled user's tokens and sessions are refused")
    has_password: bool = Field(False, description="the user can sign in to the web client with a password")
    sso_subject: str | None = Field(
        None, description="the single sign-on subject (the provider's `sub`) linked to the account, if any"
    )


class UserChanged(UserOut):
    sessions_ended: int = Field(
        0, description="browser sessions this change ended: a password reset or a disable ends them all"
    )


class PasswordChanged(BaseModel):
    sessions_ended: int = Field(
        description="your other browser sessions, ended: they signed in with the old password"
    )


class UserUsage(UserOut):
    stored_bytes: int = Field(description="bytes of the user's models and corpora (what the quota counts)")
    quota_bytes: int = Field(description="the stored-bytes quota (RNNVIS_MAX_STORED_BYTES)")
    active_jobs: int = Field(description="the user's jobs queued or running")
    jobs: int = Field(description="all the user's jobs")


class UserCreate(Strict):
    name: str = Field(min_length=1, max_length=100, description="the user's name, unique")
    admin: bool = Field(False, description="an administrator sees and manages everything")
    password: str | None = Field(
        None, min_length=10, max_length=1000, description="to sign in to the web client (null: tokens only)"
    )
    sso_subject: SsoSubjectLink = None


class UserChange(Strict):
    password: str | None = Field(None, min_length=10, max_length=1000, description="a new password")
    disabled: bool | None = Field(None, description="refuse (true) or accept again (false) the user's tokens")
    admin: bool | None = Field(None, description="make or unmake an administrator")
    sso_subject: SsoSubjectLink = None


class SignIn(Strict):
    name: str = Field(min_length=1, max_length=100, description="the user's name (compared case-folded)")
    password: str = Field(
        min_length=1, max_length=1000, description="set by `rnnvis users password` or an admin"
    )


class SignInOptions(BaseModel):
    password: bool = Field(description="POST /session takes a name and password")
    sso_label: str | None = Field(
        description="single sign-on's name for a button (RNNVIS_OIDC_LABEL); null: not configured"
    )
    sso_url: str | None = Field(description="where a browser goes to sign in with single sign-on")


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: str = Field(
        description="send it in X-CSRF-Token with every request that changes something (the session cookie "
        "alone is refused there)"
    )


class PasswordChange(Strict):
    current: str = Field("", max_length=1000, description="the password now (empty when there is none)")
    new: str = Field(min_length=10, max_length=1000, description="10 to 1,000 characters")


class TokenOut(BaseModel):
    id: int
    name: str
    kind: Literal["api", "session"] = Field(description="an API token, or a browser's sign-in")
    created_at: datetime
    expires_at: datetime | None
    current: bool = Field(
        False,
        description="the token or browser session this request carries: revoking it signs this caller out",
    )


class TokenCreate(Strict):
    name: str = Field(min_length=1, max_length=100, description="what the token is for, to tell tokens apart")
    expires_days: int | None = Field(
        None,
        ge=1,
        le=3650,
        description="days until it expires (null: RNNVIS_TOKEN_DAYS). A token never outlives what "
        "made it: from a browser sign-in at most RNNVIS_SESSION_TOKEN_MAX_DAYS, from an API token "
        "at most that token's own expiry",
    )


class CreatedToken(BaseModel):
    token: TokenOut
    secret: str = Field(description="the token itself: shown once; only its hash is stored")


class CreatedUser(BaseModel):
    user: UserOut
    token: str = Field(description="shown once; only its hash is stored")
