"""Write a `Comparison` as a self-contained HTML report, a Markdown report, a prevalence CSV and a full JSON dump.

Every file is first rendered in memory, then written to a temporary file in the output folder, and only when all
temporary files are complete are they moved into place with ``os.replace``: an interrupted run never leaves a
half-written file and never removes the previous report.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import html
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing import FRAMES
from framing.compare import Comparison

FORMATS = ("html", "md", "csv", "json")
TMP_PREFIX = ".framing-tmp-"
CHARTS = {"prevalence": "prevalence.png", "residuals": "residuals.png", "over_time": "over_time.png"}
_UNKNOWN_COLOUR = "#8c8c8c"

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif;
       color: #1d1d1f; background: #fff; max-width: 1060px; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; }
h2 { font-size: 1.4rem; margin: 2.6rem 0 .6rem; padding-top: .6rem; border-top: 2px solid #e3e3e8; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
p, li { max-width: 46rem; }
.sub { color: #5a5a64; margin: 0 0 1.2rem; }
.summary { background: #f3f6fb; border: 1px solid #d5deeb; border-radius: 8px; padding: .9rem 1.2rem; }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .6rem; }
.summary dt { font-weight: 600; } .summary dd { margin: 0; }
.warnings { background: #fff6e0; border: 1px solid #e8b93c; border-left: 6px solid #e0a100; border-radius: 8px;
            padding: .7rem 1.2rem; margin: 1.2rem 0; }
.warnings h2 { border: 0; margin: 0 0 .3rem; padding: 0; font-size: 1.1rem; }
.warnings ul { margin: 0; padding-left: 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .92rem; }
th, td { padding: .32rem .7rem; border-bottom: 1px solid #e3e3e8; text-align: left; vertical-align: top; }
th { background: #f7f7f9; font-weight: 600; border-bottom: 2px solid #cfcfd6; }
tbody tr:nth-child(even) { background: #fbfbfc; }
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sig td { font-weight: 600; }
.small { font-size: .82rem; color: #5a5a64; }
figure { margin: 1rem 0 1.4rem; } figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .88rem; color: #5a5a64; margin-top: .3rem; max-width: 46rem; }
.methods { font-size: .93rem; color: #33333a; }
footer { margin: 3rem 0 1rem; font-size: .85rem; color: #6a6a72; }
"""


def write_reports(comparison: Comparison, out_dir: Path, formats: tuple[str, ...] = FORMATS,
                  meta: dict | None = None) -> list[Path]:
    """Render ``comparison`` into ``out_dir`` (created if missing) in ``formats``; return the paths written.

    ``meta`` describes the run: ``meta["model"]`` is shown in the summary, every entry is listed under run details
    and copied into report.json. Markdown charts are written as PNG files beside report.md.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"Unknown report format {', '.join(map(repr, unknown))}: choose from {', '.join(FORMATS)}.")
    meta = dict(meta or {})
    out_dir = Path(out_dir)
    charts = _charts(comparison) if {"html", "md"} & set(formats) else {}
    files: dict[str, bytes] = {}
    if "html" in formats:
        files["report.html"] = _html(comparison, charts, meta).encode("utf-8")
    if "md" in formats:
        files["report.md"] = _markdown(comparison, charts, meta).encode("utf-8")
        files.update({CHARTS[name]: png for name, png in charts.items()})
    if "csv" in formats:
        files["prevalence.csv"] = comparison.prevalence.to_csv(index=False).encode("utf-8")
    if "json" in formats:
        files["report.json"] = json.dumps(to_jsonable(comparison, meta), indent=2, ensure_ascii=False,
                                          allow_nan=False).encode("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    return _commit(out_dir, files)


# --------------------------------------------------------------------------------------------------------------
# Atomic writing
# --------------------------------------------------------------------------------------------------------------


def _write_temp(out_dir: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a fresh, fsynced temporary file in ``out_dir`` and return its path."""
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=TMP_PREFIX, suffix=f"-{name}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _commit(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Stage every file as a temporary file, then move them all into place; on failure remove the temporaries."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            staged.append((_write_temp(out_dir, name, data), out_dir / name))
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return [final for _, final in staged]


# --------------------------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------------------------


