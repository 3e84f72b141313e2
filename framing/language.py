"""Tell English articles from others, offline and in well under a millisecond per article.

The classifier is English-only, so every article is checked before it is scored. Two cheap signals decide:

1. the writing system: when most letters are Cyrillic, Greek, Arabic, Han, ... the text is not English (Cyrillic
   texts are told apart by their distinctive letters and function words: Russian, Ukrainian, Belarusian, ...);
2. for Latin-script text, the share of words that are frequent function words of English and of 20 other
   Latin-script languages; another language wins only with at least two hits and more than twice English's.

No model is downloaded and nothing is trained: the word lists below are the data. A text too short to tell (no
function word and no non-Latin script) counts as English, so headlines and short items are never refused.
"""

from __future__ import annotations

import re
from collections import Counter

ENGLISH = "en"
UNDETERMINED = "und"
#: Characters looked at per article: enough for the writing system and a stable vote, in constant time on a
#: 50 MB file.
SAMPLE_CHARS = 2000
#: Characters whose words are counted: about two hundred words settle the vote.
WORDS_CHARS = 1200

NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "ro": "Romanian", "tr": "Turkish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "hu": "Hungarian", "id": "Indonesian",
    "vi": "Vietnamese", "hr": "Croatian/Serbian/Bosnian (Latin)", "sw": "Swahili", "tl": "Tagalog",
    "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "az": "Azerbaijani",
    "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian", "sr": "Serbian (Cyrillic)",
    "mk": "Macedonian", "kk": "Kazakh",
    "el": "Greek", "he": "Hebrew", "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "hi": "Hindi", "bn": "Bengali",
    "ta": "Tamil", "th": "Thai", "ka": "Georgian", "hy": "Armenian", "ko": "Korean", "ja": "Japanese",
    "zh": "Chinese", "am": "Amharic", "und": "undetermined",
}

