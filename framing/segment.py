"""Turn an article's text into clean sentences: drop page furniture, strip datelines, split.

Splitting uses blingfire (compiled, ~200k sentences/s) per paragraph, then two cheap regex passes fix its
known misses: boundaries it skips after a lower-case word ("troops in. Officials") and splits inside a
quotation ('"We will not negotiate.' / 'Never."').
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Iterator

import blingfire

#: Lines that are navigation, share buttons or related-content boxes, never article text (case-insensitive).
FURNITURE_LINES = frozenset(
    s.lower()
    for s in (
        "All news", "Related Stories", "Related stories", "Related", "Related articles", "Related content",
        "No stories found.", "Read more", "Read more:", "More on this story", "Advertisement", "Subscribe",
        "Share", "Share this article", "Share this", "Copy link", "Link copied", "Facebook", "Twitter", "X",
        "WhatsApp", "Telegram", "Email", "Print", "LinkedIn", "Reddit", "Comments", "Show comments",
        "Follow us", "Sign up", "Newsletter", "Top stories", "Most read", "Trending", "Latest news",
        "Skip to content", "Menu", "Search", "Home", "Back to top", "Listen", "Watch", "Video", "Live",
    )
)

_CREDIT = re.compile(
    r"(©|\(photo\b|\bphoto\s*[|:]|\bphotograph:|\bgetty images\b|\bafp via\b|\bap photo\b|"
    r"\breuters/|/tass\s*$|/reuters\s*$|/afp\s*$|/ap\s*$|\bimage caption\b|\bimage source\b|"
    r"\bpicture:|\bcredit:)",
    re.IGNORECASE,
)
#: Fast pre-check for _CREDIT (a case-insensitive alternation is slow): every credit, casefolded, contains one of these
#: (substring tests: faster than a regex alternation, whose first letters are common ones).
_CREDIT_HINTS = ("©", "photo", "getty", "afp", "reuters", "tass", "/ap", "image", "picture:", "credit:")
#: An inline photo caption in scraped text: "(Name/Agency via AP) In this image provided by ..." at any length.
_CAPTION = re.compile(r"^\([^()]{0,120}\b(?:via AP|AP Photo|Getty Images|via Reuters|AFP)\)|^In this (?:image|photo|handout)\b")
_URL_ONLY = re.compile(r"^\s*(https?://\S+|www\.\S+|[\w-]+(\.[\w-]+)*\.(com|org|net|ru|uk|in|io|news)/?)\s*$", re.I)
_BYLINE = re.compile(
    r"^(?i:by|written by|reporting by|editing by|additional reporting by)\s+"
    r"[A-Z][\w.'-]*(?:(?:\s+|,\s*|\s+and\s+|\s+in\s+)[A-Z][\w.'-]*){0,7}\.?$"
)
#: A line that is furniture from its start: a bare URL, a byline or a photo caption, in one match.
_FURNITURE_START = re.compile(f"(?i:{_URL_ONLY.pattern})|{_BYLINE.pattern}|(?:{_CAPTION.pattern})")
#: Wire and site notices that open a sentence: AP's "___" footers, "FILE -" and "(AP Photo/...)" captions,
#: correction notes, and the "Follow us / Sign up / Read more" promotions around an article.
_NOTICE = re.compile(
    r"_{2,}|FILE [-\u2013\u2014_] |\((?:AP|Reuters|AFP) Photo\b[^()]{0,120}\)|\(?This story (?:has been |was )?"
    r"(?:officially )?correct|CORRECTION\b[^:]{0,60}:|Follow (?:\S+ ){0,5}(?:on (?:Twitter|Facebook|Instagram)|"
    r"coverage|stories)\b|Sign up\b|Send your story ideas\b|Watch our\b|Read more from\b|Read .{1,80} in full here\b|"
    r"For [\w ]{1,40}\bguide,? see\b"
)
#: The end of an AP-style photo caption: ", Wednesday, Aug. 17, 2022." (news prose does not date this way).
_CAPTION_DATE = re.compile(
    r", (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)\.? "
    r"\d{1,2}, \d{4}\.$"
)
_DATELINE = re.compile(
    r"""^(?:
        [A-Z][A-Z .'\-]{1,40},\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/(?P<slash>[A-Z]{2,10})/\.?\s*   # WASHINGTON, June 25. /TASS/.
      | [A-Z][A-Z .'\-]{1,40}(?:,\s+[A-Z][A-Za-z .]{1,30})?,?\s+[A-Z][a-z]+\.?\s+\d{1,2}\s*
        \((?P<paren1>Reuters|AP|AFP|UPI)\)\s*[-\u2013\u2014]+\s*                                # LONDON, March 3 (Reuters) -
      | [A-Z][A-Z .'\-]{1,40}(?:,\s+[A-Z][A-Za-z .]{1,30})?\s*
        \((?P<paren2>Reuters|AP|AFP|UPI)\)\s*[-\u2013\u2014]+\s*                                # KYIV, Ukraine (AP) --
      | [A-Z][A-Z'\-]{2,}(?:\s[A-Z][A-Z'\-]{2,})*(?:,\s+[A-Z][A-Za-z .]{1,30})?\s+[\u2013\u2014]\s+  # KYIV, Ukraine —
    )""",
    re.VERBOSE,
)
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Cmdr|Adm|Gov|Sen|Rep|Rev|St|Jr|Sr|Pres|Amb|Insp|Supt|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
    "No|Nos|Vol|vs|approx|est|Inc|Ltd|Co|Corp|Ave|Mt|Ft|Dept|Univ|Fig|Nr|ca"
)
_MISSED_BOUNDARY = re.compile(
    rf"(?<![A-Za-z])(?!(?:{_ABBREVIATIONS})\.)([a-z]{{2,}}|[a-z]*\d+%?|[A-Z][a-z]+)([.!?])\s+(?=[\"“‘']?[A-Z])"
)


def strip_dateline(paragraph: str) -> tuple[str, str | None]:
    """Remove a leading dateline ("KYIV (Reuters) -") and return the rest with the agency it names, if any."""
    match = _DATELINE.match(paragraph)
    if not match:
        return paragraph, None
    agency = match.group("slash") or match.group("paren1") or match.group("paren2")
    return paragraph[match.end():].lstrip(), agency


def _is_credit(line: str) -> bool:
    """True when the line carries a photo credit or copyright mark."""
    folded = line.casefold()
    return any(hint in folded for hint in _CREDIT_HINTS) and bool(_CREDIT.search(line))


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture: navigation, credits, bylines, bare URLs or site names."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) <= 40 and stripped.lower() in FURNITURE_LINES:
        return True
    if _FURNITURE_START.match(stripped):
        return True
    # word count first (bounded split): a credit line is short, and a huge line must not be searched in full
    return len(stripped.split(maxsplit=25)) <= 25 and _is_credit(stripped)


def is_notice(sentence: str) -> bool:
    """True for a sentence that is a wire or site notice, not news: see ``_NOTICE`` and ``_CAPTION_DATE``.

    Tested per sentence, never per line: a scraped page often holds a whole article on one line, which must not
    be dropped because its first sentence is a caption.
    """
    return bool(_NOTICE.match(sentence)) or (sentence[-5:-1].isdigit() and bool(_CAPTION_DATE.search(sentence)))


def _looks_like_name(line: str) -> bool:
    """True for a short line without closing punctuation, such as a site name above its address."""
    return len(line.split()) <= 6 and not line.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def site_name_above_url(text: str) -> str | None:
    """Return the site name printed just above a bare site address in a page footer, if there is one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for above, line in zip(lines, lines[1:]):
        if _URL_ONLY.match(line) and _looks_like_name(above) and not is_furniture(above):
            return above
    return None


def _single_spaced(line: str) -> str:
    """``" ".join(line.split())`` (whitespace runs as one space, no edge spaces), without splitting a line that is
    so already: only printable characters (so no whitespace but ' ') and no double or edge space, as most are."""
    if line.isprintable() and "  " not in line and not line.startswith(" ") and not line.endswith(" "):
        return line
    return " ".join(line.split())


def clean_paragraphs(text: str, site_names: tuple[str, ...] = ()) -> list[str]:
    """Split text into paragraphs and drop page furniture, captions (a line that a credit line repeats) and site names."""
    lines = [_single_spaced(line) for line in text.splitlines()]
    furniture = [not line or is_furniture(line) for line in lines]
    sites = {name.lower() for name in site_names if name}
    longest_site = max(map(len, sites), default=-1)
    credits = [line for line, drop in zip(lines, furniture) if line and drop and _is_credit(line)]
    kept: list[str] = []
    for line, drop in zip(lines, furniture):
        if _URL_ONLY.match(line) and kept and _looks_like_name(kept[-1]):
            kept.pop()  # a site name standing above the site's address in a footer
        # lower() never shortens a string: a line longer than every site name is none of them
        if drop or (len(line) <= longest_site and line.lower() in sites):
            continue
        if credits and any(credit != line and credit.startswith(line) for credit in credits):
            continue  # a caption whose credited copy sits beside it
        kept.append(line)
    return kept


#: A necessary condition for a _MISSED_BOUNDARY match, cheap to test: most sentences have none and skip the full pass.
#: It opens with the (rare) end mark and looks behind for the letter, so the regex engine skips ahead to the marks.
_MAYBE_MISSED = re.compile(r"[.!?](?<=[a-z\d%][.!?])\s+[\"“‘']?[A-Z]")


def _split_missed(sentence: str) -> list[str]:
    """Split at boundaries blingfire skipped: '.', '!' or '?' after a plain word, followed by a capital."""
    if not _MAYBE_MISSED.search(sentence):
        stripped = sentence.strip()
        return [stripped] if stripped else []
    parts, start = [], 0
    for match in _MISSED_BOUNDARY.finditer(sentence):
        word = match.group(1)
        if len(word) <= 2 and word[:1].isupper():
            continue
        end = match.end(2)
        parts.append(sentence[start:end])
        start = match.end()
    parts.append(sentence[start:])
    return [p.strip() for p in parts if p.strip()]


def _open_quote(sentence: str) -> bool:
    """True when the sentence leaves a quotation open (odd straight quotes, or more “ than ”)."""
    return sentence.count('"') % 2 == 1 or sentence.count("“") > sentence.count("”")


def _merge_quotes(pieces: list[str]) -> list[str]:
    """Re-join pieces that blingfire cut inside a quotation, up to three pieces and 600 characters."""
    merged: list[str] = []
    joins = 0
    for piece in pieces:
        if merged and joins < 3 and _open_quote(merged[-1]) and len(merged[-1]) + len(piece) < 600:
            merged[-1] = f"{merged[-1]} {piece}"
            joins += 1
        else:
            merged.append(piece)
            joins = 0
    return merged


#: A paragraph longer than this (a scraped page saved as one line) is split in chunks of about this size.
CHUNK_CHARS = 100_000
#: No sentence is longer than this: a longer run without a sentence end is cut at a space (or hard, if none).
MAX_SENTENCE_CHARS = 5_000
_CHUNK_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z])")


