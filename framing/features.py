"""Sentence features: word and character TF-IDF n-grams plus the labelling functions' votes as binary columns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"(?u)\b\w[\w'-]*\b")
_STEMS: dict[str, str] = {}


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def stem_tokens(text: str) -> list[str]:
    """Tokenise and reduce words to Snowball stems ('negotiations' -> 'negoti'), memoised: vocabularies are small."""
    out = []
    for token in _TOKEN.findall(text):
        stem = _STEMS.get(token)
        if stem is None:
            stem = _STEMS[token] = _stemmer().stemWord(token)
        out.append(stem)
    return out


def normalise_text(text: str) -> str:
    """Fold typographic quotes and dashes and mask digits, so outlets' typography and figures are not features."""
    return _NUMBER.sub("0", text.translate(_QUOTES))


@dataclass(frozen=True)
class FeatureConfig:
    """Which features to use; recorded in the model card so a model can be rebuilt."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    labelling_functions: bool = True
    lf_weight: float = 1.0
    min_df: int = 2
    stem: bool = False

    def describe(self) -> str:
        """Short human-readable name, e.g. 'word1-2+char2-5+lf'."""
        parts = [f"{'stem' if self.stem else 'word'}{self.word_ngrams[0]}-{self.word_ngrams[1]}"]
        if self.char_ngrams:
            parts.append(f"char{self.char_ngrams[0]}-{self.char_ngrams[1]}")
        if self.labelling_functions:
            parts.append("lf")
        return "+".join(parts)

    def to_dict(self) -> dict:
        """JSON-ready form for the model card."""
        return asdict(self)


class Featurizer:
    """Fit TF-IDF vocabularies on training sentences and turn sentences into one sparse matrix."""

    def __init__(self, config: FeatureConfig = FeatureConfig()) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.config = config
        self.lf_names: list[str] = []
        self.word = TfidfVectorizer(
            ngram_range=config.word_ngrams, min_df=config.min_df, sublinear_tf=True, lowercase=True,
            tokenizer=stem_tokens if config.stem else None,
            token_pattern=None if config.stem else _TOKEN.pattern, dtype=np.float32,
        )
        self.char = (
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=config.char_ngrams, min_df=config.min_df, sublinear_tf=True,
                lowercase=True, dtype=np.float32, max_features=150_000,
            )
            if config.char_ngrams
            else None
        )

    def fit(self, texts: Sequence[str]) -> Featurizer:
        """Learn vocabularies and IDF weights from training sentences."""
        clean = [normalise_text(t) for t in texts]
        self.word.fit(clean)
        if self.char is not None:
            self.char.fit(clean)
        if self.config.labelling_functions:
            from .labelling import LABELLING_FUNCTIONS

            self.lf_names = [lf.name for lf in LABELLING_FUNCTIONS]
        return self

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """Sentences -> sparse feature matrix (word | char | labelling-function columns)."""
        from scipy.sparse import hstack

        clean = [normalise_text(t) for t in texts]
        blocks = [self.word.transform(clean)]
        if self.char is not None:
            blocks.append(self.char.transform(clean))
        if self.config.labelling_functions:
            from .labelling import lf_matrix

            blocks.append(lf_matrix(texts)[:, self._lf_columns()].astype(np.float32) * self.config.lf_weight)
        return hstack(blocks, format="csr")

    def _lf_columns(self) -> list[int]:
        """Columns of the current labelling functions that this model was trained with, in training order."""
        from .labelling import LABELLING_FUNCTIONS

        position = {lf.name: i for i, lf in enumerate(LABELLING_FUNCTIONS)}
        missing = [name for name in self.lf_names if name not in position]
        if missing:
            raise ValueError(
                f"the model uses labelling function(s) this version lacks ({', '.join(missing[:3])}); run 'make train'"
            )
        return [position[name] for name in self.lf_names]

    def feature_names(self) -> list[str]:
        """Names of the matrix columns, for explanations: 'w:talks', 'c:alks', 'lf:denial:declined'."""
        names = [f"w:{n}" for n in self.word.get_feature_names_out()]
        if self.char is not None:
            names += [f"c:{n}" for n in self.char.get_feature_names_out()]
        if self.config.labelling_functions:
            names += [f"lf:{name}" for name in self.lf_names]
        return names
