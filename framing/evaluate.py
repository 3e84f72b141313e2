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


def prevalence_errors(
    model: FramingModel, texts: Sequence[str], labels: Sequence[Sequence[str]], groups: Sequence[str],
    calibration_folds: int = 0, articles: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Per group x frame: the true share of sentences with the frame vs the CC, PCC and ACC estimates.

    This checks the prevalence correction ``framing compare`` applies on a labelled sample: ACC uses the
    model card's cross-validated error rates, PCC the calibrated probabilities. ``pcc_sd`` is the error PCC
    would have even with perfectly calibrated probabilities, because the true labels are draws from them:
    sqrt(sum p(1 - p)) / n. An error within two of these is what a cell of that size allows.

    With ``calibration_folds`` k >= 2, ``pcc_cal`` is PCC after recalibrating on a labelled sample of the same
    corpus (``framing compare --calibrate``), cross-fitted: each sentence's probability comes from a calibration
    fitted on the other folds, which never share an article (``articles``) with it.
    """
    from . import stats
    from .model import labels_matrix

    Y = labels_matrix(labels)
    probs = model.predict_proba(list(texts))
    predicted = probs >= model.thresholds
    rates = model.card.get("error_rates", {})
    tpr = np.array([rates.get(f, {}).get("tpr", np.nan) for f in FRAMES])
    fpr = np.array([rates.get(f, {}).get("fpr", np.nan) for f in FRAMES])
    cross_fitted = (cross_fitted_probs(model, model.decision(list(texts)), Y, articles, calibration_folds)
                    if calibration_folds >= 2 else None)
    rows = []
    group_array = np.asarray(groups)
    for group in sorted(set(groups)):
        mask = group_array == group
        raw = stats.cc(predicted[mask])
        estimates = {"cc": raw, "pcc": stats.pcc(probs[mask]), "acc": stats.acc(raw, tpr, fpr)}
        if cross_fitted is not None:
            estimates["pcc_cal"] = stats.pcc(cross_fitted[mask])
        noise = np.sqrt((probs[mask] * (1 - probs[mask])).sum(axis=0)) / mask.sum()
        truth = Y[mask].mean(axis=0)
        for j, frame in enumerate(FRAMES):
            row = {"group": group, "frame": frame, "n": int(mask.sum()), "true": round(float(truth[j]), 4)}
            for name, values in estimates.items():
                row[name] = round(float(values[j]), 4)
                row[f"{name}_error"] = round(float(abs(values[j] - truth[j])), 4)
            row["pcc_sd"] = round(float(noise[j]), 4)
            rows.append(row)
    names = ("cc", "pcc", "acc") + (("pcc_cal",) if cross_fitted is not None else ())
    worst = {name: max(r[f"{name}_error"] for r in rows) for name in names}
    mean = {name: round(float(np.nanmean([r[f"{name}_error"] for r in rows])), 4) for name in names}
    over = {name: sum(r[f"{name}_error"] > 0.05 for r in rows) for name in names}
    beyond_noise = sum(r["pcc_error"] > 2 * r["pcc_sd"] for r in rows)
    return {"rows": rows, "max_abs_error": worst, "mean_abs_error": mean, "cells_over_0_05": over,
            "pcc_cells_beyond_2_sd": beyond_noise, "median_pcc_sd": round(float(np.median([r["pcc_sd"] for r in rows])), 4)}


def cross_fitted_probs(model: FramingModel, scores: np.ndarray, Y: np.ndarray, articles: Sequence[str] | None,
                       folds: int, seed: int = 13) -> np.ndarray:
    """Probabilities from raw ``scores`` under calibrations refitted on the other folds (grouped by article), never
    on the sentence's own labels."""
    from sklearn.model_selection import GroupKFold

    from .model import refit_calibration, sigmoid

    units = np.asarray(articles if articles is not None else range(len(scores)))
    if len(set(units.tolist())) < folds:
        raise AnnotationError(f"cross-calibration needs at least {folds} articles in the labelled sample")
    probs = np.zeros(scores.shape)
    for train, test in GroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(scores, groups=units):
        platt, _, _ = refit_calibration(model, scores[train], Y[train])
        probs[test] = sigmoid(scores[test] * platt[:, 0] + platt[:, 1])
    return probs


def evaluate_file(model: FramingModel, path: Path, by: str | None = None, calibration_folds: int = 0) -> dict[str, Any]:
    """Evaluate on a labelled JSONL file; with ``by``, also check prevalence estimates per group of that key
    (and, with ``calibration_folds``, after cross-fitted recalibration by ``article_id`` when lines have one)."""
    texts, labels, rows = read_labelled(path)
    result = evaluate(model, texts, labels) | {"data": str(path)}
    if by:
        missing = [i + 1 for i, row in enumerate(rows) if by not in row]
        if missing:
            raise AnnotationError(f"{path}: {len(missing)} line(s) have no '{by}' key (first: record {missing[0]})")
        articles = [str(row["article_id"]) for row in rows] if all("article_id" in row for row in rows) else None
        result["prevalence"] = prevalence_errors(model, texts, labels, [str(row[by]) for row in rows],
                                                 calibration_folds, articles)
    return result
