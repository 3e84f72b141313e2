"""Compare how groups of articles (outlets by default) frame events: prevalence, tests, terms, examples.

`compare()` turns a table of scored sentences into a `Comparison` that `framing.report.write_reports` renders.
Design choices a reader of the numbers must know:

* Shares are per SENTENCE: the fraction of a group's sentences that carry the frame, estimated with the chosen
  estimator (PCC, ACC or CC). Intervals come from resampling the group's ARTICLES (sentences stay together).
* Frames are multi-label, so the group × frame table used by the overall chi-square counts *frame mentions*:
  a sentence predicted with two frames adds one to each column and a sentence with none adds nothing. That test
  (and the residuals, and Cramér's V) asks whether the MIX of frames differs between groups. The per-frame
  k × 2 tests (sentences with vs without the frame, by group) and the pairwise tests ask whether a frame's
  PREVALENCE differs. All tests use the thresholded predictions: if the classifier errs alike in every group,
  equal true shares give equal predicted shares, so these are valid tests of "no difference".
* Tests fall back to a permutation test that reshuffles whole articles between groups when an expected count
  is below 5. Asymptotic tests treat sentences as independent, which they are not; see the methods note.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing import FRAMES
from framing import stats

ESTIMATORS: dict[str, str] = {
    "pcc": ("Probabilistic classify-and-count (PCC): a group's share is the mean calibrated probability that its "
            "sentences carry the frame; unbiased when the probabilities are calibrated for this corpus."),
    "acc": ("Adjusted classify-and-count (ACC): the share of sentences labelled with the frame, corrected with the "
            "model's cross-validated true- and false-positive rates as (share − fpr) / (tpr − fpr), "
            "clipped to [0, 1]."),
    "cc": ("Classify-and-count (CC): the plain share of sentences the model labels with the frame, with no "
           "correction for the model's errors (biased towards 50% when the model errs)."),
}
PERIODS = {"month": "M", "week": "W-SUN"}
MIN_ARTICLES = 5  # groups with fewer articles get a small-sample warning
TOP_TERMS = 10
MIN_Z = 1.96  # a distinctive term must stand out at about the 5% level; weaker ones are noise
MIN_TERM_COUNT = 2  # a term used once in a group is an anecdote, not a pattern
N_EXAMPLES = 3
ALPHA = 0.05

PREVALENCE_COLUMNS = ["frame", "share", "ci_low", "ci_high", "raw_share", "n_sentences", "n_articles"]
TEST_COLUMNS = ["frame", "statistic", "dof", "p", "p_adj", "method", "min_expected", "cramers_v"]
PAIRWISE_COLUMNS = ["frame", "group_a", "group_b", "share_a", "share_b", "diff", "p", "p_adj", "significant",
                    "method"]
DISTINCTIVE_COLUMNS = ["group", "frame", "term", "z", "count"]
EXAMPLE_COLUMNS = ["group", "frame", "score", "text", "title", "article", "sentence"]
OVER_TIME_COLUMNS = ["group", "period", "period_start", "frame", "share", "ci_low", "ci_high", "n_sentences",
                     "n_articles"]


@dataclass
class Comparison:
    """Everything `framing compare` reports about how groups of articles differ in framing."""

    by: str  # column the groups come from, e.g. "outlet"
    estimator: str  # "pcc", "acc" or "cc"
    estimator_description: str  # one plain-English sentence about the estimator
    prevalence: pd.DataFrame  # one row per group × frame: <by>, frame, share, ci_low, ci_high, raw_share, n_*
    association: stats.ChiSquareResult | None  # group × frame-mention table; None with fewer than 2 groups
    frame_tests: pd.DataFrame  # per frame: k × 2 test of presence vs absence by group
    residuals: pd.DataFrame  # adjusted residuals of the group × frame-mention table (index: groups)
    pairwise: pd.DataFrame  # per frame and pair of groups: shares, difference, p, BH-adjusted p
    distinctive: pd.DataFrame  # top terms (z ≥ 1.96) per group × frame: Monroe et al. log-odds vs other groups
    examples: pd.DataFrame  # highest-probability sentences per group × frame
    over_time: pd.DataFrame | None  # per group × period × frame; None when no period was asked for
    warnings: list[str] = field(default_factory=list)
    period: str | None = None
    error_rates: dict[str, dict[str, float]] | None = None
    n_sentences: int = 0
    n_articles: int = 0
    n_boot: int = 1000
    seed: int = 0

    @property
    def groups(self) -> list[str]:
        """Group names in report order."""
        return list(dict.fromkeys(self.prevalence[self.by]))


def compare(scored: pd.DataFrame, by: str = "outlet", period: str | None = None,
            error_rates: dict[str, dict[str, float]] | None = None, estimator: str = "pcc",
            n_boot: int = 1000, seed: int = 0, n_perm: int = 2000) -> Comparison:
    """Compare framing across the groups in column ``by`` of a scored-sentence table (see module docstring).

    Raises ValueError with a full-sentence message for a missing column, an unknown estimator or period, or
    ACC without usable error rates.
    """
    _validate(scored, by, period, error_rates, estimator, n_boot, n_perm)
    warnings: list[str] = []
    df = _prepare(scored, by)
    groups = sorted(df["_group"].unique(), key=lambda g: (g == "unknown", g))
    n_unknown = df.loc[df["_group"] == "unknown", "_unit"].nunique()
    if n_unknown:
        warnings.append(f"{_n(n_unknown, 'article')} {'has' if n_unknown == 1 else 'have'} no {by}: "
                        f"grouped as 'unknown'.")

    probs = df[[f"p_{f}" for f in FRAMES]].to_numpy(float)
    labels = df[list(FRAMES)].to_numpy(bool)
    values, transform = _estimator_inputs(estimator, probs, labels, error_rates, warnings)
    rng_boot, rng_test, rng_time = (np.random.default_rng([seed, i]) for i in range(3))

    prevalence = _prevalence(df, by, groups, values, labels, transform, n_boot, rng_boot, warnings)
    if estimator == "acc":
        _warn_clipped(prevalence, by, warnings)

    units = df.groupby("_unit", sort=False).agg(_group=("_group", "first"), n=("_group", "size"))
    unit_counts = pd.DataFrame(labels, columns=list(FRAMES)).groupby(df["_unit"].to_numpy(), sort=False).sum()
    unit_counts = unit_counts.loc[units.index].to_numpy(float)  # per article: sentences labelled with each frame
    unit_sizes, unit_groups = units["n"].to_numpy(float), units["_group"].to_numpy()

    association, residuals = None, _empty_residuals(by)
    frame_tests, pairwise = _empty(TEST_COLUMNS), _empty(PAIRWISE_COLUMNS)
    if len(groups) < 2:
        warnings.append(f"Only one {by} ('{groups[0]}') in the data: there is nothing to compare, so no tests "
                        f"were run.")
    else:
        association, residuals = _association(unit_counts, unit_groups, groups, by, n_perm, rng_test, warnings)
        frame_tests = _frame_tests(unit_counts, unit_sizes, unit_groups, by, n_perm, rng_test, warnings)
        pairwise = _pairwise(unit_counts, unit_sizes, unit_groups, groups, prevalence, by, n_perm, rng_test,
                             warnings)

    over_time = None
    if period is not None:
        over_time = _over_time(df, period, groups, values, transform, n_boot, rng_time, by, warnings)

    return Comparison(
        by=by, estimator=estimator, estimator_description=ESTIMATORS[estimator], prevalence=prevalence,
        association=association, frame_tests=frame_tests, residuals=residuals, pairwise=pairwise,
        distinctive=_distinctive(df, groups), examples=_examples(df, groups), over_time=over_time,
        warnings=warnings, period=period, error_rates=error_rates, n_sentences=len(df),
        n_articles=df["_unit"].nunique(), n_boot=n_boot, seed=seed)


# --------------------------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------------------------


def _validate(scored: pd.DataFrame, by: str, period: str | None, error_rates: dict | None, estimator: str,
              n_boot: int, n_perm: int) -> None:
    """Raise ValueError with a full-sentence message when the inputs cannot be compared."""
    if not isinstance(scored, pd.DataFrame):
        raise ValueError("The scored sentences must be a pandas DataFrame.")
    if estimator not in ESTIMATORS:
        raise ValueError(f"Unknown estimator '{estimator}': choose one of {', '.join(ESTIMATORS)}.")
    if period not in (None, *PERIODS):
        raise ValueError(f"Unknown period '{period}': choose 'month' or 'week', or leave it out.")
    if n_boot < 1 or n_perm < 1:
        raise ValueError("The number of bootstrap resamples and permutations must be at least 1.")
    needed = ["article", by, "sentence", "text"] + [f"p_{f}" for f in FRAMES] + list(FRAMES)
    if period is not None:
        needed.append("date")
    missing = [c for c in dict.fromkeys(needed) if c not in scored.columns]
    if missing:
        raise ValueError(f"The scored sentences lack the column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(repr(c) for c in missing)} needed to compare by {by!r}.")
    if scored.empty:
        raise ValueError("There are no scored sentences to compare.")
    probs = scored[[f"p_{f}" for f in FRAMES]].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    if np.isnan(probs).any() or (probs < 0).any() or (probs > 1).any():
        raise ValueError("The p_<frame> columns must hold probabilities between 0 and 1, with no gaps.")
    if estimator == "acc":
        bad = [f for f in FRAMES if not _rates_ok((error_rates or {}).get(f))]
        if bad:
            raise ValueError(f"The 'acc' estimator needs the model's error rates (tpr and fpr between 0 and 1) "
                             f"for every frame; they are missing or invalid for {', '.join(bad)}.")


def _rates_ok(rates: object) -> bool:
    """True when ``rates`` is a mapping with numeric tpr and fpr in [0, 1]."""
    try:
        return all(0.0 <= float(rates[k]) <= 1.0 for k in ("tpr", "fpr"))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return False


def _prepare(scored: pd.DataFrame, by: str) -> pd.DataFrame:
    """Copy with a clean string group column (blank → 'unknown') and a unit key of group + article."""
    df = scored.reset_index(drop=True).copy()
    group = df[by].astype("object").where(df[by].notna(), "").astype(str).str.strip()
    df["_group"] = group.where(group != "", "unknown")
    df["_unit"] = df["_group"] + "\x1f" + df["article"].astype(str)
    for f in FRAMES:
        df[f] = df[f].fillna(False).astype(bool)
        df[f"p_{f}"] = pd.to_numeric(df[f"p_{f}"])
    df["text"] = df["text"].fillna("").astype(str)
    df["title"] = df["title"].fillna("").astype(str) if "title" in df.columns else ""
    return df


def _estimator_inputs(estimator: str, probs: np.ndarray, labels: np.ndarray, error_rates: dict | None,
                      warnings: list[str]):
    """Per-sentence values whose mean is the raw share, and the transform that turns it into the estimate."""
    if estimator == "pcc":
        return probs, None
    if estimator == "cc":
        return labels.astype(float), None
    tpr = np.array([float(error_rates[f]["tpr"]) for f in FRAMES])
    fpr = np.array([float(error_rates[f]["fpr"]) for f in FRAMES])
    for f, t, p in zip(FRAMES, tpr, fpr):
        if t - p < stats.MIN_ACC_GAP:
            warnings.append(f"ACC cannot estimate {f}: the model's true- and false-positive rates are too close "
                            f"(tpr {t:.2f}, fpr {p:.2f}), so its share is left empty.")
    return labels.astype(float), lambda share: stats.acc(share, tpr, fpr)


# --------------------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------------------


def _prevalence(df, by, groups, values, labels, transform, n_boot, rng, warnings) -> pd.DataFrame:
    """Share of sentences per group × frame with article-bootstrap interval, raw CC share and sample sizes."""
    rows = []
    for g in groups:
        mask = (df["_group"] == g).to_numpy()
        units = df.loc[mask, "_unit"]
        ci = stats.bootstrap_share(units.to_numpy(), values[mask], n_boot, rng, transform=transform)
        raw = stats.cc(labels[mask])
        n_art = units.nunique()
        if n_art == 1:
            warnings.append(f"{g}: only 1 article: its intervals have zero width because there is nothing to "
                            f"resample, so treat its shares as anecdotal.")
        elif n_art < MIN_ARTICLES:
            warnings.append(f"{g}: only {n_art} articles: intervals are wide and unreliable.")
        for i, f in enumerate(FRAMES):
            rows.append({by: g, "frame": f, "share": ci.estimate[i], "ci_low": ci.low[i], "ci_high": ci.high[i],
                         "raw_share": raw[i], "n_sentences": int(mask.sum()), "n_articles": n_art})
    return pd.DataFrame(rows, columns=[by, *PREVALENCE_COLUMNS])


def _warn_clipped(prevalence: pd.DataFrame, by: str, warnings: list[str]) -> None:
    """Warn when ACC estimates sit on 0 or 1, a sign the error rates do not fit this corpus."""
    hit = prevalence[prevalence["share"].isin([0.0, 1.0]) & prevalence["raw_share"].between(0, 1, "neither")]
    if len(hit):
        cells = ", ".join(f"{r[by]}/{r['frame']}" for _, r in hit.head(3).iterrows())
        warnings.append(f"ACC was clipped to 0 or 1 for {_n(len(hit), 'group × frame cell')} (e.g. {cells}): "
                        f"the raw share lies outside what the error rates allow, so those rates may not fit "
                        f"this corpus.")


def _association(unit_counts, unit_groups, groups, by, n_perm, rng, warnings):
    """Chi-square test and adjusted residuals of the group × frame-mention table."""
    codes = pd.Categorical(unit_groups, categories=groups).codes
    table = stats.group_table(unit_counts, codes, len(groups))
    residuals = pd.DataFrame(stats.adjusted_residuals(table), index=pd.Index(groups, name=by),
                             columns=list(FRAMES))
    unused = [f for f, total in zip(FRAMES, table.sum(axis=0)) if total == 0]
    if unused:
        warnings.append(f"No sentence was labelled {' or '.join(unused)}: left out of the overall test.")
    result = stats.independence_test(unit_counts, codes, n_perm=n_perm, seed=rng)
    if result is None:
        warnings.append(f"Too few frames were found to test whether the {by}s differ.")
    elif result.method == "permutation":
        warnings.append(f"Some expected counts in the {by} × frame table are below 5 (smallest "
                        f"{result.min_expected:.1f}): its p-value comes from a permutation test that reshuffles "
                        f"whole articles between {by}s.")
    return result, residuals


def _presence_counts(unit_counts: np.ndarray, unit_sizes: np.ndarray, j: int) -> np.ndarray:
    """Per-article (with, without) sentence counts for frame column ``j``."""
    return np.column_stack([unit_counts[:, j], unit_sizes - unit_counts[:, j]])


def _frame_tests(unit_counts, unit_sizes, unit_groups, by, n_perm, rng, warnings) -> pd.DataFrame:
    """Per frame: k × 2 test of sentences with vs without the frame across all groups, BH-adjusted over frames."""
    rows = []
    for j, f in enumerate(FRAMES):
        r = stats.independence_test(_presence_counts(unit_counts, unit_sizes, j), unit_groups, n_perm=n_perm,
                                    seed=rng)
        if r is not None:
            rows.append({"frame": f, "statistic": r.statistic, "dof": r.dof, "p": r.p, "method": r.method,
                         "min_expected": r.min_expected, "cramers_v": r.cramers_v})
    out = pd.DataFrame(rows, columns=TEST_COLUMNS)
    out["p_adj"] = stats.bh_adjust(out["p"].to_numpy(float), ALPHA)[0]
    perm = out.loc[out["method"] == "permutation", "frame"].tolist()
    if perm:
        warnings.append(f"Expected counts below 5 in the per-frame test{'s' if len(perm) > 1 else ''} of "
                        f"{', '.join(perm)}: p-values come from permuting whole articles between {by}s.")
    return out


def _pairwise(unit_counts, unit_sizes, unit_groups, groups, prevalence, by, n_perm, rng, warnings) -> pd.DataFrame:
    """Every pair of groups per frame: estimated shares, their difference and a 2 × 2 test, BH over the table."""
    share = prevalence.set_index([by, "frame"])["share"]
    rows = []
    for j, f in enumerate(FRAMES):
        counts = _presence_counts(unit_counts, unit_sizes, j)
        for a, b in itertools.combinations(groups, 2):
            mask = np.isin(unit_groups, [a, b])
            r = stats.independence_test(counts[mask], unit_groups[mask], n_perm=n_perm, seed=rng)
            rows.append({"frame": f, "group_a": a, "group_b": b, "share_a": share[(a, f)],
                         "share_b": share[(b, f)], "diff": share[(a, f)] - share[(b, f)],
                         "p": np.nan if r is None else r.p, "method": None if r is None else r.method})
    out = pd.DataFrame(rows, columns=PAIRWISE_COLUMNS)
    out["p_adj"], out["significant"] = stats.bh_adjust(out["p"].to_numpy(float), ALPHA)
    n_perm_used = int((out["method"] == "permutation").sum())
    if n_perm_used:
        warnings.append(f"{n_perm_used} of {len(out)} pairwise comparisons had expected counts below 5 and were "
                        f"tested by permuting whole articles.")
    return out


def _distinctive(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Top terms of each group's frame-carrying sentences vs the other groups' sentences carrying that frame."""
    rows = []
    if len(groups) < 2:
        return _empty(DISTINCTIVE_COLUMNS)
    for f in FRAMES:
        carrying = df[df[f]]
        per_group = {g: stats.term_counts(carrying.loc[carrying["_group"] == g, "text"]) for g in groups}
        total = sum(per_group.values(), Counter())
        for g in groups:
            target = per_group[g]
            if not target:
                continue
            z = stats.log_odds_z(target, total - target)
            z = z[(z >= MIN_Z) & z.index.map(lambda t: target[t] >= MIN_TERM_COUNT)].head(TOP_TERMS)
            rows += [{"group": g, "frame": f, "term": t, "z": v, "count": target[t]} for t, v in z.items()]
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)


