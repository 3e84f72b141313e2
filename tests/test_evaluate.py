"""Evaluation metrics against hand-computed values, and reading labelled files."""

import json

import numpy as np
import pytest

from framing.dataset import AnnotationError
from framing.evaluate import evaluate_file, metrics, read_labelled


def test_metrics_by_hand():
    Y = np.array([[1, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]])
    probs = np.array([[0.9, 0.1, 0.8, 0.2], [0.2, 0.1, 0.6, 0.1], [0.7, 0.9, 0.1, 0.1], [0.1, 0.2, 0.1, 0.1]])
    m = metrics(Y, probs, np.full(4, 0.5))
    legit = m["per_frame"]["legitimacy"]  # tp=1 (row0), fp=1 (row2), fn=1 (row1)
    assert (legit["precision"], legit["recall"], legit["f1"], legit["support"]) == (0.5, 0.5, 0.5, 2)
    esc = m["per_frame"]["escalation"]  # tp=1, fp=1 (row1) -> P .5 R 1
    assert (esc["precision"], esc["recall"]) == (0.5, 1.0)
    assert m["per_frame"]["negotiation"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.5 + 1.0 + 2 / 3 + 0) / 4, abs=1e-4)
    assert m["error_rates"]["legitimacy"] == {"tpr": 0.5, "fpr": 0.5}
    assert m["brier"] == pytest.approx(float(np.mean((probs - Y) ** 2)), abs=1e-4)
    assert sum(row["n"] for row in m["reliability"]) == 16


def test_read_labelled_checks_lines(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "a", "labels": ["denial"], "outlet": "RT"}\n\n{"text": "b", "labels": []}\n')
    texts, labels, rows = read_labelled(path)
    assert texts == ["a", "b"] and labels == [["denial"], []] and rows[0]["outlet"] == "RT"
    path.write_text('{"text": "a", "labels": ["denial"]}\n{"text": "b"}\n')
    with pytest.raises(AnnotationError, match="d.jsonl:2: each line needs"):
        read_labelled(path)
    path.write_text('{"text": "a", "labels": ["spin"]}\n')
    with pytest.raises(AnnotationError, match="unknown label"):
        read_labelled(path)


def test_evaluate_file_on_tiny_model(tiny_model, tmp_path):
    path = tmp_path / "gold.jsonl"
    rows = [
        {"text": "Missiles struck the town and troops attacked.", "labels": ["escalation"]},
        {"text": "The foreign ministers held talks on a ceasefire.", "labels": ["negotiation"]},
        {"text": "The ministry denied the report as fake.", "labels": ["denial"]},
        {"text": "The lake is calm in summer.", "labels": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = evaluate_file(tiny_model, path)
    assert result["n"] == 4 and set(result["per_frame"]) == {"legitimacy", "denial", "escalation", "negotiation"}
    assert result["per_frame"]["escalation"]["recall"] == 1.0


def test_prevalence_check_per_group(tiny_model, tmp_path):
    path = tmp_path / "gold.jsonl"
    rows = [
        {"text": "Missiles struck the town and troops attacked.", "labels": ["escalation"], "outlet": "A"},
        {"text": "The lake is calm in summer.", "labels": [], "outlet": "A"},
        {"text": "The foreign ministers held talks on a ceasefire.", "labels": ["negotiation"], "outlet": "B"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    check = evaluate_file(tiny_model, path, by="outlet")["prevalence"]
    by_cell = {(r["group"], r["frame"]): r for r in check["rows"]}
    assert len(by_cell) == 8
    assert by_cell[("A", "escalation")]["true"] == 0.5 and by_cell[("B", "negotiation")]["true"] == 1.0
    for row in check["rows"]:
        assert row["pcc_error"] == pytest.approx(abs(row["pcc"] - row["true"]), abs=1e-3)
    assert check["max_abs_error"]["cc"] == max(r["cc_error"] for r in check["rows"])
    assert check["cells_over_0_05"]["pcc"] == sum(r["pcc_error"] > 0.05 for r in check["rows"])
    assert check["pcc_cells_beyond_2_sd"] == sum(r["pcc_error"] > 2 * r["pcc_sd"] for r in check["rows"])
    with pytest.raises(AnnotationError, match="have no 'desk' key"):
        evaluate_file(tiny_model, path, by="desk")


def test_pcc_sampling_sd_is_the_spread_of_labels_drawn_from_the_probabilities():
    """With calibrated probabilities the true share is a draw from them: its sd is sqrt(sum p(1-p)) / n."""
    from framing.evaluate import prevalence_errors

    p = np.array([[0.5, 0.1, 0.9, 0.0]] * 4)

    class Fixed:
        thresholds = np.full(4, 0.5)
        card = {"error_rates": {f: {"tpr": 0.9, "fpr": 0.1} for f in ("legitimacy", "denial", "escalation", "negotiation")}}

        def predict_proba(self, texts):
            return p[: len(texts)]

    check = prevalence_errors(Fixed(), ["a"] * 4, [[]] * 4, ["g"] * 4)
    sds = [r["pcc_sd"] for r in check["rows"]]
    assert sds == pytest.approx([np.sqrt(4 * 0.25) / 4, np.sqrt(4 * 0.09) / 4, np.sqrt(4 * 0.09) / 4, 0.0], abs=1e-4)
    # every true share is 0 here, so PCC is off by the mean probability: 0.5 (= 2 sd, not beyond), 0.1 (< 2 x
    # 0.15), 0.9 (beyond) and 0.0 (no error)
    assert [r["pcc_error"] for r in check["rows"]] == pytest.approx([0.5, 0.1, 0.9, 0.0])
    assert check["pcc_cells_beyond_2_sd"] == 1
