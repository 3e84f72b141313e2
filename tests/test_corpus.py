"""Reading articles: front matter, tables, encodings, outlet inference, bad files."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus import (
    UNKNOWN,
    CorpusError,
    decode,
    infer_outlet,
    iter_articles,
    parse_front_matter,
)


def test_front_matter_is_parsed_and_removed():
    meta, body = parse_front_matter("---\noutlet: BBC\ndate: 2022-03-01\ntitle: Talks\n---\nBody text.\n")
    assert meta == {"outlet": "BBC", "date": "2022-03-01", "title": "Talks"}
    assert body == "Body text.\n"


def test_no_front_matter_leaves_text_alone():
    assert parse_front_matter("Just text\n---\nmore") == ({}, "Just text\n---\nmore")


def test_bad_front_matter_names_the_file():
    with pytest.raises(CorpusError, match="a.txt: invalid YAML front matter"):
        parse_front_matter("---\noutlet: [unclosed\n---\nBody", "a.txt")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_front_matter_parser_never_crashes_and_keeps_body(text):
    try:
        meta, body = parse_front_matter(text)
    except CorpusError:
        return
    assert isinstance(meta, dict)
    assert text.endswith(body)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        ("WASHINGTON, June 25. /TASS/. Envoy met officials.", "", ("TASS", "dateline")),
        ("LONDON, March 3 (Reuters) - Talks resumed.", "", ("Reuters", "dateline")),
        ("Body.\n\nThe Daily Example\nwww.dailyexample.com", "", ("The Daily Example", "footer")),
        ("Body.", "https://www.bbc.co.uk/sport/x", ("BBC", "url")),
        ("Body.", "https://news.example.org/x", ("news.example.org", "url")),
        ("Body.", "", (UNKNOWN, "unknown")),
    ],
)
def test_outlet_inference(text, url, expected):
    assert infer_outlet(text, url) == expected


def test_text_article_with_and_without_metadata(tmp_path):
    (tmp_path / "a.md").write_text("---\noutlet: AP\ndate: 2022-05-01T10:00:00\n---\nTroops advanced.\n")
    (tmp_path / "b.txt").write_text("MOSCOW, May 2. /TASS/. Talks went on.\n")
    (tmp_path / "c.txt").write_text("Nothing says where this is from.\n")
    articles = {a.id: a for a in iter_articles([tmp_path])}
    assert (articles["a"].outlet, articles["a"].date, articles["a"].outlet_from) == ("AP", "2022-05-01", "metadata")
    assert (articles["b"].outlet, articles["b"].outlet_from) == ("TASS", "dateline")
    assert (articles["c"].outlet, articles["c"].outlet_from) == (UNKNOWN, "unknown")


def test_csv_jsonl_parquet_corpora(tmp_path):
    import pandas as pd

    frame = pd.DataFrame(
        {"outlet": ["RT", ""], "date": ["2022-04-01", "2022-04-02"], "url": ["", "https://www.apnews.com"],
         "title": ["Strikes", "Talks"], "text": ["Missiles struck the city.", "Envoys met."]}
    )
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_parquet(tmp_path / "c.parquet")
    with (tmp_path / "c.jsonl").open("w") as handle:
        for row in frame.to_dict("records"):
            row["text"] += " (jsonl copy)"
            handle.write(json.dumps(row) + "\n")
    for name in ("c.csv", "c.parquet", "c.jsonl"):
        articles = list(iter_articles([tmp_path / name]))
        assert [a.outlet for a in articles] == ["RT", "AP"], name
        assert articles[0].title == "Strikes"
        assert articles[0].sentences()[0] == "Strikes"  # the headline is a sentence


def test_duplicates_are_skipped_and_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Same text.\n")
    (tmp_path / "b.txt").write_text("Same text.\n")
    skipped = []
    assert len(list(iter_articles([tmp_path], on_skip=skipped.append))) == 1
    assert "duplicate article" in skipped[0]


def test_csv_without_text_column(tmp_path):
    (tmp_path / "bad.csv").write_text("outlet,body\nRT,hello\n")
    with pytest.raises(CorpusError, match=r"bad.csv: no 'text' column \(found: outlet, body\)"):
        list(iter_articles([tmp_path / "bad.csv"], strict=True))


def test_malformed_jsonl_lines_are_reported_with_numbers(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "Good one."}\n{broken\n{"text": "Another."}\n')
    skipped = []
    assert len(list(iter_articles([path], on_skip=skipped.append))) == 2
    assert skipped == [f"{path}:2: malformed JSON line"]
    with pytest.raises(CorpusError, match=":2: malformed JSON line"):
        list(iter_articles([path], strict=True))


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        list(iter_articles([tmp_path / "nope.txt"], strict=True))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="folder holds no readable articles"):
        list(iter_articles([tmp_path / "empty"], strict=True))


def test_encodings_and_binary():
    assert decode("Переговоры в Стамбуле продолжились в среду утром.".encode("cp1251"), "f") == (
        "Переговоры в Стамбуле продолжились в среду утром."
    )
    assert decode("Négociations à Genève, déclarations du ministère.".encode("latin-1"), "f").startswith("Négociations")
    with pytest.raises(CorpusError, match="f.txt: looks like a PNG image, not text"):
        decode(b"\x89PNG\x00\x00\x01", "f.txt")
    with pytest.raises(CorpusError, match="f.bin: looks like a binary file, not text"):
        decode(bytes(range(256)) * 4, "f.bin")


def test_rule_above_prose_or_a_list_is_text_not_front_matter():
    for text in ("---\nA short note before the story.\n---\nBody.\n", "---\n- point one\n- point two\n---\nBody.\n",
                 "---\n[Editor's note, 2022] updated\n---\nBody.\n"):
        assert parse_front_matter(text) == ({}, text)
    with pytest.raises(CorpusError, match="invalid YAML front matter"):
        parse_front_matter("---\nTroops: advanced: on the town\n---\nBody.\n", "a.md")  # looks like metadata
    assert parse_front_matter("---\n---\nBody.\n") == ({}, "Body.\n")


def test_yaml_alias_bomb_in_front_matter_is_harmless():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    ) + "outlet: RT\n---\nBody.\n"
    assert parse_front_matter(bomb) == ({"outlet": "RT"}, "Body.\n")  # nested values are never stringified


def test_sentences_are_split_once_and_survive_pickling(monkeypatch):
    import pickle

    from framing import corpus

    article = corpus.Article(id="a", text="Troops advanced. Talks resumed.")
    assert article.sentences() == ["Troops advanced.", "Talks resumed."]
    monkeypatch.setattr(corpus, "sentences", lambda *a: pytest.fail("split twice"))
    assert pickle.loads(pickle.dumps(article)).sentences() == article.sentences()
    assert article == corpus.Article(id="a", text="Troops advanced. Talks resumed.")


def test_screen_article_checks_language_and_sentences():
    from framing.corpus import Article, screen_article

    english = Article(id="e", text="Troops advanced on the town.", source="e.txt")
    assert screen_article(english) is english
    russian = Article(id="r", text="Войска продвинулись к городу, сообщили в министерстве.", source="r.txt")
    with pytest.raises(CorpusError, match=r"r.txt: language is ru \(Russian\), not English"):
        screen_article(russian)
    assert screen_article(russian, any_language=True).language == "ru"
    with pytest.raises(CorpusError, match="e.txt: no sentences"):
        screen_article(Article(id="e", text="Share\nTwitter\n", source="e.txt"))


def test_screening_without_split_checks_a_first_sentence_only(tmp_path):
    """split=False (readers feeding worker processes) skips the same articles but leaves the split to the scorer."""
    from framing.corpus import Article, iter_articles, screen_article

    blank = Article(id="b", text="Share\nTwitter\n", source="b.txt")
    with pytest.raises(CorpusError, match="b.txt: no sentences"):
        screen_article(blank, split=False)
    article = screen_article(Article(id="a", text="Share\nTroops advanced. Talks resumed."), split=False)
    assert "_sentences" not in article.__dict__  # nothing split beyond the first sentence, nothing cached
    assert article.sentences() == ["Troops advanced.", "Talks resumed."]
    (tmp_path / "a.txt").write_text("Troops advanced. Talks resumed.\n")
    (tmp_path / "b.txt").write_text("Share\nTwitter\n")
    skipped: list[str] = []
    lazy = list(iter_articles([tmp_path], on_skip=skipped.append, split=False))
    eager = list(iter_articles([tmp_path]))
    assert [a.id for a in lazy] == [a.id for a in eager] == ["a"]
    assert [a.sentences() for a in lazy] == [a.sentences() for a in eager]
    assert len(skipped) == 1 and "no sentences" in skipped[0]


def test_duplicate_index_names_the_first_copy_and_grows_its_tables():
    from framing.corpus import DuplicateIndex, text_key

    index = DuplicateIndex()
    sources = ["corpus.jsonl:7", "a.txt", "C:\\news\\b.txt", "x:007", "shard.csv:4294967296"]
    for n, source in enumerate(sources):
        assert index.repeat(f"id{n}", text_key(f"text {n}"), source) is None
    for n in range(5000):  # past several doublings of the tables
        assert index.repeat(f"bulk{n}", text_key(f"bulk text {n}"), f"big.jsonl:{n + 1}") is None
    for n, source in enumerate(sources):
        assert index.repeat("new id", text_key(f"  text {n}\n"), "later.jsonl:1") == f"same text as {source}"
        assert index.repeat(f"id{n}", text_key("a new text"), "later.jsonl:2") == f"same id as {source}"
    assert index.repeat("bulk4321", text_key("another"), "z") == "same id as big.jsonl:4322"
