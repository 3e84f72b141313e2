"""Model selection: compare featurizations and linear models by cross-validation grouped by article."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .features import FeatureConfig
from .model import TrainConfig, cross_validate, labels_matrix, source_weights

#: The candidates `framing select` compares, spelled out in full (features, classifier, C) so they do not move
#: when the defaults change.
_WORD = FeatureConfig(char_ngrams=None, labelling_functions=False, stem=False)
_WORD_CHAR = FeatureConfig(char_ngrams=(2, 5), labelling_functions=False, stem=False)
CANDIDATES: tuple[TrainConfig, ...] = tuple(
    TrainConfig(features=features, classifier=classifier, C=C)
    for features, classifier, C in (
        (_WORD, "logreg", 4.0),
        (replace(_WORD, stem=True), "logreg", 4.0),
        (_WORD_CHAR, "logreg", 4.0),
        (replace(_WORD, labelling_functions=True), "logreg", 4.0),
        (replace(_WORD, labelling_functions=True, stem=True), "logreg", 4.0),
        (replace(_WORD, labelling_functions=True, stem=True, word_ngrams=(1, 3)), "logreg", 4.0),
        (replace(_WORD, labelling_functions=True, stem=True, mask_names=True), "logreg", 4.0),
        (replace(_WORD_CHAR, labelling_functions=True), "logreg", 4.0),
        (replace(_WORD_CHAR, labelling_functions=True, stem=True), "logreg", 4.0),
        (replace(_WORD, labelling_functions=True, stem=True), "logreg", 1.0),
        (replace(_WORD, labelling_functions=True, stem=True), "logreg", 16.0),
        (replace(_WORD, labelling_functions=True, stem=True), "svm", 4.0),
        (replace(_WORD, labelling_functions=True, stem=True, mask_names=True), "svm", 4.0),
        (replace(_WORD_CHAR, labelling_functions=True), "svm", 4.0),
    )
)


def describe(config: TrainConfig) -> str:
    """One-line name of a candidate, e.g. 'logreg C=4 word1-2+char2-5+lf'."""
    return f"{config.classifier} C={config.C:g} {config.features.describe()}"


def compare_candidates(
    texts: Sequence[str],
    labels: Sequence[Sequence[str]],
    groups: Sequence[str],
    sources: Sequence[str] | None = None,
    candidates: Sequence[TrainConfig] = CANDIDATES,
    seed: int = 13,
    n_jobs: int = 2,
) -> list[dict[str, Any]]:
    """Cross-validate every candidate on the same grouped folds; rows sorted best macro-F1 first."""
    texts = list(texts)
    Y = labels_matrix(labels)
    weights = source_weights(sources, len(texts))
    rows = []
    for config in candidates:
        start = time.perf_counter()
        cv = cross_validate(texts, Y, groups, weights, replace(config, seed=seed, n_jobs=n_jobs))
        rows.append({
            "candidate": describe(config),
            "classifier": config.classifier,
            "C": config.C,
            "features": config.features.to_dict(),
            "macro_f1": cv.metrics["macro_f1"],
            "per_frame_f1": {f: m["f1"] for f, m in cv.metrics["per_frame"].items()},
            "brier": cv.metrics["brier"],
            "seconds": round(time.perf_counter() - start, 1),
        })
    return sorted(rows, key=lambda r: -r["macro_f1"])
