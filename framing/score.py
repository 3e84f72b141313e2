"""Score articles sentence by sentence, streaming in fixed-size sentence batches, optionally over several processes.

Rows are plain dicts (``article, outlet, date, title, language, sentence, text, frames, scores``) so they serialise
to JSONL/CSV directly and build a pandas table for comparison without another pass.

The paths give identical rows: a sentence's scores depend on its text alone (features, the linear model and the
calibration are all row-wise), so how sentences are grouped into batches or spread over processes changes nothing.

* :func:`score_batch` is the simple path: split every article given and score all sentences in one call.
* :func:`score_articles` streams: it reads articles lazily, cuts their sentences into batches of ``batch_size``
  and yields rows in input order, so memory holds one batch (per process) whatever the corpus size. With
  ``jobs > 1``, ``jobs - 1`` worker processes score chunks of articles (the model is inherited by fork, or sent
  once per worker where fork is unavailable) and the reading process scores chunks too when the workers are
  busy; a bounded number of chunks is in flight.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import FRAMES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .corpus import Article
    from .model import FramingModel

Row = dict[str, Any]
Sentence = tuple["Article", int, str]
#: What a scored batch is turned into where it is scored, in place of its rows (e.g. their output lines): a
#: picklable function of the batch's sentences, probabilities and detected-frame flags (``probs >= thresholds``)
#: returning one item per sentence.
Encode = Callable[[Sequence[Sentence], "np.ndarray", "np.ndarray"], list[Any]]

#: Sentences per vectorised model call (the bench measures bare model throughput with the same size).
BATCH_SENTENCES = 1024
#: Article text (characters) sent to a worker process in one task: about two batches of sentences.
CHUNK_CHARS = 300_000
#: Tasks in flight per worker process: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_JOB = 2

#: Columns of :func:`rows_to_frame` (and of the Parquet output), in order.
FRAME_COLUMNS = ["article", "outlet", "date", "title", "sentence", "text"] + [f"p_{f}" for f in FRAMES] + list(FRAMES)


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


def split_articles(articles: Iterable[Article]) -> Iterator[Sentence]:
    """Each article's clean sentences as ``(article, index, text)``, article by article (lazily)."""
    for article in articles:
        for index, text in enumerate(article.sentences()):
            yield article, index, text


def predict(model: FramingModel, sentences: Sequence[Sentence]) -> tuple[np.ndarray, np.ndarray]:
    """Already-split sentences' probabilities and detected-frame flags (the same values as _scores/_frames per
    row), in one vectorised call."""
    probs = model.predict_proba([text for _, _, text in sentences])
    return probs, probs >= model.thresholds


def score_sentences(model: FramingModel, sentences: Sequence[Sentence], explain: int = 0) -> list[Row]:
    """Score already-split sentences in one vectorised call and build their rows."""
    probs, detected = predict(model, sentences)
    rows = []
    for (article, index, text), flags, p in zip(sentences, detected.tolist(), probs.tolist()):
        frames = [f for f, on in zip(FRAMES, flags) if on]
        row: Row = {
            "article": article.id,
            "outlet": article.outlet,
            "date": article.date,
            "title": article.title,
            "language": article.language,
            "sentence": index,
            "text": text,
            "frames": frames,
            "scores": _scores(p),
        }
        if explain:
            row["explain"] = {f: terms for f, terms in model.explain(text, explain).items() if f in frames}
        rows.append(row)
    return rows


def score_batch(model: FramingModel, articles: Sequence[Article], explain: int = 0) -> list[Row]:
    """Split a batch of articles and score all their sentences in one vectorised call (the simple path)."""
    return score_sentences(model, list(split_articles(articles)), explain)


def sentence_batches(sentences: Iterable[Sentence], size: int = BATCH_SENTENCES) -> Iterator[list[Sentence]]:
    """Cut a sentence stream into lists of exactly ``size`` sentences (the last may be shorter)."""
    batch: list[Sentence] = []
    for sentence in sentences:
        batch.append(sentence)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _score_stream(
    model: FramingModel, articles: Iterable[Article], explain: int, batch_size: int, encode: Encode | None = None
) -> Iterator[Any]:
    for batch in sentence_batches(split_articles(articles), batch_size):
        yield from score_sentences(model, batch, explain) if encode is None else encode(batch, *predict(model, batch))


