"""Write scored sentence rows in the CLI's formats: a readable table, JSON, JSON Lines, CSV or Parquet.

JSON Lines, CSV and Parquet stream (constant memory); table and JSON hold the rows to add per-article profiles.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import islice
from json.encoder import encode_basestring
from typing import IO, TYPE_CHECKING, Any

from . import FRAMES
from .score import FRAME_COLUMNS, Row, Sentence, article_profiles, row_record

if TYPE_CHECKING:
    import numpy as np

    from .corpus import Article

FORMATS = ("table", "json", "jsonl", "csv", "parquet")
#: Formats written as bytes: they need a file (--output), not a terminal.
BINARY_FORMATS = frozenset({"parquet"})
CSV_COLUMNS = ["article", "outlet", "date", "sentence", "text", "frames"] + [f"p_{f}" for f in FRAMES]
#: Parquet columns: the comparison table's (``rows_to_frame``) plus the detected frames as a list.
PARQUET_COLUMNS = FRAME_COLUMNS + ["frames"]
PARQUET_ROWS_PER_GROUP = 50_000
#: JSON Lines lines written per ``write`` call.
JSONL_BLOCK_LINES = 1024

#: A row's detected frames as a JSON list, by the frames' bit code (bit ``i`` set when ``FRAMES[i]`` is detected).
_FRAME_LISTS = [json.dumps([f for i, f in enumerate(FRAMES) if code >> i & 1], ensure_ascii=False)
                for code in range(1 << len(FRAMES))]
_FRAME_BITS = [1 << i for i in range(len(FRAMES))]
#: What precedes each frame's score in a row's ``scores`` object.
_SCORE_KEYS = ["{" + encode_basestring(FRAMES[0]) + ": "] + [f", {encode_basestring(f)}: " for f in FRAMES[1:]]


def write_jsonl(rows: Iterable[Row | str], out: IO[str]) -> int:
    """One JSON object per sentence, streamed a block of lines per ``write``; returns the number of rows.

    Rows may come already encoded as lines (a ``str``), as ``score_articles(encode=jsonl_lines)`` yields them.
    """
    iterator = iter(rows)
    n = 0
    while block := [row if isinstance(row, str) else jsonl_line(row) for row in islice(iterator, JSONL_BLOCK_LINES)]:
        out.write("\n".join(block) + "\n")
        n += len(block)
    return n


def jsonl_line(row: Row) -> str:
    """A row's JSON Lines line, without the newline."""
    return json.dumps(row, ensure_ascii=False)


def jsonl_lines(sentences: Sequence[Sentence], probs: np.ndarray, detected: np.ndarray) -> list[str]:
    """The JSON Lines lines of a scored batch: exactly :func:`jsonl_line` of the rows ``score.score_sentences`` makes
    of it, built from the batch's arrays without the rows (an ``Encode`` for ``score_articles``)."""
    string = encode_basestring  # what json.dumps(..., ensure_ascii=False) uses for str
    frames = [_FRAME_LISTS[code] for code in (detected @ _FRAME_BITS).tolist()]
    lines = []
    last = prefix = None
    for (article, index, text), listed, scores in zip(sentences, frames, _scores_json(probs)):
        if article is not last:
            last, prefix = article, _line_prefix(article)
        lines.append(f'{prefix}{index}, "text": {string(text)}, "frames": {listed}, "scores": {scores}}}')
    return lines


def _line_prefix(article: Article) -> str:
    """The start of an article's rows' lines, up to the sentence number: its metadata encoded once."""
    meta = (article.id, article.outlet, article.date, article.title, article.language)
    return ('{"article": %s, "outlet": %s, "date": %s, "title": %s, "language": %s, "sentence": '
            % tuple(json.dumps(value, ensure_ascii=False) for value in meta))


@lru_cache(maxsize=1)
def _decimals() -> np.ndarray:
    """``repr(k / 10_000)`` by ``k`` for k = 0..10,000: the JSON of every probability rounded to 4 decimals."""
    import numpy as np

    return np.array([repr(k / 10_000) for k in range(10_001)], dtype=object)


