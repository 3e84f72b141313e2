"""Statistics behind `framing compare`: pure numpy/pandas functions, no I/O.

Everything that needs randomness takes a seeded ``numpy.random.Generator`` (or a seed) so results are
reproducible. Resampling is always done over ARTICLES, never sentences: sentences of one article are not
independent, and treating them as such would make intervals too narrow and tests too eager.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

#: Minimum expected cell count for trusting the chi-square approximation (Cochran's rule of thumb).
MIN_EXPECTED = 5.0
#: Below this tpr − fpr gap, adjusted classify-and-count divides by (nearly) zero and is not reported.
MIN_ACC_GAP = 0.1

_CHUNK_CELLS = 4_000_000  # resample matrix cells held in memory at once (keeps RAM flat for large groups)


def as_rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Return ``seed`` if it already is a Generator, otherwise a new Generator seeded with it."""
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


# --------------------------------------------------------------------------------------------------------------
# Prevalence estimators
# --------------------------------------------------------------------------------------------------------------


def cc(labels: np.ndarray) -> np.ndarray:
    """Classify-and-count: the share of sentences predicted positive, per column of a (n, k) boolean array."""
    return np.asarray(labels, dtype=float).mean(axis=0)


def pcc(probs: np.ndarray) -> np.ndarray:
    """Probabilistic classify-and-count: the mean calibrated probability, per column of a (n, k) array."""
    return np.asarray(probs, dtype=float).mean(axis=0)


def acc(cc_share: np.ndarray | float, tpr: np.ndarray | float, fpr: np.ndarray | float,
        min_gap: float = MIN_ACC_GAP) -> np.ndarray:
    """Adjusted classify-and-count (cc − fpr) / (tpr − fpr), clipped to [0, 1].

    Undefined (NaN) where tpr − fpr < ``min_gap``: a classifier that barely separates the classes would turn
    tiny changes of the raw share into huge swings of the estimate. Broadcasts over arrays.
    """
    cc_share, tpr, fpr = (np.asarray(x, dtype=float) for x in (cc_share, tpr, fpr))
    gap = tpr - fpr
    safe = gap >= min_gap
    est = (cc_share - fpr) / np.where(safe, gap, 1.0)
    return np.where(safe, np.clip(est, 0.0, 1.0), np.nan)


# --------------------------------------------------------------------------------------------------------------
# Article-level bootstrap
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareCI:
    """Point estimates of k shares with percentile bootstrap interval bounds (arrays of length k)."""

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray


