"""Annotation samples: draw sentences stratified by outlet (or any key) from a corpus, and re-attach labels.

A labelled sample checks the classifier and the prevalence correction on real coverage. The labels can be kept
apart from the corpus text (``id``, ``sha1`` and ``labels`` only), so a project can publish annotations of a corpus
it may not redistribute: drawing the same sample again from the corpus and attaching the labels rebuilds it, and
the hashes prove the sentences are the ones that were annotated.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .corpus import Article
from .dataset import AnnotationError, read_labelled_jsonl, sentence_sha1

#: What a published label row holds: no sentence text.
LABEL_KEYS = ("id", "sha1", "labels")


def _group_of(article: Article, by: str) -> str:
    value = getattr(article, by, None)
    if value is None:
        raise AnnotationError(f"articles have no '{by}' field (choose outlet, date, source or language)")
    return str(value) or "unknown"


def draw(articles: Iterable[Article], per_group: int, by: str = "outlet", seed: int = 13) -> list[dict[str, Any]]:
    """Up to ``per_group`` sentences drawn at random from each group's articles, in corpus order within a group.

    The draw depends only on the articles, their order and ``seed``, so the same call on the same corpus
    returns the same sample.
    """
    if per_group < 1:
        raise AnnotationError("the sample size per group must be at least 1")
    pools: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        pool = pools.setdefault(_group_of(article, by), [])
        for index, text in enumerate(article.sentences()):
            pool.append({"id": f"{article.id}:{index}", "sha1": sentence_sha1(text), by: _group_of(article, by),
                         "article_id": article.id, "url": article.url, "sentence_index": index, "text": text})
    rows: list[dict[str, Any]] = []
    for group in sorted(pools):
        pool = pools[group]
        chosen = sorted(random.Random(f"{seed}:{group}").sample(range(len(pool)), min(per_group, len(pool))))
        rows += [pool[i] for i in chosen]
    return rows


def read_labels(path: Path) -> dict[str, dict[str, Any]]:
    """Read published labels (one JSON object per line with id, sha1 and labels) keyed by id."""
    out: dict[str, dict[str, Any]] = {}
    for where, row in read_labelled_jsonl(path, LABEL_KEYS):
        if row["id"] in out:
            raise AnnotationError(f"{where}: id {row['id']} is labelled twice")
        out[row["id"]] = {"sha1": row["sha1"], "labels": row["labels"]}
    return out


def attach(rows: Sequence[dict[str, Any]], labels: dict[str, dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """The sample's rows with their labels; every label must find its sentence, with the same text hash."""
    by_id = {row["id"]: row for row in rows}
    missing = [key for key in labels if key not in by_id]
    if missing:
        raise AnnotationError(
            f"{source}: {len(missing)} labelled sentence(s) are not in this sample (first: {missing[0]}); "
            "draw it from the same corpus with the same --n, --by and --seed"
        )
    changed = [key for key, value in labels.items() if by_id[key]["sha1"] != value["sha1"]]
    if changed:
        raise AnnotationError(f"{source}: {len(changed)} sentence(s) differ from the annotated text (first: {changed[0]})")
    return [row | {"labels": labels[row["id"]]["labels"]} for row in rows if row["id"] in labels]


def label_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Publishable labels of an annotated sample: id, sha1 and labels, no text."""
    return [{key: row[key] for key in LABEL_KEYS} for row in rows]
