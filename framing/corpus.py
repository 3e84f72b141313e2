"""Read articles from files: text/Markdown with YAML front matter, HTML pages, and CSV/JSONL/Parquet corpora.

Every reader yields :class:`Article` records; problems raise :class:`CorpusError` with a one-line message that
names the file, so a caller can skip a bad file and go on, or stop (``strict``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .segment import sentences, site_name_above_url, strip_dateline

UNKNOWN = "unknown"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES
METADATA_FIELDS = ("id", "outlet", "date", "url", "title")

#: Outlet names for the site addresses and agency datelines the tool recognises.
KNOWN_OUTLETS = {
    "tass.com": "TASS", "tass.ru": "TASS", "rt.com": "RT", "bbc.co.uk": "BBC", "bbc.com": "BBC",
    "apnews.com": "AP", "reuters.com": "Reuters", "theguardian.com": "The Guardian", "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News", "dailymail.co.uk": "Daily Mail", "newindianexpress.com": "The New Indian Express",
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post", "aljazeera.com": "Al Jazeera",
    "TASS": "TASS", "Reuters": "Reuters", "AP": "AP", "AFP": "AFP", "UPI": "UPI",
}


class CorpusError(ValueError):
    """A file that cannot be read as articles; the message names the file and the problem."""


@dataclass(frozen=True)
class Article:
    """One news article with the metadata the comparison groups by."""

    id: str
    text: str
    outlet: str = UNKNOWN
    date: str = ""
    title: str = ""
    url: str = ""
    source: str = ""
    outlet_from: str = "metadata"
    language: str = "en"

    def body_with_headline(self) -> str:
        """The text to split: the headline first (a sentence per the codebook) unless the body already opens with it."""
        title = self.title.strip()
        if title and not self.text.lstrip().startswith(title):
            return f"{title}\n\n{self.text}"
        return self.text

    def sentences(self) -> list[str]:
        """The article's clean sentences, headline first, with the outlet's own name treated as furniture."""
        return list(sentences(self.body_with_headline(), (self.outlet,)))


def decode(data: bytes, name: str) -> str:
    """Decode file bytes: UTF-8 first, else the encoding charset-normalizer detects; refuse binary data."""
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise CorpusError(f"{name}: cannot detect the text encoding; save it as UTF-8")
    return data.decode(best.encoding, errors="replace")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def parse_front_matter(text: str, name: str = "<text>") -> tuple[dict[str, str], str]:
    """Split YAML front matter (between '---' lines at the top) from the body; values become strings."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise CorpusError(f"{name}: invalid YAML front matter{where}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{name}: front matter must be 'key: value' lines")
    return {str(k).lower(): "" if v is None else str(v) for k, v in meta.items()}, text[match.end():]


def outlet_from_url(url: str) -> str | None:
    """Outlet named by a URL's site, e.g. 'https://www.rt.com/...' -> 'RT'; None without a URL."""
    host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
    if not host:
        return None
    for domain, outlet in KNOWN_OUTLETS.items():
        if host == domain or host.endswith("." + domain):
            return outlet
    return host


def infer_outlet(text: str, url: str = "") -> tuple[str, str]:
    """Infer the outlet where the article says it: an agency dateline, a site footer, or its URL; else unknown."""
    for paragraph in text.splitlines()[:40]:
        _, agency = strip_dateline(paragraph.strip())
        if agency:
            return KNOWN_OUTLETS.get(agency, agency), "dateline"
    footer = site_name_above_url(text)
    if footer:
        return footer, "footer"
    from_url = outlet_from_url(url)
    if from_url:
        return from_url, "url"
    return UNKNOWN, "unknown"


def _short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def make_article(meta: dict[str, str], text: str, source: str, default_id: str) -> Article:
    """Build an Article from metadata and text, inferring a missing outlet and never inventing one silently."""
    clean = {k: str(meta.get(k) or "").strip() for k in METADATA_FIELDS}
    outlet, outlet_from = clean["outlet"], "metadata"
    if not outlet or outlet.lower() == UNKNOWN:
        outlet, outlet_from = infer_outlet(text, clean["url"])
    return Article(
        id=clean["id"] or default_id,
        text=text,
        outlet=outlet,
        date=clean["date"][:10],
        title=clean["title"],
        url=clean["url"],
        source=source,
        outlet_from=outlet_from,
    )


def read_text_article(path: Path) -> Article:
    """Read one .txt/.md article with optional YAML front matter (id, outlet, date, url, title)."""
    name = str(path)
    text = decode(path.read_bytes(), name)
    meta, body = parse_front_matter(text, name)
    return make_article(meta, body, name, meta.get("id") or path.stem)


def read_html_article(path: Path) -> Article:
    """Extract the article text and metadata of a saved web page with trafilatura."""
    import trafilatura

    name = str(path)
    html = decode(path.read_bytes(), name)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise CorpusError(f"{name}: no article text found in the HTML page")
    meta = {
        "title": getattr(doc, "title", "") or "",
        "date": getattr(doc, "date", "") or "",
        "url": getattr(doc, "url", "") or "",
        "outlet": getattr(doc, "sitename", "") or "",
    }
    return make_article(meta, text, name, path.stem)