def _examples(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Up to three highest-probability distinct sentences labelled with each frame, per group."""
    parts = []
    for g in groups:
        sub = df[df["_group"] == g]
        for f in FRAMES:
            top = (sub[sub[f]].sort_values(f"p_{f}", ascending=False, kind="stable")
                   .drop_duplicates("text").head(N_EXAMPLES))
            parts.append(pd.DataFrame({"group": g, "frame": f, "score": top[f"p_{f}"].to_numpy(float),
                                       "text": top["text"].to_numpy(), "title": top["title"].to_numpy(),
                                       "article": top["article"].astype(str).to_numpy(),
                                       "sentence": top["sentence"].to_numpy()}))
    out = pd.concat(parts, ignore_index=True) if parts else _empty(EXAMPLE_COLUMNS)
    return out[EXAMPLE_COLUMNS]


def _over_time(df, period, groups, values, transform, n_boot, rng, by, warnings) -> pd.DataFrame:
    """Share per group × period × frame (same estimator as the prevalence table) with article-bootstrap CIs."""
    dates = pd.to_datetime(df["date"].astype("object").where(df["date"].notna(), ""), format="%Y-%m-%d",
                           errors="coerce")
    undated = df.loc[dates.isna(), "_unit"].nunique()
    if undated:
        warnings.append(f"{_n(undated, 'article')} {'has' if undated == 1 else 'have'} no usable date: left out "
                        f"of the over-time table.")
    periods = dates.dt.to_period(PERIODS[period])
    rows = []
    for g in groups:
        for per in sorted(periods[(df["_group"] == g) & dates.notna()].unique()):
            mask = ((df["_group"] == g) & (periods == per)).to_numpy()
            ci = stats.bootstrap_share(df.loc[mask, "_unit"].to_numpy(), values[mask], n_boot, rng,
                                       transform=transform)
            label = str(per) if period == "month" else per.start_time.strftime("%Y-%m-%d")
            for i, f in enumerate(FRAMES):
                rows.append({"group": g, "period": label, "period_start": per.start_time.strftime("%Y-%m-%d"),
                             "frame": f, "share": ci.estimate[i], "ci_low": ci.low[i], "ci_high": ci.high[i],
                             "n_sentences": int(mask.sum()), "n_articles": df.loc[mask, "_unit"].nunique()})
    return pd.DataFrame(rows, columns=OVER_TIME_COLUMNS)


def _empty(columns: list[str]) -> pd.DataFrame:
    """An empty table with the given columns."""
    return pd.DataFrame({c: [] for c in columns})


def _empty_residuals(by: str) -> pd.DataFrame:
    """An empty group × frame residual table."""
    return pd.DataFrame(columns=list(FRAMES), index=pd.Index([], name=by), dtype=float)


def _n(count: int, noun: str) -> str:
    """'1 article' / '3 articles'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
