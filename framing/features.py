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
_STEMS_LIMIT = 500_000  # memo entries; cleared when full so a long scoring run keeps flat memory


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def stem_tokens(text: str) -> list[str]:
    """Tokenise and reduce words to Snowball stems ('negotiations' -> 'negoti'), memoised: vocabularies are small."""
    tokens = _TOKEN.findall(text)
    out = list(map(_STEMS.get, tokens))
    if None in out:
        if len(_STEMS) > _STEMS_LIMIT:
            _STEMS.clear()
        stem_word = _stemmer().stemWord
        for i, stem in enumerate(out):
            if stem is None:
                out[i] = _STEMS.get(tokens[i]) or _STEMS.setdefault(tokens[i], stem_word(tokens[i]))
    return out


_NAME = re.compile(r"(?<=[\w,;:'\")] )[A-Z][a-z]+(?:[-'][A-Za-z]+)*\b")


def normalise_text(text: str, mask_names: bool = False) -> str:
    """Fold typographic quotes and dashes and mask digits, so outlets' typography and figures are not features.

    With ``mask_names``, capitalised words inside the sentence (people, places, institutions) become 'Xname':
    who is named carries the topic, not the frame, and entity words otherwise dominate what a model learns.
    """
    text = _NUMBER.sub("0", text.translate(_QUOTES))
    return _NAME.sub("Xname", text) if mask_names else text


