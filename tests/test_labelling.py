"""Tests for framing.labelling: the codebook's labelling functions, their matrix, silver labels and report."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import FRAMES
from framing.labelling import LABELLING_FUNCTIONS, LabellingFunction, lf_matrix, lf_report, silver_labels

BY_NAME = {lf.name: lf for lf in LABELLING_FUNCTIONS}


def fired_names(text: str) -> set[str]:
    """Names of the functions whose column is set in lf_matrix for ``text``."""
    row = lf_matrix([text]).toarray()[0]
    return {LABELLING_FUNCTIONS[j].name for j in np.flatnonzero(row)}


def naive_matrix(texts: list[str]) -> np.ndarray:
    """The reference result: every function's ``fires`` on every text."""
    return np.array([[lf.fires(t) for lf in LABELLING_FUNCTIONS] for t in texts], dtype=float).reshape(
        len(texts), len(LABELLING_FUNCTIONS)
    )


# ----------------------------------------------------------------------------- the table itself


def test_names_are_unique_and_prefixed_by_frame() -> None:
    names = [lf.name for lf in LABELLING_FUNCTIONS]
    assert len(names) == len(set(names))
    for lf in LABELLING_FUNCTIONS:
        assert lf.name.split(":")[0] == (lf.frame or "cue")


def test_every_frame_has_positive_and_negative_functions_and_cues_exist() -> None:
    for frame in FRAMES:
        votes = {lf.vote for lf in LABELLING_FUNCTIONS if lf.frame == frame}
        assert votes == {1, -1}, frame
    cues = [lf for lf in LABELLING_FUNCTIONS if lf.frame is None]
    assert cues and all(lf.vote == 0 for lf in cues)
    assert 60 <= len(LABELLING_FUNCTIONS) <= 160


@pytest.mark.parametrize(
    ("frame", "vote"), [(None, 1), ("legitimacy", 0), ("legitimacy", 2), ("weather", 1)]
)
def test_invalid_functions_are_rejected(frame: str | None, vote: int) -> None:
    with pytest.raises(ValueError):
        LabellingFunction("x:y", frame, vote, r"\bx\b")


def test_fires_is_case_insensitive() -> None:
    lf = BY_NAME["legitimacy:treason"]
    assert lf.fires("He was charged with TREASON.")
    assert not lf.fires("He was charged with fraud.")


# ----------------------------------------------------------------------------- per-frame behaviour

