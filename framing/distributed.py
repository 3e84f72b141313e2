"""Score a large corpus on a Dask cluster: input partitions in, one Parquet file per partition out.

``framing score --engine dask`` plans partitions from the input files (one per CSV file, byte blocks of JSON Lines
files, row groups of Parquet files, groups of text/HTML files), then runs two passes over them:

1. a ``dask.bag`` pass reads every partition and returns each article's identity (id and text hash), so the
   duplicate articles the single-process reader skips are found in the same input order and skipped here too;
2. a ``dask.dataframe`` pass (``from_map`` -> ``map_partitions`` -> ``to_parquet``) reads each partition again,
   drops those duplicates and scores it with the model, which is scattered to every worker once.

The readers are the library's own (:mod:`framing.corpus`: whole files go through ``iter_articles`` itself) and the
scoring is the batch scorer of :func:`framing.score.score_articles`, so the rows equal the single-process output
row for row; only the count of bad rows reported per file may differ for files split into several partitions. Workers must see the input and output paths (a shared
filesystem, or a single machine). Dask is imported lazily; it comes with the ``dask`` extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    Article,
    CorpusError,
    DuplicateIndex,
    _row_article,
    _table_encoding,
    expand_paths,
    iter_articles,
    jsonl_line_article,
    screen_article,
    text_key,
)
from .score import BATCH_SENTENCES, score_sentences, sentence_batches

if TYPE_CHECKING:
    import pandas as pd

    from .model import FramingModel

#: Target size of one partition of JSON Lines or text files (bytes); CSV files are never split (quoted newlines).
BLOCKSIZE = 32 * 2**20
FILES_PER_PARTITION = 2000
ARTICLE_COLUMNS = [f.name for f in fields(Article)]


@dataclass(frozen=True)
class Partition:
    """A slice of the input that one task reads: a whole file, a byte range of a JSONL file, a Parquet row group,
    or a group of text/HTML files. ``first`` numbers the slice's first line or row as the file reader would."""

    kind: str  # "file", "jsonl", "parquet" or "files"
    paths: tuple[str, ...]
    start: int = 0
    stop: int = 0
    first: int = 1
    drop: frozenset[int] = field(default_factory=frozenset)


@dataclass
class DaskSummary:
    """What a distributed run did: rows written, articles scored, partitions, and the inputs it skipped."""

    rows: int
    articles: int
    partitions: int
    skipped: list[str]
    output: Path


# ---------------------------------------------------------------------------------------------------- planning


def plan_partitions(paths: Iterable[str | Path], blocksize: int = BLOCKSIZE) -> list[Partition]:
    """Split the input files into partitions, in the order the single-process reader reads them."""
    parts: list[Partition] = []
    group: list[str] = []
    group_bytes = 0

    def flush() -> None:
        nonlocal group, group_bytes
        if group:
            parts.append(Partition("files", tuple(group)))
        group, group_bytes = [], 0

    for path in expand_paths(paths):
        if path == "-":
            raise CorpusError("--engine dask reads files and folders, not standard input")
        assert isinstance(path, Path)
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            group.append(str(path))
            group_bytes += _size(path)
            if group_bytes >= blocksize or len(group) >= FILES_PER_PARTITION:
                flush()
            continue
        flush()
        if suffix in {".jsonl", ".ndjson"} and _size(path) > blocksize and _splittable(path):
            parts += [Partition("jsonl", (str(path),), a, b, first) for a, b, first in _jsonl_blocks(path, blocksize)]
        elif suffix == ".parquet":
            parts += _parquet_partitions(path)
        else:
            parts.append(Partition("file", (str(path),)))
    flush()
    return parts


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _splittable(path: Path) -> bool:
    """True for a JSON Lines file whose lines end in a one-byte newline (not UTF-16) and that reads as text."""
    try:
        return _table_encoding(path, str(path)) != "utf-16"
    except (CorpusError, OSError):
        return False  # read whole, so its reader reports the problem once


def _jsonl_blocks(path: Path, blocksize: int) -> list[tuple[int, int, int]]:
    """Byte ranges of about ``blocksize`` that start and end at line starts, with the number of their first line."""
    size = path.stat().st_size
    blocks = []
    start, line = 0, 1
    with path.open("rb") as handle:
        while start < size:
            handle.seek(min(start + blocksize, size))
            handle.readline()
            end = min(handle.tell(), size)
            handle.seek(start)
            newlines = 0
            remaining = end - start
            while remaining > 0:
                data = handle.read(min(remaining, 1 << 24))
                if not data:
                    break
                newlines += data.count(b"\n")
                remaining -= len(data)
            blocks.append((start, end, line))
            line += newlines
            start = end
    return blocks