def _scores_json(probs: np.ndarray) -> list[str]:
    """Each row's ``scores`` object as JSON (``round(p, 4)`` per frame), looked up for a whole batch at once.

    ``rint(p * 10_000)`` is ``round(p, 4)``'s digits for any p in [0, 1] not within the product's rounding error
    of a tie; a row holding such a value, or a value that is no probability (NaN, -0.0, ...), takes json.dumps."""
    import numpy as np

    scaled = probs.clip(0, 1) * 10_000  # no inf - inf below
    nearest = np.rint(scaled)
    plain = ((probs >= 0) & (probs <= 1) & ~np.signbit(probs) & (abs(scaled - nearest) < 0.499_999)).all(axis=1)
    cells = np.empty((len(probs), 2 * len(FRAMES) + 1), dtype=object)
    cells[:, 0:-1:2] = _SCORE_KEYS
    cells[:, 1:-1:2] = _decimals()[np.where(plain[:, None], nearest, 0).astype(np.intp)]
    cells[:, -1] = "}\n"
    rows = "".join(cells.ravel().tolist()).split("\n")[:-1]
    for i in np.flatnonzero(~plain).tolist():
        rows[i] = json.dumps(dict(zip(FRAMES, (round(p, 4) for p in probs[i].tolist()))), ensure_ascii=False)
    return rows


def write_csv(rows: Iterable[Row], out: IO[str]) -> int:
    """One CSV line per sentence, frames joined by ';', one probability column per frame."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(
            [row["article"], row["outlet"], row["date"], row["sentence"], row["text"], ";".join(row["frames"])]
            + [row["scores"][f] for f in FRAMES]
        )
        n += 1
    return n


def write_json(rows: Iterable[Row], out: IO[str]) -> int:
    """A single JSON document: the sentences and each article's frame profile."""
    rows = list(rows)
    json.dump({"sentences": rows, "articles": article_profiles(rows)}, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(rows)


def write_table(rows: Iterable[Row], out: IO[str]) -> int:
    """Human-readable tables with rich: each article's sentences with frames, then its frame profile."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=_width(out), highlight=False)
    rows = list(rows)
    for profile in article_profiles(rows):
        table = Table(title=f"{profile['article']} — {profile['outlet']}", title_justify="left", expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("sentence", ratio=3)
        table.add_column("frames (probability)", ratio=1)
        for row in (r for r in rows if r["article"] == profile["article"]):
            frames = ", ".join(f"{f} {row['scores'][f]:.2f}" for f in row["frames"]) or "—"
            table.add_row(str(row["sentence"]), row["text"], frames)
        console.print(table)
        shares = "  ".join(f"{f} {profile['share'][f]:.0%}" for f in FRAMES)
        console.print(f"profile ({profile['n_sentences']} sentences, share carrying each frame): {shares}\n")
    return len(rows)


def _width(out: IO[str]) -> int:
    """Terminal width when writing to one, else a readable fixed width."""
    import shutil

    return shutil.get_terminal_size((120, 40)).columns if getattr(out, "isatty", lambda: False)() else 120


def parquet_schema():
    """The Parquet output's Arrow schema (the same for the local and the Dask engine)."""
    import pyarrow as pa

    fields = [pa.field(c, pa.string()) for c in ("article", "outlet", "date", "title")]
    fields += [pa.field("sentence", pa.int64()), pa.field("text", pa.string())]
    fields += [pa.field(f"p_{f}", pa.float64()) for f in FRAMES] + [pa.field(f, pa.bool_()) for f in FRAMES]
    fields.append(pa.field("frames", pa.list_(pa.string())))
    return pa.schema(fields)


def ddl_schema() -> str:
    """The Parquet output's columns as a SQL DDL string (Spark's ``mapInPandas(..., schema=ddl_schema())``)."""
    import pyarrow as pa

    names = {pa.string(): "string", pa.int64(): "bigint", pa.float64(): "double", pa.bool_(): "boolean",
             pa.list_(pa.string()): "array<string>"}
    return ", ".join(f"{field.name} {names[field.type]}" for field in parquet_schema())


def parquet_record(row: Row) -> dict[str, Any]:
    """One scored row as a Parquet record: the comparison table's columns plus ``frames`` (a list)."""
    return row_record(row) | {"frames": list(row["frames"])}


def rows_to_arrow(rows: Iterable[Row]):
    """Scored rows -> an Arrow table with :func:`parquet_schema`."""
    import pyarrow as pa

    return pa.Table.from_pylist([parquet_record(row) for row in rows], schema=parquet_schema())


def write_parquet(rows: Iterable[Row], out: IO[bytes]) -> int:
    """Parquet, streamed in row groups of ``PARQUET_ROWS_PER_GROUP`` sentences; returns the number of rows."""
    import pyarrow.parquet as pq

    iterator = iter(rows)
    n = 0
    with pq.ParquetWriter(out, parquet_schema()) as writer:
        while group := list(islice(iterator, PARQUET_ROWS_PER_GROUP)):
            writer.write_table(rows_to_arrow(group))
            n += len(group)
    return n


WRITERS: dict[str, Any] = {
    "jsonl": write_jsonl, "csv": write_csv, "json": write_json, "table": write_table, "parquet": write_parquet,
}
