"""A training's default name carries the settings that tell two trainings apart (issue 30: every web
training was "lstm language model on ptb-valid"); a name given is kept."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.schemas.trainings import TrainingCreate
from services.domain import trainings
from services.settings import Settings
from tests.domain.conftest import QueuedJobs, model_and_corpus, user


def test_default_names_carry_the_settings(db: Session, settings: Settings, workers: QueuedJobs) -> None:
    alice = user(db, "alice")
    _, corpus = model_and_corpus(db, alice)
    body = TrainingCreate(corpus_id=corpus.id, num_layers=2, hidden_size=48, epochs=6, learning_rate=0.01)
    named, _ = trainings.create(db, alice, body.model_dump(), settings, workers)
    other = body.model_copy(update={"seed": 7, "epochs": 1})
    renamed, _ = trainings.create(db, alice, other.model_dump(), settings, workers)
    assert named.name == (
        f"LSTM 2x48 language model on {corpus.name} · 6 epochs, lr 0.01, batch 32, 10,000 words, seed 0"
    )
    assert renamed.name.endswith("· 1 epoch, lr 0.01, batch 32, 10,000 words, seed 7")
    bob = user(db, "bob")  # the quota allows two jobs each
    _, bobs = model_and_corpus(db, bob)
    given = body.model_copy(update={"name": "mine", "corpus_id": bobs.id})
    assert trainings.create(db, bob, given.model_dump(), settings, workers)[0].name == "mine"