def _parquet_partitions(path: Path) -> list[Partition]:
    """One partition per row group of a readable Parquet file with a text column; else the whole file (which
    then fails in the reader with the single-process message)."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path)
        groups = [meta.metadata.row_group(i).num_rows for i in range(meta.num_row_groups)]
        has_text = "text" in meta.schema_arrow.names
    except Exception:  # pyarrow raises several unrelated types for a bad file
        return [Partition("file", (str(path),))]
    if not has_text or len(groups) <= 1:
        return [Partition("file", (str(path),))]
    parts, first = [], 1
    for i, n in enumerate(groups):
        parts.append(Partition("parquet", (str(path),), i, i + 1, first))
        first += n
    return parts


# ---------------------------------------------------------------------------------------------------- reading


def read_partition(part: Partition, any_language: bool = False) -> tuple[list[Article], list[str]]:
    """The partition's scoreable articles in input order, and the messages of what was skipped.

    Whole files go through :func:`framing.corpus.iter_articles` itself (reading, language and sentence screening,
    duplicates within the file); slices of a file use the same readers and :func:`framing.corpus.screen_article`.
    Duplicates across partitions are left to :func:`find_duplicates`. Articles are checked for a first sentence
    only: the first pass needs no more, and the second splits them once in :func:`articles_frame`.
    """
    articles: list[Article] = []
    skipped: list[str] = []
    if part.kind in ("file", "files"):
        try:
            articles += iter_articles(list(part.paths), on_skip=skipped.append, any_language=any_language,
                                  split=False)
        except CorpusError as exc:  # nothing readable and a single problem: iter_articles raises it
            skipped.append(str(exc))
        return articles, skipped
    name = part.paths[0]
    reader = (_jsonl_range if part.kind == "jsonl" else _parquet_group)(part, skipped.append)
    try:
        for article in reader:
            try:
                articles.append(screen_article(article, any_language, split=False))
            except CorpusError as exc:
                skipped.append(str(exc))
    except (CorpusError, OSError) as exc:
        skipped.append(str(exc) if isinstance(exc, CorpusError) else f"{name}: {exc.strerror or exc}")
    return articles, skipped


def _jsonl_range(part: Partition, on_bad_line: Callable[[str], None]) -> Iterator[Article]:
    """The articles of a byte range of a JSON Lines file, line by line as ``corpus.read_jsonl_articles`` reads."""
    name = part.paths[0]
    encoding = _table_encoding(Path(name), name)
    with open(name, "rb") as handle:
        handle.seek(part.start)
        number, position = part.first, part.start
        while position < part.stop:
            raw = handle.readline()
            if not raw:
                break
            position += len(raw)
            try:
                article = jsonl_line_article(raw, name, number, encoding)
            except CorpusError as exc:
                on_bad_line(str(exc))
            else:
                if article is not None:
                    yield article
            number += 1


def _parquet_group(part: Partition, on_bad_row: Callable[[str], None]) -> Iterator[Article]:
    """The articles of one row group of a Parquet file (rows numbered across the file, as its reader does)."""
    import pyarrow.parquet as pq

    name = part.paths[0]
    table = pq.ParquetFile(name).read_row_group(part.start)
    for index, row in enumerate(table.to_pylist(), part.first):
        try:
            yield _row_article(row, name, index, f"{name}: row {index}")
        except CorpusError as exc:
            on_bad_row(str(exc))


def article_key(article: Article) -> tuple[str, int, str]:
    """What ``iter_articles`` deduplicates on (the id, and a hash of the stripped text), and the article's source."""
    return article.id, text_key(article.text), article.source


def _partition_keys(part: Partition, any_language: bool = False) -> tuple[list[tuple[str, int, str]], list[str]]:
    """Pass 1 task: each article's dedup key, and the skip messages."""
    articles, skipped = read_partition(part, any_language)
    return [article_key(a) for a in articles], skipped


def find_duplicates(keys: list[list[tuple[str, int, str]]]) -> tuple[list[frozenset[int]], list[list[str]]]:
    """Per partition, the positions of articles already seen earlier in input order (same id or same text, as
    ``iter_articles`` checks), and the messages ``iter_articles`` prints for them."""
    seen = DuplicateIndex()
    drops, messages = [], []
    for part_keys in keys:
        drop, said = set(), []
        for position, (article_id, key, source) in enumerate(part_keys):
            repeat = seen.repeat(article_id, key, source)
            if repeat is not None:
                drop.add(position)
                said.append(f"{source}: duplicate article '{article_id}' ({repeat})")
        drops.append(frozenset(drop))
        messages.append(said)
    return drops, messages


def articles_frame(articles: list[Article]) -> pd.DataFrame:
    """Articles as a table: one column per :class:`Article` field, and their sentences (split once, when read)."""
    import pandas as pd

    records = [{k: getattr(a, k) for k in ARTICLE_COLUMNS} | {"sentences": a.sentences()} for a in articles]
    return pd.DataFrame.from_records(records, columns=ARTICLE_COLUMNS + ["sentences"])


