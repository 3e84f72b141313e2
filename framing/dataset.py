"""Build the labelled-sentence dataset (Hugging Face ``datasets``, offline) from corpus, annotations and written bank.

Sources: ``gold`` (hand annotations of corpus articles), ``written`` (sentences the team wrote, in pseudo-articles)
and ``silver`` (a user's unlabelled corpus labelled by the labelling functions). Train/test are split by article.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import FRAMES
from .corpus import CorpusError, iter_articles

if TYPE_CHECKING:
    import datasets

SOURCES = ("gold", "written", "silver")
COLUMNS = ("text", "article_id", "outlet", "date", "sentence_index", "labels", "source")


class AnnotationError(ValueError):
    """An annotation or written-bank file that breaks the format; the message names file and line."""


@dataclass
class Record:
    """One labelled sentence before it becomes a dataset row."""

    text: str
    article_id: str
    labels: list[str]
    source: str
    outlet: str = "unknown"
    date: str = ""
    sentence_index: int = 0


@dataclass
class BuildReport:
    """What a dataset build used and what it could not match, for the CLI to show."""

    counts: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    unannotated: int = 0
    skipped: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Key for matching a sentence to its annotation: case, quotes and spacing folded."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def sentence_sha1(text: str) -> str:
    """Short content hash of a sentence: ties a label to the exact text it was given for, without copying it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _hash_key(sha1: str) -> str:
    return f"sha1:{sha1}"


def check_labels(labels: object, where: str) -> list[str]:
    """Validate a label list against the four frames and return it in canonical order."""
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise AnnotationError(f"{where}: 'labels' must be a list of frame names")
    unknown = sorted(set(labels) - set(FRAMES))
    if unknown:
        raise AnnotationError(f"{where}: unknown label(s) {', '.join(unknown)} (allowed: {', '.join(FRAMES)})")
    return [f for f in FRAMES if f in labels]


