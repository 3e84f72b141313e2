"""Render report.html in headless Chromium: images decode, tables lay out, charts show coloured bars."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing import FRAMES
from framing.compare import compare
from framing.report import write_reports

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1280,2400"]
TAB_BLUE, TAB_ORANGE = (0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E)  # bar colours of the first two outlets

# Injected into a COPY of the report (the report itself has no script): records, after load, whether every image
# decoded and how big the tables are, as attributes that --dump-dom shows.
PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.clientWidth]);
  const tables = [...document.querySelectorAll("table")].map(t => [t.rows.length, t.clientWidth]);
  document.body.setAttribute("data-probe", JSON.stringify({imgs, tables}));
});
</script>"""


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    if path is None:
        pytest.skip("Headless Chromium is not installed (Debian: apt-get install -y chromium); "
                    "skipping the browser rendering test.")
    return path


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    rng = np.random.default_rng(0)
    rows = []
    for outlet, prev in {"Alpha": [0.5, 0.1, 0.6, 0.2], "Beta": [0.1, 0.5, 0.2, 0.5]}.items():
        for a in range(10):
            for s in range(8):
                p = np.clip(rng.normal(np.where(rng.random(4) < prev, 0.85, 0.15), 0.08), 0.01, 0.99)
                row = {"article": f"{outlet}-{a}", "outlet": outlet, "date": f"2023-{6 + a % 3:02d}-10",
                       "title": f"Story {a}", "sentence": s, "text": f"{outlet} officials described talks {s}."}
                row.update({f"p_{f}": float(v) for f, v in zip(FRAMES, p)})
                row.update({f: bool(v > 0.5) for f, v in zip(FRAMES, p)})
                rows.append(row)
    comparison = compare(pd.DataFrame(rows), period="month", n_boot=200, n_perm=200)
    out = tmp_path_factory.mktemp("browser")
    write_reports(comparison, out, formats=("html",), meta={"model": "test-model"})
    return out / "report.html"


def _run(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with a private profile; fail with its stderr if it does not succeed."""
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_images_decode_and_tables_render(chromium, report_html, tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text(report_html.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    dom = _run(chromium, tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()).stdout
    match = re.search(r'data-probe="([^"]*)"', dom)
    assert match, "the page did not finish loading"
    result = json.loads(html.unescape(match.group(1)))
    assert len(result["imgs"]) == 3
    for complete, width, height, shown in result["imgs"]:
        assert complete and width > 400 and height > 150 and shown > 300  # decoded and laid out
    assert len(result["tables"]) >= 5 and all(rows >= 2 and width > 100 for rows, width in result["tables"])
    assert "Frame prevalence per outlet" in dom and "test-model" in dom


def test_screenshot_shows_charts(chromium, report_html, tmp_path):
    from PIL import Image

    shot = tmp_path / "shot.png"
    _run(chromium, tmp_path, f"--screenshot={shot}", report_html.as_uri())
    with Image.open(shot) as im:
        pixels = np.asarray(im.convert("RGB"), dtype=float)
    assert pixels.shape[:2] == (2400, 1280)
    assert pixels.std() > 20  # not a blank page
    for colour in (TAB_BLUE, TAB_ORANGE):
        close = (np.abs(pixels - colour).max(axis=2) <= 12).sum()
        assert close > 2000, f"too few bar pixels of colour {colour}: {close}"
