"""The framing classifier: one linear model per frame on shared features, Platt-calibrated, per-frame thresholds.

Training runs grouped cross-validation (folds never split an article) to get out-of-fold scores; these fit the
calibration, choose each frame's threshold and give the error rates the prevalence correction needs. The final
model is then fitted on all training sentences. Saved as a folder: ``model.joblib`` + ``model-card.json``.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import FRAMES, __version__
from .features import FeatureConfig, Featurizer

MODEL_FILE = "model.joblib"
CARD_FILE = "model-card.json"
SOURCE_WEIGHTS = {"gold": 1.0, "written": 1.0, "silver": 0.3}


class ModelError(ValueError):
    """A model that cannot be trained, found, trusted or loaded; the message says what to do."""


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run (recorded in the model card)."""

    features: FeatureConfig = FeatureConfig()
    classifier: str = "svm"
    C: float = 4.0
    folds: int = 5
    seed: int = 13
    n_jobs: int = 2


def labels_matrix(labels: Sequence[Sequence[str]]) -> np.ndarray:
    """Multi-label lists -> (n, 4) 0/1 matrix in FRAMES order."""
    return np.array([[f in row for f in FRAMES] for row in labels], dtype=np.int8).reshape(-1, len(FRAMES))


CLASSIFIERS = ("logreg", "svm")


def _fit_linear(X, y: np.ndarray, weights: np.ndarray, config: TrainConfig) -> tuple[np.ndarray, float]:
    """Fit one frame's linear model (balanced classes) and return (coefficients, intercept)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if y.min() == y.max():
        return np.zeros(X.shape[1], dtype=np.float32), (10.0 if y[0] else -10.0)
    if config.classifier == "svm":
        clf = LinearSVC(C=config.C / 10, class_weight="balanced", random_state=config.seed, max_iter=5000)
    else:
        clf = LogisticRegression(C=config.C, class_weight="balanced", solver="liblinear", random_state=config.seed, max_iter=2000)
    clf.fit(X, y, sample_weight=weights)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit p = 1 / (1 + exp(-(a*s + b))) on out-of-fold scores (Platt scaling) and return (a, b)."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return 0.0, (10.0 if y[0] else -10.0)
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The probability cut-off that maximises F1 on out-of-fold predictions (ties: the middle of the best run)."""
    candidates = np.unique(np.round(probs, 4))
    if y.sum() == 0 or len(candidates) == 0:
        return 0.5
    order = np.argsort(-probs)
    sorted_p, sorted_y = probs[order], y[order]
    tp = np.cumsum(sorted_y)
    predicted = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (predicted + y.sum())
    last_of_value = np.r_[sorted_p[1:] != sorted_p[:-1], True]  # a cut can only fall between distinct values
    f1 = np.where(last_of_value, f1, -1)
    best = int(np.argmax(f1))
    below = sorted_p[best + 1] if best + 1 < len(sorted_p) else 0.0
    return float((sorted_p[best] + below) / 2)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically safe logistic function."""
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


@dataclass
class FramingModel:
    """A trained framing classifier: featurizer, per-frame weights, calibration, thresholds and its card."""

    featurizer: Featurizer
    coef: np.ndarray  # (n_features, 4)
    intercept: np.ndarray  # (4,)
    platt: np.ndarray  # (4, 2): a, b per frame
    thresholds: np.ndarray  # (4,)
    card: dict[str, Any] = field(default_factory=dict)

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores (n, 4)."""
        X = self.featurizer.transform(texts)
        return np.asarray(X @ self.coef) + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities (n, 4), one column per frame."""
        if len(texts) == 0:
            return np.zeros((0, len(FRAMES)))
        scores = self.decision(texts)
        return sigmoid(scores * self.platt[:, 0] + self.platt[:, 1])

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean (n, 4) frame decisions at the per-frame thresholds."""
        return self.predict_proba(texts) >= self.thresholds

    def explain(self, text: str, k: int = 5) -> dict[str, list[tuple[str, float]]]:
        """Per frame, the k features that pushed the score up most for this sentence (weight x value)."""
        X = self.featurizer.transform([text]).tocsr()
        names = self.featurizer.feature_names()
        out: dict[str, list[tuple[str, float]]] = {}
        for j, frame in enumerate(FRAMES):
            contrib = X.data * self.coef[X.indices, j]
            order = np.argsort(-contrib)[:k]
            out[frame] = [(names[X.indices[i]], round(float(contrib[i]), 4)) for i in order if contrib[i] > 0]
        return out


