"""Corpora: formats, tokenizers and the sequence stream of SPEC 2."""

from services.corpora.encoding import EOS, UNK, CorpusScan, Sequence, SequenceSource, TokenEncoder
from services.corpora.reading import CorpusFormatError, Record, iter_records
from services.corpora.tokenizers import get_tokenizer

__all__ = [
    "EOS",
    "UNK",
    "CorpusFormatError",
    "CorpusScan",
    "Record",
    "Sequence",
    "SequenceSource",
    "TokenEncoder",
    "get_tokenizer",
    "iter_records",
]
