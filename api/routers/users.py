"""/me, /tokens/current, and the admin-only /users: who is calling, revoking tokens, managing users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy import func, select

from api.deps import AdminUser, AppSettings, CurrentUser, Db, current_token, forget_tokens
from api.schemas import ERRORS, CreatedUser, UserCreate, UserOut
from services.database.tables import ApiToken, User
from services.users import create_user, revoke_all, revoke_token

router = APIRouter(tags=["users"], responses=ERRORS)


def _revoked(request: Request) -> None:
    forget_tokens()
    request.app.state.cache.tokens_revoked()


@router.get("/me", response_model=UserOut, summary="The calling user")
def me(user: CurrentUser) -> UserOut:
    return UserOut(id=user.id, name=user.name, is_admin=user.is_admin)


@router.delete("/tokens/current", status_code=204, summary="Revoke the token this request carries")
def revoke_current(
    db: Db, user: CurrentUser, request: Request, token: Annotated[str | None, Depends(current_token)]
) -> None:
    assert token is not None  # current_user has checked it
    revoke_token(db, token)
    db.commit()
    _revoked(request)


@router.get("/users", response_model=list[UserOut], summary="All users (administrators only)")
def list_users(db: Db, admin: AdminUser) -> list[UserOut]:
    counts = dict(db.execute(select(ApiToken.user_id, func.count()).group_by(ApiToken.user_id)).all())
    users = db.execute(select(User).order_by(User.id)).scalars()
    return [
        UserOut(
            id=u.id, name=u.name, is_admin=u.is_admin, created_at=u.created_at, tokens=counts.get(u.id, 0)
        )
        for u in users
    ]


@router.post(
    "/users", status_code=201, response_model=CreatedUser, summary="Create a user (administrators only)"
)
def add_user(body: UserCreate, db: Db, admin: AdminUser, settings: AppSettings) -> CreatedUser:
    try:
        user, token = create_user(db, body.name, body.admin, settings.token_days)
    except ValueError as exc:
        raise HTTPException(409 if "exists" in str(exc) else 422, str(exc)) from exc
    db.commit()
    return CreatedUser(user=UserOut(id=user.id, name=user.name, is_admin=user.is_admin), token=token)


@router.delete(
    "/users/{user_id}/tokens", status_code=204, summary="Revoke all of a user's tokens (administrators)"
)
def revoke_user_tokens(user_id: int, db: Db, admin: AdminUser, request: Request) -> None:
    if db.get(User, user_id) is None:
        raise HTTPException(404, f"user {user_id} not found")
    revoke_all(db, user_id)
    db.commit()
    _revoked(request)
