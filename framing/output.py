"""Write scored sentence rows in the CLI's formats: a readable table, JSON, JSON Lines, CSV or Parquet.

JSON Lines, CSV and Parquet stream (constant memory); table and JSON hold the rows to add per-article profiles.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from typing import IO, Any

from . import FRAMES
from .score import FRAME_COLUMNS, Row, article_profiles, row_record

FORMATS = ("table", "json", "jsonl", "csv", "parquet")
#: Formats written as bytes: they need a file (--output), not a terminal.
BINARY_FORMATS = frozenset({"parquet"})
CSV_COLUMNS = ["article", "outlet", "date", "sentence", "text", "frames"] + [f"p_{f}" for f in FRAMES]
#: Parquet columns: the comparison table's (``rows_to_frame``) plus the detected frames as a list.
PARQUET_COLUMNS = FRAME_COLUMNS + ["frames"]
PARQUET_ROWS_PER_GROUP = 50_000


def write_jsonl(rows: Iterable[Row | str], out: IO[str]) -> int:
    """One JSON object per sentence, streamed; returns the number of rows.

    Rows may come already encoded by :func:`jsonl_line` (a ``str``), as ``score_articles(encode=jsonl_line)``
    yields them.
    """
    n = 0
    for row in rows:
        out.write((row if isinstance(row, str) else jsonl_line(row)) + "\n")
        n += 1
    return n


@lru_cache(maxsize=1)
def _row_encoder() -> _RowEncoder:
    """This process's row encoder (its cache of encoded article metadata lives as long as the process)."""
    return _RowEncoder()


def jsonl_line(row: Row) -> str:
    """A row's JSON Lines line, without the newline: exactly ``json.dumps(row, ensure_ascii=False)``; scorer rows
    take a faster route that encodes an article's metadata once for all its sentences."""
    line = _row_encoder().encode(row)
    return json.dumps(row, ensure_ascii=False) if line is None else line


class _RowEncoder:
    """``json.dumps(row, ensure_ascii=False)`` for the scorer's rows (keys in order, plain str/int/float values),
    with each article's metadata encoded once; ``encode`` returns None for any other row."""

    KEYS = ("article", "outlet", "date", "title", "language", "sentence", "text", "frames", "scores")

    def __init__(self) -> None:
        from json.encoder import encode_basestring

        self.string = encode_basestring  # what JSONEncoder(ensure_ascii=False) uses for str
        self.prefixes: dict[tuple, str] = {}
        self.score_keys = [f"{encode_basestring(f)}: " for f in FRAMES]

    def encode(self, row: Row) -> str | None:
        if tuple(row) != self.KEYS:
            return None
        meta = (row["article"], row["outlet"], row["date"], row["title"], row["language"])
        prefix = self.prefixes.get(meta)
        if prefix is None:
            if not all(type(v) is str for v in meta):
                return None
            if len(self.prefixes) > 4096:
                self.prefixes.clear()
            prefix = self.prefixes[meta] = (
                '{"article": %s, "outlet": %s, "date": %s, "title": %s, "language": %s, "sentence": '
                % tuple(map(self.string, meta))
            )
        index, text, frames, scores = row["sentence"], row["text"], row["frames"], row["scores"]
        if type(index) is not int or type(text) is not str or type(frames) is not list or type(scores) is not dict:
            return None
        if tuple(scores) != FRAMES or not all(type(f) is str for f in frames):
            return None
        values = list(scores.values())
        if not all(type(v) is float and math.isfinite(v) for v in values):
            return None
        string = self.string
        scored = ", ".join([key + repr(value) for key, value in zip(self.score_keys, values)])
        return f'{prefix}{index}, "text": {string(text)}, "frames": [{", ".join(map(string, frames))}], "scores": {{{scored}}}}}'


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