def to_jsonable(comparison: Comparison, meta: dict | None = None) -> dict[str, Any]:
    """Everything in ``comparison`` (plus ``meta``) as plain JSON types, NaN and infinities as None."""
    c = comparison
    residuals = c.residuals.reset_index().rename(columns={c.residuals.index.name or "index": c.by})
    out = {
        "meta": meta or {}, "by": c.by, "groups": c.groups, "estimator": c.estimator,
        "estimator_description": c.estimator_description, "n_sentences": c.n_sentences,
        "n_articles": c.n_articles, "n_boot": c.n_boot, "seed": c.seed, "period": c.period,
        "error_rates": c.error_rates, "warnings": c.warnings,
        "association": dataclasses.asdict(c.association) if c.association else None,
        "prevalence": _records(c.prevalence), "frame_tests": _records(c.frame_tests),
        "residuals": _records(residuals), "pairwise": _records(c.pairwise),
        "distinctive": _records(c.distinctive), "examples": _records(c.examples),
        "over_time": _records(c.over_time) if c.over_time is not None else None,
    }
    return _clean(out)


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as dicts."""
    return df.to_dict(orient="records")


def _clean(x: Any) -> Any:
    """Recursively convert numpy/pandas scalars and containers to JSON types; NaN/inf/NA → None."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [_clean(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    return str(x)  # strings, paths, timestamps and anything else: their text


# --------------------------------------------------------------------------------------------------------------
# Charts (matplotlib, Agg canvas, imported lazily; no global pyplot state)
# --------------------------------------------------------------------------------------------------------------


def _colours(groups: list[str]) -> dict[str, str]:
    """A stable colour per group: the tab10 palette in group order, grey for 'unknown'."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    palette = [to_hex(c) for c in colormaps["tab10"].colors if to_hex(c) != "#7f7f7f"]
    named = [g for g in groups if g != "unknown"]
    colours = {g: palette[i % len(palette)] for i, g in enumerate(named)}
    return colours | ({"unknown": _UNKNOWN_COLOUR} if "unknown" in groups else {})


def _png(fig) -> bytes:
    """Encode a matplotlib Figure as PNG bytes (no metadata, so no URLs hide in the file)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _charts(c: Comparison) -> dict[str, bytes]:
    """All charts of the report as PNG bytes, keyed by chart name."""
    charts = {"prevalence": _prevalence_chart(c)}
    if not c.residuals.empty:
        charts["residuals"] = _residual_chart(c)
    if c.over_time is not None and not c.over_time.empty:
        charts["over_time"] = _over_time_chart(c)
    return charts


def _prevalence_chart(c: Comparison) -> bytes:
    """Grouped bars: share per frame (x) and group (colour), whiskers = 95% article-bootstrap interval."""
    from matplotlib.figure import Figure

    groups, colours = c.groups, _colours(c.groups)
    fig = Figure(figsize=(9.5, 4.3))
    ax = fig.add_subplot()
    width = 0.8 / len(groups)
    x = np.arange(len(FRAMES))
    for i, g in enumerate(groups):
        rows = c.prevalence[c.prevalence[c.by] == g].set_index("frame").loc[list(FRAMES)]
        share = rows["share"].to_numpy(float)
        err = np.vstack([share - rows["ci_low"].to_numpy(float), rows["ci_high"].to_numpy(float) - share])
        ax.bar(x + (i - (len(groups) - 1) / 2) * width, np.nan_to_num(share), width * 0.92, color=colours[g],
               label=g, yerr=np.nan_to_num(err), capsize=3, error_kw={"elinewidth": 1, "ecolor": "#333333"})
    ax.set_xticks(x, list(FRAMES))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("share of sentences")
    ax.set_ylim(0, min(1.0, max(0.05, float(np.nanmax(c.prevalence["ci_high"].to_numpy(float), initial=0)) * 1.15)))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.legend(title=c.by, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return _png(fig)


def _residual_chart(c: Comparison) -> bytes:
    """Heatmap of adjusted residuals (group × frame); red = more than expected, blue = less."""
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    res = c.residuals.loc[:, list(FRAMES)]
    values = res.to_numpy(float)
    lim = max(3.0, float(np.nanmax(np.abs(values), initial=0)))
    fig = Figure(figsize=(7.5, 0.55 * len(res) + 1.6))
    ax = fig.add_subplot()
    im = ax.imshow(values, cmap=colormaps["RdBu_r"], vmin=-lim, vmax=lim, aspect="auto")
    ax.set_xticks(range(len(FRAMES)), list(FRAMES))
    ax.set_yticks(range(len(res)), [str(g) for g in res.index])
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, "–" if np.isnan(v) else f"{v:+.1f}", ha="center", va="center", fontsize=10,
                color="white" if abs(v) > 0.6 * lim else "#1d1d1f")
    fig.colorbar(im, ax=ax, label="adjusted residual")
    return _png(fig)


