"""Share links' rules without the HTTP stack (SPEC 12): turned off, a maker who lost access, an
embed origin that is not one."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from services.domain import projects, share_links, sharing
from services.domain.errors import Forbidden, NotFound
from services.settings import Settings
from tests.domain.conftest import model_and_corpus, user


def test_links_turned_off_are_neither_made_nor_read(db: Session, settings: Settings) -> None:
    owner = user(db, "maker")
    model, _ = model_and_corpus(db, owner)
    made = share_links.create(db, owner, settings, "model", model.id, 30)
    assert share_links.open_link(db, settings, made.token, "192.0.2.1").resource_id == model.id
    off = settings.model_copy(update={"share_links": False})
    with pytest.raises(Forbidden, match="RNNVIS_SHARE_LINKS"):
        share_links.create(db, owner, off, "model", model.id, 30)
    with pytest.raises(NotFound, match="does not exist, has expired or was revoked"):
        share_links.open_link(db, off, made.token, "192.0.2.1")


def test_a_link_dies_with_its_makers_access(db: Session, settings: Settings) -> None:
    """A member's link to a record shared into a project stops when the record is unshared."""
    owner, member = user(db, "owner"), user(db, "member")
    model, _ = model_and_corpus(db, owner)
    project = projects.create(db, owner, "lab").project.id
    projects.add_member(db, owner, project, "member", "viewer")
    sharing.set_project(db, owner, "model", model.id, project)
    made = share_links.create(db, member, settings, "model", model.id, 30)
    assert (
        share_links.body(db, share_links.open_link(db, settings, made.token, "192.0.2.2"))["kind"] == "model"
    )
    sharing.set_project(db, owner, "model", model.id, None)
    with pytest.raises(NotFound):
        share_links.open_link(db, settings, made.token, "192.0.2.2")
    with pytest.raises(NotFound):  # the member can no longer make one either
        share_links.create(db, member, settings, "model", model.id, 30)


def test_embed_origins_must_be_origins() -> None:
    with pytest.raises(ValueError, match="not an origin"):
        Settings(embed_origins="https://lab.example; script-src *", _env_file=None)  # type: ignore[call-arg]
    allowed = Settings(embed_origins="https://lab.example, http://127.0.0.1:*", _env_file=None)  # type: ignore[call-arg]
    assert allowed.embed_ancestors == ["https://lab.example", "http://127.0.0.1:*"]