@dataclass(frozen=True)
class FeatureConfig:
    """Which features to use; recorded in the model card so a model can be rebuilt."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = None
    labelling_functions: bool = True
    lf_weight: float = 1.0
    min_df: int = 2
    stem: bool = True
    mask_names: bool = False

    def describe(self) -> str:
        """Short human-readable name, e.g. 'stem1-2+lf' or 'word1-2+char2-5+lf'."""
        parts = [f"{'stem' if self.stem else 'word'}{self.word_ngrams[0]}-{self.word_ngrams[1]}"]
        if self.char_ngrams:
            parts.append(f"char{self.char_ngrams[0]}-{self.char_ngrams[1]}")
        if self.labelling_functions:
            parts.append("lf")
        if self.mask_names:
            parts.append("masked")
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
        """Learn vocabularies and IDF weights from training sentences.

        The fitted scikit-learn vectorizers are replaced by :class:`FittedTfidf` copies that give bit-identical
        matrices faster, and load without importing scikit-learn.
        """
        clean = [normalise_text(t) for t in texts]
        self.word = FittedTfidf.from_sklearn(self.word.fit(clean))
        if self.char is not None:
            self.char = FittedTfidf.from_sklearn(self.char.fit(clean))
        if self.config.labelling_functions:
            from .labelling import LABELLING_FUNCTIONS

            self.lf_names = [lf.name for lf in LABELLING_FUNCTIONS]
        return self

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """Sentences -> sparse feature matrix (word | char | labelling-function columns)."""
        from scipy.sparse import hstack

        clean = [normalise_text(t, self.config.mask_names) for t in texts]
        blocks = [self.word.transform(clean)]
        if self.char is not None:
            blocks.append(self.char.transform(clean))
        if self.config.labelling_functions:
            from .labelling import lf_matrix

            blocks.append(lf_matrix(texts)[:, self._lf_columns()].astype(np.float32) * self.config.lf_weight)
        return hstack(blocks, format="csr")

    def __setstate__(self, state: dict) -> None:
        """Unpickle; a model saved before FittedTfidf existed gets its scikit-learn vectorizers converted."""
        self.__dict__.update(state)
        for key in ("word", "char"):
            vectorizer = self.__dict__.get(key)
            if vectorizer is not None and not isinstance(vectorizer, FittedTfidf):
                self.__dict__[key] = FittedTfidf.from_sklearn(vectorizer)

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


_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation before char_wb n-grams
_WORD_CACHE_SIZE = 100_000


class FittedTfidf:
    """A fitted ``TfidfVectorizer`` (word or char_wb analyzer) that transforms without scikit-learn.

    The matrices are bit-identical to scikit-learn's: the same n-grams and counts, ``log(tf) + 1`` and the IDF
    product in float32, and each row's L2 norm summed in float64 in column order, as scikit-learn's Cython does.
    It is faster because char_wb n-grams never cross a word, so each distinct word's vocabulary columns are
    computed once and cached, and the counting runs in scipy instead of a Python dict per sentence. It pickles as
    two arrays (the vocabulary as one UTF-8 blob plus offsets), so a saved model loads in milliseconds.
    """

    def __init__(self, terms: Sequence[str], idf: np.ndarray, analyzer: str, ngram_range: tuple[int, int],
                 token_pattern: str | None, tokenizer=None) -> None:
        self.terms = list(terms)
        self.idf_ = np.asarray(idf)
        self.analyzer = analyzer
        self.ngram_range = tuple(ngram_range)
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self._setup()

    @classmethod
    def from_sklearn(cls, vectorizer) -> FittedTfidf:
        """Copy what transform needs from a fitted TfidfVectorizer; refuse options this class does not implement."""
        params = vectorizer.get_params()
        expected = {"analyzer": ("word", "char_wb"), "lowercase": (True,), "strip_accents": (None,),
                    "preprocessor": (None,), "stop_words": (None,), "binary": (False,), "norm": ("l2",),
                    "use_idf": (True,), "sublinear_tf": (True,), "input": ("content",)}
        for key, allowed in expected.items():
            if params[key] not in allowed:
                raise ValueError(f"FittedTfidf does not implement TfidfVectorizer({key}={params[key]!r})")
        if params["analyzer"] == "word" and params["tokenizer"] is None and re.compile(params["token_pattern"]).groups:
            raise ValueError("FittedTfidf does not implement token patterns with groups")
        terms = [""] * len(vectorizer.vocabulary_)
        for term, index in vectorizer.vocabulary_.items():
            terms[index] = term
        return cls(terms, vectorizer.idf_, params["analyzer"], params["ngram_range"],
                   None if params["tokenizer"] else params["token_pattern"], params["tokenizer"])

    def _setup(self) -> None:
        self.vocabulary_ = {term: index for index, term in enumerate(self.terms)}
        self._findall = re.compile(self.token_pattern).findall if self.token_pattern else None
        self._words: dict[str, np.ndarray] = {}

    def __getstate__(self) -> dict:
        blob = "".join(self.terms)
        offsets = np.cumsum([0] + [len(t) for t in self.terms], dtype=np.int64)
        return {"blob": np.frombuffer(blob.encode("utf-8"), dtype=np.uint8), "offsets": offsets, "idf": self.idf_,
                "analyzer": self.analyzer, "ngram_range": self.ngram_range, "token_pattern": self.token_pattern,
                "tokenizer": self.tokenizer}

    def __setstate__(self, state: dict) -> None:
        blob = state["blob"].tobytes().decode("utf-8")
        bounds = state["offsets"].tolist()
        self.terms = [blob[a:b] for a, b in zip(bounds, bounds[1:])]
        self.idf_ = state["idf"]
        self.analyzer = state["analyzer"]
        self.ngram_range = tuple(state["ngram_range"])
        self.token_pattern = state["token_pattern"]
        self.tokenizer = state["tokenizer"]
        self._setup()

    def get_feature_names_out(self) -> np.ndarray:
        """Column names, in column order (as scikit-learn returns them)."""
        return np.asarray(self.terms, dtype=object)

    def _word_columns(self, word: str) -> np.ndarray:
        """Vocabulary columns of the char_wb n-grams of one word (with repeats), as scikit-learn generates them."""
        columns = self._words.get(word)
        if columns is None:
            vocabulary = self.vocabulary_
            w = " " + word + " "
            w_len = len(w)
            found = []
            for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
                offset = 0
                found.append(vocabulary.get(w[offset:offset + n]))
                while offset + n < w_len:
                    offset += 1
                    found.append(vocabulary.get(w[offset:offset + n]))
                if offset == 0:  # a short word is counted once
                    break
            columns = np.array([c for c in found if c is not None], dtype=np.int32)
            if len(self._words) >= _WORD_CACHE_SIZE:
                self._words.clear()
            self._words[word] = columns
        return columns

    def _ngram_columns(self, doc: str) -> list[int]:
        """Vocabulary columns of a document's word n-grams (with repeats)."""
        tokens = self.tokenizer(doc) if self.tokenizer is not None else self._findall(doc)
        vocabulary = self.vocabulary_
        low, high = self.ngram_range
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            if n == 2:
                grams += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
            else:
                grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
        found = list(map(vocabulary.get, grams))
        return [c for c in found if c is not None]

    def transform(self, raw_documents: Sequence[str]):
        """Documents -> L2-normalised TF-IDF rows (CSR float32, sorted indices), identical to scikit-learn's."""
        from scipy.sparse import csr_matrix

        n_docs, n_terms = len(raw_documents), len(self.terms)
        parts: list = []
        lengths = []
        if self.analyzer == "char_wb":
            cached, columns_of, sub = self._words.get, self._word_columns, _WHITE_SPACES.sub
            for doc in raw_documents:
                found = [c if (c := cached(w)) is not None else columns_of(w) for w in sub(" ", doc.lower()).split()]
                parts += found
                lengths.append(sum(map(len, found)))
            cols = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        else:
            for doc in raw_documents:
                found = self._ngram_columns(doc.lower())
                parts += found
                lengths.append(len(found))
            cols = np.array(parts, dtype=np.int32)
        # count each (row, column) pair: sort the pairs' keys, then run lengths are the counts
        key_dtype = np.int32 if n_docs * n_terms < 2**31 else np.int64  # int32 keys sort about twice as fast
        keys = np.repeat(np.arange(n_docs, dtype=key_dtype) * n_terms, lengths) + cols.astype(key_dtype)
        keys.sort()
        first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.intp)
        counts = np.diff(np.r_[first, len(keys)]).astype(np.float32)
        unique = keys[first]
        rows, indices = np.divmod(unique, n_terms) if n_terms else (unique, unique)
        indptr = np.searchsorted(rows, np.arange(n_docs + 1))
        index_dtype = np.int32 if len(unique) < 2**31 and n_terms < 2**31 else np.int64
        data = counts
        np.log(data, data)
        data += 1.0
        data *= self.idf_[indices]
        _normalize_rows_l2(data, indptr)
        return csr_matrix((data, indices.astype(index_dtype), indptr.astype(index_dtype)), shape=(n_docs, n_terms))


