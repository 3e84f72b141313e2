"""Bad input, broken files, untrusted models, interrupted runs: the test matrix of the robustness issue.

Every bad input is written into ``tmp_path`` and run through the real CLI (in process, with typer's runner; the
kill tests start ``python -m framing`` in a subprocess). A bad input alone gives exactly one stderr line
``error: <file>: <problem>`` and exit code 1 (2 for usage errors), never a traceback; in a corpus with good files
it gives a ``skipped: <file>: <problem>`` line and the good files are scored.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from framing import corpus, segment
from framing.atomic import TMP_PREFIX, atomic_file, clean_stale, replace_dir
from framing.cli import app
from framing.corpus import (
    METADATA_FIELDS,
    CorpusError,
    _binary_kind,
    decode,
    iter_articles,
    parse_front_matter,
    read_html_article,
    read_text_article,
)
from framing.language import detect
from framing.model import ModelError, load

from .conftest import write_bank, write_two_outlets

runner = CliRunner()

GOOD = "Russian troops shelled the town overnight. The foreign ministers held talks on a ceasefire.\n"

#: One news paragraph per language (the same story), for the language detector and the skip messages.
SAMPLES = {
    "en": "Russian forces shelled the city of Kharkiv overnight, killing three civilians, regional officials said on Tuesday. The foreign ministers of both countries are expected to meet in Ankara next week to discuss a possible ceasefire.",
    "ru": "Российские войска нанесли удар по объектам инфраструктуры в ночь на вторник, сообщили в министерстве обороны. Министры иностранных дел двух стран встретятся в Анкаре на следующей неделе, чтобы обсудить возможное прекращение огня.",
    "uk": "Російські війська вночі обстріляли Харків, загинули троє цивільних, повідомили у вівторок в обласній адміністрації. Міністри закордонних справ обох країн мають зустрітися в Анкарі наступного тижня, щоб обговорити можливе припинення вогню.",
    "be": "Расійскія войскі ўначы абстралялі горад, загінулі тры чалавекі, паведамілі ў абласной адміністрацыі. Міністры замежных спраў абедзвюх краін мусяць сустрэцца ў Анкары на наступным тыдні.",
    "bg": "Руските сили обстрелваха града през нощта, като загинаха трима цивилни, съобщиха от областната администрация във вторник. Външните министри на двете страни се очаква да се срещнат в Анкара следващата седмица, за да обсъдят възможно прекратяване на огъня.",
    "sr": "Руске снаге су током ноћи гранатирале град, а погинула су три цивила, саопштили су у уторак регионални званичници. Министри спољних послова две земље требало би да се састану у Анкари следеће недеље како би разговарали о могућем прекиду ватре.",
    "fr": "Les forces russes ont bombardé la ville de Kharkiv dans la nuit, tuant trois civils, ont indiqué mardi les autorités régionales. Les ministres des affaires étrangères des deux pays doivent se rencontrer à Ankara la semaine prochaine pour discuter d'un éventuel cessez-le-feu.",
    "de": "Russische Truppen haben die Stadt Charkiw in der Nacht beschossen und dabei drei Zivilisten getötet, teilten die regionalen Behörden am Dienstag mit. Die Außenminister beider Länder sollen sich nächste Woche in Ankara treffen, um über eine mögliche Waffenruhe zu sprechen.",
    "es": "Las fuerzas rusas bombardearon la ciudad de Járkov durante la noche y mataron a tres civiles, según informaron el martes las autoridades regionales. Los ministros de Exteriores de ambos países se reunirán en Ankara la próxima semana para discutir un posible alto el fuego.",
    "it": "Le forze russe hanno bombardato la città di Kharkiv durante la notte, uccidendo tre civili, hanno riferito martedì le autorità regionali. I ministri degli esteri dei due paesi dovrebbero incontrarsi ad Ankara la prossima settimana per discutere di un possibile cessate il fuoco.",
    "pt": "As forças russas bombardearam a cidade de Kharkiv durante a noite, matando três civis, informaram as autoridades regionais na terça-feira. Os ministros das Relações Exteriores dos dois países devem se reunir em Ancara na próxima semana para discutir um possível cessar-fogo.",
    "nl": "Russische troepen hebben de stad Charkiv 's nachts beschoten, waarbij drie burgers om het leven kwamen, zo meldden de regionale autoriteiten dinsdag. De ministers van Buitenlandse Zaken van beide landen zullen volgende week in Ankara bijeenkomen om een mogelijk staakt-het-vuren te bespreken.",
    "pl": "Rosyjskie wojska ostrzelały w nocy Charków, zabijając trzech cywilów, poinformowały we wtorek władze regionalne. Ministrowie spraw zagranicznych obu krajów mają spotkać się w przyszłym tygodniu w Ankarze, aby omówić możliwe zawieszenie broni.",
    "tr": "Rus kuvvetleri gece boyunca Harkov kentini bombaladı ve üç sivil hayatını kaybetti, bölgesel yetkililer salı günü açıkladı. İki ülkenin dışişleri bakanlarının olası bir ateşkesi görüşmek için gelecek hafta Ankara'da bir araya gelmesi bekleniyor.",
    "el": "Οι ρωσικές δυνάμεις βομβάρδισαν την πόλη του Χαρκόβου κατά τη διάρκεια της νύχτας, σκοτώνοντας τρεις αμάχους, ανακοίνωσαν την Τρίτη οι περιφερειακές αρχές.",
    "ar": "قصفت القوات الروسية مدينة خاركيف خلال الليل مما أسفر عن مقتل ثلاثة مدنيين، حسبما أعلنت السلطات الإقليمية يوم الثلاثاء.",
    "he": "כוחות רוסיים הפגיזו את העיר חרקוב במהלך הלילה והרגו שלושה אזרחים, כך מסרו הרשויות האזוריות ביום שלישי.",
    "zh": "俄罗斯军队连夜炮击哈尔科夫市，造成三名平民死亡，地区官员周二表示。两国外长预计下周在安卡拉会面，讨论可能的停火。",
    "ja": "ロシア軍は夜間にハルキウ市を砲撃し、民間人3人が死亡したと地域当局が火曜日に発表した。",
    "ko": "러시아군이 밤사이 하르키우 시를 포격해 민간인 3명이 숨졌다고 지역 당국이 화요일 밝혔다.",
}

#: A page as a browser saves it: cookie banner, header, navigation, the article, related links and a footer.
SAVED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Envoys meet in Geneva as shelling continues | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
<style>.nav{display:flex}</style></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. By continuing to browse
you accept our cookie policy.</p><button>Accept all cookies</button></div>
<header class="site-header"><a href="/">The Daily Example</a>
<nav class="nav"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/subscribe">Subscribe to our newsletter today</a></li></ul></nav></header>
<main><article>
<h1>Envoys meet in Geneva as shelling continues</h1>
<p class="byline">By Jane Smith, 3 May 2022</p>
<p>Foreign ministers from both countries held talks in Geneva on Tuesday, the first direct meeting since the spring.</p>
<p>Artillery shelling continued overnight near the front line, regional officials said, killing two civilians.</p>
<p>The defence ministry denied the reports and called them fabricated, saying it had not targeted residential areas.</p>
<p>Diplomats said a further round of negotiations on a prisoner exchange could take place next week.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Markets fall as oil prices climb to a new high
this week</a></li><li><a href="/b">Ten recipes for a summer picnic with friends and family</a></li></ul></aside></main>
<footer class="site-footer"><p>© 2022 The Daily Example Ltd. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | Contact us at newsroom@example.com</p></footer>
</body></html>
"""


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def score(model_dir, *args, input=None):
    return run("score", *args, "--model", model_dir, "--trust-model", "--jobs", "1", input=input)


