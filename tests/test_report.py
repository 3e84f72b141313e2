"""`write_reports`: the four files, self-contained HTML, escaping, JSON without NaN, and atomic replacement."""

from __future__ import annotations

import base64
import io
import json
import re
from html import escape
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import framing.report as report
from framing import FRAMES
from framing.compare import compare
from framing.report import write_reports

EVIL_OUTLET = '<b>Evil & "Co"</b>'
EVIL_TEXT = '<script>alert("x")</script> Troops <img src=http://example.com/x.png> shelled the town.'
META = {"model": "tfidf-logreg-2024-06", "input": "data/corpus", "threshold": 0.5}


def _tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every start tag in ``html`` with its attributes, as the browser's tokenizer sees them."""
    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, [(k, v or "") for k, v in attrs]))

    parser = Collector()
    parser.feed(html)
    return parser.tags


def small_scored(seed: int = 0) -> pd.DataFrame:
    """A small scored-sentence table: three outlets with different frame mixes, dates over two months."""
    rng = np.random.default_rng(seed)
    prevalence = {"TASS": [0.4, 0.1, 0.5, 0.2], "NYT": [0.1, 0.4, 0.2, 0.4], EVIL_OUTLET: [0.2, 0.2, 0.3, 0.3]}
    rows = []
    for outlet, prev in prevalence.items():
        for a in range(12 if outlet != EVIL_OUTLET else 3):
            for s in range(8):
                p = np.clip(rng.normal(np.where(rng.random(4) < prev, 0.8, 0.2), 0.1), 0.01, 0.99)
                row = {"article": f"{outlet}-{a}", "outlet": outlet, "date": f"2023-{6 + a % 2:02d}-{1 + a:02d}",
                       "title": f"Story {a}", "sentence": s,
                       "text": f"Officials in Москва discussed the {outlet.lower()} situation {s}."}
                row.update({f"p_{f}": float(v) for f, v in zip(FRAMES, p)})
                row.update({f: bool(v > 0.5) for f, v in zip(FRAMES, p)})
                rows.append(row)
    df = pd.DataFrame(rows)
    evil = (df["outlet"] == EVIL_OUTLET) & (df["sentence"] == 0)
    df.loc[evil, ["text", "p_escalation", "escalation"]] = [EVIL_TEXT, 0.999, True]
    return df


@pytest.fixture(scope="module")
def comparison():
    return compare(small_scored(), period="month", n_boot=200, n_perm=300)


@pytest.fixture(scope="module")
def written(comparison, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "nested" / "out"  # does not exist yet
    return out, write_reports(comparison, out, meta=META)


def test_writes_the_four_files_and_chart_pngs(written):
    out, paths = written
    names = {p.name for p in paths}
    assert {"report.html", "report.md", "prevalence.csv", "report.json"} <= names
    assert {"prevalence.png", "residuals.png", "over_time.png"} <= names  # charts for the Markdown report
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths)
    assert not list(out.glob(f"{report.TMP_PREFIX}*"))


def test_html_is_self_contained_with_charts_and_tables(written):
    html = (written[0] / "report.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    # no external resources of any kind, no JavaScript: every real src/href is a data: URI or a fragment
    tags = _tags(html)
    refs = [v for _, attrs in tags for k, v in attrs if k in ("src", "href", "srcset", "poster", "data")]
    assert refs and all(v.startswith("data:image/png;base64,") or v.startswith("#") for v in refs)
    assert not {t for t, _ in tags} & {"script", "link", "iframe", "object", "embed", "base", "frame"}
    assert not re.search(r"url\(|@import", html, re.I)
    assert "http" not in html.replace(escape(EVIL_TEXT), "")  # only inside the escaped example sentence, as text
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3  # prevalence bars, residual heatmap, over time
    from PIL import Image

    for data in images:
        png = base64.b64decode(data, validate=True)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as im:
            assert im.width > 400 and im.height > 150
    assert html.count("<table") >= 5
    for heading in ("Frame prevalence per outlet", "Are the outlets different?", "Pairwise comparisons",
                    "How they say it", "Over time", "Methods", "Read with care"):
        assert heading in html
    assert "tfidf-logreg-2024-06" in html and "Probabilistic classify-and-count" in html
    assert "Cramér" in html and "Москва" in html


def test_html_escapes_data(written):
    html = (written[0] / "report.html").read_text("utf-8")
    assert "<script" not in html and "<b>Evil" not in html and "example.com/x.png>" not in html
    assert "&lt;b&gt;Evil &amp; &quot;Co&quot;&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # the example sentence, shown as text


def test_json_has_everything_and_no_nan(written, comparison):
    text = (written[0] / "report.json").read_text("utf-8")
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    for key in ("meta", "estimator", "prevalence", "association", "frame_tests", "residuals", "pairwise",
                "distinctive", "examples", "over_time", "warnings"):
        assert key in data
    assert data["meta"] == META and data["estimator"] == "pcc"
    assert len(data["prevalence"]) == len(comparison.prevalence)
    assert data["association"]["method"] in ("chi2", "permutation")
    assert {r["outlet"] for r in data["residuals"]} == set(comparison.groups)


def test_json_turns_nan_into_null(tmp_path):
    rates = {f: {"tpr": 0.9, "fpr": 0.1} for f in FRAMES} | {"denial": {"tpr": 0.5, "fpr": 0.5}}
    res = compare(small_scored(), estimator="acc", error_rates=rates, n_boot=50, n_perm=100)
    write_reports(res, tmp_path, formats=("json",))
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    denial = [r for r in data["prevalence"] if r["frame"] == "denial"]
    assert denial and all(r["share"] is None and r["ci_low"] is None for r in denial)
    assert data["error_rates"]["denial"] == {"tpr": 0.5, "fpr": 0.5}


def test_csv_is_the_prevalence_table(written, comparison):
    csv = pd.read_csv(written[0] / "prevalence.csv", keep_default_na=False)
    assert list(csv.columns) == list(comparison.prevalence.columns)
    np.testing.assert_allclose(csv["share"], comparison.prevalence["share"])
    assert list(csv["outlet"]) == list(comparison.prevalence["outlet"])


def test_markdown_has_tables_and_chart_files(written):
    out = written[0]
    md = (out / "report.md").read_text("utf-8")
    assert md.startswith("# How outlets frame the story")
    for png in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md):
        assert (out / png).is_file()
    assert "| outlet | legitimacy | denial | escalation | negotiation | articles | sentences |" in md
    assert "### Pairwise comparisons" in md and "> **Read with care**" in md
    assert "tfidf-logreg-2024-06" in md