_PAD_LIMIT = 1 << 21  # float64 cells in the zero-padded block used to sum row norms (16 MiB)


def _normalize_rows_l2(data: np.ndarray, indptr: np.ndarray) -> None:
    """Divide each CSR row by its L2 norm in place, with scikit-learn's arithmetic: float32 squares summed in float64
    in column order (sequentially, not numpy's pairwise order), sqrt, then float64 division rounded to float32.

    The sequential sums come from a zero-padded (position, row) block reduced along axis 0, which numpy adds row
    after row; rows are taken in chunks so the block stays under ``_PAD_LIMIT`` cells.
    """
    counts = np.diff(indptr)
    n = len(counts)
    if n == 0 or len(data) == 0:
        return
    squares = (data * data).astype(np.float64)
    sums = np.zeros(n, dtype=np.float64)
    chunk = max(1, _PAD_LIMIT // max(1, int(counts.max())))
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        c = counts[a:b]
        width = int(c.max())
        if width == 0:
            continue
        lo, hi = int(indptr[a]), int(indptr[b])
        pad = np.zeros((width, b - a), dtype=np.float64)
        position = np.arange(hi - lo) - np.repeat(indptr[a:b] - lo, c)
        pad[position, np.repeat(np.arange(b - a), c)] = squares[lo:hi]
        sums[a:b] = np.add.reduce(pad, axis=0)
    per_value = np.repeat(np.sqrt(sums), counts)
    nonzero = per_value != 0.0
    data[nonzero] = (data[nonzero].astype(np.float64) / per_value[nonzero]).astype(np.float32)