def _read_articles_frame(part: Partition, any_language: bool = False) -> pd.DataFrame:
    """Pass 2 read: the partition's articles less the duplicates found in pass 1."""
    articles, _ = read_partition(part, any_language)
    return articles_frame([a for i, a in enumerate(articles) if i not in part.drop])


def score_frame(articles: pd.DataFrame, model: FramingModel, batch_size: int = BATCH_SENTENCES) -> pd.DataFrame:
    """Score a table of articles (from :func:`articles_frame`) into the Parquet output's rows: the same rows as
    :func:`framing.score.score_articles` gives for these articles."""
    import pandas as pd

    from .output import PARQUET_COLUMNS, parquet_record

    def sentences():
        for record in articles.to_dict("records"):
            article = Article(**{k: str(record[k]) for k in ARTICLE_COLUMNS})
            texts = record.get("sentences")
            for index, text in enumerate(article.sentences() if texts is None else texts):
                yield article, index, str(text)

    rows = (row for batch in sentence_batches(sentences(), batch_size) for row in score_sentences(model, batch))
    return pd.DataFrame.from_records([parquet_record(r) for r in rows], columns=PARQUET_COLUMNS)


def score_table(table: pd.DataFrame, model: FramingModel, source: str = "table", any_language: bool = False,
                batch_size: int = BATCH_SENTENCES) -> pd.DataFrame:
    """Score a table of raw corpus rows (``text`` plus optional ``id, outlet, date, url, title`` columns), as the
    CSV/JSONL/Parquet readers would read them, into the Parquet output's rows. Rows the reader would skip (no text,
    not English unless ``any_language``, no sentence) are left out. For engines that hand over pandas batches,
    such as Spark's ``mapInPandas``; duplicates are only detected by the single-process and Dask paths."""
    articles = []
    for index, row in enumerate(table.to_dict("records"), 1):
        row = {k: (None if v is None or v != v else v) for k, v in row.items()}  # NaN -> None, as a missing value
        try:
            articles.append(screen_article(_row_article(row, source, index), any_language))
        except CorpusError:
            continue
    return score_frame(articles_frame(articles), model, batch_size)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2):
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers`` single-thread processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def score_dask(
    paths: Iterable[str | Path],
    output: Path,
    model: FramingModel,
    client: Any = None,
    scheduler: str | None = None,
    workers: int = 2,
    blocksize: int = BLOCKSIZE,
    batch_size: int = BATCH_SENTENCES,
    strict: bool = False,
    any_language: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> DaskSummary:
    """Score the articles in ``paths`` on a Dask cluster into ``output``/part-NNNNN.parquet, one file per partition.

    ``client``: an existing ``distributed.Client``; else one is made for ``scheduler`` (an address) or for a local
    cluster of ``workers`` processes. The output folder is replaced atomically when every partition is written.
    """
    parts = plan_partitions(paths, blocksize)
    if client is None:
        with dask_client(scheduler, workers) as own:
            return score_dask(paths, output, model, own, blocksize=blocksize, batch_size=batch_size,
                              strict=strict, any_language=any_language, on_skip=on_skip)
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    from .atomic import replace_dir
    from .output import parquet_schema

    found = db.from_sequence(parts, npartitions=len(parts)).map(_partition_keys, any_language).compute()
    drops, duplicates = find_duplicates([keys for keys, _ in found])
    skipped = [m for (_, messages), said in zip(found, duplicates) for m in messages + said]
    if strict and skipped:
        raise CorpusError(skipped[0])
    for message in skipped:
        (on_skip or (lambda m: None))(message)
    n_articles = sum(len(keys) - len(drop) for (keys, _), drop in zip(found, drops))

    shared_model = dask.delayed(client.scatter(model, broadcast=True, hash=False))
    meta_in = articles_frame([])
    meta_out = score_frame(meta_in, model)
    # keep object columns as they are: the sentences column holds lists, which string conversion would flatten
    with dask.config.set({"dataframe.convert-string": False}):
        frames = dd.from_map(_read_articles_frame, [replace(p, drop=d) for p, d in zip(parts, drops)],
                             any_language=any_language, meta=meta_in, enforce_metadata=False)
        scored = frames.map_partitions(score_frame, shared_model, batch_size, meta=meta_out)
        with replace_dir(Path(output)) as tmp:
            scored.to_parquet(tmp, write_index=False, schema=parquet_schema(), name_function=_part_name)
            rows = _count_rows(tmp)
    return DaskSummary(rows, n_articles, len(parts), skipped, Path(output))


def _part_name(i: int) -> str:
    return f"part-{i:05d}.parquet"


def _count_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet")))


def read_output(folder: Path) -> list[dict[str, Any]]:
    """The rows of a Dask run's output folder, partition by partition, as plain records."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for path in sorted(Path(folder).glob("part-*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows
