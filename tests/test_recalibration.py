"""Recalibrating a model on a labelled sample of the corpus it scores, and the cross-fitted check of it."""

import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from framing import FRAMES
from framing.cli import app
from framing.evaluate import cross_fitted_probs, prevalence_errors
from framing.model import ModelError, labels_matrix, recalibrated, sigmoid

from .conftest import TINY_BANK, write_two_outlets

runner = CliRunner()
TEXTS = [text for rows in TINY_BANK.values() for text, _ in rows]
LABELS = [labels for rows in TINY_BANK.values() for _, labels in rows]
ARTICLES = [article for article, rows in TINY_BANK.items() for _ in rows]


class ScoreTable:
    """Stands in for a model's features: the raw score of sentence 'i' is row i of a fixed matrix."""

    def __init__(self, scores: np.ndarray) -> None:
        self.scores = scores

    def transform(self, texts):
        from scipy.sparse import csr_matrix

        rows = [int(t) for t in texts]
        return csr_matrix(self.scores[rows])


def synthetic_model(tiny_model, scores: np.ndarray):
    """The tiny model's calibration machinery over known raw scores (identity weights, no intercept)."""
    return replace(tiny_model, featurizer=ScoreTable(scores), coef=np.eye(len(FRAMES), dtype=np.float32),
                   intercept=np.zeros(len(FRAMES)), platt=np.tile([1.0, 0.0], (len(FRAMES), 1)),
                   thresholds=np.full(len(FRAMES), 0.5), card=dict(tiny_model.card))


def test_recalibration_recovers_a_known_calibration(tiny_model):
    rng = np.random.default_rng(0)
    n = 20_000
    scores = rng.normal(size=(n, len(FRAMES)))
    truth = np.array([[2.0, -1.0], [0.5, 0.5], [1.0, -2.0], [3.0, 0.0]])  # true (a, b) per frame
    Y = rng.random((n, len(FRAMES))) < sigmoid(scores * truth[:, 0] + truth[:, 1])
    labels = [[f for f, y in zip(FRAMES, row) if y] for row in Y]
    model = synthetic_model(tiny_model, scores)
    fitted = recalibrated(model, [str(i) for i in range(n)], labels, source="synthetic")
    assert np.allclose(fitted.platt, truth, atol=0.12)
    assert fitted.card["recalibration"]["frames"] == list(FRAMES)
    # decisions are the same raw-score cuts as before (0 here), only probabilities change
    assert (fitted.predict([str(i) for i in range(200)]) == model.predict([str(i) for i in range(200)])).all()
    assert np.allclose(fitted.card["error_rates"]["legitimacy"]["tpr"], Y[scores[:, 0] >= 0, 0].sum() / Y[:, 0].sum(),
                       atol=1e-3)


def test_recalibrated_shares_match_the_sample_and_decisions_stay(tiny_model):
    fitted = recalibrated(tiny_model, TEXTS, LABELS)
    probs = fitted.predict_proba(TEXTS)
    assert np.allclose(probs.mean(axis=0), labels_matrix(LABELS).mean(axis=0), atol=2e-3)
    assert (fitted.predict(TEXTS) == tiny_model.predict(TEXTS)).all()
    assert tiny_model.card.get("recalibration") is None  # the original is untouched


def test_a_frame_with_too_few_positives_keeps_its_calibration(tiny_model):
    labels = [[f for f in row if f != "denial"] for row in LABELS]
    fitted = recalibrated(tiny_model, TEXTS, labels)
    j = FRAMES.index("denial")
    assert np.array_equal(fitted.platt[j], tiny_model.platt[j])
    assert fitted.thresholds[j] == tiny_model.thresholds[j]
    assert fitted.card["error_rates"]["denial"] == tiny_model.card["error_rates"]["denial"]
    assert "denial" not in fitted.card["recalibration"]["frames"]


def test_empty_sample_is_an_error(tiny_model):
    with pytest.raises(ModelError, match="no labelled sentences"):
        recalibrated(tiny_model, [], [], source="empty.jsonl")


def test_cross_fitting_never_uses_a_sentence_s_own_article(tiny_model):
    texts, labels, articles = TEXTS * 2, LABELS * 2, ARTICLES + [f"{a}-copy" for a in ARTICLES]
    scores = tiny_model.decision(texts)
    base = cross_fitted_probs(tiny_model, scores, labels_matrix(labels), articles, folds=2)
    flipped = [[] if a == "a1" else row for a, row in zip(articles, labels)]
    changed = cross_fitted_probs(tiny_model, scores, labels_matrix(flipped), articles, folds=2)
    own = np.array([a == "a1" for a in articles])
    assert np.array_equal(base[own], changed[own])  # a1's labels only reach other articles' calibration
    assert not np.array_equal(base[~own], changed[~own])


def test_prevalence_errors_report_the_recalibrated_estimator(tiny_model):
    groups = ["x" if a in ("a1", "a2", "a3") else "y" for a in ARTICLES]
    check = prevalence_errors(tiny_model, TEXTS, LABELS, groups, calibration_folds=3, articles=ARTICLES)
    assert set(check["max_abs_error"]) == {"cc", "pcc", "acc", "pcc_cal"}
    assert all(0 <= row["pcc_cal"] <= 1 for row in check["rows"])
    assert "pcc_cal" not in prevalence_errors(tiny_model, TEXTS, LABELS, groups)["max_abs_error"]


def _sample_file(path):
    with path.open("w") as handle:
        for text, labels, article in zip(TEXTS, LABELS, ARTICLES):
            handle.write(json.dumps({"text": text, "labels": labels, "article_id": article, "outlet": article[-1]}) + "\n")
    return path


def test_cli_evaluate_cross_calibrate(tiny_model_dir, tmp_path):
    sample = _sample_file(tmp_path / "sample.jsonl")
    args = ["evaluate", str(sample), "--model", str(tiny_model_dir), "--trust-model"]
    result = runner.invoke(app, args + ["--by", "outlet", "--cross-calibrate", "3", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "pcc_cal" in json.loads(result.stdout)["prevalence"]["max_abs_error"]
    result = runner.invoke(app, args + ["--cross-calibrate", "3"])
    assert result.exit_code == 2 and "needs --by" in result.output


def test_cli_compare_with_calibration_sample(tiny_model_dir, tmp_path):
    articles = write_two_outlets(tmp_path / "articles", 3)
    sample = _sample_file(tmp_path / "sample.jsonl")
    common = ["compare", str(articles), "--model", str(tiny_model_dir), "--trust-model", "--jobs", "1",
              "--n-boot", "100", "--format", "json,md"]
    result = runner.invoke(app, common + ["--out", str(tmp_path / "out"), "--calibrate", str(sample)])
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "out" / "report.json").read_text())["meta"]
    assert meta["recalibration"]["n_sentences"] == len(TEXTS)
    assert "recalibrated on 30 labelled sentences of sample.jsonl" in (tmp_path / "out" / "report.md").read_text()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n')
    result = runner.invoke(app, common + ["--out", str(tmp_path / "out2"), "--calibrate", str(bad)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert not (tmp_path / "out2").exists()