def assert_one_error(result, *fragments, code=1):
    """Exit ``code``, exactly one stderr line 'error: ...' holding every fragment, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def _parquet(path: Path, **columns) -> bytes:
    import pandas as pd

    pd.DataFrame(columns).to_parquet(path)
    return path.read_bytes()


# ------------------------------------------------------------------------------------------ one bad file alone

#: (case, file name, content, what the one error line says after the file name)
BAD_FILES = [
    ("empty file", "empty.txt", b"", "empty file"),
    ("whitespace only", "blank.md", b"  \n\t\n\r\n", "empty file"),
    ("BOM only", "bom.txt", codecs.BOM_UTF8 + b"\n", "empty file"),
    ("binary data", "data.txt", bytes(range(256)) * 8, "looks like a binary file, not text"),
    ("PDF saved as .txt", "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "looks like a PDF document"),
    ("Word file saved as .txt", "doc.txt", b"PK\x03\x04\x14\x00\x06\x00", "looks like a ZIP archive"),
    ("PNG named .md", "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image"),
    ("front matter, no body", "meta.md", b"---\noutlet: BBC\ntitle: Talks\n---\n\n", "front matter but no article text"),
    ("broken YAML front matter", "yaml.md", b"---\noutlet: [unclosed\n---\nTroops advanced.\n", "invalid YAML front matter (line 2)"),
    ("list as a title", "title.md", b"---\ntitle: [a, b]\n---\nTroops advanced.\n", "front matter 'title' must be a single value"),
    ("no sentences, only furniture", "furniture.txt", b"Share\nFacebook\nTwitter\nRead more\nAdvertisement\n", "no sentences"),
    ("unsupported type", "notes.docx", b"Troops advanced.", "unsupported file type '.docx'"),
    ("CSV without a text column", "table.csv", b"outlet,body\nRT,hello\n", "no 'text' column (found: outlet, body)"),
    ("empty CSV", "nothing.csv", b"", "empty file"),
    ("CSV with a header only", "header.csv", b"outlet,text\n", "no articles in the file"),
    ("CSV row with too many fields", "fields.csv", b'outlet,text\nAP,"Talks, resumed",extra\n', ":2: 3 field(s) where the header has 2"),
    ("JSONL malformed line", "broken.jsonl", b'{"text": "Troops advanced."\n', ":1: malformed JSON line"),
    ("JSONL line not an object", "array.jsonl", b'["Troops advanced."]\n', ":1: not a JSON object"),
    ("JSONL without a text field", "notext.jsonl", b'{"title": "Talks"}\n', ":1: no 'text' field (found: title)"),
    ("JSONL text not a string", "number.jsonl", b'{"text": 5}\n', ":1: empty or missing text"),
    ("JSONL nested too deep", "deep.jsonl", b"[" * 100_000 + b"\n", ":1: malformed JSON line"),
    ("Parquet that is not one", "fake.parquet", b"just some text", "not a readable Parquet file"),
    ("HTML without an article", "menu.html", b'<html><body><nav><a href="/">Home</a> <a href="/w">World</a></nav></body></html>', "no article text found in the HTML page"),
    ("empty HTML", "empty.html", b"", "empty file"),
    ("Russian (Windows-1251)", "ru.txt", SAMPLES["ru"].encode("cp1251"), "language is ru (Russian), not English"),
    ("Russian (KOI8-R)", "koi.txt", SAMPLES["ru"].encode("koi8_r"), "language is ru (Russian), not English"),
    ("Ukrainian (UTF-8)", "uk.txt", SAMPLES["uk"].encode(), "language is uk (Ukrainian), not English"),
    ("French (Latin-1)", "fr.txt", SAMPLES["fr"].encode("latin-1"), "language is fr (French), not English"),
    ("German (Windows-1252)", "de.txt", SAMPLES["de"].encode("cp1252"), "language is de (German), not English"),
    ("Chinese (UTF-8)", "zh.txt", SAMPLES["zh"].encode(), "language is zh (Chinese), not English"),
]


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_alone_is_one_error_line(tiny_model_dir, tmp_path, case, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_error(score(tiny_model_dir, path, "-f", "jsonl"), f"error: {path}", message)


def test_parquet_without_text_column(tiny_model_dir, tmp_path):
    path = tmp_path / "t.parquet"
    _parquet(path, outlet=["RT"], body=["x"])
    assert_one_error(score(tiny_model_dir, path), f"{path}: no 'text' column (found: outlet, body)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "missing.txt: no such file or folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "empty: folder holds no readable articles"),
        (lambda p: ((p / "only").mkdir(), (p / "only" / "a.docx").write_text("x"), (p / "only" / ".hidden").mkdir(),
                    (p / "only" / ".hidden" / "b.txt").write_text(GOOD)) and p / "only",
         "only: folder holds no readable articles"),
    ],
    ids=["missing path", "empty folder", "folder with only unsupported and hidden files"],
)
def test_missing_path_and_folders_with_nothing_to_read(tiny_model_dir, tmp_path, make, message):
    assert_one_error(score(tiny_model_dir, make(tmp_path)), message)


def test_file_too_large_for_one_article(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text(GOOD * 50)
    assert_one_error(score(tiny_model_dir, path), f"{path}: 0 MB is too large for one article")


def test_empty_and_non_english_stdin(tiny_model_dir):
    assert_one_error(score(tiny_model_dir, "-", input=""), "<stdin>: no text on standard input")
    assert_one_error(score(tiny_model_dir, "-", input=SAMPLES["ru"]), "<stdin>: language is ru (Russian)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "a.txt", "--format", "xml"], "unknown format 'xml'"),
        (["compare", "a.txt", "--out", "o", "--format", "pdf"], "unknown report format 'pdf'"),
        (["lf-report", "a.txt", "--format", "xml"], "unknown format 'xml'"),
    ],
)
def test_usage_errors_exit_2(args, message):
    assert_one_error(run(*args), message, code=2)


# ------------------------------------------------------------------------------------------ mixed corpora


def _mixed_corpus(folder: Path) -> dict[str, str]:
    """Good articles and one bad file of each kind; returns bad file name -> expected skip reason."""
    folder.mkdir()
    (folder / "good1.txt").write_text(GOOD)
    (folder / "good2.md").write_text("---\noutlet: AP\n---\nDiplomats met in Geneva to discuss a ceasefire.\n")
    (folder / "good3.html").write_text(SAVED_PAGE)
    bad = {
        "zcopy.txt": ("duplicate article 'zcopy' (same text as", GOOD),
        "empty.txt": ("empty file", ""),
        "furniture.txt": ("no sentences", "Share\nTwitter\n"),
        "ru.txt": ("language is ru (Russian), not English", SAMPLES["ru"]),
        "bad.csv": ("no 'text' column", "a,b\n1,2\n"),
        "binary.txt": ("looks like a binary file", bytes(range(256)) * 4),
    }
    for name, (_, content) in bad.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    lines = folder / "lines.jsonl"
    lines.write_text(json.dumps({"text": "Missiles struck the port.", "outlet": "RT"}) + "\n{broken\n")
    reasons = {name: reason for name, (reason, _) in bad.items()}
    reasons["lines.jsonl:2"] = "malformed JSON line"
    return reasons


def test_mixed_corpus_scores_good_files_and_lists_skipped_ones(tiny_model_dir, tmp_path):
    reasons = _mixed_corpus(tmp_path / "corpus")
    result = score(tiny_model_dir, tmp_path / "corpus", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = result.stderr.strip().splitlines()
    assert all(line.startswith("skipped: ") for line in skipped), skipped
    assert len(skipped) == len(reasons)
    for name, reason in reasons.items():
        assert any(f"corpus/{name}" in line and reason in line for line in skipped), (name, skipped)
    scored = {row["article"] for row in rows(result)}
    assert {"good1", "good2", "good3"} <= scored and len(scored) == 4  # and the good JSONL line


def test_strict_makes_any_bad_file_fatal(tiny_model_dir, tmp_path):
    _mixed_corpus(tmp_path / "corpus")
    result = score(tiny_model_dir, tmp_path / "corpus", "-f", "jsonl", "--strict")
    assert_one_error(result, "corpus/")


def test_all_files_bad_ends_with_no_sentences(tiny_model_dir, tmp_path):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text(SAMPLES["fr"])
    result = score(tiny_model_dir, tmp_path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [f"skipped: {tmp_path / 'a.txt'}: empty file",
                         f"skipped: {tmp_path / 'b.txt'}: language is fr (French), not English; not scored "
                         "(the model is English-only; --any-language scores it anyway)"]
    assert lines[2].startswith("error: no sentences to score")


def test_bad_table_rows_are_listed_then_counted(tiny_model_dir, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join("{broken\n" for _ in range(25)) + json.dumps({"text": GOOD}) + "\n")
    result = score(tiny_model_dir, path, "-f", "jsonl")
    assert result.exit_code == 0
    skipped = result.stderr.strip().splitlines()
    assert skipped[0] == f"skipped: {path}:1: malformed JSON line"
    assert len(skipped) == corpus.MAX_ROW_MESSAGES + 1
    assert skipped[-1] == f"skipped: {path}: {25 - corpus.MAX_ROW_MESSAGES} more bad rows skipped"


def test_csv_rows_are_checked_one_by_one(tiny_model_dir, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(
        ("outlet;text\nBBC;Troops shelled the town overnight.\nRT;\n"
         f"TASS;{SAMPLES['ru']}\nAP;Envoys met in Geneva for talks.\n").encode("cp1251")
    )
    result = score(tiny_model_dir, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        f"skipped: {path}:3: empty or missing text",
        f"skipped: {path}:4: language is ru (Russian), not English; not scored (the model is English-only; "
        "--any-language scores it anyway)",
    ]
    assert [r["outlet"] for r in rows(result)] == ["BBC", "AP"]


# ------------------------------------------------------------------------------------------ handled correctly


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8.txt", lambda t: t.encode()),
        ("bom.txt", lambda t: codecs.BOM_UTF8 + t.encode()),
        ("utf16.txt", lambda t: t.encode("utf-16")),
        ("cp1252.txt", lambda t: t.encode("cp1252")),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode()),
    ],
)
def test_encodings_and_line_endings_are_read(tiny_model_dir, tmp_path, name, encode):
    text = "“We are ready,” the minister said in Genève.\nTroops shelled the café overnight.\n"
    (tmp_path / name).write_bytes(encode(text))
    result = score(tiny_model_dir, tmp_path / name, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert [r["text"] for r in rows(result)] == ["“We are ready,” the minister said in Genève.",
                                                "Troops shelled the café overnight."]


def test_legacy_encodings_decode_exactly():
    for lang, encodings in {"ru": ("cp1251", "koi8_r"), "uk": ("cp1251",), "bg": ("cp1251",),
                            "fr": ("latin-1", "cp1252"), "de": ("cp1252",), "es": ("cp1252",),
                            "pl": ("cp1250",), "it": ("latin-1",)}.items():
        for encoding in encodings:
            assert decode(SAMPLES[lang].encode(encoding), "f") == SAMPLES[lang], (lang, encoding)
            short = SAMPLES[lang][:40]
            assert decode(short.encode(encoding), "f") == short, (lang, encoding, "short")


def test_html_page_gives_the_article_not_the_furniture(tiny_model_dir, tmp_path):
    path = tmp_path / "saved-page.html"
    path.write_text(SAVED_PAGE)
    article = read_html_article(path)
    assert (article.title, article.outlet, article.date) == (
        "Envoys meet in Geneva as shelling continues", "The Daily Example", "2022-05-03")
    result = score(tiny_model_dir, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    texts = [r["text"] for r in rows(result)]
    assert texts[0] == "Envoys meet in Geneva as shelling continues"
    assert "Foreign ministers from both countries held talks in Geneva on Tuesday, the first direct meeting since the spring." in texts
    assert any(t.startswith("Diplomats said a further round of negotiations") for t in texts)
    page_text = " ".join(texts)
    for furniture in ("cookie", "Politics", "Subscribe", "Related", "Markets fall", "recipes", "rights reserved",
                      "Privacy", "newsroom@example.com", "dataLayer", "display:flex"):
        assert furniture not in page_text, furniture


def test_html_in_windows_1251_declared_by_meta(tmp_path):
    path = tmp_path / "ru.html"
    page = f'<html><head><meta charset="windows-1251"><title>Новости</title></head><body><article><p>{SAMPLES["ru"]}</p></article></body></html>'
    path.write_bytes(page.encode("cp1251"))
    assert read_html_article(path).text.strip() == SAMPLES["ru"]


def test_any_language_scores_and_flags_every_row(tiny_model_dir, tmp_path):
    (tmp_path / "ru.txt").write_bytes(SAMPLES["ru"].encode("cp1251"))
    (tmp_path / "en.txt").write_text(GOOD)
    result = score(tiny_model_dir, tmp_path, "-f", "jsonl", "--any-language")
    assert result.exit_code == 0 and result.stderr == ""
    languages = {(r["article"], r["language"]) for r in rows(result)}
    assert languages == {("en", "en"), ("ru", "ru")}
    assert sum(r["language"] == "ru" for r in rows(result)) == 2


def test_duplicates_by_text_and_by_id_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "a", "text": "Other text about talks in Geneva."}) + "\n")
    skipped: list[str] = []
    assert [a.id for a in iter_articles([tmp_path], on_skip=skipped.append)] == ["a"]
    assert skipped == [f"{tmp_path / 'b.txt'}: duplicate article 'b' (same text as {tmp_path / 'a.txt'})",
                       f"{tmp_path / 'c.jsonl'}:1: duplicate article 'a' (same id as {tmp_path / 'a.txt'})"]


# ------------------------------------------------------------------------------------------ huge input


def test_huge_single_line_is_split_in_bounded_pieces(tmp_path):
    sentence = "Troops shelled the town and ministers held talks on a ceasefire deal. "
    path = tmp_path / "one-line.txt"
    path.write_text(sentence * 40_000)  # 2.8 MB, no newline
    start = time.perf_counter()
    found = read_text_article(path).sentences()
    assert time.perf_counter() - start < 20
    assert len(found) == 1  # the same sentence over and over: kept once
    words = "troops shelled the town while ministers held talks " * 40_000  # 2 MB, no sentence end at all
    pieces = segment.split_paragraph(words)
    assert max(map(len, pieces)) <= segment.MAX_SENTENCE_CHARS and len(pieces) > 300
    assert "".join(pieces).replace(" ", "") == words.replace(" ", "")


def test_huge_single_line_through_the_cli(tiny_model_dir, tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text(" ".join(f"Troops shelled village {i} and envoys met." for i in range(25_000)))  # 1 MB
    out = tmp_path / "out.jsonl"
    result = score(tiny_model_dir, path, "-f", "jsonl", "-o", out)
    assert result.exit_code == 0, result.output
    assert sum(1 for _ in out.open()) == 25_000


# ------------------------------------------------------------------------------------------ language detection


def test_language_detector_on_twenty_languages():
    assert {lang: detect(text) for lang, text in SAMPLES.items()} == {lang: lang for lang in SAMPLES}


def test_language_detector_never_flags_the_english_project_data():
    texts = []
    data = Path(__file__).parent.parent / "data"
    for path in sorted([*(data / "written").glob("*.jsonl"), *(data / "annotations").glob("*.jsonl")]):
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "data" / "corpus").glob("*.txt")]
    assert texts and [t for t in texts if detect(t) != "en"] == []


def test_language_detector_is_fast():
    article = (SAMPLES["en"] + "\n") * 40
    start = time.perf_counter()
    for _ in range(200):
        detect(article)
    assert (time.perf_counter() - start) / 200 < 0.01  # measured ~0.3 ms; generous for a busy machine


def test_lower_makes_no_letter_of_a_non_letter():
    """detect() reads words with _ASCII_WORD when no non-ASCII character is a letter: that relies on lower() never
    making a letter (nor an ASCII one) of a non-letter, checked here for every code point."""
    from framing.language import _LETTER

    lowered = _LETTER.sub("", "".join(map(chr, range(0x80, 0x110000)))).lower()
    assert not _LETTER.search(lowered) and not any(c.isascii() and c.isalpha() for c in lowered)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "’‘“”—–…«»°€½²Ⓐ٣", max_size=300))
def test_ascii_word_shortcut_finds_the_same_words(text):
    from framing.language import _ASCII_WORD, _LETTER, _WORD

    head = text.lower()
    if not _LETTER.search("".join(c for c in head if not c.isascii())):
        assert _ASCII_WORD.findall(head) == _WORD.findall(head)


@pytest.mark.parametrize("text", ["", "12 345", "Putin", "Share", "ПУТИН", "NATO summit: live"])
def test_short_texts(text):
    assert detect(text) == ("ru" if text == "ПУТИН" else "en")


# ------------------------------------------------------------------------------------------ annotations, data, train


def _run_build(tmp_path, annotation_lines: bytes):
    written = tmp_path / "written"
    write_bank(written)
    notes = tmp_path / "annotations"
    notes.mkdir()
    (notes / "gold.jsonl").write_bytes(annotation_lines)
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "x.txt").write_text(GOOD)
    return run("build-data", "--corpus", corpus_dir, "--written", written, "--annotations", notes, "--out", tmp_path / "out")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (b'{"article_id": "x", "text": "Troops advanced.", "labels": ["war"]}\n',
         "gold.jsonl:1: unknown label(s) war (allowed: legitimacy, denial, escalation, negotiation)"),
        (b'{"article_id": "x", "text": "Troops advanced.", "labels": "escalation"}\n',
         "gold.jsonl:1: 'labels' must be a list of frame names"),
        (b'\n{"article_id": "x", "text": "Troops"\n', "gold.jsonl:2: malformed JSON line"),
        (b'{"article_id": "x", "labels": []}\n', "gold.jsonl:1: missing key(s) text"),
        (b'{"article_id": "x", "text": null, "labels": []}\n', "gold.jsonl:1: 'text' must be a non-empty string"),
        (b'[1, 2]\n', "gold.jsonl:1: not a JSON object"),
        ('{"article_id": "x", "text": "Войска", "labels": []}\n'.encode("cp1251"), "gold.jsonl:1: not UTF-8 text"),
    ],
    ids=["unknown label", "labels not a list", "malformed line", "missing key", "text not a string",
         "not an object", "not UTF-8"],
)
def test_bad_annotation_files(tmp_path, lines, message):
    assert_one_error(_run_build(tmp_path, lines), message)


def test_evaluate_with_unknown_label_and_missing_file(tiny_model_dir, tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text(json.dumps({"text": "Troops advanced.", "labels": ["escalation", "war"]}) + "\n")
    assert_one_error(run("evaluate", data, "--model", tiny_model_dir, "--trust-model"), "gold.jsonl:1: unknown label(s) war")
    assert_one_error(run("evaluate", tmp_path / "none.jsonl", "--model", tiny_model_dir, "--trust-model"), "none.jsonl: no such file")


def test_train_without_a_dataset(tmp_path):
    assert_one_error(run("train", "--data", tmp_path / "nothing", "--out", tmp_path / "m"), "no dataset here; run 'make data' first")


# ------------------------------------------------------------------------------------------ models


def _copy_model(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _rewrite_card(folder: Path, **changes) -> None:
    card = json.loads((folder / "model-card.json").read_text())
    card.update(changes)
    (folder / "model-card.json").write_text(json.dumps(card))


def test_model_checks_through_the_cli(tiny_model_dir, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)

    def check(folder, *fragments, trust=True):
        result = run("score", article, "--model", folder, *(["--trust-model"] if trust else []))
        assert_one_error(result, *fragments)

    check(tiny_model_dir, "model is outside", "pass --trust-model if you trust its author", trust=False)
    check(tmp_path / "none", "no trained model here", "run 'make train' first")

    tampered = _copy_model(tiny_model_dir, tmp_path / "tampered")
    with (tampered / "model.joblib").open("ab") as handle:
        handle.write(b"\x00")
    check(tampered, "model.joblib: sha256 does not match its model card")

    old = _copy_model(tiny_model_dir, tmp_path / "old")
    card = json.loads((old / "model-card.json").read_text())
    _rewrite_card(old, library_versions=card["library_versions"] | {"scikit-learn": "0.24.2"})
    check(old, "trained with scikit-learn 0.24.2", "run 'make train'", "scikit-learn==0.24.2")

    broken_card = _copy_model(tiny_model_dir, tmp_path / "card")
    (broken_card / "model-card.json").write_text("{not json")
    check(broken_card, "model card is not valid JSON")

    no_hash = _copy_model(tiny_model_dir, tmp_path / "nohash")
    _rewrite_card(no_hash, model_sha256=None)
    check(no_hash, "records no sha256")

    no_file = _copy_model(tiny_model_dir, tmp_path / "nofile")
    (no_file / "model.joblib").unlink()
    check(no_file, "missing model.joblib")

    garbage = _copy_model(tiny_model_dir, tmp_path / "garbage")
    (garbage / "model.joblib").write_bytes(b"not a pickle at all")
    from framing.model import file_sha256

    _rewrite_card(garbage, model_sha256=file_sha256(garbage / "model.joblib"))
    check(garbage, "cannot load the model", "run 'make train'")


def test_untrusted_model_never_unpickles(tiny_model_dir, tmp_path, monkeypatch):
    """An untrusted or tampered model is refused before joblib.load runs (which could execute code)."""
    import joblib

    def boom(*args, **kwargs):
        raise AssertionError("joblib.load ran")

    monkeypatch.setattr(joblib, "load", boom)
    with pytest.raises(ModelError, match="--trust-model"):
        load(tiny_model_dir, trusted_root=tmp_path / "models")
    tampered = _copy_model(tiny_model_dir, tmp_path / "models" / "t")
    (tampered / "model.joblib").write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load(tampered, trusted_root=tmp_path / "models")


# ------------------------------------------------------------------------------------------ atomic outputs


def test_stale_temporaries_are_cleaned_and_live_ones_kept(tmp_path):
    target = tmp_path / "m"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{TMP_PREFIX}m.{int(dead.stdout)}.abc"
    stale.mkdir()
    live = tmp_path / f"{TMP_PREFIX}m.{os.getppid()}.def"
    live.mkdir()
    foreign = tmp_path / f"{TMP_PREFIX}other.{int(dead.stdout)}.x"
    foreign.mkdir()
    with replace_dir(target) as tmp:
        (tmp / "f").write_text("1")
    assert not stale.exists() and live.exists() and foreign.exists()
    assert (target / "f").read_text() == "1"


def test_a_cut_folder_swap_is_finished_by_the_next_write(tmp_path):
    target = tmp_path / "m"
    with replace_dir(target) as tmp:
        (tmp / "f").write_text("previous")
    os.replace(target, tmp_path / f"{TMP_PREFIX}m.old")  # killed between the two renames
    assert clean_stale(target) == [] and (target / "f").read_text() == "previous"


def test_atomic_outputs_get_normal_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        with atomic_file(tmp_path / "r.json") as handle:
            handle.write("{}")
        with replace_dir(tmp_path / "m") as tmp:
            (tmp / "f").write_text("x")
    finally:
        os.umask(mask)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "m").stat().st_mode & 0o777 == 0o755


#: Runs the CLI with one library function slowed down after it wrote its output, so a test can interrupt the run
#: while a temporary output exists. argv: marker file, module:function to slow down, then the CLI arguments.
SLOW_WRITER = """
import importlib, pathlib, sys, time
marker = pathlib.Path(sys.argv.pop(1))
module_name, function = sys.argv.pop(1).split(":")
module = importlib.import_module(module_name)
original = getattr(module, function)
def slowed(*args, **kwargs):
    result = original(*args, **kwargs)
    marker.write_text("writing")
    time.sleep(120)
    return result
