"""`compare()` on synthetic scored sentences: tables, columns, warnings, validation and estimator accuracy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, norm
from statsmodels.stats.multitest import multipletests

from framing import FRAMES
from framing.compare import Comparison, compare

MU = 1.0  # classifier separation: scores N(±MU, 1), threshold 0
TPR, FPR = float(norm.cdf(MU)), float(norm.cdf(-MU))
ERROR_RATES = {f: {"tpr": TPR, "fpr": FPR} for f in FRAMES}
CUES = {"legitimacy": "treason illegal", "denial": "denied baseless", "escalation": "shelling troops",
        "negotiation": "ceasefire talks"}


def synthetic_scored(outlets: dict[str, tuple[int, list[float]]], seed: int = 0, sentences=(6, 14)) -> pd.DataFrame:
    """Scored sentences with KNOWN true labels (column ``true_<frame>``).

    ``outlets`` maps an outlet to (number of articles, true prevalence per frame). Scores are N(±MU, 1), the
    thresholded prediction is score > 0 (so tpr/fpr are known), and p_<frame> is the posterior under the outlet's
    true prevalence, i.e. calibrated. Each outlet also uses a planted word of its own in frame-carrying sentences.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for outlet, (n_articles, prevalence) in outlets.items():
        prev = np.asarray(prevalence)
        sizes = rng.integers(*sentences, size=n_articles)
        article = np.repeat(np.arange(n_articles), sizes)
        sentence = np.concatenate([np.arange(k) for k in sizes])
        y = rng.random((len(article), 4)) < prev
        score = rng.normal(np.where(y, MU, -MU), 1.0)
        l1, l0 = norm.pdf(score, MU), norm.pdf(score, -MU)
        p = prev * l1 / (prev * l1 + (1 - prev) * l0)
        pred = score > 0
        planted = f"{outlet.lower()}ism"  # the outlet's own word, used whenever it frames a sentence
        texts = [" ".join([CUES[f] for f, yy in zip(FRAMES, row) if yy] + ([planted] if row.any() else [])
                          + [f"report number {s}"]) for row, s in zip(pred, sentence)]
        part = pd.DataFrame({"article": [f"{outlet}-{a}" for a in article], "outlet": outlet,
                             "date": [f"2023-{6 + a % 3:02d}-{1 + (7 * a) % 28:02d}" for a in article],
                             "title": [f"{outlet} story {a}" for a in article], "sentence": sentence, "text": texts})
        for i, f in enumerate(FRAMES):
            part[f"p_{f}"], part[f], part[f"true_{f}"] = p[:, i], pred[:, i], y[:, i]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    df = synthetic_scored({"TASS": (30, [0.35, 0.10, 0.45, 0.20]), "NYT": (30, [0.10, 0.30, 0.20, 0.35]),
                           "RT": (2, [0.20, 0.20, 0.20, 0.20]), "Meduza": (1, [0.3, 0.3, 0.3, 0.3])}, seed=1)
    df.loc[df["article"].isin(["NYT-0", "NYT-1", "NYT-2"]), "outlet"] = "unknown"
    return df


@pytest.fixture(scope="module")
def result(scored) -> Comparison:
    return compare(scored, period="month", n_boot=300, n_perm=500)


def test_prevalence_table(result, scored):
    prev = result.prevalence
    assert list(prev.columns) == ["outlet", "frame", "share", "ci_low", "ci_high", "raw_share", "n_sentences",
                                  "n_articles"]
    assert result.groups == ["Meduza", "NYT", "RT", "TASS", "unknown"]
    assert len(prev) == 5 * 4 and list(prev["frame"][:4]) == list(FRAMES)
    assert (prev["ci_low"] <= prev["share"] + 1e-12).all() and (prev["share"] <= prev["ci_high"] + 1e-12).all()
    tass = prev[prev["outlet"] == "TASS"].set_index("frame")
    sub = scored[scored["outlet"] == "TASS"]
    assert tass.loc["denial", "share"] == pytest.approx(sub["p_denial"].mean())  # PCC by default
    assert tass.loc["denial", "raw_share"] == pytest.approx(sub["denial"].mean())
    assert tass["n_articles"].iloc[0] == 30 and tass["n_sentences"].iloc[0] == len(sub)
    meduza = prev[prev["outlet"] == "Meduza"]
    assert (meduza["ci_low"] == meduza["ci_high"]).all()  # one article: nothing to resample
    assert result.estimator == "pcc" and "calibrated probability" in result.estimator_description