def _over_time_chart(c: Comparison) -> bytes:
    """One panel per frame: share per period, one line per group, light band = 95% interval."""
    from matplotlib.figure import Figure

    ot = c.over_time.assign(when=pd.to_datetime(c.over_time["period_start"]))
    colours = _colours(c.groups)
    fig = Figure(figsize=(10, 6.2), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    for ax, f in zip(axes, FRAMES):
        for g in c.groups:
            d = ot[(ot["group"] == g) & (ot["frame"] == f)].sort_values("when")
            if d.empty:
                continue
            ax.plot(d["when"], d["share"], marker="o", ms=3.5, color=colours[g], label=g)
            ax.fill_between(d["when"], d["ci_low"], d["ci_high"], color=colours[g], alpha=0.12, lw=0)
        ax.set_title(f, fontsize=11)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.grid(color="#eeeeee")
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, title=c.by, loc="outside right upper", frameon=False)
    return _png(fig)


# --------------------------------------------------------------------------------------------------------------
# Text shared by HTML and Markdown
# --------------------------------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    """0.301 → '30.1%'; NaN → '–'."""
    return "–" if x is None or pd.isna(x) else f"{100 * x:.1f}%"


def _ci(low: float, high: float) -> str:
    """Interval as '[27.4–32.9%]'; '[–]' when missing."""
    return "[–]" if pd.isna(low) or pd.isna(high) else f"[{100 * low:.1f}–{100 * high:.1f}%]"