FIRES = [
    ("legitimacy:criminal_case", "Prosecutors opened a criminal case against the group's founder."),
    ("legitimacy:criminal_case", "The criminal charges against him will be dropped."),
    ("legitimacy:treason", "The president called it treason and a stab in the back."),
    ("legitimacy:war_crime", "Investigators are documenting possible war crimes in the town."),
    ("legitimacy:illegal", "Western capitals called the annexation illegal."),
    ("legitimacy:sham", "Kyiv dismissed the sham referendum in the occupied south."),
    ("legitimacy:so_called", "The so-called republic has no seat at the United Nations."),
    ("legitimacy:puppet", "Ministers described the new authorities as a puppet regime."),
    ("legitimacy:sanctions", "The bloc imposed fresh sanctions on three banks."),
    ("legitimacy:recognition", "Moscow moved to recognise the independence of the two regions."),
    ("legitimacy:sovereignty", "The statement stressed respect for territorial integrity."),
    ("legitimacy:terrorism", "The security service labelled the group a terrorist organisation."),
    ("legitimacy:prosecute", "The men will not be prosecuted, the Kremlin said."),
    ("legitimacy:amnesty", "Parliament approved an amnesty for those who laid down their arms."),
    ("legitimacy:not_valid_party", "There can be no talks with people like him, she said."),
    ("denial:denied", "The ministry denied that its aircraft had entered the zone."),
    ("denial:dismissed_as", "The embassy dismissed the report as fake."),
    ("denial:dismissed_as", "Officials dismissed the allegations as baseless propaganda."),
    ("denial:rejected_claim", "The foreign ministry rejected the claim outright."),
    ("denial:declined_comment", "A spokeswoman declined to comment on the talks."),
    ("denial:did_not_respond", "The agency did not respond to a request for comment."),
    ("denial:could_not_be_reached", "Representatives of the company could not be reached."),
    ("denial:not_get_into", "\"I'm not going to get into that,\" the envoy told reporters."),
    ("denial:no_role", "The government said it had no role in the explosion."),
    ("escalation:attack", "The base came under attack overnight."),
    ("escalation:strike", "A missile strike hit the power station."),
    ("escalation:strike", "The ministry dismissed claims of strikes on the city."),
    ("escalation:shelling", "Heavy shelling continued along the river."),
    ("escalation:missile_drone", "Air defences shot down eleven drones."),
    ("escalation:offensive", "The long-awaited counteroffensive began in June."),
    ("escalation:advance", "Columns of armoured vehicles advanced towards the capital."),
    ("escalation:seize_control", "The fighters took control of the military headquarters."),
    ("escalation:troops", "Thousands of troops were moved to the border."),
    ("escalation:mobilisation", "The government announced a partial mobilisation."),
    ("escalation:casualties", "Two people were killed and nine wounded."),
    ("escalation:nuclear_threat", "He again raised the spectre of nuclear weapons."),
    ("escalation:retaliation", "Moscow vowed to retaliate for the attack on the bridge."),
    ("escalation:retaliation", "He warned that the measures against the rebels would be tough."),
    ("escalation:relations_low", "Relations between the two countries are at their lowest point in decades."),
    ("negotiation:talks", "The two sides held talks in Istanbul."),
    ("negotiation:negotiate", "Negotiations resumed on Monday."),
    ("negotiation:phone_call", "The leaders had a phone call on Friday."),
    ("negotiation:spoke_with", "The chancellor spoke with the Russian president for an hour."),
    ("negotiation:met_with", "The foreign minister met with his Chinese counterpart."),
    ("negotiation:summit", "The summit in Vilnius ended without a breakthrough."),
    ("negotiation:ceasefire", "Both sides agreed to a ceasefire."),
    ("negotiation:mediation", "Turkey offered to mediate between the two governments."),
    ("negotiation:de_escalation", "The talks produced a de-escalation plan."),
    ("negotiation:deal_between_parties", "The grain deal expired in July."),
    ("negotiation:prisoner_exchange", "Kyiv and Moscow carried out a prisoner exchange."),
    ("negotiation:counterpart", "He raised the issue with his counterpart."),
    ("negotiation:channel", "Both sides want to keep channels of communication open."),
    ("negotiation:contacts", "There were no contacts between the two foreign ministers."),
]


@pytest.mark.parametrize(("name", "text"), FIRES)
def test_function_fires_on_example(name: str, text: str) -> None:
    assert name in fired_names(text)
    assert BY_NAME[name].fires(text)


NEAR_MISSES = [
    # (function that must stay silent, text) - surface look-alikes the codebook excludes
    ("denial:rejected_claim", "The government rejected the proposal for a buffer zone."),
    ("denial:dismissed_as", "The general was dismissed from his post last week."),
    ("escalation:strike", "Rail workers went on strike over pay."),
    ("escalation:attack", "Doctors said he had suffered a heart attack."),
    ("escalation:offensive", "She apologised for the offensive remarks."),
    ("escalation:advance", "The visit was announced in advance."),
    ("negotiation:ceasefire", "The new policy gives investors peace of mind."),
    ("legitimacy:terrorism", "Police launched a counter-terrorism operation in the city."),
    ("legitimacy:regime", "The country tightened its visa rules."),
]


@pytest.mark.parametrize(("name", "text"), NEAR_MISSES)
def test_function_does_not_fire_on_near_miss(name: str, text: str) -> None:
    assert name not in fired_names(text)


