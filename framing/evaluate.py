"""Score labelled sentences and measure the classifier: per-frame P/R/F1, macro-F1, calibration, error rates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import FRAMES
from .dataset import AnnotationError, check_labels

if TYPE_CHECKING:
    from .model import FramingModel

RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _safe_div(a: float, b: float) -> float:
    return float(a / b) if b else 0.0


def reliability(probs: np.ndarray, Y: np.ndarray) -> list[dict[str, float]]:
    """Pooled reliability table over all frames: mean predicted probability vs observed rate per bin."""
    p, y = probs.ravel(), Y.ravel()
    bins = np.clip(np.digitize(p, RELIABILITY_BINS[1:-1]), 0, len(RELIABILITY_BINS) - 2)
    rows = []
    for b in range(len(RELIABILITY_BINS) - 1):
        mask = bins == b
        if mask.any():
            rows.append({
                "bin": f"{RELIABILITY_BINS[b]:.1f}-{RELIABILITY_BINS[b + 1]:.1f}",
                "n": int(mask.sum()),
                "mean_predicted": round(float(p[mask].mean()), 4),
                "observed": round(float(y[mask].mean()), 4),
            })
    return rows


def metrics(Y: np.ndarray, probs: np.ndarray, thresholds: np.ndarray) -> dict[str, Any]:
    """All evaluation figures for gold matrix Y and calibrated probabilities at the given thresholds."""
    pred = probs >= thresholds
    per_frame: dict[str, dict[str, float]] = {}
    error_rates: dict[str, dict[str, float]] = {}
    for j, frame in enumerate(FRAMES):
        y, p = Y[:, j].astype(bool), pred[:, j]
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        tn = len(y) - tp - fp - fn
        precision, recall = _safe_div(tp, tp + fp), _safe_div(tp, tp + fn)
        per_frame[frame] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_safe_div(2 * precision * recall, precision + recall), 4),
            "support": int(y.sum()),
            "brier": round(float(np.mean((probs[:, j] - y) ** 2)), 4) if len(y) else 0.0,
        }
        error_rates[frame] = {"tpr": round(recall, 4), "fpr": round(_safe_div(fp, fp + tn), 4)}
    tp_all = int((Y.astype(bool) & pred).sum())
    micro_p, micro_r = _safe_div(tp_all, pred.sum()), _safe_div(tp_all, Y.sum())
    return {
        "n": int(len(Y)),
        "macro_f1": round(float(np.mean([m["f1"] for m in per_frame.values()])), 4),
        "micro_f1": round(_safe_div(2 * micro_p * micro_r, micro_p + micro_r), 4),
        "exact_match": round(float(np.mean((pred == Y.astype(bool)).all(axis=1))), 4) if len(Y) else 0.0,
        "brier": round(float(np.mean((probs - Y) ** 2)), 4) if len(Y) else 0.0,
        "per_frame": per_frame,
        "error_rates": error_rates,
        "reliability": reliability(probs, Y),
    }


def read_labelled(path: Path) -> tuple[list[str], list[list[str]], list[dict]]:
    """Read ``{"text": ..., "labels": [...]}`` lines (extra keys kept) for evaluation; bad lines are errors."""
    texts, labels, rows = [], [], []
    if not path.exists():
        raise AnnotationError(f"{path}: no such file")
    with path.open(encoding="utf-8", errors="strict") as handle:
        try:
            lines = list(enumerate(handle, 1))
        except UnicodeDecodeError:
            raise AnnotationError(f"{path}: not UTF-8 text") from None
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise AnnotationError(f"{where}: malformed JSON line") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "labels" not in row:
            raise AnnotationError(f"{where}: each line needs a 'text' string and a 'labels' list")
        texts.append(row["text"])
        labels.append(check_labels(row["labels"], where))
        rows.append(row)
    if not texts:
        raise AnnotationError(f"{path}: no labelled sentences")
    return texts, labels, rows


def evaluate(model: FramingModel, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Score sentences as given (no re-splitting) and compare with their gold labels."""
    from .model import labels_matrix

    probs = model.predict_proba(list(texts))
    result = metrics(labels_matrix(labels), probs, model.thresholds)
    result["model"] = model.card.get("name", "")
    result["thresholds"] = dict(zip(FRAMES, model.thresholds.round(4).tolist()))
    return result


def evaluate_file(model: FramingModel, path: Path) -> dict[str, Any]:
    """Evaluate on a labelled JSONL file."""
    texts, labels, _ = read_labelled(path)
    return evaluate(model, texts, labels) | {"data": str(path)}