#: Frequent function words. A word shared with English ("in", "on", "a", "die", "men", ...) is left out of the
#: other lists so that English text gives them no hits; sharing between non-English lists is harmless.
_LATIN_WORDS = {
    "en": "the of and to is that for it was with as be by at this are from have has had not but they his her "
          "he she which were been their will would its an or who said after about more than also over into out "
          "up when there other can all one new two we our you them these those what could should while in on",
    "fr": "le la les des du de et est une un dans pour par sur pas qui que au aux avec ce cette il elle ont "
          "sont été mais ou ne se sa ses leur leurs nous vous être à aussi selon entre comme lors après déjà "
          "très",
    "de": "der das und ist nicht den dem des ein eine einer eines zu mit sich auf für von im auch es sie er "
          "wir ich wurde werden hat haben nach bei aus wie noch nur oder aber vor über zum zur dass durch um "
          "sind wird kann diese dieser gegen sei seine ihre",
    "es": "el la los las de del y que en un una por con para es se su sus al lo como más pero fue ha han "
          "sobre este esta entre sin también desde según ya muy hasta donde durante",
    "it": "il lo la le gli di del della dei delle che e è un una con non si da al alla nel nella sono anche "
          "ma più ha hanno stato questo questa tra sul sulla dopo ancora essere",
    "pt": "o os de da dos das e que em um uma para não se por na nos nas ao mais como mas foi é são ele ela "
          "pelo pela já também sobre entre ou seu sua após muito",
    "nl": "de het een en van dat op te zijn niet met voor er ook aan als maar om bij naar heeft hebben werd "
          "worden dan nog wel uit zich deze tot",
    "pl": "w z na się nie że jest jak po ale tak od za przez są być był była było przy dla jego jej oraz "
          "który która które już tylko może także też jako",
    "cs": "se na je že v s z jsou byl byla bylo jako ale podle jeho jejich který která které také už není ve "
          "za od",
    "sk": "sa na je že v s z sú bol bola bolo ako ale pre podľa jeho ich ktorý ktorá ktoré tiež už nie vo za "
          "od",
    "ro": "și în de la cu pe un o este din că nu sunt pentru mai să au fost al ale lui ei prin după sau ca fi",
    "tr": "ve bir bu da de ile için olarak olan çok daha gibi ama sonra ise kadar ne değil mi şey olduğu dedi",
    "sv": "och att det som en på är av för med till den har de inte om ett var jag ut vid från kan sig "
          "efter också",
    "da": "og det som en på er af med til den har de ikke om et var jeg fra kan vil blev sig efter også",
    "no": "og det som en på er av med til den har de ikke om et var jeg fra kan vil ble seg etter også",
    "fi": "ja ei että se hän oli ovat mutta kun myös tai jo niin kuin joka mukaan sekä vain ole",
    "hu": "az és hogy nem egy meg van volt csak még már mint ki el ez azt ezt pedig szerint",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh karena telah sudah "
          "bisa mereka",
    "vi": "của và là có các những được cho trong không một người này đã với để khi",
    "hr": "je u na se da su za od ne kao što koji iz sa ali bi će nije",
    "sw": "na ya wa kwa ni za katika la hiyo kuwa",
    "tl": "ang ng mga sa na ay si",
    "lt": "ir kad yra iš su į tai buvo ar",
    "lv": "un ir ka uz ar par kas arī",
    "et": "ja et ei ka oli kui aga mis",
    "az": "və bir bu ki ilə üçün olan da də",
}
_CYRILLIC_WORDS = {
    "ru": "и в не на что с по это как он она они из за о к от для но у же так все бы был была были его ее её "
          "или также уже только при мы вы я который которые которая года после чтобы",
    "uk": "і в не на що з по це як він вона вони із за до від для але у же так все б був була були його її "
          "або також вже тільки при ми ви я який які яка року після та й щоб",
    "be": "і ў не на што з па гэта як ён яна яны за да ад для але ж так усе быў была былі яго яе або таксама "
          "ўжо толькі пры мы вы я",
    "bg": "и в не на че с по това като той тя те от за до но се е са да ще бе беше които която който години "
          "след",
    "sr": "и у не на да је са по то као он она они из за од до али се су био била било који која које године "
          "после",
    "mk": "и во не на дека со по тоа како тој таа тие од за до но се е беше кои која кој години",
    "kk": "және мен бұл да де үшін бір деп осы ол болып",
}
#: Letters found in one Cyrillic language and not in Russian; each occurrence is a vote.
_CYRILLIC_LETTERS = {"uk": "іїєґ", "be": "ўі", "sr": "ђћџљњј", "mk": "ѓќѕљњј", "kk": "әғқңөұүһі"}