def _pval(p: float) -> str:
    """p-value for reading: '< 0.001', '0.023' or '–'."""
    if p is None or pd.isna(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _strength(v: float, shape: tuple[int, int]) -> str:
    """Cohen's verbal label for Cramér's V given the table's smaller dimension."""
    if pd.isna(v):
        return "undefined"
    scale = math.sqrt(min(shape) - 1)
    return next((label for cut, label in ((0.5, "large"), (0.3, "medium"), (0.1, "small")) if v >= cut / scale),
                "negligible")


def _test_sentence(c: Comparison) -> str:
    """One-sentence verdict of the overall group × frame test."""
    a = c.association
    if a is None:
        return f"No overall test: it needs at least two {c.by}s and two frames that occur."
    how = ("chi-square approximation" if a.method == "chi2"
           else f"permutation test over {a.n_permutations} reshufflings of articles")
    verdict = "differ" if a.p < 0.05 else "show no clear difference"
    return (f"The {c.by}s {verdict} in their mix of frames: χ² = {a.statistic:.1f}, df = {a.dof}, "
            f"p {'' if a.p < 0.001 else '= '}{_pval(a.p)} ({how}); Cramér's V = {a.cramers_v:.2f} "
            f"({_strength(a.cramers_v, a.shape)} association).")


def _highlights(c: Comparison) -> list[str]:
    """Per frame: which group has the highest estimated share."""
    out = []
    for f in FRAMES:
        rows = c.prevalence[(c.prevalence["frame"] == f) & c.prevalence["share"].notna()]
        if len(rows) == 0:
            continue
        top = rows.loc[rows["share"].idxmax()]
        out.append(f"{f}: highest in {top[c.by]} ({_pct(top['share'])}, 95% CI {_ci(top['ci_low'], top['ci_high'])})")
    return out


def _methods(c: Comparison) -> list[str]:
    """Paragraphs of the methods note."""
    paras = [
        f"Unit of analysis: the sentence. {c.estimator_description} The raw share is the plain fraction of "
        f"sentences the model labels with the frame.",
        f"Intervals: 95% percentile bootstrap over {c.n_boot} resamples of each {c.by}'s ARTICLES with "
        f"replacement (seed {c.seed}), so sentences of one article move together and article-to-article variation "
        f"is reflected. A {c.by} with one article therefore gets a zero-width interval."
        + (" ACC intervals treat the error rates as known, so they leave out the uncertainty of those rates."
           if c.estimator == "acc" else ""),
        f"Tests use the model's thresholded labels. Because a sentence can carry several frames, the overall "
        f"{c.by} × frame table counts frame mentions (a sentence with two frames counts in both columns, one "
        f"with none is left out); its chi-square, adjusted residuals and Cramér's V (plain, not bias-corrected) "
        f"describe differences in the MIX of frames. The per-frame tests and the pairwise comparisons compare "
        f"sentences with vs without each frame. When any expected count is below 5, the p-value comes from a "
        f"permutation test that reshuffles whole articles between {c.by}s instead of the chi-square "
        f"approximation. The chi-square approximation treats sentences as independent although sentences of one "
        f"article are related, so its p-values can be too small; read them as a guide, with the intervals.",
        "Pairwise p-values are adjusted for multiple comparisons with the Benjamini–Hochberg false discovery rate "
        "over the whole pairwise table; 'significant' means adjusted p < 0.05. The difference column uses the "
        "estimated shares.",
        "Distinctive terms: Monroe, Colaresi & Quinn (2008) log-odds ratios with an informative Dirichlet prior "
        f"(the pooled counts), as z-scores, comparing the words and two-word phrases in one {c.by}'s sentences "
        f"labelled with a frame against the other {c.by}s' sentences labelled with it. Stop words and numbers are "
        "dropped; only terms used at least twice and with z ≥ 1.96 (about p < 0.05) are listed. Example "
        "sentences are the ones with the highest model probability.",
    ]
    if c.period:
        paras.append(f"Over time: the same estimator per {c.period}, with article-bootstrap intervals; articles "
                     f"without a date are left out.")
    return paras


def _error_rate_rows(c: Comparison) -> list[list[str]]:
    """Rows frame, tpr, fpr of the model's cross-validated error rates (empty when not given)."""
    rates = c.error_rates or {}
    return [[f, f"{float(rates[f]['tpr']):.2f}", f"{float(rates[f]['fpr']):.2f}"] for f in FRAMES if f in rates]


def _prevalence_rows(c: Comparison) -> tuple[list[str], list[list[str]]]:
    """Wide prevalence table: one row per group, 'share [CI]' and the raw share per frame, then sample sizes."""
    header = [c.by, *FRAMES, "articles", "sentences"]
    rows = []
    for g in c.groups:
        sub = c.prevalence[c.prevalence[c.by] == g].set_index("frame")
        cells = [f"{_pct(r['share'])} {_ci(r['ci_low'], r['ci_high'])}\nraw {_pct(r['raw_share'])}"
                 for _, r in sub.loc[list(FRAMES)].iterrows()]
        rows.append([g, *cells, str(int(sub["n_articles"].iloc[0])), str(int(sub["n_sentences"].iloc[0]))])
    return header, rows


def _frame_test_rows(c: Comparison) -> list[list[str]]:
    """Rows of the per-frame k × 2 tests."""
    return [[r["frame"], f"{r['statistic']:.2f}", str(int(r["dof"])), _pval(r["p"]), _pval(r["p_adj"]),
             f"{r['cramers_v']:.2f}", r["method"]] for _, r in c.frame_tests.iterrows()]


def _pairwise_rows(c: Comparison) -> list[tuple[bool, list[str]]]:
    """(significant, cells) per pairwise comparison, by frame then p."""
    pw = c.pairwise.assign(_order=c.pairwise["frame"].map(FRAMES.index)).sort_values(["_order", "p"])
    return [(bool(r["significant"]),
             [r["frame"], r["group_a"], r["group_b"], _pct(r["share_a"]), _pct(r["share_b"]),
              "–" if pd.isna(r["diff"]) else f"{100 * r['diff']:+.1f} pp", _pval(r["p"]), _pval(r["p_adj"]),
              "yes" if r["significant"] else "no"]) for _, r in pw.iterrows()]


def _say_rows(c: Comparison, frame: str) -> list[list[str]]:
    """Per group: its distinctive terms 'term (z)' and its example sentences for ``frame`` (one per line)."""
    d, e = c.distinctive[c.distinctive["frame"] == frame], c.examples[c.examples["frame"] == frame]
    rows = []
    for g in c.groups:
        terms = d[d["group"] == g]
        ex = e[e["group"] == g]
        if len(terms) or len(ex):
            rows.append([g, ", ".join(f"{t} ({z:.1f})" for t, z in zip(terms["term"], terms["z"])) or "–",
                         "\n".join(f"“{t}” ({s:.2f})" for t, s in zip(ex["text"], ex["score"])) or "–"])
    return rows


def _meta_rows(meta: dict) -> list[list[str]]:
    """Run details as (key, value) rows."""
    return [[str(k), v if isinstance(v, str) else json.dumps(_clean(v), ensure_ascii=False)]
            for k, v in meta.items()]


def _title(c: Comparison) -> str:
    """Report title."""
    return f"How {c.by}s frame the story"


# --------------------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------------------

def _e(x: object) -> str:
    """HTML-escape any value's text (quotes included, so it is safe in attributes too)."""
    return html.escape(str(x), quote=True)


def _html_table(header: list[str], rows: list[list[str]], num: frozenset[int] | set[int] = frozenset(),
                row_class: list[str] | None = None) -> str:
    """An escaped HTML table (newlines become line breaks); ``num`` columns are right-aligned figures."""
    def cell(tag: str, i: int, v: str) -> str:
        attr = ' class="num"' if i in num else ""
        return f"<{tag}{attr}>{_e(v).replace(chr(10), '<br>')}</{tag}>"

    def row(k: int, r: list[str]) -> str:
        attr = f' class="{_e(row_class[k])}"' if row_class and row_class[k] else ""
        return f"<tr{attr}>" + "".join(cell("td", i, v) for i, v in enumerate(r)) + "</tr>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join(row(k, r) for k, r in enumerate(rows))
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _img(charts: dict[str, bytes], name: str, alt: str, caption: str) -> str:
    """A figure with the chart inlined as a base64 PNG data URI (empty string when the chart is absent)."""
    if name not in charts:
        return ""
    data = base64.b64encode(charts[name]).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{_e(alt)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _html(c: Comparison, charts: dict[str, bytes], meta: dict) -> str:
    """The whole self-contained HTML report."""
    model = meta.get("model", meta.get("model_name", "not recorded"))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(_title(c))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(_title(c))}</h1>",
        f'<p class="sub">{c.n_sentences} sentences in {c.n_articles} articles from {len(c.groups)} '
        f"{_e(c.by)}s: {_e(', '.join(c.groups))}</p>",
        '<section class="summary"><dl>',
        f"<dt>Estimator</dt><dd>{_e(c.estimator_description)}</dd>",
        f"<dt>Model</dt><dd>{_e(model)}</dd>",
        f"<dt>Overall test</dt><dd>{_e(_test_sentence(c))}</dd></dl>",
        "<ul>" + "".join(f"<li>{_e(h)}</li>" for h in _highlights(c)) + "</ul></section>",
    ]
    if c.warnings:
        parts.append('<section class="warnings" role="note"><h2>Read with care</h2><ul>'
                     + "".join(f"<li>{_e(w)}</li>" for w in c.warnings) + "</ul></section>")

    header, rows = _prevalence_rows(c)
    parts += [
        f"<h2>Frame prevalence per {_e(c.by)}</h2>",
        f"<p>Estimated share of each {_e(c.by)}'s sentences that carry each frame ({_e(c.estimator.upper())}), "
        "with 95% article-bootstrap intervals; a sentence can carry several frames.</p>",
        _img(charts, "prevalence", f"Bar chart of frame shares per {c.by}",
             "Bars: estimated share; whiskers: 95% interval from resampling articles."),
        _html_table(header, rows, num=set(range(1, len(header)))),
    ]

    parts += [f"<h2>Are the {_e(c.by)}s different?</h2>", f"<p>{_e(_test_sentence(c))}</p>"]
    if not c.frame_tests.empty:
        parts += [f"<h3>Per frame: does its prevalence differ between {_e(c.by)}s?</h3>",
                  _html_table(["frame", "χ²", "df", "p", "p (BH)", "Cramér's V", "method"],
                              _frame_test_rows(c), num={1, 2, 3, 4, 5})]
    if "residuals" in charts:
        parts += [f"<h3>Which {_e(c.by)}s over- or under-use which frames</h3>",
                  _img(charts, "residuals", "Heatmap of adjusted residuals",
                       f"Adjusted residuals of the {c.by} × frame-mention table: red cells mean the frame makes up "
                       f"more of that {c.by}'s frame mentions than if all {c.by}s mixed frames alike, blue less; "
                       "beyond ±2 is a clear departure.")]
    if not c.pairwise.empty:
        pw = _pairwise_rows(c)
        parts += ["<h3>Pairwise comparisons</h3>",
                  '<p class="small">Bold rows are significant after Benjamini–Hochberg adjustment.</p>',
                  _html_table(["frame", f"{c.by} A", f"{c.by} B", "share A", "share B", "difference", "p",
                               "p (BH)", "significant"], [r for _, r in pw], num={3, 4, 5, 6, 7},
                              row_class=["sig" if s else "" for s, _ in pw])]

    parts += ["<h2>How they say it</h2>",
              f"<p>Words and phrases most typical of each {_e(c.by)} when it uses a frame (log-odds z-scores "
              f"against the other {_e(c.by)}s' sentences with that frame; only terms with z ≥ 1.96 are listed), and "
              f"the sentences the model is most confident about.</p>"]
    for f in FRAMES:
        rows = _say_rows(c, f)
        if rows:
            parts += [f"<h3>{_e(f)}</h3>",
                      _html_table([c.by, "distinctive terms (z)", "most confident sentences (score)"], rows)]

    if "over_time" in charts:
        parts += ["<h2>Over time</h2>",
                  _img(charts, "over_time", f"Line charts of frame shares per {c.period}",
                       f"Estimated share per {c.period} ({c.estimator.upper()}); bands: 95% article-bootstrap "
                       "intervals. Periods with few articles swing widely.")]

    parts += ['<h2>Methods</h2><div class="methods">'] + [f"<p>{_e(p)}</p>" for p in _methods(c)]
    if c.error_rates:
        parts += ["<p>Model error rates used (cross-validated):</p>",
                  _html_table(["frame", "true-positive rate", "false-positive rate"], _error_rate_rows(c),
                              num={1, 2})]
    parts.append("</div>")
    if meta:
        parts += ["<h2>Run details</h2>", _html_table(["item", "value"], _meta_rows(meta))]
    parts.append("<footer>Generated by framing. Self-contained file: no external resources.</footer></body></html>")
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------------------