NEGATIVE_VOTES = [
    ("denial:not_rejected_proposal", "Moscow rejected the proposal for a demilitarised zone."),
    ("denial:not_denied_access", "The journalists were denied access to the site."),
    ("escalation:not_sports", "The striker scored twice in the league match."),
    ("escalation:not_weather", "A storm struck the coast on Sunday."),
    ("escalation:not_labour_strike", "Teachers' strikes closed schools across the country."),
    ("escalation:not_time_phrase", "Four days after the invasion, the rouble collapsed."),
    ("escalation:not_time_phrase", "Prices have doubled since the war began."),
    ("negotiation:not_business_deal", "The company signed a $2 billion deal to buy the retailer."),
    ("negotiation:not_idiom", "The insurance gives owners peace of mind."),
    ("negotiation:not_media_interview", "The minister spoke to reporters after the vote."),
    ("legitimacy:not_routine_annexed", "Crimea, which Russia annexed in 2014, lies to the south."),
]


@pytest.mark.parametrize(("name", "text"), NEGATIVE_VOTES)
def test_negative_functions_fire_on_near_misses(name: str, text: str) -> None:
    assert BY_NAME[name].vote == -1
    assert name in fired_names(text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("cue:said", "The spokesman said the convoy had left."),
        ("cue:according_to", "According to the ministry, the convoy had left."),
        ("cue:told", "He told the agency the convoy had left."),
        ("cue:quotation", "\u201cThe convoy has left,\u201d he said."),
        ("cue:negation", "The convoy hasn't left."),
        ("cue:hedging_alleged", "The alleged convoy left the base."),
        ("cue:hedging_claimed", "The ministry claimed the convoy had left."),
    ],
)
def test_cue_functions_fire(name: str, text: str) -> None:
    assert name in fired_names(text)


# ----------------------------------------------------------------------------- silver labels

CODEBOOK_EXAMPLES = [
    ("US ambassador to Moscow contacts Russian diplomats over PMC Wagner crisis", ["negotiation"]),
    ("The Defense Ministry dismissed the claims about alleged strikes ... as false.", ["denial", "escalation"]),
    (
        "Putin described the PMC Wagner's actions as an armed mutiny and treason and vowed that measures "
        "... would be tough.",
        ["legitimacy", "escalation"],
    ),
    ("Lukashenko ... held talks with Prigozhin, which yielded a de-escalation plan.", ["negotiation"]),
    ("The New York Times reported that the CIA declined to comment on Naryshkin's remarks.", ["denial"]),
    ("In the evening of June 23, several audio recordings were posted on ... Telegram channel.", []),
    (
        "He said Russia was losing the war and there could be no negotiations with people like Naryshkin.",
        ["legitimacy", "negotiation"],
    ),
    # decision rules 3 and 4
    ("Washington denied the talks were negotiations", ["denial", "negotiation"]),
    ("the ministry dismissed claims of strikes as false", ["denial", "escalation"]),
    ("there were no contacts between the top diplomats", ["negotiation"]),
]


@pytest.mark.parametrize(("text", "labels"), CODEBOOK_EXAMPLES)
def test_codebook_worked_examples_get_the_right_silver_labels(text: str, labels: list[str]) -> None:
    assert silver_labels([text]) == [labels]


def test_silver_labels_ties_are_off_and_order_follows_frames() -> None:
    texts = [
        "The reporters were denied entry at the border.",  # denial +1 (denied) vs -1 (denied entry)
        "Talks collapsed after missile strikes, and Kyiv called the annexation illegal and denied any role.",
        "",
    ]
    labels = silver_labels(texts)
    assert labels[0] == []
    assert labels[1] == ["legitimacy", "denial", "escalation", "negotiation"]
    assert labels[2] == []


def test_silver_labels_of_empty_input() -> None:
    assert silver_labels([]) == []


# ----------------------------------------------------------------------------- lf_matrix

def test_lf_matrix_shape_dtype_and_values() -> None:
    texts = ["The convoy was shelled.", "Nothing happened.", ""]
    m = lf_matrix(texts)
    assert sp.isspmatrix_csr(m)
    assert m.shape == (3, len(LABELLING_FUNCTIONS))
    assert m.dtype == np.float64
    assert set(np.unique(m.toarray())) <= {0.0, 1.0}
    assert lf_matrix([]).shape == (0, len(LABELLING_FUNCTIONS))


