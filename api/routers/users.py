"""/me, /tokens/current, and the admin-only /users: who is calling, revoking tokens, managing users."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AdminUser, AppSettings, Caches, CurrentUser, Db, Token
from api.requests import StrictJsonRoute
from api.schemas import ERRORS, CreatedUser, IdPath, UserCreate, UserOut
from services.database.tables import User
from services.domain import users

router = APIRouter(route_class=StrictJsonRoute, tags=["users"], responses=ERRORS)


@router.get("/me", response_model=UserOut, summary="The calling user")
def me(db: Db, user: CurrentUser) -> UserOut:
    row, tokens = users.profile(db, user)
    return _user_out(row, tokens)


def _user_out(user: User, tokens: int) -> UserOut:
    return UserOut(
        id=user.id, name=user.name, is_admin=user.is_admin, created_at=user.created_at, tokens=tokens
    )


@router.delete("/tokens/current", status_code=204, summary="Revoke the token this request carries")
def revoke_current(db: Db, user: CurrentUser, caches: Caches, token: Token) -> None:
    users.sign_out(db, token)
    caches.tokens_revoked()


@router.get("/users", response_model=list[UserOut], summary="All users (administrators only)")
def list_users(db: Db, admin: AdminUser) -> list[UserOut]:
    return [_user_out(u, count) for u, count in users.users_with_token_counts(db)]


@router.post(
    "/users", status_code=201, response_model=CreatedUser, summary="Create a user (administrators only)"
)
def add_user(body: UserCreate, db: Db, admin: AdminUser, settings: AppSettings) -> CreatedUser:
    user, token = users.register(db, body.name, body.admin, settings.token_days)
    return CreatedUser(user=_user_out(user, 1), token=token)


@router.delete(
    "/users/{user_id}/tokens", status_code=204, summary="Revoke all of a user's tokens (administrators)"
)
def revoke_user_tokens(user_id: IdPath, db: Db, admin: AdminUser, caches: Caches) -> None:
    users.revoke_tokens_of(db, user_id)
    caches.tokens_revoked()
