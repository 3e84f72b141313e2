"""Annotation samples: draw sentences stratified by outlet (or any key) from a corpus, and find labelled ones again.

A labelled sample checks the classifier and the prevalence correction on real coverage. The labels can be kept
apart from the corpus text (``id``, ``sha1`` and ``labels`` only), so a project can publish annotations of a corpus
it may not redistribute: looking the labelled sentences up in the corpus by article and text hash rebuilds the
sample, and the hashes prove the sentences are the ones that were annotated, whatever else changes around them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
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


def _row(article: Article, index: int, text: str, by: str) -> dict[str, Any]:
    """A sample line: the sentence, its id and hash, and the article fields evaluation groups by."""
    return {"id": f"{article.id}:{index}", "sha1": sentence_sha1(text), by: _group_of(article, by),
            "article_id": article.id, "url": article.url, "sentence_index": index, "text": text}


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
        pool += [_row(article, index, text, by) for index, text in enumerate(article.sentences())]
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


def find_labelled(articles: Iterable[Article], labels: dict[str, dict[str, Any]], by: str = "outlet",
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    """The corpus sentences the labels name, matched by article id and text hash (not by position, so a changed
    split elsewhere in an article loses nothing), with their labels; and the ids of labels that matched nothing."""
    wanted = {(key.rpartition(":")[0], value["sha1"]): key for key, value in labels.items()}
    rows, found = [], set()
    for article in articles:
        for index, text in enumerate(article.sentences()):
            key = wanted.get((article.id, sentence_sha1(text)))
            if key is not None and key not in found:
                found.add(key)
                rows.append(_row(article, index, text, by) | {"id": key, "labels": labels[key]["labels"]})
    return rows, [key for key in labels if key not in found]


def label_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Publishable labels of an annotated sample: id, sha1 and labels, no text."""
    return [{key: row[key] for key in LABEL_KEYS} for row in rows]