def _md_cell(v: object) -> str:
    """Table cell text safe for Markdown: pipes escaped, newlines flattened."""
    return str(v).replace("|", "\\|").replace("\r", " ").replace("\n", "; ")


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown pipe table."""
    lines = ["| " + " | ".join(map(_md_cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_md_cell, r)) + " |" for r in rows]
    return "\n".join(lines)


def _markdown(c: Comparison, charts: dict[str, bytes], meta: dict) -> str:
    """The Markdown report; charts are referenced as PNG files written beside it."""
    model = meta.get("model", meta.get("model_name", "not recorded"))
    out = [f"# {_title(c)}", "",
           f"{c.n_sentences} sentences in {c.n_articles} articles from {len(c.groups)} {c.by}s: "
           f"{', '.join(c.groups)}", "",
           f"- **Estimator:** {c.estimator_description}", f"- **Model:** {model}",
           f"- **Overall test:** {_test_sentence(c)}"] + [f"- {h}" for h in _highlights(c)] + [""]
    if c.warnings:
        out += ["> **Read with care**", ">"] + [f"> - {w}" for w in c.warnings] + [""]
    header, rows = _prevalence_rows(c)
    out += [f"## Frame prevalence per {c.by}", ""]
    if "prevalence" in charts:
        out += [f"![Frame shares per {c.by}]({CHARTS['prevalence']})", ""]
    out += [_md_table(header, rows), ""]
    out += [f"## Are the {c.by}s different?", "", _test_sentence(c), ""]
    if not c.frame_tests.empty:
        out += ["### Per frame", "", _md_table(["frame", "χ²", "df", "p", "p (BH)", "Cramér's V", "method"],
                                               _frame_test_rows(c)), ""]
    if "residuals" in charts:
        out += ["### Adjusted residuals", "", f"![Adjusted residuals]({CHARTS['residuals']})", "",
                _md_table([c.by, *FRAMES], [[str(g), *(f"{v:+.2f}" if pd.notna(v) else "–" for v in r)]
                                            for g, r in c.residuals.loc[:, list(FRAMES)].iterrows()]), ""]
    if not c.pairwise.empty:
        out += ["### Pairwise comparisons", "",
                _md_table(["frame", f"{c.by} A", f"{c.by} B", "share A", "share B", "difference", "p", "p (BH)",
                           "significant"], [r for _, r in _pairwise_rows(c)]), ""]
    out += ["## How they say it", ""]
    for f in FRAMES:
        rows = _say_rows(c, f)
        if rows:
            out += [f"### {f}", "", _md_table([c.by, "distinctive terms (z)", "most confident sentences (score)"],
                                              rows), ""]
    if "over_time" in charts:
        out += ["## Over time", "", f"![Frame shares over time]({CHARTS['over_time']})", ""]
    out += ["## Methods", ""] + [p + "\n" for p in _methods(c)]
    if c.error_rates:
        out += [_md_table(["frame", "true-positive rate", "false-positive rate"], _error_rate_rows(c)), ""]
    if meta:
        out += ["## Run details", "", _md_table(["item", "value"], _meta_rows(meta)), ""]
    return "\n".join(out)