def bootstrap_share(article: Sequence, values: np.ndarray, n_boot: int = 1000,
                    seed: int | np.random.Generator | None = 0, level: float = 0.95,
                    transform: Callable[[np.ndarray], np.ndarray] | None = None) -> ShareCI:
    """Share of sentences (mean of each column of ``values``) with an article-level percentile bootstrap CI.

    ``article`` gives each sentence's article id; each resample draws the group's articles with replacement
    and recomputes sum(values) / n_sentences over the drawn articles, so sentences of one article stay together.
    ``transform`` (e.g. ACC) is applied to the point estimate and to every replicate alike.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    if len(values) == 0:
        raise ValueError("Cannot bootstrap a share of zero sentences.")
    codes, _ = pd.factorize(pd.Series(article), sort=False)
    m = codes.max() + 1
    sums = np.zeros((m, values.shape[1]))
    np.add.at(sums, codes, values)
    sizes = np.bincount(codes, minlength=m).astype(float)
    f = transform if transform is not None else (lambda x: x)
    estimate = f(sums.sum(axis=0) / sizes.sum())

    rng = as_rng(seed)
    reps = np.empty((n_boot, values.shape[1]))
    chunk = max(1, _CHUNK_CELLS // m)
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        draws = rng.integers(0, m, size=(b, m))
        # weights[i, a] = how often article a was drawn in resample i
        weights = np.bincount((draws + m * np.arange(b)[:, None]).ravel(), minlength=b * m).reshape(b, m)
        reps[start:start + b] = f((weights @ sums) / (weights @ sizes)[:, None])
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(reps, [alpha, 1.0 - alpha], axis=0)
    return ShareCI(estimate=np.asarray(estimate), low=low, high=high)


# --------------------------------------------------------------------------------------------------------------
# Contingency tables
# --------------------------------------------------------------------------------------------------------------


def expected_counts(table: np.ndarray) -> np.ndarray:
    """Expected cell counts under independence of rows and columns: row total × column total / grand total."""
    table = np.asarray(table, dtype=float)
    return table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()


def _chi2_stat(tables: np.ndarray) -> np.ndarray:
    """Pearson chi-square of one table (r, c) or a stack (..., r, c); empty rows/columns contribute 0."""
    tables = np.asarray(tables, dtype=float)
    expected = (tables.sum(axis=-1, keepdims=True) * tables.sum(axis=-2, keepdims=True)
                / tables.sum(axis=(-2, -1), keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        cells = np.where(expected > 0, (tables - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=(-2, -1))


def cramers_v(table: np.ndarray, bias_corrected: bool = False) -> float:
    """Cramér's V effect size of an (r, c) table, in [0, 1].

    Plain V = sqrt(chi2 / (N (min(r, c) − 1))) matches scipy.stats.contingency.association(method="cramer");
    ``bias_corrected=True`` gives Bergsma's (2013) correction, which removes the upward bias of small samples.
    """
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    r, c = table.shape
    n = table.sum()
    if min(r, c) < 2:
        return float("nan")
    phi2 = _chi2_stat(table) / n
    if not bias_corrected:
        return float(np.sqrt(phi2 / (min(r, c) - 1)))
    phi2c = max(0.0, phi2 - (r - 1) * (c - 1) / (n - 1))
    rc, cc_ = r - (r - 1) ** 2 / (n - 1), c - (c - 1) ** 2 / (n - 1)
    return float(np.sqrt(phi2c / min(rc - 1, cc_ - 1)))


def adjusted_residuals(table: np.ndarray) -> np.ndarray:
    """Standardized (adjusted) Pearson residuals (O − E) / sqrt(E (1 − row/N)(1 − col/N)).

    Roughly standard normal under independence, so |r| > 2 marks a cell clearly above or below expectation.
    Same as statsmodels ``Table(table, shift_zeros=False).standardized_resids``; NaN in empty rows/columns.
    """
    table = np.asarray(table, dtype=float)
    n = table.sum()
    rows, cols = table.sum(axis=1, keepdims=True), table.sum(axis=0, keepdims=True)
    expected = rows * cols / n
    with np.errstate(invalid="ignore", divide="ignore"):
        return (table - expected) / np.sqrt(expected * (1 - rows / n) * (1 - cols / n))


@dataclass(frozen=True)
class ChiSquareResult:
    """Test of independence of groups (rows) and categories (columns) of a count table."""

    statistic: float
    dof: int
    p: float
    method: str  # "chi2" (asymptotic) or "permutation" (group labels of articles shuffled)
    min_expected: float
    cramers_v: float  # plain (not bias-corrected)
    n: float  # total count in the table
    n_permutations: int  # 0 when method == "chi2"
    shape: tuple[int, int]  # rows × columns of the table tested, after dropping empty rows and columns


def group_table(counts: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum per-unit count rows (m, c) into a (n_groups, c) table by integer group code (m,)."""
    counts = np.asarray(counts, dtype=float)
    out = np.zeros((n_groups, counts.shape[1]))
    np.add.at(out, np.asarray(groups), counts)
    return out


