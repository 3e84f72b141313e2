"""Write scored sentence rows in the CLI's formats: a readable table, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from . import FRAMES
from .score import Row, article_profiles

FORMATS = ("table", "json", "jsonl", "csv")
CSV_COLUMNS = ["article", "outlet", "date", "sentence", "text", "frames"] + [f"p_{f}" for f in FRAMES]


def write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    """One JSON object per sentence, streamed; returns the number of rows."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


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


WRITERS: dict[str, Any] = {"jsonl": write_jsonl, "csv": write_csv, "json": write_json, "table": write_table}
