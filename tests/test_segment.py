"""Sentence splitting, furniture removal and datelines."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.segment import _ABBREVIATIONS, clean_paragraphs, is_furniture, sentences, split_paragraph, strip_dateline


def test_abbreviations_do_not_split():
    text = "The U.S. said on Feb. 24 that Mr. Putin had ordered Gen. Gerasimov to act. Officials agreed."
    assert split_paragraph(text) == [
        "The U.S. said on Feb. 24 that Mr. Putin had ordered Gen. Gerasimov to act.",
        "Officials agreed.",
    ]


def test_missed_boundary_after_lower_case_word_is_split():
    assert split_paragraph("Officials said troops moved in. Residents fled.") == [
        "Officials said troops moved in.",
        "Residents fled.",
    ]


def test_quotation_is_kept_whole():
    text = 'He said: "We will not negotiate. Never." The talks collapsed.'
    assert split_paragraph(text) == ['He said: "We will not negotiate. Never."', "The talks collapsed."]


def test_curly_quotes_and_attribution():
    text = "“We are ready,” Zelensky said. “But not at any price.”"
    assert split_paragraph(text) == ["“We are ready,” Zelensky said.", "“But not at any price.”"]


def test_datelines_are_stripped_and_name_the_agency():
    assert strip_dateline("WASHINGTON, June 25. /TASS/. US envoy met officials.") == ("US envoy met officials.", "TASS")
    assert strip_dateline("LONDON, March 3 (Reuters) - Talks resumed.") == ("Talks resumed.", "Reuters")
    assert strip_dateline("KYIV, Ukraine (AP) — Shelling resumed.") == ("Shelling resumed.", "AP")
    assert strip_dateline("KYIV, Ukraine — Shelling resumed.") == ("Shelling resumed.", None)
    assert strip_dateline("Talks resumed in Geneva.") == ("Talks resumed in Geneva.", None)


def test_furniture_lines():
    for line in ("All news", "Related Stories", "No stories found.", "X", "www.example.com", "© Sergey Bobylew/TASS",
                 "Sergei Naryshkin, Head of the Service. (Photo | Wikimedia Commons)", "By Jane Smith", "Share"):
        assert is_furniture(line), line
    assert not is_furniture("Russian forces shelled the city overnight.")
    long_caption = ("(Jane Doe/Agency via AP) In this image provided by the alliance, soldiers pose for a photo as the "
                    "secretary general visits during an exercise in the north of the country, Monday, March 7, 2022.")
    assert is_furniture(long_caption) and is_furniture("In this photo taken on Friday, a tank rolls past.")
    assert not is_furniture("Troops advanced on the town, AFP reported, citing local officials.")


def test_caption_next_to_its_credit_and_site_footer_are_dropped():
    text = "Headline here\n\nUS Ambassador Lynne Tracy Sergey Bobylew/TASS\nUS Ambassador Lynne Tracy\n© Sergey Bobylew/TASS\n\nBody sentence one.\n\nThe Daily Example\nwww.dailyexample.com"
    assert clean_paragraphs(text) == ["Headline here", "Body sentence one."]


def test_repeated_standfirst_is_kept_once():
    text = "Standfirst about talks.\n\nBody.\n\nStandfirst about talks."
    assert list(sentences(text)) == ["Standfirst about talks.", "Body."]


_text = st.text(alphabet=string.ascii_letters + "   .,;:!?'\"“”’-—()0123456789\n", max_size=400)


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_text.filter(lambda t: "\n" not in t))
def test_split_paragraph_loses_no_character(paragraph):
    """Splitting only cuts between sentences: joined back, the pieces hold every non-space character."""
    out = split_paragraph(paragraph)
    assert all(piece == piece.strip() and piece for piece in out)
    assert _squash("".join(out)) == _squash(paragraph)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_sentences_come_from_the_text(text):
    """Every sentence is a piece of the input (modulo spacing): nothing is invented or rewritten."""
    squashed = _squash(text)
    for sentence in sentences(text):
        assert _squash(sentence) in squashed


_ABBREVIATION_WORDS = {w.lower() for w in _ABBREVIATIONS.split("|")}
_plain_sentence = st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{2,9}){2,8}[.]", fullmatch=True).filter(
    lambda s: s[:-1].split()[-1] not in _ABBREVIATION_WORDS  # "... aa vs." is ambiguous by design, not plain
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_plain_sentence, min_size=1, max_size=6))
def test_plain_sentences_round_trip(parts):
    """Simple sentences joined by spaces come back exactly."""
    assert split_paragraph(" ".join(parts)) == parts


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | _text)
def test_blingfire_with_reused_buffer_matches_the_library(text):
    """The reused-buffer call gives blingfire's own answer, for any text (including long and non-ASCII ones)."""
    import blingfire

    from framing.segment import _blingfire_sentences

    for given_text in (text, text * 40):
        expected = blingfire.text_to_sentences(given_text)
        assert _blingfire_sentences(given_text) == (expected.split("\n") if expected else [])


