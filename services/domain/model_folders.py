"""A model uploaded as the folder `save_pretrained` writes (SPEC 11): its files, or one archive of it.

The folder is staged, unpacked when it came as a .zip or .tar (plain names only: no links, no
paths that leave the folder, a bounded number of members and bytes), read and checked by
services.models.modern.folder, and kept as a `save_pretrained` folder again: config.json,
model.safetensors (shards joined into one), tokenizer.json and tokenizer_config.json.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from services.database.tables import Model, model_columns
from services.domain.access import Caller
from services.domain.errors import Invalid, TooLarge
from services.domain.uploads import check_name, keep, save_upload, upload_budget
from services.models.spec import ModelFormatError
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, artifact_store, checksum

ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz")
MAX_FILES = 64  # a save_pretrained folder holds a handful; a big model's shards a few dozen


def create(
    db: Session,
    user: Caller,
    settings: Settings,
    name: str,
    parts: Sequence[tuple[str, BinaryIO]],
    admit: Callable[[Model], None] | None = None,
) -> Model:
    """Store a model folder once it reads as a supported model (nothing is kept when refused);
    admit: called with the new row before it is kept (a checkpoint's series check), may refuse it."""
    from services.models.modern.folder import is_folder_file, read_folder, row_config

    name = check_name(name)
    if not parts:
        raise Invalid(
            "give the model folder's files under files (config.json, model.safetensors, tokenizer.json)"
        )
    if len(parts) > MAX_FILES:
        raise Invalid(f"a model folder may hold at most {MAX_FILES} files")
    store = artifact_store(settings)
    with store.staged() as staging:
        limit = upload_budget(db, user, settings)
        received = staging / "received"
        received.mkdir()
        single = Path(parts[0][0] or "").name
        if len(parts) == 1 and single.lower().endswith(ARCHIVES):
            archive = save_upload(store, staging, "folder.archive", parts[0][1], limit)
            files = _unpack(store, archive.path, received, limit - archive.bytes)
        else:
            files, used = {}, 0
            for filename, stream in parts:
                plain = _plain_name(filename)
                if plain in files:
                    raise Invalid(f"{plain} was given twice")
                stored = save_upload(store, received, plain, stream, limit - used)
                used += stored.bytes
                files[plain] = stored.path
        unknown = sorted(n for n in files if not is_folder_file(n))
        if unknown:
            raise Invalid(
                f"{', '.join(unknown)}: not a file save_pretrained writes (config.json, model.safetensors "
                "or its shards and index, tokenizer.json, tokenizer_config.json, ...); code is never run"
            )
        try:
            loaded = read_folder(files)
        except ModelFormatError as exc:
            raise Invalid(f"model refused: {exc}") from exc
        kept = _keep_folder(staging, files, loaded.state_dict)
        kept["weights"]["form"] = loaded.weights_form
        model = Model(owner_id=user.id, name=name, files=kept, **model_columns(row_config(loaded)))
        if admit is not None:
            admit(model)
        keep(db, store, staging / "kept", "models", model)
    return model


def _keep_folder(
    staging: Path, files: dict[str, Path], state_dict: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The files kept, by role, moved into staging/kept under their own names: the folder's config,
    tokenizer and weights (shards joined into one model.safetensors)."""
    from safetensors.torch import save_file

    from services.models.modern.folder import FOLDER_ROLES, WEIGHTS

    kept_dir = staging / "kept"
    kept_dir.mkdir()
    described: dict[str, dict[str, Any]] = {}
    for role, filename in FOLDER_ROLES.items():
        target = kept_dir / filename
        if filename in files:
            files[filename].rename(target)  # staged already: moved, not copied
        elif filename == WEIGHTS:
            save_file({k: v.contiguous() for k, v in state_dict.items()}, str(target))
        else:
            continue
        described[role] = checksum(target).describe()
    return described


def _plain_name(filename: str | None) -> str:
    """The file name a part was sent with, which must be a plain name (the folder is flat)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    if not name or name.startswith(".") and name != ".gitattributes" or len(name) > 200:
        raise Invalid(f"every file needs a plain file name (got {filename!r})")
    return name


def _unpack(store: ArtifactStore, archive: Path, into: Path, limit: int) -> dict[str, Path]:
    """A .zip or .tar of the folder (or of a folder holding it) unpacked: plain files only."""
    members: list[tuple[str, int, Any]] = []
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    if not info.is_dir():
                        members.append((info.filename, info.file_size, (z, info)))
                return _extract(store, members, into, limit, lambda source: source[0].open(source[1]))
        with tarfile.open(archive) as t:
            for member in t.getmembers():
                if member.isdir():
                    continue
                if not member.isfile():
                    raise Invalid(
                        f"the archive's {member.name} is a link or a device; only plain files are read"
                    )
                members.append((member.name, member.size, member))
            return _extract(store, members, into, limit, lambda source: t.extractfile(source) or io.BytesIO())
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise Invalid(f"the archive cannot be read as .zip or .tar: {exc}") from exc


def _extract(
    store: ArtifactStore, members: list[tuple[str, int, Any]], into: Path, limit: int, open_member: Any
) -> dict[str, Path]:
    """Each member copied out as an upload is (a header may understate its size: the copy counts)."""
    if len(members) > MAX_FILES:
        raise Invalid(f"the archive holds {len(members)} files; a model folder may hold at most {MAX_FILES}")
    if sum(size for _, size, _ in members) > limit:
        raise TooLarge(f"the archive unpacks to more than the limit of {limit:,} bytes")
    parents = {PurePosixPath(name).parent for name, _, _ in members}
    if len(parents) > 1 or any(
        ".." in PurePosixPath(name).parts or name.startswith("/") for name, _, _ in members
    ):
        raise Invalid(
            "the archive must hold one folder's files (config.json, model.safetensors, tokenizer.json)"
        )
    files: dict[str, Path] = {}
    used = 0
    for name, _, source in members:
        plain = PurePosixPath(name).name
        with open_member(source) as stream:
            stored = save_upload(store, into, plain, stream, limit - used)
        used += stored.bytes
        files[plain] = stored.path
    return files