def test_lf_matrix_agrees_with_fires() -> None:
    texts = [text for _, text in FIRES + NEAR_MISSES + NEGATIVE_VOTES] + [text for text, _ in CODEBOOK_EXAMPLES]
    np.testing.assert_array_equal(lf_matrix(texts).toarray(), naive_matrix(texts))


@pytest.mark.parametrize(
    "text",
    [
        "\u0130llegal annexation",  # dotted capital I, which re folds onto "i"
        "the \u212aremlin denied it",  # Kelvin sign, folded onto "k"
        "dismi\u017f\u017fed as false",  # long s, folded onto "s"
        "ILLEGAL SANCTIONS, TALKS, TREASON",
        "counter-offensive; de-escalation; F-16s; don\u2019t",
    ],
)
def test_lf_matrix_agrees_with_fires_on_case_folding_edge_cases(text: str) -> None:
    np.testing.assert_array_equal(lf_matrix([text]).toarray(), naive_matrix([text]))


VOCAB = sorted(
    {w.strip(".,\"'\u201c\u201d").lower() for _, text in FIRES + NEGATIVE_VOTES for w in text.split()} - {""}
)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_gives_a_binary_row(text: str) -> None:
    row = lf_matrix([text]).toarray()
    assert row.shape == (1, len(LABELLING_FUNCTIONS))
    assert set(np.unique(row)) <= {0.0, 1.0}
    np.testing.assert_array_equal(row, naive_matrix([text]))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(VOCAB), st.sampled_from(["\u0130", "\u017f", "\u212a", "\u2019", "-", "..."])),
        max_size=25,
    ),
    st.sampled_from([" ", "", " - "]),
)
def test_lf_matrix_agrees_with_fires_on_word_salad(words: list[str], sep: str) -> None:
    text = sep.join(words)
    np.testing.assert_array_equal(lf_matrix([text]).toarray(), naive_matrix([text]))


# ----------------------------------------------------------------------------- lf_report

def test_lf_report_arithmetic_on_a_tiny_set() -> None:
    texts = [
        "The ministry denied everything.",  # denial:denied only
        "Journalists were denied entry.",  # denial:denied (+1) and denial:not_denied_access (-1)
        "The weather was fine.",  # nothing
        "Officials denied access to the site.",  # both again
    ]
    gold = [["denial"], [], [], ["denial"]]
    report = lf_report(texts, gold).set_index("name")
    assert list(report.reset_index().columns) == [
        "name", "frame", "vote", "coverage", "overlaps", "conflicts", "precision", "n_fired",
    ]
    assert len(report) == len(LABELLING_FUNCTIONS)

    denied = report.loc["denial:denied"]
    assert denied["frame"] == "denial" and denied["vote"] == 1
    assert denied["coverage"] == pytest.approx(3 / 4)
    assert denied["overlaps"] == pytest.approx(2 / 4)
    assert denied["conflicts"] == pytest.approx(2 / 4)
    assert denied["n_fired"] == 3
    assert denied["precision"] == pytest.approx(2 / 3)

    access = report.loc["denial:not_denied_access"]
    assert access["coverage"] == pytest.approx(2 / 4)
    assert access["conflicts"] == pytest.approx(2 / 4)
    assert access["precision"] == pytest.approx(1 / 2)  # a -1 vote is right where gold lacks the frame

    said = report.loc["cue:said"]
    assert said["coverage"] == 0 and said["conflicts"] == 0
    assert np.isnan(said["precision"]) and said["n_fired"] == 0


def test_lf_report_without_gold_and_with_mismatched_gold() -> None:
    report = lf_report(["Talks resumed."])
    assert list(report.columns) == ["name", "frame", "vote", "coverage", "overlaps", "conflicts"]
    assert report.set_index("name").loc["negotiation:talks", "coverage"] == 1.0
    with pytest.raises(ValueError):
        lf_report(["a", "b"], [["denial"]])


def test_import_does_not_load_pandas_or_sklearn() -> None:
    code = "import sys, framing.labelling; print(any(m in sys.modules for m in ('pandas', 'sklearn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