def article_chunks(articles: Iterable[Article], max_chars: int = CHUNK_CHARS) -> Iterator[list[Article]]:
    """Group an article stream into lists holding about ``max_chars`` characters of text (at least one article)."""
    chunk: list[Article] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += len(article.text) + len(article.title)
        if size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


_WORKER: dict[str, Any] = {}


def _init_worker(model: FramingModel, explain: int, batch_size: int, encode: Encode | None) -> None:
    """Pool initializer: keep the model (inherited by fork, or unpickled once under spawn) for every task."""
    _WORKER.update(model=model, explain=explain, batch_size=batch_size, encode=encode)


def _worker_score(chunk: list[Article]) -> list[Any]:
    """Pool task: split and score one chunk of articles in batches (and encode them, if asked)."""
    return list(_score_stream(_WORKER["model"], chunk, _WORKER["explain"], _WORKER["batch_size"], _WORKER["encode"]))


def score_articles(
    model: FramingModel,
    articles: Iterable[Article],
    jobs: int = 1,
    explain: int = 0,
    batch_size: int = BATCH_SENTENCES,
    chunk_chars: int = CHUNK_CHARS,
    encode: Encode | None = None,
) -> Iterator[Any]:
    """Yield scored sentence rows in input order, in constant memory; ``jobs > 1`` uses ``jobs`` processes.

    ``encode`` turns each scored batch into items where it is scored, instead of rows (``output.jsonl_lines``
    makes the rows' output lines straight from the batch's arrays), so that with ``jobs > 1`` the workers, not the
    writing process, do that work; explanations come in rows only (``explain`` needs ``encode=None``).

    The input is consumed lazily: serially one batch of sentences at a time; in parallel, chunks of about
    ``chunk_chars`` characters go to ``jobs - 1`` worker processes, and this process, which also reads (and so
    splits) the articles and writes the rows, scores a chunk itself whenever the workers already have
    ``IN_FLIGHT_PER_JOB`` chunks each; at most ``IN_FLIGHT_PER_JOB * jobs + 2`` chunks are held at any time.
    """
    if explain and encode is not None:
        raise ValueError("explanations come in rows only: score with encode=None")
    if jobs <= 1:
        yield from _score_stream(model, articles, explain, batch_size, encode)
        return
    chunks = article_chunks(articles, chunk_chars)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # a single chunk: starting worker processes would cost more than it saves
        yield from _score_stream(model, first, explain, batch_size, encode)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if context.get_start_method() == "fork":
        model.predict_proba(["Warm-up."])  # lazy imports and one-off set-up, done once and inherited by the workers
    at_workers = IN_FLIGHT_PER_JOB * (jobs - 1)
    held = IN_FLIGHT_PER_JOB * jobs + 2
    # a worker that dies (out of memory, killed) makes the pool raise BrokenProcessPool instead of hanging
    pool = ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_init_worker,
                               initargs=(model, explain, batch_size, encode))
    try:
        pending: deque = deque()  # per chunk, in input order: a worker's Future, or rows scored here
        for chunk in _prepend((first, second), chunks):
            while pending and _done(pending[0]):
                yield from _result(pending.popleft())
            if sum(1 for item in pending if not _done(item)) < at_workers:
                pending.append(pool.submit(_worker_score, chunk))
            else:
                pending.append(list(_score_stream(model, chunk, explain, batch_size, encode)))
            while len(pending) >= held:
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _done(item: Any) -> bool:
    return isinstance(item, list) or item.done()


def _result(item: Any) -> list[Any]:
    return item if isinstance(item, list) else item.result()


def _prepend(items: Sequence[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from items
    yield from rest


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


def row_record(row: Row) -> dict[str, Any]:
    """One scored row as a flat record: metadata, ``p_<frame>`` probabilities and ``<frame>`` booleans."""
    record = {k: row[k] for k in ("article", "outlet", "date", "title", "sentence", "text")}
    for frame in FRAMES:
        record[f"p_{frame}"] = row["scores"][frame]
        record[frame] = frame in row["frames"]
    return record


def rows_to_frame(rows: Iterable[Row]) -> pd.DataFrame:
    """Scored rows -> the table the comparison reads: one row per sentence, ``p_<frame>`` and ``<frame>`` columns."""
    import pandas as pd

    return pd.DataFrame.from_records([row_record(row) for row in rows], columns=FRAME_COLUMNS)