_spaced = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u2028\u3000ab.“é\x00", max_size=60)


@settings(max_examples=300, deadline=None)
@given(_spaced | st.text(max_size=60))
def test_single_spaced_is_split_and_join(line):
    from framing.segment import _single_spaced

    assert _single_spaced(line) == " ".join(line.split())


#: The pre-checks as first written (slower forms): the fast ones must answer exactly as these do.
_MAYBE_MISSED_FIRST = re.compile(r"[a-z\d%][.!?]\s+[\"“‘']?[A-Z]")
_CREDIT_HINT_FIRST = re.compile("©|photo|getty|afp|reuters|tass|/ap|image|picture:|credit:")
_furniture_alphabet = string.ascii_letters[:8] + "BIPTWhwy:/.()©|ſß\u212a \t5%!?\"“"
_furniture_text = st.text(alphabet=_furniture_alphabet, max_size=40) | st.sampled_from(
    ["By Jane Smith", "by J. Doe and A. Roe.", "www.example.com", "https://x.ru/a", "(Jane Doe/Agency via AP) Text",
     "In this photo taken", "Photo: Reuters/TASS", "© TASS", "Ta\u017fs report", "taß", "PHOTOGRAPH: X", "/AP"]
)


@settings(max_examples=500, deadline=None)
@given(_furniture_text | _text)
def test_fast_prechecks_answer_as_the_first_forms(text):
    from framing.segment import _BYLINE, _CAPTION, _CREDIT, _FURNITURE_START, _MAYBE_MISSED, _URL_ONLY, _is_credit

    assert bool(_MAYBE_MISSED.search(text)) == bool(_MAYBE_MISSED_FIRST.search(text))
    first = _URL_ONLY.match(text) or _BYLINE.match(text) or _CAPTION.match(text)
    assert bool(_FURNITURE_START.match(text)) == bool(first)
    assert _is_credit(text) == bool(_CREDIT_HINT_FIRST.search(text.casefold()) and _CREDIT.search(text))


def test_wire_and_site_notices_are_not_sentences():
    from framing.segment import is_notice

    for sentence in (
        "___ Follow AP's coverage of the war in Ukraine at https://example.org/hub/ukraine",
        "___ Jane Doe in Kyiv contributed to this report.",
        "(AP Photo/Jane Doe, File) FILE - A soldier walks past a destroyed tank near Kharkiv.",
        "FILE - A soldier walks past a destroyed tank near Kharkiv, Ukraine, June 18, 2022.",
        "(This story corrects the date of the meeting in the third paragraph)",
        "CORRECTION (July 21, 2022, 4:20 p.m. ET): A previous version of this article misstated a name.",
        "Follow BBC Wales on Facebook, Twitter and Instagram.",
        "Sign up to our free daily newsletter – every weekday morning at 7am",
        "Send your story ideas to: newsdesk@example.org",
        "Read more from our correspondent's report.",
        "A volunteer holds up a drone at a training area outside Kyiv, Ukraine, Saturday, Aug. 27, 2022.",
    ):
        assert is_notice(sentence), sentence
    for sentence in (
        "Follow-up talks are planned for next week in Istanbul.",
        "Officials said the file had been sent to prosecutors.",
        "The talks took place in Geneva on Monday, Jan. 24, 2022.",
        "Russia said it would read the proposal carefully, officials said.",
        "Troops shelled the port, Reuters reported.",
    ):
        assert not is_notice(sentence), sentence


def test_an_article_on_one_line_keeps_its_sentences_around_a_caption():
    text = ("FILE - A soldier walks past a destroyed tank near Kharkiv, Ukraine, June 18, 2022. "
            "Russian forces shelled the city overnight. The ministers held talks in Ankara on Tuesday. "
            "___ Follow AP's coverage of the war at https://example.org/hub")
    assert list(sentences(text)) == ["Russian forces shelled the city overnight.",
                                     "The ministers held talks in Ankara on Tuesday."]