def test_only_requested_formats(comparison, tmp_path):
    paths = write_reports(comparison, tmp_path, formats=("csv",))
    assert [p.name for p in paths] == ["prevalence.csv"] and {p.name for p in tmp_path.iterdir()} == {"prevalence.csv"}
    with pytest.raises(ValueError, match="Unknown report format 'pdf'"):
        write_reports(comparison, tmp_path, formats=("html", "pdf"))


# --------------------------------------------------------------------------------------------------------------
# Atomicity: a failure part-way never leaves half-written files or removes the previous report
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture
def fast_charts(comparison, written, monkeypatch):
    """Reuse the charts already drawn for ``written``: the atomicity tests are about files, not drawing."""
    out = written[0]
    charts = {name: (out / png).read_bytes() for name, png in report.CHARTS.items()}
    monkeypatch.setattr(report, "_charts", lambda c: charts)


def _previous_report(out) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    old = {name: f"previous {name}".encode() for name in ("report.html", "report.md", "prevalence.csv",
                                                          "report.json")}
    for name, data in old.items():
        (out / name).write_bytes(data)
    return old


def _assert_untouched(out, old):
    for name, data in old.items():
        assert (out / name).read_bytes() == data, name
    assert not list(out.glob(f"{report.TMP_PREFIX}*"))


def test_failure_while_rendering_leaves_previous_report(comparison, tmp_path, monkeypatch, fast_charts):
    old = _previous_report(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(report, "_markdown", broken)  # fails after the HTML has been rendered
    with pytest.raises(RuntimeError, match="renderer crashed"):
        write_reports(comparison, tmp_path, meta=META)
    _assert_untouched(tmp_path, old)


def test_failure_while_writing_leaves_previous_report(comparison, tmp_path, monkeypatch, fast_charts):
    old = _previous_report(tmp_path)
    real_fsync, calls = report.os.fsync, []

    def flaky_fsync(fd):  # the second file is half on disk when the "disk fills up"
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(report.os, "fsync", flaky_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_reports(comparison, tmp_path, meta=META)
    _assert_untouched(tmp_path, old)


def test_failure_while_moving_into_place_keeps_every_file_whole(comparison, tmp_path, monkeypatch, fast_charts):
    old = _previous_report(tmp_path)
    real_replace, calls = report.os.replace, []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("interrupted")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", flaky_replace)
    with pytest.raises(OSError, match="interrupted"):
        write_reports(comparison, tmp_path, meta=META)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")  # new and complete
    _assert_untouched(tmp_path, {k: v for k, v in old.items() if k != "report.html"})


def test_report_for_a_single_outlet_without_tests(tmp_path):
    one = compare(small_scored().query("outlet == 'TASS'"), n_boot=50, n_perm=50)
    write_reports(one, tmp_path, meta={})
    html = (tmp_path / "report.html").read_text("utf-8")
    assert html.count('src="data:image/png;base64,') == 1  # prevalence only: no residuals, no time series
    assert "No overall test" in html and "nothing to compare" in html
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["association"] is None