def test_warnings_are_plain_sentences(result):
    text = "\n".join(result.warnings)
    assert "3 articles have no outlet: grouped as 'unknown'." in result.warnings
    assert "RT: only 2 articles: intervals are wide and unreliable." in result.warnings
    assert "Meduza: only 1 article" in text
    assert "permutation" in text  # small expected counts for the tiny outlets
    assert all(w.endswith(".") and len(w.split()) >= 5 for w in result.warnings)


def test_association_is_chi2_of_group_by_frame_mention_counts(scored):
    big = scored[scored["outlet"].isin(["TASS", "NYT"])]
    res = compare(big, n_boot=50)
    table = big.groupby("outlet")[list(FRAMES)].sum().to_numpy()  # frame mentions, multi-label
    ref = chi2_contingency(table, correction=False)
    a = res.association
    assert a.method == "chi2" and a.statistic == pytest.approx(ref.statistic) and a.p == pytest.approx(ref.pvalue)
    assert a.dof == 3 and a.min_expected == pytest.approx(ref.expected_freq.min())
    assert 0 < a.cramers_v < 1
    assert res.residuals.index.name == "outlet" and list(res.residuals.columns) == list(FRAMES)
    assert res.residuals.loc["TASS", "escalation"] > 2 and res.residuals.loc["NYT", "escalation"] < -2
    # per-frame k × 2 test: sentences with vs without the frame
    ft = res.frame_tests.set_index("frame")
    n = big.groupby("outlet").size().to_numpy()
    k = big.groupby("outlet")["denial"].sum().to_numpy()
    ref2 = chi2_contingency(np.column_stack([k, n - k]), correction=False)
    assert ft.loc["denial", "statistic"] == pytest.approx(ref2.statistic)
    assert ft.loc["denial", "p"] == pytest.approx(ref2.pvalue)


def test_tests_and_pairwise_tables(result):
    assert list(result.frame_tests.columns) == ["frame", "statistic", "dof", "p", "p_adj", "method",
                                                "min_expected", "cramers_v"]
    pw = result.pairwise
    assert list(pw.columns) == ["frame", "group_a", "group_b", "share_a", "share_b", "diff", "p", "p_adj",
                                "significant", "method"]
    assert len(pw) == 4 * 10  # 5 groups → 10 pairs per frame
    np.testing.assert_allclose(pw["diff"], pw["share_a"] - pw["share_b"])
    np.testing.assert_allclose(pw["p_adj"], multipletests(pw["p"], method="fdr_bh")[1])
    row = pw[(pw["frame"] == "escalation") & (pw["group_a"] == "NYT") & (pw["group_b"] == "TASS")].iloc[0]
    assert row["significant"] and row["diff"] < 0
    assert set(pw["method"]) <= {"chi2", "permutation"}


def test_distinctive_terms_and_examples(result):
    d = result.distinctive
    assert list(d.columns) == ["group", "frame", "term", "z", "count"]
    assert (d.groupby(["group", "frame"]).size() <= 10).all() and (d["z"] >= 1.96).all()
    top = d[(d["group"] == "TASS") & (d["frame"] == "legitimacy")]["term"].tolist()
    assert "tassism" in top[:3]  # the planted outlet word
    e = result.examples
    assert list(e.columns) == ["group", "frame", "score", "text", "title", "article", "sentence"]
    assert (e.groupby(["group", "frame"]).size() <= 3).all()
    tass_den = e[(e["group"] == "TASS") & (e["frame"] == "denial")]
    assert tass_den["score"].is_monotonic_decreasing and len(tass_den) == 3


def test_over_time(result):
    ot = result.over_time
    assert {"group", "period", "frame", "share", "n_sentences"} <= set(ot.columns)
    assert set(ot["period"]) == {"2023-06", "2023-07", "2023-08"}
    assert (ot.groupby(["group", "period"]).size() == 4).all()
    weekly = compare(result_frame := synthetic_scored({"A": (6, [0.3] * 4), "B": (6, [0.5] * 4)}), period="week",
                     n_boot=50)
    assert all(pd.Timestamp(p).day_of_week == 0 for p in weekly.over_time["period"])  # weeks start on Monday
    assert weekly.over_time["n_sentences"].sum() == 4 * len(result_frame)
    assert compare(result_frame, n_boot=20).over_time is None