def read_labelled_jsonl(path: Path, required: Sequence[str]) -> Iterable[tuple[str, dict]]:
    """Yield (location, row) for each line of a labelled JSONL file, checking JSON, keys and labels."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise AnnotationError(f"{where}: not UTF-8 text; save the file as UTF-8") from None
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                raise AnnotationError(f"{where}: malformed JSON line") from None
            if not isinstance(row, dict):
                raise AnnotationError(f"{where}: not a JSON object")
            missing = [k for k in required if k not in row]
            if missing:
                raise AnnotationError(f"{where}: missing key(s) {', '.join(missing)}")
            if "text" in required and (not isinstance(row["text"], str) or not row["text"].strip()):
                raise AnnotationError(f"{where}: 'text' must be a non-empty string")
            row["labels"] = check_labels(row["labels"], where)
            yield where, row


def load_annotations(folders: Path | Sequence[Path]) -> dict[str, dict[str, list[str]]]:
    """Read ``*.jsonl`` annotations: article_id -> sentence key -> labels.

    A line gives its sentence as text (``article_id``, ``text``, ``labels``) or, for a corpus whose text may not be
    copied, as ``id`` ("article:index") and ``sha1`` of the sentence (the labels ``framing sample`` publishes).
    """
    annotations: dict[str, dict[str, list[str]]] = {}
    for folder in [folders] if isinstance(folders, Path) else folders:
        for path in sorted(folder.glob("*.jsonl")) if folder.exists() else []:
            for where, row in read_labelled_jsonl(path, ("labels",)):
                article, key = _annotation_key(row, where)
                annotations.setdefault(article, {})[key] = row["labels"]
    return annotations


def _annotation_key(row: dict, where: str) -> tuple[str, str]:
    """(article id, sentence key) of an annotation line given by text or by hash; bad lines are errors."""
    if "sha1" in row:
        if not (isinstance(row.get("id"), str) and ":" in row["id"] and isinstance(row["sha1"], str)):
            raise AnnotationError(f"{where}: a hashed annotation needs an 'id' like article:index and a 'sha1' string")
        return row["id"].rpartition(":")[0], _hash_key(row["sha1"])
    missing = [k for k in ("article_id", "text") if k not in row]
    if missing:
        raise AnnotationError(f"{where}: missing key(s) {', '.join(missing)}")
    if not isinstance(row["text"], str) or not row["text"].strip():
        raise AnnotationError(f"{where}: 'text' must be a non-empty string")
    return str(row["article_id"]), normalise(row["text"])


def load_written(folder: Path) -> list[Record]:
    """Read the team-written bank (``*.jsonl`` with article_id, text, labels), numbering sentences per article."""
    records: list[Record] = []
    positions: dict[str, int] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.exists() else []:
        for _, row in read_labelled_jsonl(path, ("article_id", "text", "labels")):
            article = str(row["article_id"])
            index = positions.get(article, 0)
            positions[article] = index + 1
            outlet = f"written:{row.get('register', 'unknown')}"
            records.append(Record(row["text"], article, row["labels"], "written", outlet, "", index))
    return records


def corpus_records(
    paths: Iterable[str | Path],
    annotations: dict[str, dict[str, list[str]]],
    report: BuildReport,
    silver: bool,
) -> list[Record]:
    """Split corpus articles into sentences: annotated ones are gold; the rest become silver if asked."""
    records: list[Record] = []
    unlabelled: list[Record] = []
    for article in iter_articles(paths, on_skip=report.skipped.append):
        gold = annotations.get(article.id, {})
        found: set[str] = set()
        for index, text in enumerate(article.sentences()):
            key = normalise(text)
            if key not in gold and gold:
                key = _hash_key(sentence_sha1(text))
            record = Record(text, article.id, [], "gold", article.outlet, article.date, index)
            if key in gold:
                record.labels = gold[key]
                found.add(key)
                records.append(record)
            else:
                unlabelled.append(record)
        report.unmatched += [f"{article.id}: {key[:70]}" for key in gold if key not in found]
    report.unannotated = len(unlabelled)
    if silver and unlabelled:
        from .labelling import silver_labels

        for record, labels in zip(unlabelled, silver_labels([r.text for r in unlabelled])):
            record.labels, record.source = labels, "silver"
        records += unlabelled
    return records


def features() -> datasets.Features:
    """The dataset schema: multi-label frames as a list of ClassLabel with explicit names (stable ids)."""
    import datasets

    return datasets.Features(
        {
            "text": datasets.Value("string"),
            "article_id": datasets.Value("string"),
            "outlet": datasets.Value("string"),
            "date": datasets.Value("string"),
            "sentence_index": datasets.Value("int32"),
            "labels": datasets.List(datasets.ClassLabel(names=list(FRAMES))),
            "source": datasets.ClassLabel(names=list(SOURCES)),
        }
    )


def to_dataset(records: Sequence[Record]) -> datasets.Dataset:
    """Turn records into a ``datasets.Dataset`` with the project schema."""
    import datasets

    rows = {
        "text": [r.text for r in records],
        "article_id": [r.article_id for r in records],
        "outlet": [r.outlet for r in records],
        "date": [r.date for r in records],
        "sentence_index": [r.sentence_index for r in records],
        "labels": [[FRAMES.index(f) for f in r.labels] for r in records],
        "source": [SOURCES.index(r.source) for r in records],
    }
    return datasets.Dataset.from_dict(rows, features=features())


def split_by_article(dataset: datasets.Dataset, test_size: float = 0.2, seed: int = 13) -> datasets.DatasetDict:
    """Hold out whole articles (never single sentences) so test sentences share no article with training."""
    import datasets
    import numpy as np

    articles = sorted(set(dataset["article_id"]))
    rng = np.random.default_rng(seed)
    n_test = min(len(articles) - 1, max(1, round(len(articles) * test_size))) if test_size > 0 and len(articles) > 1 else 0
    test_articles = set(rng.choice(articles, size=n_test, replace=False).tolist()) if n_test else set()
    is_test = [a in test_articles for a in dataset["article_id"]]
    train = [i for i, t in enumerate(is_test) if not t]
    test = [i for i, t in enumerate(is_test) if t]
    return datasets.DatasetDict({"train": dataset.select(train), "test": dataset.select(test)})


def build(
    corpus: Sequence[str | Path],
    annotations_dir: Path | Sequence[Path],
    written_dir: Path,
    silver: bool = False,
    test_size: float = 0.2,
    seed: int = 13,
) -> tuple[datasets.DatasetDict, BuildReport]:
    """Build the train/test DatasetDict from corpus paths, annotations and the written bank."""
    report = BuildReport()
    records = load_written(written_dir)
    if corpus:
        records += corpus_records(corpus, load_annotations(annotations_dir), report, silver)
    if not records:
        raise CorpusError("no labelled sentences found: add annotations or written sentences")
    for source in SOURCES:
        report.counts[source] = sum(r.source == source for r in records)
    return split_by_article(to_dataset(records), test_size, seed), report


def save(dataset_dict: datasets.DatasetDict, out_dir: Path, jsonl: bool = True) -> None:
    """Save atomically: write beside the target, then swap it in, so a crash keeps the previous dataset."""
    from .atomic import replace_dir

    with replace_dir(out_dir) as tmp:
        non_empty = {name: ds for name, ds in dataset_dict.items() if ds.num_rows}  # datasets cannot reload empty splits
        type(dataset_dict)(non_empty).save_to_disk(str(tmp / "hf"))
        if jsonl:
            for split, ds in dataset_dict.items():
                export_jsonl(ds, tmp / f"{split}.jsonl")


def export_jsonl(dataset: datasets.Dataset, path: Path) -> None:
    """Write one JSON object per sentence with frame names (not ids) as labels."""
    with path.open("w", encoding="utf-8") as handle:
        for row in dataset:
            row = dict(row)
            row["labels"] = [FRAMES[i] for i in row["labels"]]
            row["source"] = SOURCES[row["source"]]
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def load(out_dir: Path) -> datasets.DatasetDict:
    """Load a dataset saved by :func:`save`."""
    import datasets

    path = out_dir / "hf"
    if not path.exists():
        raise CorpusError(f"{out_dir}: no dataset here; run 'make data' first")
    return datasets.load_from_disk(str(path))


def offline() -> None:
    """Keep Hugging Face libraries off the network and quiet; must run before ``import datasets``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