def permutation_chi2(counts: np.ndarray, groups: np.ndarray, n_perm: int = 2000,
                     seed: int | np.random.Generator | None = 0) -> tuple[float, float]:
    """Chi-square statistic and its permutation p-value, shuffling the group labels of ARTICLES.

    ``counts`` has one row per article (its sentence counts per category), ``groups`` the article's group code.
    Returns (observed statistic, p) with p = (1 + #{perm ≥ observed}) / (1 + n_perm).
    """
    counts = np.asarray(counts, dtype=float)
    codes = np.unique(np.asarray(groups), return_inverse=True)[1]
    g, (m, c) = codes.max() + 1, counts.shape
    observed = float(_chi2_stat(group_table(counts, codes, g)))
    rng = as_rng(seed)
    hits = 0
    chunk = max(1, _CHUNK_CELLS // max(m, g * c))
    for start in range(0, n_perm, chunk):
        b = min(chunk, n_perm - start)
        perm = rng.permuted(np.broadcast_to(codes, (b, m)), axis=1)
        cell = (perm + g * np.arange(b)[:, None]).ravel()
        tables = np.stack([np.bincount(cell, weights=np.tile(counts[:, j], b), minlength=b * g)
                           for j in range(c)], axis=-1).reshape(b, g, c)
        hits += int(np.sum(_chi2_stat(tables) >= observed * (1 - 1e-9) - 1e-12))
    return observed, (1 + hits) / (1 + n_perm)


def independence_test(counts: np.ndarray, groups: np.ndarray, min_expected: float = MIN_EXPECTED,
                      n_perm: int = 2000, seed: int | np.random.Generator | None = 0) -> ChiSquareResult | None:
    """Chi-square test that the category mix is the same in every group, from per-article counts.

    Builds the group × category table by summing articles' rows; empty rows and columns are dropped.
    Uses the asymptotic chi-square (no Yates correction) when every expected count is ≥ ``min_expected``,
    otherwise the article-label permutation test. Returns None when fewer than two rows or columns remain.
    """
    counts = np.asarray(counts, dtype=float)
    codes = np.unique(np.asarray(groups), return_inverse=True)[1]
    table = group_table(counts, codes, codes.max() + 1)
    keep_rows, keep_cols = table.sum(axis=1) > 0, table.sum(axis=0) > 0
    table = table[keep_rows][:, keep_cols]
    if min(table.shape) < 2:
        return None
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    e_min = float(expected_counts(table).min())
    v = cramers_v(table)
    if e_min >= min_expected:
        res = sps.chi2_contingency(table, correction=False)
        return ChiSquareResult(float(res.statistic), dof, float(res.pvalue), "chi2", e_min, v, float(table.sum()), 0,
                                table.shape)
    keep_articles = keep_rows[codes]
    stat, p = permutation_chi2(counts[keep_articles][:, keep_cols], codes[keep_articles], n_perm, seed)
    return ChiSquareResult(stat, dof, p, "permutation", e_min, v, float(table.sum()), n_perm, table.shape)


def bh_adjust(p: Sequence[float], alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg adjusted p-values and rejections (false discovery rate ``alpha``); NaNs pass through."""
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p, dtype=float)
    p_adj, reject = np.full(p.shape, np.nan), np.zeros(p.shape, dtype=bool)
    ok = ~np.isnan(p)
    if ok.any():
        reject[ok], p_adj[ok] = multipletests(p[ok], alpha=alpha, method="fdr_bh")[:2]
    return p_adj, reject


# --------------------------------------------------------------------------------------------------------------
# Distinctive terms: Monroe, Colaresi & Quinn (2008) log-odds ratio with informative Dirichlet prior
# --------------------------------------------------------------------------------------------------------------

# Words (letters/digits, inner apostrophes) or dotted acronyms such as "u.s."; bigrams never cross punctuation.
_TOKEN = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?|[^\W_]+(?:'[^\W_]+)*")
_BREAK = re.compile(r"[,;:!?()\[\]{}\"“”«»/|]|\s[-–—]+\s|(?<!\.[^\W\d_])\.\s")
_DIGIT = re.compile(r"\d")


@functools.cache
def _stop_words() -> frozenset[str]:
    """English stop words (scikit-learn's list) plus reporting fillers common in news."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "also", "according", "told", "just",
                                           "mr", "ms", "mrs", "e.g", "i.e"}


def tokenize(text: str) -> list[str]:
    """Lower-cased unigrams and bigrams of ``text``, without stop words, numbers or one-letter words.

    A bigram joins two adjacent words of one clause (punctuation breaks it) and is kept only when both words are.
    Possessive 's is dropped and dotted acronyms lose their final dot ("U.S." → "u.s").
    """
    stop = _stop_words()
    unigrams, bigrams = [], []
    for clause in _BREAK.split(text.lower().replace("’", "'")):
        words = [w.rstrip(".").removesuffix("'s") for w in _TOKEN.findall(clause)]
        keep = [len(w) > 1 and w not in stop and not _DIGIT.search(w) for w in words]
        unigrams += [w for w, k in zip(words, keep) if k]
        bigrams += [f"{a} {b}" for a, b, ka, kb in zip(words, words[1:], keep, keep[1:]) if ka and kb]
    return unigrams + bigrams


def term_counts(texts: Iterable[str]) -> Counter:
    """Counts of unigrams and bigrams over ``texts`` (see :func:`tokenize`)."""
    counts: Counter = Counter()
    for t in texts:
        counts.update(tokenize(t))
    return counts


def log_odds_z(target: Counter, rest: Counter, prior_scale: float = 1.0) -> pd.Series:
    """Monroe et al. (2008) z-scores of the log-odds ratio of each term, ``target`` vs ``rest``.

    Informative Dirichlet prior α_w = prior_scale × (count of w in target + rest), i.e. the pooled corpus as
    background, which shrinks rare terms towards zero. Positive z: more typical of ``target``. Sorted descending.
    """
    vocab = sorted(set(target) | set(rest))
    if not vocab:
        return pd.Series(dtype=float)
    y_i = np.array([target.get(w, 0) for w in vocab], dtype=float)
    y_j = np.array([rest.get(w, 0) for w in vocab], dtype=float)
    alpha = prior_scale * (y_i + y_j)
    a0, n_i, n_j = alpha.sum(), y_i.sum(), y_j.sum()
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return pd.Series(z, index=vocab, name="z").sort_values(ascending=False, kind="stable")