#: Writing systems by code-point range; the language a script implies when it dominates a text.
_SCRIPTS = (
    ("cyrillic", "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"),
    ("el", "\u0370-\u03ff\u1f00-\u1fff"),
    ("hy", "\u0530-\u058f"),
    ("he", "\u0590-\u05ff"),
    ("arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    ("hi", "\u0900-\u097f"),
    ("bn", "\u0980-\u09ff"),
    ("ta", "\u0b80-\u0bff"),
    ("th", "\u0e00-\u0e7f"),
    ("ka", "\u10a0-\u10ff"),
    ("am", "\u1200-\u137f"),
    ("ko", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
    ("kana", "\u3040-\u30ff\u31f0-\u31ff"),
    ("han", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
)
_SCRIPT_RES = tuple((name, re.compile(f"[{ranges}]")) for name, ranges in _SCRIPTS)
_LATIN = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")  # non-ASCII Latin letters
_ASCII = re.compile(r"[\x00-\x7f]+")
_NOT_ASCII_LETTERS = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))  # bytes to delete
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # "Russia's" is one word, not "s"
#: _WORD for lower-case text whose only letters are ASCII ones (most English text: its non-ASCII characters are
#: quotes and dashes), where the two find the same words; a range is faster to test than a Unicode category.
_ASCII_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_LETTER = re.compile(r"[^\W\d_]")  # what _WORD counts as a letter


def _index(lists: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """word -> the languages whose list holds it."""
    index: dict[str, list[str]] = {}
    for language, words in lists.items():
        for word in set(words.split()):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


_LATIN_INDEX = _index(_LATIN_WORDS)
_CYRILLIC_INDEX = _index(_CYRILLIC_WORDS)


def _vote(words: list[str], index: dict[str, tuple[str, ...]]) -> Counter:
    """Per language, how many of the words are its function words."""
    votes: Counter = Counter()
    for word, count in Counter(filter(index.__contains__, words)).items():  # in order of first occurrence
        for language in index[word]:
            votes[language] += count
    return votes


def _latin(words: list[str]) -> str:
    votes = _vote(words, _LATIN_INDEX)
    if not votes:
        return ENGLISH  # nothing to go on (a headline, a list of names): never refuse it
    best, hits = max(votes.items(), key=lambda item: (item[1], item[0] == ENGLISH))
    if best == ENGLISH or hits < 2 or hits <= 2 * votes[ENGLISH]:
        return ENGLISH
    return best


def _cyrillic(sample: str, words: list[str]) -> str:
    votes = _vote(words, _CYRILLIC_INDEX)
    for language, letters in _CYRILLIC_LETTERS.items():
        count = sum(sample.count(letter) for letter in letters)
        if count:
            votes[language] += count
    if not votes:
        return "ru"
    return max(votes.items(), key=lambda item: (item[1], item[0] == "ru"))[0]


def _arabic(sample: str) -> str:
    if sum(sample.count(c) for c in "ےٹڈڑں") >= 2:
        return "ur"
    if sum(sample.count(c) for c in "پچژگکی") >= 3:
        return "fa"
    return "ar"


def _script_counts(chars: str) -> dict[str, int]:
    """Letters per non-Latin script, stopping early once one script holds most of ``chars``."""
    counts: dict[str, int] = {}
    for script, pattern in _SCRIPT_RES if chars else ():
        counts[script] = len(pattern.findall(chars))
        if 2 * counts[script] > len(chars):
            break
    counts.setdefault("han", 0)
    counts.setdefault("kana", 0)
    return counts


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language ('en', 'ru', 'fr', ...), 'und' for an unknown non-Latin script.

    Looks at the first :data:`SAMPLE_CHARS` characters only. Text with too little to go on counts as English.
    """
    sample = text[:SAMPLE_CHARS]
    # scripts are counted on the non-ASCII characters only (fast for English); ASCII letters by bytes.translate
    other = "" if sample.isascii() else _ASCII.sub("", sample)
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    latin = ascii_letters + len(_LATIN.findall(other))
    scripts = _script_counts(other)
    script, count = max(scripts.items(), key=lambda item: item[1], default=("", 0))
    head = sample[:WORDS_CHARS].lower()
    if count > latin and count >= 3:
        if script == "cyrillic":
            return _cyrillic(head, _WORD.findall(head))
        if script == "arabic":
            return _arabic(sample)
        if script in ("han", "kana"):
            return "ja" if scripts["kana"] >= 0.1 * (scripts["han"] + scripts["kana"]) else "zh"
        return script
    if latin < 3 and sum(1 for c in other if c.isalpha()) >= 3:
        return UNDETERMINED  # letters of a script not listed above
    # lower() makes no letter of a non-letter: when no non-ASCII character is a letter, head's letters are a-z
    return _latin((_WORD if _LETTER.search(other) else _ASCII_WORD).findall(head))


def name(code: str) -> str:
    """Readable name of a language code ('ru' -> 'Russian')."""
    return NAMES.get(code, code)


def describe(code: str) -> str:
    """'ru (Russian)' for messages."""
    return f"{code} ({name(code)})"