def test_acc_and_pcc_recover_truth_through_compare():
    df = synthetic_scored({"A": (150, [0.08, 0.30, 0.50, 0.15]), "B": (150, [0.40, 0.12, 0.25, 0.60])}, seed=3,
                          sentences=(15, 25))
    truth = df.groupby("outlet")[[f"true_{f}" for f in FRAMES]].mean()
    for est in ("acc", "pcc"):
        res = compare(df, estimator=est, error_rates=ERROR_RATES, n_boot=200)
        for _, r in res.prevalence.iterrows():
            t = truth.loc[r["outlet"], f"true_{r['frame']}"]
            assert abs(r["share"] - t) < 0.03, (est, r["outlet"], r["frame"])
            assert r["ci_low"] <= r["share"] <= r["ci_high"]
    raw = res.prevalence.set_index(["outlet", "frame"])["raw_share"]
    assert abs(raw[("A", "legitimacy")] - truth.loc["A", "true_legitimacy"]) > 0.05  # CC is biased


def test_cc_estimator_equals_raw_share(scored):
    res = compare(scored, estimator="cc", n_boot=50)
    np.testing.assert_allclose(res.prevalence["share"], res.prevalence["raw_share"])
    assert "Classify-and-count" in res.estimator_description


def test_acc_warns_when_error_rates_are_useless(scored):
    rates = dict(ERROR_RATES, denial={"tpr": 0.52, "fpr": 0.5})
    res = compare(scored, estimator="acc", error_rates=rates, n_boot=50)
    assert res.prevalence.loc[res.prevalence["frame"] == "denial", "share"].isna().all()
    assert any("ACC cannot estimate denial" in w for w in res.warnings)


def test_one_group_runs_without_tests(scored):
    res = compare(scored[scored["outlet"] == "TASS"], n_boot=50)
    assert res.association is None and res.pairwise.empty and res.frame_tests.empty and res.distinctive.empty
    assert any("nothing to compare" in w for w in res.warnings)


def test_blank_outlets_and_dates_are_flagged(scored):
    df = scored.copy()
    df.loc[df["article"] == "TASS-0", "outlet"] = ""
    df.loc[df["article"] == "TASS-1", "outlet"] = None
    df.loc[df["article"] == "NYT-5", "date"] = ""
    res = compare(df, period="month", n_boot=50)
    assert "5 articles have no outlet: grouped as 'unknown'." in res.warnings
    assert "1 article has no usable date: left out of the over-time table." in res.warnings


def test_group_by_another_column(scored):
    df = scored.assign(language=np.where(scored["outlet"] == "TASS", "ru", "en"))
    res = compare(df, by="language", n_boot=50)
    assert list(res.prevalence.columns[:2]) == ["language", "frame"] and res.groups == ["en", "ru"]


def test_results_are_reproducible(scored):
    a, b = compare(scored, n_boot=100, seed=5, n_perm=200), compare(scored, n_boot=100, seed=5, n_perm=200)
    pd.testing.assert_frame_equal(a.prevalence, b.prevalence)
    pd.testing.assert_frame_equal(a.pairwise, b.pairwise)


@pytest.mark.parametrize("kwargs, message", [
    ({"estimator": "magic"}, "Unknown estimator 'magic'"),
    ({"estimator": "acc"}, "needs the model's error rates"),
    ({"estimator": "acc", "error_rates": {"denial": {"tpr": 0.9, "fpr": 0.1}}}, "legitimacy, escalation"),
    ({"period": "year"}, "Unknown period 'year'"),
    ({"by": "country"}, "'country'"),
])
def test_invalid_arguments_raise_value_error(scored, kwargs, message):
    with pytest.raises(ValueError, match=message):
        compare(scored, **kwargs)


def test_missing_columns_and_bad_probabilities_raise_value_error(scored):
    with pytest.raises(ValueError, match=r"lack the column 'p_denial'"):
        compare(scored.drop(columns=["p_denial"]))
    with pytest.raises(ValueError, match="'date'"):
        compare(scored.drop(columns=["date"]), period="month")
    with pytest.raises(ValueError, match="between 0 and 1"):
        compare(scored.assign(p_escalation=1.5))
    with pytest.raises(ValueError, match="no scored sentences"):
        compare(scored.iloc[:0])
    assert compare(scored.drop(columns=["date", "title"]), n_boot=20).examples["title"].eq("").all()