setattr(module, function, slowed)
sys.argv[0] = "framing"
from framing.cli import main
main()
"""


def _start_slow(marker: Path, slowed: str, *args) -> subprocess.Popen:
    env = os.environ | {"PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(marker), slowed, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _interrupt_when_writing(proc: subprocess.Popen, marker: Path, temps, sig: int) -> tuple[int, str]:
    """Wait until the run is writing (marker written, a temporary beside the target), send ``sig``."""
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.05)
    assert temps(), "no temporary output while writing"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    return proc.returncode, stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The outputs in a folder (hidden temporaries left out)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


EXPECTED_EXIT = {signal.SIGKILL: -signal.SIGKILL, signal.SIGINT: 130, signal.SIGTERM: 143}


def test_interrupted_train_keeps_the_previous_model(tmp_path):
    written = tmp_path / "written"
    write_bank(written)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "x.txt").write_text(GOOD)
    data = tmp_path / "data"
    built = run("build-data", "--corpus", tmp_path / "corpus", "--written", written, "--annotations",
                tmp_path / "none", "--out", data, "--test-size", "0.34")
    assert built.exit_code == 0, built.output
    first = tmp_path / "first" / "models" / "m"
    trained = run("train", "--data", data, "--out", first, "--folds", "2", "--jobs", "1")
    assert trained.exit_code == 0, trained.output
    previous = _snapshot(first)

    runs = {}
    for sig in EXPECTED_EXIT:
        models = tmp_path / sig.name / "models"
        shutil.copytree(first.parent, models)
        marker = tmp_path / f"{sig.name}.writing"
        runs[sig] = (models, marker, _start_slow(marker, "joblib:dump", "train", "--data", data, "--out",
                                                 models / "m", "--folds", "2", "--jobs", "1"))
    for sig, (models, marker, proc) in runs.items():
        code, stderr = _interrupt_when_writing(proc, marker, lambda m=models: list(m.glob(f"{TMP_PREFIX}m.*")), sig)
        assert code == EXPECTED_EXIT[sig], stderr
        assert "Traceback" not in stderr
        assert _snapshot(models / "m") == previous  # the previous model, byte for byte
        assert load(models / "m", trust=True).card["model_sha256"]
        leftovers = list(models.glob(f"{TMP_PREFIX}*"))
        if sig == signal.SIGKILL:
            assert leftovers  # nothing can clean up after SIGKILL...
            again = run("train", "--data", data, "--out", models / "m", "--folds", "2", "--jobs", "1")
            assert again.exit_code == 0, again.output
            assert list(models.glob(f"{TMP_PREFIX}*")) == []  # ...the next run does
            assert load(models / "m", trust=True)
        else:
            assert leftovers == []
            assert stderr.strip().splitlines()[-1].startswith(
                "error: interrupted" if sig == signal.SIGINT else "error: terminated")


def test_interrupted_compare_keeps_the_previous_report(tiny_model_dir, tmp_path):
    articles = write_two_outlets(tmp_path / "articles", 6)
    common = ["--model", tiny_model_dir, "--trust-model", "--jobs", "1", "--n-boot", "100"]
    first = tmp_path / "first"
    done = run("compare", articles, "--out", first, *common)
    assert done.exit_code == 0, done.output
    previous = _snapshot(first)
    assert {"report.html", "report.json", "report.md", "prevalence.csv"} <= set(previous)

    runs = {}
    for sig in (signal.SIGKILL, signal.SIGINT):
        out = tmp_path / sig.name
        shutil.copytree(first, out)
        marker = tmp_path / f"{sig.name}.writing"
        runs[sig] = (out, marker, _start_slow(marker, "os:fsync", "compare", articles, "--out", out, *common))
    for sig, (out, marker, proc) in runs.items():
        code, stderr = _interrupt_when_writing(proc, marker, lambda o=out: list(o.glob(f"{TMP_PREFIX}*")), sig)
        assert code == EXPECTED_EXIT[sig], stderr
        assert "Traceback" not in stderr
        assert _snapshot(out) == previous  # every report file as it was (temporaries are hidden, not listed)
        if sig == signal.SIGINT:
            assert list(out.glob(f"{TMP_PREFIX}*")) == []
            continue
        # a SIGKILL leftover is a hidden temporary file: ignored by the next run, never taken for a report
        again = run("compare", articles, "--out", out, *common)
        assert again.exit_code == 0, again.output
        assert json.loads((out / "report.json").read_text())  # complete and readable
        assert all(p.name.startswith(TMP_PREFIX) for p in set(out.iterdir()) - {out / n for n in previous})


def test_ctrl_c_with_worker_processes_is_one_line(tiny_model_dir, tmp_path):
    """Ctrl-C in a terminal signals the whole process group, workers included: one line, exit 130, and the
    previous output file untouched."""
    corpus_file = tmp_path / "many.jsonl"
    corpus_file.write_text("".join(json.dumps({"text": f"Troops shelled village {i}. Ministers held talks in city {i} "
                                               f"about a ceasefire deal, officials said."}) + "\n" for i in range(4000)))
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    marker = tmp_path / "worker.scoring"
    env = os.environ | {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(marker), "framing.score:_worker_score", "score", str(corpus_file),
         "-f", "jsonl", "-o", str(out), "--model", str(tiny_model_dir), "--trust-model", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["error: interrupted; outputs already on disk were left as they were"]
    assert out.read_text() == "previous\n" and list(tmp_path.glob(f"{TMP_PREFIX}*")) == []


# ------------------------------------------------------------------------------------------ error handling


def test_unexpected_errors_are_one_line_unless_debugging(tiny_model_dir, tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)

    def bug(*args, **kwargs):
        raise KeyError("oops\nsecond line")

    monkeypatch.setattr("framing.score.score_articles", bug)
    assert_one_error(score(tiny_model_dir, article), "unexpected KeyError", "FRAMING_DEBUG=1")
    monkeypatch.setenv("FRAMING_DEBUG", "1")
    assert isinstance(score(tiny_model_dir, article).exception, KeyError)


def test_reader_bug_skips_the_file_not_the_run(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.html").write_text(SAVED_PAGE)

    def bug(path):
        raise ZeroDivisionError("bad luck")

    monkeypatch.setattr(corpus, "read_html_article", bug)
    skipped: list[str] = []
    assert [a.id for a in iter_articles([tmp_path], on_skip=skipped.append)] == ["a"]
    assert skipped == [f"{tmp_path / 'b.html'}: cannot read it (ZeroDivisionError: bad luck); set FRAMING_DEBUG=1 for details"]


def test_closed_pipe_ends_quietly(tiny_model_dir, tmp_path):
    for i in range(200):
        (tmp_path / f"a{i:03}.txt").write_text(f"Troops shelled village {i}. Ministers held talks in city {i}.\n")
    command = (f"{sys.executable} -m framing score {tmp_path} -f jsonl --model {tiny_model_dir} --trust-model "
               "--jobs 1 | head -n 1")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1 and result.stderr == ""


# ------------------------------------------------------------------------------------------ properties

_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\ufffd") | st.sampled_from("\n\t\r")
_TEXT = st.text(_TEXT_CHARS, max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_of_any_bytes_raises_only_corpus_errors(data):
    try:
        text = decode(data, "f.txt")
    except CorpusError as exc:
        assert str(exc).startswith("f.txt: ")
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_decode_of_utf8_text_is_the_text(text):
    data = text.encode()
    if _binary_kind(data) is None:
        assert decode(data, "f") == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT.filter(lambda t: t.strip()))
def test_text_article_keeps_every_body_character(text):
    if text.lstrip().startswith("---"):
        text = "x" + text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(text.encode())
        if _binary_kind(text.encode()):
            return
        assert read_text_article(path).text == text


_VALUE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\x85"), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(METADATA_FIELDS), _VALUE, max_size=5), _TEXT)
def test_front_matter_round_trips_metadata_and_body(meta, body):
    block = yaml.safe_dump(meta, allow_unicode=True, width=10_000) if meta else ""
    parsed, rest = parse_front_matter(f"---\n{block}---\n{body}")
    assert parsed == meta
    assert rest == body


_WORDS = ["troops", "shelled", "the", "town", "envoys", "met", "in", "geneva", "talks", "resumed", "officials",
          "denied", "reports", "and", "ministers", "said", "on", "tuesday", "ceasefire", "deal"]
_STARTS = ["Troops", "Envoys", "Officials", "Ministers", "Diplomats", "Residents"]
_FURNITURE = ["Share", "Advertisement", "Read more", "© Getty Images", "www.example.com", "Twitter", "Related stories"]


@st.composite
def _articles(draw):
    """Articles of unique sentences in paragraphs, with page furniture lines mixed in; returns (text, kept)."""
    paragraphs, kept, n = [], [], 0
    for _ in range(draw(st.integers(1, 6))):
        sentences = []
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
            sentence = f"{draw(st.sampled_from(_STARTS))} {' '.join(words)} {n}{draw(st.sampled_from('.!?'))}"
            sentences.append(sentence)
        kept += sentences
        paragraphs.append(" ".join(sentences))
        if draw(st.booleans()):
            paragraphs.append(draw(st.sampled_from(_FURNITURE)))
    return "\n\n".join(paragraphs), kept


@settings(max_examples=200, deadline=None)
@given(_articles())
def test_sentences_keep_every_character_outside_furniture(article):
    text, kept = article
    assert "".join("".join(segment.sentences(text)).split()) == "".join("".join(kept).split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_sentences_never_crash_on_any_text(text):
    for sentence in segment.sentences(text):
        assert sentence and sentence == sentence.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html", ".csv", ".jsonl", ".parquet"]),
                          st.binary(max_size=300) | _TEXT.map(str.encode)), min_size=1, max_size=5))
def test_every_file_is_read_or_reported(files):
    with tempfile.TemporaryDirectory() as folder:
        names = []
        for i, (suffix, content) in enumerate(files):
            path = Path(folder) / f"f{i}{suffix}"
            path.write_bytes(content)
            names.append(str(path))
        reported: list[str] = []
        try:
            sources = [a.source for a in iter_articles([folder], on_skip=reported.append, any_language=True)]
        except CorpusError as exc:  # nothing readable and one problem: raised instead of reported
            sources, reported = [], [str(exc)]
        for name in names:
            assert any(s == name or s.startswith(f"{name}:") for s in sources) or any(
                m.startswith(f"{name}:") or m.startswith(f"{name} ") for m in reported), (name, sources, reported)