def _fit_weights(featurizer: Featurizer, texts, Y, weights, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """Fit the four per-frame linear models on already-fitted features."""
    X = featurizer.transform(texts)
    fitted = [_fit_linear(X, Y[:, j], weights, config) for j in range(len(FRAMES))]
    return np.stack([c for c, _ in fitted], axis=1), np.array([b for _, b in fitted])


def _fold_scores(train_idx, test_idx, texts, Y, weights, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """Fit on one fold's training part and return (test indices, raw scores on the held-out part)."""
    tr = [texts[i] for i in train_idx]
    featurizer = Featurizer(config.features).fit(tr)
    coef, intercept = _fit_weights(featurizer, tr, Y[train_idx], weights[train_idx], config)
    X = featurizer.transform([texts[i] for i in test_idx])
    return test_idx, np.asarray(X @ coef) + intercept


def out_of_fold_scores(texts, Y, groups, weights, config: TrainConfig) -> np.ndarray:
    """Raw scores for every sentence from a model that never saw its article (GroupKFold)."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups))
    folds = min(config.folds, n_groups)
    if folds < 2:
        raise ModelError("cross-validation needs sentences from at least two articles")
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=config.seed)
    jobs = Parallel(n_jobs=config.n_jobs)(
        delayed(_fold_scores)(tr, te, texts, Y, weights, config) for tr, te in splitter.split(texts, groups=groups)
    )
    scores = np.zeros(Y.shape, dtype=float)
    for idx, fold_scores in jobs:
        scores[idx] = fold_scores
    return scores


def data_sha256(texts: Sequence[str], labels: Sequence[Sequence[str]], groups: Sequence[str]) -> str:
    """Hash of the exact training data (text, labels, article), recorded in the model card."""
    digest = hashlib.sha256()
    for text, row, group in zip(texts, labels, groups):
        digest.update(json.dumps([text, list(row), group], ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions the model was trained with: loading it elsewhere is only supported with the same scikit-learn."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "framing": __version__}
    for package in ("scikit-learn", "numpy", "scipy", "datasets", "joblib", "blingfire"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


@dataclass
class CrossValidation:
    """Out-of-fold results of one configuration: calibration, thresholds and metrics at those thresholds."""

    platt: np.ndarray
    thresholds: np.ndarray
    metrics: dict[str, Any]


def cross_validate(texts: list[str], Y: np.ndarray, groups: Sequence[str], weights: np.ndarray, config: TrainConfig) -> CrossValidation:
    """Grouped CV: fit Platt scaling and F1-optimal thresholds on out-of-fold scores, and measure them there.

    The thresholds are chosen on the same out-of-fold predictions they are scored on, so the reported F1 is
    slightly optimistic; the held-out test split and ``framing evaluate`` give the unbiased figures.
    """
    from .evaluate import metrics

    oof = out_of_fold_scores(texts, Y, list(groups), weights, config)
    platt = np.array([fit_platt(oof[:, j], Y[:, j]) for j in range(len(FRAMES))])
    probs = sigmoid(oof * platt[:, 0] + platt[:, 1])
    thresholds = np.array([best_threshold(probs[:, j], Y[:, j]) for j in range(len(FRAMES))])
    return CrossValidation(platt, thresholds, metrics(Y, probs, thresholds))


MIN_CALIBRATION_CLASS = 5  # positives and negatives a frame needs in a labelled sample to be recalibrated


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def refit_calibration(model: FramingModel, scores: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Platt scaling refitted on labelled raw scores, with thresholds moved so the same scores cross them; returns
    (platt, thresholds, refitted frames). A frame with fewer than ``MIN_CALIBRATION_CLASS`` positives or negatives,
    or whose scores do not rank it on this sample, keeps its trained calibration."""
    platt, thresholds = model.platt.copy(), model.thresholds.copy()
    refitted = []
    for j, frame in enumerate(FRAMES):
        positives = int(Y[:, j].sum())
        if min(positives, len(Y) - positives) < MIN_CALIBRATION_CLASS or model.platt[j, 0] == 0:
            continue
        a, b = fit_platt(scores[:, j], Y[:, j])
        if a <= 0:
            continue
        cut = (_logit(model.thresholds[j]) - model.platt[j, 1]) / model.platt[j, 0]
        platt[j], thresholds[j] = (a, b), float(sigmoid(np.array(a * cut + b)))
        refitted.append(frame)
    return platt, thresholds, refitted


def recalibrated(model: FramingModel, texts: Sequence[str], labels: Sequence[Sequence[str]],
                 source: str = "") -> FramingModel:
    """A copy of ``model`` whose Platt scaling and error rates are refitted on labelled sentences of the corpus
    it will score, for prevalence estimates on text unlike the training data (Card & Smith 2018).

    Decisions do not change: each threshold moves with its calibration (see :func:`refit_calibration`).
    """
    from .evaluate import metrics

    if len(texts) == 0:
        raise ModelError(f"{source or 'the calibration sample'}: no labelled sentences to recalibrate on")
    Y = labels_matrix(labels)
    scores = model.decision(list(texts))
    platt, thresholds, refitted = refit_calibration(model, scores, Y)
    probs = sigmoid(scores * platt[:, 0] + platt[:, 1])
    card = dict(model.card)
    measured = metrics(Y, probs, thresholds)["error_rates"]
    card["error_rates"] = {f: measured[f] if f in refitted else rates
                           for f, rates in model.card.get("error_rates", measured).items()}
    card["recalibration"] = {"source": source, "n_sentences": len(Y), "frames": refitted,
                             "positives": dict(zip(FRAMES, Y.sum(axis=0).astype(int).tolist()))}
    return FramingModel(model.featurizer, model.coef, model.intercept, platt, thresholds, card)


def source_weights(sources: Sequence[str] | None, n: int) -> np.ndarray:
    """Per-sentence training weights: silver labels count less than gold and written ones."""
    return np.array([SOURCE_WEIGHTS[s] for s in sources] if sources else np.ones(n), dtype=float)


def train(
    texts: Sequence[str],
    labels: Sequence[Sequence[str]],
    groups: Sequence[str],
    sources: Sequence[str] | None = None,
    config: TrainConfig = TrainConfig(),
) -> FramingModel:
    """Train, calibrate and threshold a model; its card holds cross-validated metrics and error rates."""
    start = time.perf_counter()
    texts = list(texts)
    Y = labels_matrix(labels)
    weights = source_weights(sources, len(texts))
    cv = cross_validate(texts, Y, groups, weights, config)
    featurizer = Featurizer(config.features).fit(texts)
    coef, intercept = _fit_weights(featurizer, texts, Y, weights, config)
    card = {
        "name": "",
        "framing_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "labels": list(FRAMES),
        "thresholds": dict(zip(FRAMES, np.round(cv.thresholds, 4).tolist())),
        "features": config.features.to_dict() | {"name": config.features.describe()},
        "classifier": f"{config.classifier} (C={config.C}, class_weight=balanced) per frame + Platt calibration",
        "train_config": {"classifier": config.classifier, "C": config.C, "folds": config.folds, "seed": config.seed},
        "training_data": {
            "sha256": data_sha256(texts, labels, groups),
            "n_sentences": len(texts),
            "n_articles": len(set(groups)),
            "by_source": {s: int(sum(1 for x in (sources or []) if x == s)) for s in SOURCE_WEIGHTS},
            "label_counts": dict(zip(FRAMES, Y.sum(axis=0).astype(int).tolist())) | {"none": int((Y.sum(1) == 0).sum())},
        },
        "cross_validation": cv.metrics | {"grouped_by": "article", "folds": min(config.folds, len(set(groups)))},
        "error_rates": cv.metrics["error_rates"],
        "library_versions": library_versions(),
        "train_seconds": round(time.perf_counter() - start, 2),
    }
    return FramingModel(featurizer, coef, intercept, cv.platt, cv.thresholds, card)


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save(model: FramingModel, folder: Path, name: str) -> None:
    """Write ``model.joblib`` and ``model-card.json`` into a temporary folder, then swap it into place."""
    import joblib

    from .atomic import replace_dir

    with replace_dir(folder) as tmp:
        model.card["name"] = name
        joblib.dump(model, tmp / MODEL_FILE, compress=3)
        model.card["model_sha256"] = file_sha256(tmp / MODEL_FILE)
        model.card["model_bytes"] = (tmp / MODEL_FILE).stat().st_size
        (tmp / CARD_FILE).write_text(json.dumps(model.card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_card(folder: Path) -> dict[str, Any]:
    """Read a model's card, with a clear error when there is none."""
    path = folder / CARD_FILE
    if not path.exists():
        raise ModelError(f"{folder}: no trained model here (missing {CARD_FILE}); run 'make train' first")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelError(f"{path}: model card is not valid JSON; retrain with 'make train'") from None
    if not isinstance(card, dict):
        raise ModelError(f"{path}: model card is not a JSON object; retrain with 'make train'")
    return card


def load(folder: Path, trusted_root: Path | None = None, trust: bool = False) -> FramingModel:
    """Load a saved model after checking its sha256 against the card and that it comes from a trusted place.

    joblib files can run code when loaded: a model outside ``trusted_root`` (the project's models/) is refused
    unless ``trust`` is set, and a file whose hash differs from its card is always refused.
    """
    import joblib

    folder = Path(folder)
    card = read_card(folder)
    if not trust and trusted_root is not None and not folder.resolve().is_relative_to(trusted_root.resolve()):
        raise ModelError(f"{folder}: model is outside {trusted_root}; pass --trust-model if you trust its author")
    path = folder / MODEL_FILE
    if not path.exists():
        raise ModelError(f"{folder}: missing {MODEL_FILE}; run 'make train'")
    if not card.get("model_sha256"):
        raise ModelError(f"{folder}: the model card records no sha256 of {MODEL_FILE}; retrain with 'make train'")
    if file_sha256(path) != card.get("model_sha256"):
        raise ModelError(f"{path}: sha256 does not match its model card; the file was changed or corrupted")
    versions = card.get("library_versions")
    trained_with = versions.get("scikit-learn") if isinstance(versions, dict) else None
    installed = library_versions()["scikit-learn"]
    if trained_with and trained_with != installed:
        raise ModelError(
            f"{folder}: trained with scikit-learn {trained_with} but {installed} is installed; run 'make train' "
            f"to retrain it (or install scikit-learn=={trained_with})"
        )
    try:
        model = joblib.load(path)
    except Exception as exc:  # unpickling a model of another framing/numpy version fails in many ways
        raise ModelError(
            f"{path}: cannot load the model ({type(exc).__name__}: {str(exc)[:120]}); run 'make train' to retrain it"
        ) from None
    if not isinstance(model, FramingModel):
        raise ModelError(f"{path}: not a framing model")
    model.card = card
    return model
