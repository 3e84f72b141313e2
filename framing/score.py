"""Score articles sentence by sentence, streaming in batches, optionally over several processes.

Rows are plain dicts (``article, outlet, date, title, sentence, text, frames, scores``) so they serialise to
JSONL/CSV directly and build a pandas table for comparison without another pass.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np

from . import FRAMES

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Article
    from .model import FramingModel

Row = dict[str, Any]
ARTICLES_PER_CHUNK = 64


def score_texts(model: FramingModel, texts: Sequence[str]) -> list[Row]:
    """Score sentences as given (no splitting): frames and calibrated probabilities per sentence."""
    probs = model.predict_proba(list(texts))
    return [
        {"text": t, "frames": _frames(p, model.thresholds), "scores": _scores(p)} for t, p in zip(texts, probs)
    ]


def _frames(probs: np.ndarray, thresholds: np.ndarray) -> list[str]:
    return [f for f, p, t in zip(FRAMES, probs, thresholds) if p >= t]


def _scores(probs: np.ndarray) -> dict[str, float]:
    return {f: round(float(p), 4) for f, p in zip(FRAMES, probs)}


def score_batch(model: FramingModel, articles: Sequence[Article], explain: int = 0) -> list[Row]:
    """Split a batch of articles and score all their sentences in one vectorised call."""
    meta: list[tuple[Article, int, str]] = [
        (article, index, text) for article in articles for index, text in enumerate(article.sentences())
    ]
    probs = model.predict_proba([text for _, _, text in meta])
    rows = []
    for (article, index, text), p in zip(meta, probs):
        row: Row = {
            "article": article.id,
            "outlet": article.outlet,
            "date": article.date,
            "title": article.title,
            "language": article.language,
            "sentence": index,
            "text": text,
            "frames": _frames(p, model.thresholds),
            "scores": _scores(p),
        }
        if explain:
            row["explain"] = {f: terms for f, terms in model.explain(text, explain).items() if f in row["frames"]}
        rows.append(row)
    return rows


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Group an article stream into lists of at most ``size`` articles."""
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


_WORKER: dict[str, Any] = {}


def _worker_score(chunk: list[Article]) -> list[Row]:
    """Pool worker: score one chunk with the model inherited from the parent process."""
    return score_batch(_WORKER["model"], chunk, _WORKER["explain"])


def score_articles(
    model: FramingModel,
    articles: Iterable[Article],
    jobs: int = 1,
    explain: int = 0,
    chunk_size: int = ARTICLES_PER_CHUNK,
) -> Iterator[Row]:
    """Yield scored sentence rows in input order, in constant memory; ``jobs > 1`` uses forked worker processes."""
    chunks = _chunks(articles, chunk_size)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield from score_batch(model, chunk, explain)
        return
    _WORKER.update(model=model, explain=explain)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for rows in pool.imap(_worker_score, chunks, chunksize=1):
            yield from rows


def article_profiles(rows: Iterable[Row]) -> list[Row]:
    """Per article: sentence count, share of sentences carrying each frame and mean probability per frame."""
    profiles: dict[str, Row] = {}
    for row in rows:
        profile = profiles.setdefault(
            row["article"],
            {"article": row["article"], "outlet": row["outlet"], "n_sentences": 0,
             "share": dict.fromkeys(FRAMES, 0.0), "mean_score": dict.fromkeys(FRAMES, 0.0)},
        )
        profile["n_sentences"] += 1
        for frame in FRAMES:
            profile["share"][frame] += frame in row["frames"]
            profile["mean_score"][frame] += row["scores"][frame]
    for profile in profiles.values():
        n = profile["n_sentences"]
        for key in ("share", "mean_score"):
            profile[key] = {f: round(v / n, 4) for f, v in profile[key].items()}
    return list(profiles.values())


def rows_to_frame(rows: Iterable[Row]) -> pd.DataFrame:
    """Scored rows -> the table the comparison reads: one row per sentence, ``p_<frame>`` and ``<frame>`` columns."""
    import pandas as pd

    records = []
    for row in rows:
        record = {k: row[k] for k in ("article", "outlet", "date", "title", "sentence", "text")}
        for frame in FRAMES:
            record[f"p_{frame}"] = row["scores"][frame]
            record[frame] = frame in row["frames"]
        records.append(record)
    columns = ["article", "outlet", "date", "title", "sentence", "text"]
    columns += [f"p_{f}" for f in FRAMES] + list(FRAMES)
    return pd.DataFrame.from_records(records, columns=columns)