def _cut(text: str, begin: int, limit: int, pattern: re.Pattern | None) -> int:
    """Where to cut ``text[begin:]`` at most ``limit`` characters in: after the last sentence end (``pattern``)
    in the window's last quarter, else at its last whitespace, else at exactly ``limit``."""
    start, end = begin + limit - limit // 4, begin + limit
    if pattern is not None:
        last = None
        for last in pattern.finditer(text, start, end):
            pass
        if last is not None and last.end() > begin:
            return last.end()
    space = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
    return space + 1 if space > begin else end


def _pieces(text: str, limit: int, pattern: re.Pattern | None) -> Iterator[str]:
    """Cut ``text`` into consecutive pieces of at most ``limit`` characters at the places :func:`_cut` finds."""
    begin = 0
    while len(text) - begin > limit:
        at = _cut(text, begin, limit, pattern)
        yield text[begin:at]
        begin = at
    yield text[begin:]


_BUFFERS = threading.local()


def _blingfire_sentences(text: str) -> list[str]:
    """blingfire's sentences of ``text``, one per item: its C function called with a reused output buffer
    (``blingfire.text_to_sentences`` allocates and zeroes a new one per call, a quarter of the splitting time)."""
    data = text.encode("utf-8")
    size = 2 * len(data) + 16
    buffer = getattr(_BUFFERS, "buffer", None)
    if buffer is None or len(buffer) < size:
        buffer = _BUFFERS.buffer = ctypes.create_string_buffer(max(size, 1 << 16))
    # plain arguments: with no argtypes declared, ctypes passes bytes and the buffer as pointers and ints as C ints,
    # without building wrapper objects per call
    length = blingfire.blingfire.TextToSentences(data, len(data), buffer, len(buffer))
    if length <= 0 or length > len(buffer):
        return []
    out = buffer[:length].rstrip(b"\0").decode("utf-8")
    return out.split("\n") if out else []


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph into sentences (a huge paragraph chunk by chunk, in bounded memory per chunk)."""
    if not paragraph.strip():
        return []
    out: list[str] = []
    for chunk in _pieces(paragraph, CHUNK_CHARS, _CHUNK_END) if len(paragraph) > CHUNK_CHARS else (paragraph,):
        pieces = [part for piece in _blingfire_sentences(chunk) for part in _split_missed(piece)]
        out += _merge_quotes(pieces)
    # a sentence is never longer than its paragraph, so only a long paragraph needs the check
    if len(paragraph) > MAX_SENTENCE_CHARS and any(len(sentence) > MAX_SENTENCE_CHARS for sentence in out):
        out = [p.strip() for s in out for p in _pieces(s, MAX_SENTENCE_CHARS, None) if p.strip()]
    return out


def sentences(text: str, site_names: tuple[str, ...] = ()) -> Iterator[str]:
    """Yield the clean sentences of an article: furniture dropped, datelines stripped, repeats removed."""
    seen: set[str] = set()
    for paragraph in clean_paragraphs(text, site_names):
        body, _ = strip_dateline(paragraph)
        for sentence in split_paragraph(body):
            key = sentence.casefold()
            # a sentence that is its whole paragraph passed the furniture test in clean_paragraphs already
            if key in seen or is_notice(sentence) or (sentence != paragraph and is_furniture(sentence)):
                continue
            seen.add(key)
            yield sentence
