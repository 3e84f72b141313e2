"""Read articles from files: text/Markdown with YAML front matter, HTML pages, and CSV/JSONL/Parquet corpora.

Every reader yields :class:`Article` records; problems raise :class:`CorpusError` with a one-line message that
names the file, so a caller can skip a bad file and go on, or stop (``strict``).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
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
        """The article's clean sentences, headline first, with the outlet's own name treated as furniture.

        Computed once per article (the reader may split it while screening, the scorer uses them).
        """
        cached = self.__dict__.get("_sentences")
        if cached is None:
            cached = list(self._split())
            object.__setattr__(self, "_sentences", cached)
        return list(cached)

    def has_sentence(self) -> bool:
        """Whether the article has a clean sentence, splitting only up to the first one (a cheap check that leaves
        the full split to the process that scores the article)."""
        if "_sentences" in self.__dict__:
            return bool(self.__dict__["_sentences"])
        return next(self._split(), None) is not None

    def _split(self) -> Iterator[str]:
        return sentences(self.body_with_headline(), (self.outlet,))


#: File signatures of common non-text formats that end up in scraped folders, for a clear refusal.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04ff])\w+")
_CYRILLIC_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")
_COMMON_CYRILLIC = frozenset("оеаинтсрвліОЕАИНТСРВЛІ")
_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\s\x00-\x7f](?=[^\W\d_])")  # a non-ASCII character between letters
#: Non-ASCII characters that are normal in Western text besides letters (typographic punctuation and signs).
_WESTERN_SIGNS = frozenset("\u00a0“”‘’‚„–—…«»‹›°€£¥§©®™•·×÷±¿¡ºª²³¹¼½¾µ¶†‡")


def _binary_kind(data: bytes) -> str | None:
    """What a non-text file is, from its first bytes."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _looks_binary(text: str) -> bool:
    """Text with many control characters (or undecodable bytes) is binary data in disguise."""
    head = text[:8192]
    return len(_CONTROL.findall(head)) > max(2, len(head) // 20)


def _cyrillic_encoding(sample: bytes) -> str | None:
    """cp1251 or koi8-r when the bytes read as Cyrillic words in one of them, else None.

    The right reading has no Latin-Cyrillic mixed words ("nйgociations" is French read as cp1251) and uses the
    common letters of Russian, Ukrainian, Bulgarian and Serbian (о е а и н т с р в л і: about 70% of letters);
    a wrong one (KOI8-R read as cp1251, Greek or Arabic bytes read as Cyrillic) scatters over the alphabet.
    """
    best, best_share = None, 0.55
    for encoding in ("cp1251", "koi8_r"):
        text = sample.decode(encoding, errors="replace")
        letters = _CYRILLIC.findall(text)
        high = sum(1 for c in text if ord(c) >= 0x80)
        if not letters or len(letters) < 0.8 * high:
            continue
        if len(_MIXED_WORD.findall(text)) > 0.1 * len(_CYRILLIC_WORD.findall(text)):
            continue
        share = sum(1 for c in letters if c in _COMMON_CYRILLIC) / len(letters)
        if share > best_share:
            best, best_share = encoding, share
    return best


def _oddness(text: str) -> int:
    """How many non-ASCII characters are neither letters nor usual typographic signs (or are undecodable), plus
    signs stuck inside words ("ostrzela³y" is Polish cp1250 read as cp1252)."""
    odd = sum(1 for c in text if ord(c) >= 0x80 and not c.isalpha() and c not in _WESTERN_SIGNS)
    return odd + sum(1 for c in _IN_WORD.findall(text) if not c.isalpha() and c not in "’‘·‐‑–—")


def _western_encoding(sample: bytes) -> str | None:
    """cp1252 (a superset of Latin-1's printable range) or cp1250, when the text reads as Latin-script words."""
    scored = []
    for rank, encoding in enumerate(("cp1252", "cp1250")):
        text = sample.decode(encoding, errors="replace")
        letters = sum(1 for c in text if c.isalpha())
        foreign = sum(1 for c in text if ord(c) >= 0x80 and c.isalpha())
        if letters and foreign <= 0.3 * letters:
            scored.append((_oddness(text), rank, encoding))
    if not scored:
        return None
    odd, _, encoding = min(scored)  # ties go to cp1252
    high = sum(1 for b in sample if b >= 0x80)
    return encoding if odd <= 0.2 * high else None


def decode(data: bytes, name: str) -> str:
    """Decode file bytes: a BOM, else UTF-8, else Windows-1251/KOI8-R, Windows-1252/Latin-1 or Windows-1250 as the
    bytes read best, else charset-normalizer's guess; refuse binary data with a message saying what it looks like."""
    kind = _binary_kind(data)
    if kind:
        raise CorpusError(f"{name}: looks like {kind}, not text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise CorpusError(f"{name}: broken UTF-16 text; save it as UTF-8") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name)
    if _looks_binary(text):
        raise CorpusError(f"{name}: looks like a binary file, not text")
    return text


def _decode_legacy(data: bytes, name: str) -> str:
    """Decode text that is not UTF-8 (see :func:`decode`)."""
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 4:
        for encoding in ("utf-16-le", "utf-16-be"):  # UTF-16 without a BOM: every other byte is zero
            zeros = head[1::2] if encoding == "utf-16-le" else head[0::2]
            if zeros.count(0) > 0.8 * len(zeros):
                return data[: len(data) // 2 * 2].decode(encoding, errors="replace")
        raise CorpusError(f"{name}: looks like a binary file, not text")
    if _looks_binary(head.decode("latin-1")):
        raise CorpusError(f"{name}: looks like a binary file, not text")
    sample = data[:200_000]
    encoding = _cyrillic_encoding(sample) or _western_encoding(sample)
    if encoding is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:2_000_000]).best()
        if best is None:
            raise CorpusError(f"{name}: cannot detect the text encoding; save it as UTF-8")
        encoding = best.encoding
    return data.decode(encoding, errors="replace")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY_LINE = re.compile(r"\s*[\w\"'][^:\n]{0,60}:(?:\s|$)")
#: Front matter is looked for in the first characters only (a '---' rule deep in a huge file is not metadata).
FRONT_MATTER_CHARS = 65_536


def parse_front_matter(text: str, name: str = "<text>") -> tuple[dict[str, str], str]:
    """Split YAML front matter (between '---' lines at the top) from the body; values become strings.

    A block between two '---' rules that is not a 'key: value' mapping (prose or a list under a Markdown rule)
    is article text, not metadata: it is kept in the body. Broken YAML that does look like metadata is an error.
    """
    match = _FRONT_MATTER.match(text, 0, FRONT_MATTER_CHARS)
    if not match:
        return {}, text
    import yaml

    block = match.group(1) or ""
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        if not _KEY_LINE.match(block.lstrip("\r\n")):
            return {}, text
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise CorpusError(f"{name}: invalid YAML front matter{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, text
    out: dict[str, str] = {}
    for key, value in meta.items():
        key = str(key).lower()
        if isinstance(value, (dict, list, tuple, set)):
            if key in METADATA_FIELDS:
                raise CorpusError(f"{name}: front matter '{key}' must be a single value, not a list or mapping")
            continue  # tags, authors, ...: not used, and never stringified (a YAML alias bomb stays harmless)
        out[key] = "" if value is None else str(value)
    return out, text[match.end():]


def outlet_from_url(url: str) -> str | None:
    """Outlet named by a URL's site, e.g. 'https://www.cbsnews.com/x' -> 'CBS News'; None without a URL."""
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


#: Largest single article file read (a text or HTML file; tables are streamed and have no limit).
MAX_ARTICLE_BYTES = 200_000_000
#: Row-level problems listed per table file before the rest are only counted.
MAX_ROW_MESSAGES = 10

OnBad = Callable[[str], None]


def _read_article_bytes(path: Path) -> bytes:
    """The bytes of a one-article file, refusing empty and oversized files with a clear message."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise CorpusError(
            f"{path}: {size / 1e6:.0f} MB is too large for one article (limit {MAX_ARTICLE_BYTES / 1e6:.0f} MB); "
            "split it, or put one article per line in a .jsonl file"
        )
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{path}: empty file")
    return data


def read_text_article(path: Path) -> Article:
    """Read one .txt/.md article with optional YAML front matter (id, outlet, date, url, title)."""
    name = str(path)
    text = decode(_read_article_bytes(path), name)
    if not text.strip():
        raise CorpusError(f"{name}: empty file")
    meta, body = parse_front_matter(text, name)
    if not body.strip():
        raise CorpusError(f"{name}: front matter but no article text")
    return make_article(meta, body, name, meta.get("id") or path.stem)


#: Fewer words than this extracted from a page means there was no article on it (only a menu, say).
MIN_HTML_WORDS = 5
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes, name: str) -> str:
    """Decode a saved page: UTF-8 if it is, else the charset its <meta> declares, else as :func:`decode` guesses."""
    declared = _HTML_CHARSET.search(data[:8192])
    if declared and not _is_utf8(data):
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            encoding = None
        if encoding and not _binary_kind(data):
            return data.decode(encoding, errors="replace")
    return decode(data, name)


def _is_utf8(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[:1_000_000], final=False)
    except UnicodeDecodeError:
        return False
    return True


def read_html_article(path: Path) -> Article:
    """Extract the article text and metadata of a saved web page with trafilatura (menus, footers, cookie
    banners and comments are left out)."""
    import logging

    import trafilatura

    name = str(path)
    html = _decode_html(_read_article_bytes(path), name)
    if not html.strip():
        raise CorpusError(f"{name}: empty file")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings would be stray stderr lines
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},  # not a '© 2022' footer
        )
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        raise CorpusError(f"{name}: cannot parse the HTML page ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:  # a menu or a cookie notice is all the page has
        raise CorpusError(f"{name}: no article text found in the HTML page")
    meta = {
        "title": getattr(doc, "title", "") or "",
        "date": getattr(doc, "date", "") or "",
        "url": getattr(doc, "url", "") or "",
        "outlet": getattr(doc, "sitename", "") or "",
    }
    return make_article(meta, text, name, path.stem)


class _RowProblems:
    """Report a table's bad rows (fatal without a handler); after :data:`MAX_ROW_MESSAGES` only count them."""

    def __init__(self, name: str, on_bad: OnBad | None):
        self.name, self.on_bad, self.count = name, on_bad, 0

    def __call__(self, message: str) -> None:
        if self.on_bad is None:
            raise CorpusError(message)
        self.count += 1
        if self.count <= MAX_ROW_MESSAGES:
            self.on_bad(message)

    def close(self) -> None:
        if self.on_bad is not None and self.count > MAX_ROW_MESSAGES:
            self.on_bad(f"{self.name}: {self.count - MAX_ROW_MESSAGES} more bad rows skipped")


def _row_article(row: dict, source: str, index: int | str, where: str | None = None) -> Article:
    """Build an Article from one table row (csv/jsonl/parquet): ``index`` is its line or row number, ``where``
    how messages name it (default 'source:index')."""
    where = where or f"{source}:{index}"
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: empty or missing text")
    meta = {k: "" if row.get(k) is None else str(row.get(k)) for k in METADATA_FIELDS}
    meta["id"] = meta["id"] or str(row.get("article_id") or "")
    default_id = _short_hash(meta["url"] or "", text[:2000])
    return make_article(meta, text, f"{source}:{index}", default_id)


def _require_text_column(columns: Iterable[str], name: str, what: str = "column") -> None:
    columns = [str(c) for c in columns]
    if "text" not in columns:
        found = ", ".join(columns[:12]) + (", ..." if len(columns) > 12 else "") if columns else "none"
        raise CorpusError(f"{name}: no 'text' {what} (found: {found})")


def _table_encoding(path: Path, name: str) -> str:
    """The encoding of a table file, from its first megabyte (UTF-8 unless it cannot be)."""
    with path.open("rb") as handle:
        head = handle.read(1_000_000)
    if not head.strip():
        raise CorpusError(f"{name}: empty file")
    kind = _binary_kind(head)
    if kind:
        raise CorpusError(f"{name}: looks like {kind}, not text")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _is_utf8(head):
        return "utf-8-sig"
    if _looks_binary(head.decode("latin-1")):
        raise CorpusError(f"{name}: looks like a binary file, not text")
    encoding = _cyrillic_encoding(head[:200_000]) or _western_encoding(head[:200_000])
    if encoding is None:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        encoding = best.encoding if best is not None else "utf-8"  # undecodable bytes become U+FFFD
    return encoding


def read_csv_articles(path: Path, on_bad_row: OnBad | None = None) -> Iterator[Article]:
    """Stream articles from a CSV with a 'text' column and optional outlet, date, url, title, id columns.

    The delimiter (comma, semicolon, tab or bar) is sniffed from the header; a bad row is reported with its line
    number and skipped (fatal without ``on_bad_row``).
    """
    import csv

    name = str(path)
    encoding = _table_encoding(path, name)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article can be longer than the 128 kB default
    problems = _RowProblems(name, on_bad_row)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as handle:
        header_line = handle.readline()
        counts = {d: header_line.count(d) for d in ",;\t|"}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(csv.reader([header_line], delimiter=delimiter), [])
            header = [h.strip().lstrip("\ufeff") for h in header]
            _require_text_column(header, name)
            line = reader.line_num + 1
            for values in reader:
                where = f"{name}:{line + 1}"
                line = reader.line_num + 1
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    problems(f"{where}: {len(values)} field(s) where the header has {len(header)}")
                    continue
                try:
                    yield _row_article(dict(zip(header, values)), name, line, where)
                except CorpusError as exc:
                    problems(str(exc))
        except csv.Error as exc:
            raise CorpusError(f"{name}:{reader.line_num + 1}: not a readable CSV ({exc})") from None
    problems.close()


def jsonl_line_article(raw: bytes, name: str, number: int, encoding: str = "utf-8-sig") -> Article | None:
    """The article on one line of a JSON Lines file, None for a blank line; a bad line raises a
    :class:`CorpusError` naming 'file:line'."""
    if not raw.strip():
        return None
    where = f"{name}:{number}"
    try:
        row = json.loads(raw.decode(encoding, errors="replace").lstrip("\ufeff"))
    except (ValueError, RecursionError):
        raise CorpusError(f"{where}: malformed JSON line") from None
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: not a JSON object")
    _require_text_column(row.keys(), where, "field")
    return _row_article(row, name, number)


def read_jsonl_articles(path: Path, on_bad_line: OnBad | None = None) -> Iterator[Article]:
    """Stream articles from JSON Lines; a malformed line is reported with its number (or fatal without a handler)."""
    name = str(path)
    encoding = _table_encoding(path, name)
    problems = _RowProblems(name, on_bad_line)
    with path.open("rb") as handle:
        lines: Iterable[bytes] = handle
        if encoding == "utf-16":  # lines end in two bytes: read them as text, pass them on as UTF-8
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace")
            lines, encoding = (line.encode("utf-8", "surrogatepass") for line in text), "utf-8"
        for number, raw in enumerate(lines, 1):
            try:
                article = jsonl_line_article(raw, name, number, encoding)
            except CorpusError as exc:
                problems(str(exc))
                continue
            if article is not None:
                yield article
    problems.close()


def read_parquet_articles(path: Path, on_bad_row: OnBad | None = None) -> Iterator[Article]:
    """Stream articles from a Parquet file batch by batch."""
    import pyarrow.parquet as pq

    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
        columns = parquet.schema_arrow.names
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise CorpusError(f"{name}: not a readable Parquet file ({type(exc).__name__})") from None
    _require_text_column(columns, name)
    problems = _RowProblems(name, on_bad_row)
    index = 0
    batches = parquet.iter_batches(batch_size=2000)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        except Exception as exc:  # a corrupt row group
            raise CorpusError(f"{name}: row {index + 1} on is unreadable ({type(exc).__name__})") from None
        for row in batch.to_pylist():
            index += 1
            try:
                yield _row_article(row, name, index, f"{name}: row {index}")
            except CorpusError as exc:
                problems(str(exc))
    problems.close()


def read_stdin_article() -> Article:
    """Read one article from standard input ('-' on the command line)."""
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise CorpusError("<stdin>: no text on standard input")
    text = decode(data, "<stdin>")
    meta, body = parse_front_matter(text, "<stdin>")
    if not body.strip():
        raise CorpusError("<stdin>: front matter but no article text")
    return make_article(meta, body, "<stdin>", meta.get("id") or "stdin")


def _hidden(path: Path, root: Path) -> bool:
    """True for a file inside a hidden folder or hidden itself (.git, .ipynb_checkpoints, editor backups)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand folders into their supported files (sorted, recursive, hidden ones left out); keep '-' and plain
    files as given. A missing path or a folder with nothing to read is an error."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if not path.exists():
            raise CorpusError(f"{path}: no such file or folder")
        if path.is_dir():
            try:
                files = sorted(
                    p for p in path.rglob("*")
                    if p.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(p, path) and p.is_file()
                )
            except OSError as exc:
                raise CorpusError(f"{path}: cannot list the folder ({exc.strerror or exc})") from None
            if not files:
                raise CorpusError(f"{path}: folder holds no readable articles ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
            yield from files
        else:
            yield path


def read_path(path: Path | str, on_bad_line: OnBad | None = None) -> Iterator[Article]:
    """Yield the articles of one file, choosing the reader by its suffix; bad rows of a table go to
    ``on_bad_line`` (fatal without it)."""
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
        yield from read_csv_articles(path, on_bad_line)
    elif suffix in {".jsonl", ".ndjson"}:
        yield from read_jsonl_articles(path, on_bad_line)
    elif suffix == ".parquet":
        yield from read_parquet_articles(path, on_bad_line)
    elif path.is_dir():
        raise CorpusError(f"{path}: is a folder")
    else:
        raise CorpusError(f"{path}: unsupported file type '{suffix}' (use {', '.join(sorted(SUPPORTED_SUFFIXES))})")


def screen_article(article: Article, any_language: bool = False, split: bool = True) -> Article:
    """Check that an article can be scored: in English (else it raises, or with ``any_language`` it comes back with
    ``language`` set) and with at least one sentence. Problems raise a :class:`CorpusError` naming the source.

    ``split`` splits the whole article now (kept on it); ``split=False`` looks for a first sentence only, for
    readers that hand articles to other processes to split and score."""
    from .language import ENGLISH, describe, detect

    code = detect(f"{article.title}\n{article.text}")
    if code != ENGLISH:
        if not any_language:
            raise CorpusError(
                f"{article.source}: language is {describe(code)}, not English; not scored (the model is "
                "English-only; --any-language scores it anyway)"
            )
        article = replace(article, language=code)
    if not (article.sentences() if split else article.has_sentence()):
        raise CorpusError(f"{article.source}: no sentences (blank, or only page furniture such as menus and share links)")
    return article


def _hash64(text: str) -> int:
    """A nonzero 64-bit hash of a string (blake2b), the keys of the duplicate index."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


def text_key(text: str) -> int:
    """The hash of an article's stripped text: what duplicate detection compares."""
    return _hash64(text.strip())


class _KeyTable:
    """Nonzero 64-bit keys, each with a 64-bit value: open addressing in two flat arrays (16 bytes a slot, at most
    half full), so a million keys take 32 MB where a dict of Python ints takes about 120 MB."""

    def __init__(self, capacity: int = 1024) -> None:
        self.keys = array("Q", [0]) * capacity
        self.values = array("Q", [0]) * capacity
        self.count = 0

    def _slot(self, key: int) -> int:
        mask = len(self.keys) - 1
        slot = key & mask
        while self.keys[slot] not in (0, key):
            slot = (slot + 1) & mask
        return slot

    def get(self, key: int) -> int | None:
        slot = self._slot(key)
        return self.values[slot] if self.keys[slot] else None

    def put(self, key: int, value: int) -> None:
        if 2 * (self.count + 1) > len(self.keys):
            old_keys, old_values = self.keys, self.values
            self.keys = array("Q", [0]) * (2 * len(old_keys))
            self.values = array("Q", [0]) * (2 * len(old_keys))
            for k, v in zip(old_keys, old_values):
                if k:
                    slot = self._slot(k)
                    self.keys[slot], self.values[slot] = k, v
        slot = self._slot(key)
        if not self.keys[slot]:
            self.count += 1
        self.keys[slot], self.values[slot] = key, value


class DuplicateIndex:
    """The articles read so far, by id and by text, to skip repeats in input order (counting an article twice would
    bias shares) in memory that grows slowly: 8-byte hashes (a false match among a million articles has a chance
    of about 3 in 100 million) and where each was first read as a packed (file, line) number, a file's name being
    stored once: 64 to 128 bytes per article read from table files (CSV, JSON Lines, Parquet)."""

    def __init__(self) -> None:
        self._ids = _KeyTable()
        self._texts = _KeyTable()
        self._files: dict[str, int] = {}
        self._names: list[str] = []

    def _where(self, source: str) -> int:
        name, colon, line = source.rpartition(":")
        if not (colon and line.isdigit() and str(int(line)) == line and int(line) < 2**32):
            name, line = source, ""
        index = self._files.setdefault(name, len(self._files))
        if index == len(self._names):
            self._names.append(name)
        return index << 33 | (int(line) << 1 | 1 if line else 0)

    def _source(self, where: int) -> str:
        name = self._names[where >> 33]
        line = where & (2**33 - 1)
        return f"{name}:{line >> 1}" if line & 1 else name

    def repeat(self, article_id: str, key: int, source: str) -> str | None:
        """None for a new article (then remembered), else why it repeats one: "same text as SOURCE" or "same id as
        SOURCE", naming where the first copy was read."""
        id_key = _hash64(article_id)
        for same, table, k in (("text", self._texts, key), ("id", self._ids, id_key)):
            where = table.get(k)
            if where is not None:
                return f"same {same} as {self._source(where)}"
        where = self._where(source)
        self._texts.put(key, where)
        self._ids.put(id_key, where)
        return None


def iter_articles(
    paths: Iterable[str | Path],
    strict: bool = False,
    on_skip: OnBad | None = None,
    any_language: bool = False,
    split: bool = True,
) -> Iterator[Article]:
    """Yield articles from files and folders; skip bad ones, reporting ``on_skip(message)``, unless ``strict``.

    Skipped, each with a one-line reason naming the file (and line or row): unreadable files and rows, empty files,
    articles not in English (the model is English-only) unless ``any_language``, which yields them with
    ``Article.language`` set, articles without a sentence, and duplicates of an article already yielded (same id
    or same text: counting them twice would bias shares). When nothing at all can be read and a single problem was found, that problem is
    raised as a :class:`CorpusError` instead (one bad file given alone is an error, not a skip). ``split=False``
    leaves the sentence split to whoever scores the articles (see :func:`screen_article`).
    """
    report = on_skip or (lambda message: None)
    held: list[str] = []  # the first problem, held until it is clear whether anything can be read
    state = {"direct": False, "count": 0}

    def skip(message: str) -> None:
        state["count"] += 1
        if strict:
            raise CorpusError(message)
        if state["direct"]:
            report(message)
            return
        held.append(message)
        if len(held) > 1:
            release()

    def release() -> None:
        for message in held:
            report(message)
        held.clear()
        state["direct"] = True

    seen = DuplicateIndex()
    for path in expand_paths(paths):
        found = 0
        problems_before = state["count"]
        try:
            for article in read_path(path, skip):
                found += 1
                try:
                    article = screen_article(article, any_language, split)
                except CorpusError as exc:
                    skip(str(exc))
                    continue
                repeat = seen.repeat(article.id, text_key(article.text), article.source)
                if repeat is not None:
                    skip(f"{article.source}: duplicate article '{article.id}' ({repeat})")
                    continue
                if not state["direct"]:
                    release()
                yield article
            if not found and problems_before == state["count"]:
                skip(f"{path}: no articles in the file")
        except CorpusError as exc:
            skip(str(exc))
        except OSError as exc:
            skip(f"{exc.filename or path}: {exc.strerror or exc}")
        except (MemoryError, RecursionError) as exc:
            skip(f"{path}: too large or too deeply nested to read ({type(exc).__name__})")
        except Exception as exc:  # a reader bug must not end a long run: report the file and go on
            if os.environ.get("FRAMING_DEBUG"):
                raise
            skip(f"{path}: cannot read it ({type(exc).__name__}: {exc}); set FRAMING_DEBUG=1 for details")
    if len(held) == 1 and not state["direct"]:
        raise CorpusError(held[0])