def _row_article(row: dict, source: str, index: int) -> Article:
    """Build an Article from one table row (csv/jsonl/parquet)."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{source}: row {index} has an empty text")
    meta = {k: "" if row.get(k) is None else str(row.get(k)) for k in METADATA_FIELDS}
    meta["id"] = meta["id"] or str(row.get("article_id") or "")
    default_id = _short_hash(meta["url"] or "", text[:2000])
    return make_article(meta, text, f"{source}:{index}", default_id)


def _require_text_column(columns: Iterable[str], name: str) -> None:
    columns = list(columns)
    if "text" not in columns:
        raise CorpusError(f"{name}: no 'text' column (found: {', '.join(map(str, columns)) or 'none'})")


def read_csv_articles(path: Path, chunk_rows: int = 2000) -> Iterator[Article]:
    """Stream articles from a CSV with a 'text' column and optional outlet, date, url, title, id columns."""
    import pandas as pd

    name = str(path)
    try:
        chunks = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=chunk_rows, encoding_errors="replace")
        index = 0
        for chunk in chunks:
            _require_text_column(chunk.columns, name)
            for row in chunk.to_dict("records"):
                index += 1
                yield _row_article(row, name, index)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{name}: not a readable CSV ({str(exc).splitlines()[0]})") from None


def read_jsonl_articles(path: Path, on_bad_line: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Stream articles from JSON Lines; a malformed line is reported with its number (or fatal without a handler)."""
    name = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(decode(raw, name))
                if not isinstance(row, dict):
                    raise ValueError("not an object")
                _require_text_column(row.keys(), f"{name}:{number}")
                yield _row_article(row, name, number)
            except (ValueError, CorpusError) as exc:
                message = str(exc) if isinstance(exc, CorpusError) else f"{name}:{number}: malformed JSON line"
                if on_bad_line is None:
                    raise CorpusError(message) from None
                on_bad_line(message)


def read_parquet_articles(path: Path) -> Iterator[Article]:
    """Stream articles from a Parquet file batch by batch."""
    import pyarrow.parquet as pq

    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise CorpusError(f"{name}: not a readable Parquet file ({type(exc).__name__})") from None
    _require_text_column(parquet.schema_arrow.names, name)
    index = 0
    for batch in parquet.iter_batches(batch_size=2000):
        for row in batch.to_pylist():
            index += 1
            yield _row_article(row, name, index)


def read_stdin_article() -> Article:
    """Read one article from standard input ('-' on the command line)."""
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise CorpusError("<stdin>: no text on standard input")
    text = decode(data, "<stdin>")
    meta, body = parse_front_matter(text, "<stdin>")
    return make_article(meta, body, "<stdin>", meta.get("id") or "stdin")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand folders into their supported files (sorted, recursive); keep '-' and plain files as given."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if not path.exists():
            raise CorpusError(f"{path}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                raise CorpusError(f"{path}: folder holds no readable articles ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
            yield from files
        else:
            yield path


def read_path(path: Path | str, on_bad_line: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Yield the articles of one file, choosing the reader by its suffix."""
    if path == "-":
        yield read_stdin_article()
        return
    assert isinstance(path, Path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield read_text_article(path)
    elif suffix in HTML_SUFFIXES:
        yield read_html_article(path)
    elif suffix == ".csv":
        yield from read_csv_articles(path)
    elif suffix in {".jsonl", ".ndjson"}:
        yield from read_jsonl_articles(path, on_bad_line)
    elif suffix == ".parquet":
        yield from read_parquet_articles(path)
    else:
        raise CorpusError(f"{path}: unsupported file type '{suffix}' (use {', '.join(sorted(SUPPORTED_SUFFIXES))})")


def iter_articles(
    paths: Iterable[str | Path],
    strict: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """Yield articles from files and folders; skip bad files, reporting ``on_skip(message)``, unless ``strict``.

    Duplicate articles (same id, or same text) are skipped and reported too: counting them twice would bias shares.
    """
    skip = None if strict else (on_skip or (lambda message: None))
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for path in expand_paths(paths):
        try:
            for article in read_path(path, skip):
                digest = hashlib.sha1(article.text.strip().encode()).hexdigest()
                if article.id in seen_ids or digest in seen_texts:
                    if skip is None:
                        raise CorpusError(f"{article.source}: duplicate article '{article.id}'")
                    skip(f"{article.source}: duplicate article '{article.id}' skipped")
                    continue
                seen_ids.add(article.id)
                seen_texts.add(digest)
                yield article
        except (CorpusError, OSError) as exc:
            message = str(exc) if isinstance(exc, CorpusError) else f"{path}: {exc.strerror or exc}"
            if skip is None:
                raise CorpusError(message) from None
            skip(message)
