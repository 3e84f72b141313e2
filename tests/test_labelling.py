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
    # narrowed after a precision audit on real news text: the readings that must survive
    ("legitimacy:charged", "Two officers were charged with treason and espionage."),
    ("legitimacy:legitimate", "The minister said the new authorities had no legitimacy."),
    ("legitimacy:so_called", "Officials of the so-called people's republic announced the results."),
    ("legitimacy:so_called", "The envoy called it a so-called trial staged by the occupiers."),
    ("legitimacy:sovereignty", "Any deal must respect the country's sovereignty over its southern coast."),
    ("legitimacy:accountability", "Those responsible will be held accountable, the president said."),
    ("legitimacy:moral_judgement", "The prime minister called the shelling of the hospital evil."),
    ("legitimacy:annexation", "Moscow moved to annex four occupied regions after the votes."),
    ("legitimacy:recognise_bare", "Few states recognise the breakaway republic."),
    ("legitimacy:recognition", "Belgrade still refuses recognition of the province's independence."),
    ("legitimacy:sanction_measures", "Two more banks were cut off from SWIFT on Monday."),
    ("legitimacy:sanction_measures", "Traders found new ways to circumvent the oil embargo."),
    ("denial:fake_false", "The ministry called the report fake."),
    ("denial:no_responsibility_claimed", "Kyiv stopped short of claiming responsibility for the blast."),
    ("denial:insisted", "The spokesman insisted that the army had not targeted civilians."),
    ("denial:insisted", "Not a single resident was harmed in the town, the ministry insisted."),
    ("denial:staged_pretext", "The ministry dismissed the footage as a provocation staged for Western media."),
    ("denial:no_role", "The government denied any involvement in the explosion."),
    ("escalation:missile_drone", "A Patriot battery was deployed near the capital."),
    ("escalation:retaliation", "Moscow vowed revenge for the attack on the bridge."),
    ("escalation:invade", "Officials warned that the army could invade within days."),
    ("escalation:invade", "Russia launches full-scale invasion of Ukraine; explosions heard in the capital"),
    ("escalation:wider_war", "Leaders fear the fighting could spiral into a wider war."),
    ("escalation:wider_war", "Officials repeated that the alliance is not at war with Russia."),
    ("escalation:armed_revolt", "The exiled general plotted a coup attempt against the junta."),
    ("escalation:retreat_regroup", "The troops retreated across the river under fire."),
    ("escalation:military_action", "The minister did not rule out the use of military force."),
    ("escalation:war_waged", "Critics accused the alliance of waging a proxy war against Moscow."),
    ("escalation:catastrophe_danger", "Experts warned of a nuclear catastrophe at the plant."),
    ("escalation:fall_of_town", "The town fell to Russian forces after weeks of shelling."),
    ("negotiation:phone_call", "The next round of talks will be held by video link."),
    ("negotiation:met_with", "Erdogan met Putin in Sochi to discuss the grain corridor."),
    ("negotiation:met_with", "The two leaders held a rare face-to-face meeting in Brussels."),
    ("negotiation:agreed", "Kyiv and Moscow agreed to a new prisoner exchange."),
    ("negotiation:agreed", "The president urged him to agree to a ceasefire."),
    ("negotiation:contacts", "The ambassador contacted Russian officials on Friday."),
    ("negotiation:signed_statement", "Guterres said he would keep working to restore the arrangement."),
    ("negotiation:invited", "Russia was not invited to the conference."),
    ("negotiation:invited", "The president invited his counterpart to talks in Ankara."),
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
    # look-alikes found on real news text (precision audit): the frame is not expressed
    ("legitimacy:charged", "The general was put in charge of the winter campaign."),
    ("legitimacy:legitimate", "Residents have legitimate concerns about the cost of heating."),
    ("legitimacy:so_called", "Analysts warned of a so-called dirty bomb."),
    ("legitimacy:so_called", "The tycoon was added to a so-called white list of donors."),
    ("legitimacy:sovereignty", "The country's sovereign wealth fund bought a stake in the port."),
    ("legitimacy:sovereignty", "The report was written by internationally recognised legal scholars."),
    ("legitimacy:accountability", "A Justice Department spokesman declined to comment."),
    ("legitimacy:accountability", "Rising prices will punish family finances this winter."),
    ("legitimacy:accountability", "Pilots need to be responsible for their passengers."),
    ("legitimacy:moral_judgement", "The post-fascist party won the most seats."),
    ("legitimacy:annexation", "The bridge links the mainland to Crimea, which Russia annexed in 2014."),
    ("legitimacy:annexation", "Inspections are a key part of Russia-U.S. cooperation."),
    ("legitimacy:recognise_bare", "The midfielder, recognised as one of the most gifted of his generation, retired on Sunday."),
    ("legitimacy:recognise_bare", "Both sides recognise that the war will be long."),
    ("legitimacy:recognise_bare", "The author is widely recognised for her novels."),
    ("legitimacy:recognition", "The bakery named a cake after him in recognition of the country's support."),
    ("legitimacy:sanction_measures", "The swift response of the rescue teams saved lives."),
    ("legitimacy:sanction_measures", "The latest package of military aid includes artillery shells."),
    ("denial:baseless", "The photo showed her distorted reflection in the window."),
    ("denial:fake_false", "The artist was charged with spreading false information about the army."),
    ("denial:fake_false", "Protesters placed fake price tags on supermarket shelves."),
    ("denial:fake_false", "Analysts said Moscow was preparing a false flag operation."),
    ("denial:no_responsibility_claimed", "The prime minister stopped short of promising new tanks."),
    ("denial:insisted", "The president insisted the offensive was going well."),
    ("denial:insisted", "Kyiv insists the invasion was an unprovoked act of aggression."),
    ("denial:staged_pretext", "Relatives of the soldiers staged a protest outside the base."),
    ("denial:staged_pretext", "Experts fear Moscow could use the killing as a pretext for escalation."),
    ("denial:no_role", "Britain's best days are ahead, not behind."),
    ("denial:no_role", "The court has no power over a state that is not party to the Rome Statute."),
    ("denial:no_role", "The ministry urged the neighbours to refrain from any involvement in the war."),
    ("escalation:attack", "The FBI raid on his flat surprised his colleagues."),
    ("escalation:attack", "Under the pact, an attack on one ally counts as an attack on all."),
    ("escalation:attack", "She served in the 80th Air Assault Brigade before the war."),
    ("escalation:strike", "The reporter was struck by the calm of the residents."),
    ("escalation:missile_drone", "Drone footage showed the flooded streets."),
    ("escalation:missile_drone", "'I am a patriot,' the pensioner said."),
    ("escalation:missile_drone", "The regime is believed to have acquired missile technology abroad."),
    ("escalation:advance", "The two governments hope to advance their talks on trade."),
    ("escalation:advance", "The exhibition showed advanced drones on display."),
    ("escalation:seize_control", "The opposition hopes to take control of the House in November."),
    ("escalation:retaliation", "He said the arrest was revenge for his years of political work."),
    ("escalation:retaliation", "Guards put him in solitary confinement in retaliation for his activism."),
    ("escalation:threat_warning", "Doctors said the injury was not life-threatening."),
    ("escalation:threat_warning", "Turkey threatened to block the accession of the two countries."),
    ("escalation:invade", "Prices have soared since Russia invaded Ukraine in February."),
    ("escalation:invade", "Airlines were banned after Moscow launched its invasion."),
    ("escalation:wider_war", "The factory was rebuilt after World War Two."),
    ("escalation:wider_war", "The senator has backed Kyiv throughout its war with Russia."),
    ("escalation:wider_war", "The airline is on the brink of bankruptcy."),
    ("escalation:wider_war", "The five powers reaffirmed their commitment to the prevention of nuclear war."),
    ("escalation:armed_revolt", "The agency called for an end to the armed conflict."),
    ("escalation:fighting", "New rules aim to combat the climate crisis."),
    ("escalation:retreat_regroup", "Russian stocks retreated from a five-week high."),
    ("escalation:retreat_regroup", "The graffiti on the wall read: No surrender!"),
    ("escalation:sabotage_mines", "Critics accused him of trying to sabotage the peace talks."),
    ("escalation:military_action", "He praised the special military operation in a televised address."),
    ("escalation:military_action", "The fine was over a post criticising the military campaign in Ukraine."),
    ("escalation:war_waged", "Sanctions were imposed over Russia's war on Ukraine."),
    ("escalation:war_waged", "The two countries were at war in 1998-99."),
    ("escalation:catastrophe_danger", "The spokesman called the claims 'absurd' and 'dangerous'."),
    ("escalation:catastrophe_danger", "Officials spoke of the catastrophic error of the invasion."),
    ("escalation:fall_of_town", "Shares fell to their lowest level in a decade."),
    ("escalation:fall_of_town", "The economy shrank sharply after the fall of communism."),
    ("escalation:fall_of_town", "The town remains under Ukrainian control."),
    ("negotiation:talks", "Coalition talks dragged on for weeks."),
    ("negotiation:phone_call", "Explosions rang out across the city before dawn."),
    ("negotiation:phone_call", "The refugees called a hotline to ask for help."),
    ("negotiation:phone_call", "The player appeared via video link from the penal colony."),
    ("negotiation:spoke_with", "Speaking to Spain's ABC newspaper, the former chancellor called the plan senseless."),
    ("negotiation:spoke_with", "The goalkeeper refused to speak to reporters once the game ended."),
    ("negotiation:spoke_with", "The premier had talks with the leader of the backbench committee of her own party."),
    ("negotiation:spoke_with", "Speaking to students in Kyiv, the minister praised their courage."),
    ("negotiation:met_with", "The Met Office issued a weather warning."),
    ("negotiation:met_with", "Any provocation would be met with a firm response."),
    ("negotiation:met_with", "The central bank's next policy meeting is in July."),
    ("negotiation:met_with", "On state TV the Kremlin leader was shown at a meeting with Sergei Shoigu, his defence minister."),
    ("negotiation:met_with", "Both countries are meeting places with Russia."),
    ("negotiation:ceasefire", "He is a senior fellow at the Endowment for International Peace in Washington."),
    ("negotiation:deal_between_parties", "Officials set up a panel to deal with the emergency."),
    ("negotiation:agreed", "The oil company has agreed to sell its stations to a rival."),
    ("negotiation:agreed", "The United States agreed to send more rocket systems."),
    ("negotiation:agreed", "The psychologist agrees with the president's assessment."),
    ("negotiation:contacts", "She kept a list of contact information for her relatives."),
    ("negotiation:contacts", "He used his contacts to raise money for the hospital."),
    ("negotiation:dialogue_diplomacy", "The Transatlantic Dialogue Center published a new estimate."),
    ("negotiation:exchange_bare", "The exchange rate fell sharply on Monday."),
    ("negotiation:exchange_bare", "The two armies exchanged fire overnight."),
    ("negotiation:conversation_call", "The spokesman said so in a conference call with reporters."),
    ("negotiation:signed_statement", "The plant has a standby arrangement to supply power in winter."),
    ("negotiation:signed_statement", "All members must ratify the membership applications."),
    ("negotiation:invited", "Such careless remarks invite ridicule."),
    ("negotiation:discussed", "A diplomat, granted anonymity to discuss the cable, said it was authentic."),
    ("negotiation:discussed", "The plan remains under discussion at the energy company."),
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
    ("denial:not_denied_access", "Her appeal was denied by the regional court."),
    ("denial:not_false_information_law", "The artist faces charges of disseminating false information about the army."),
    ("escalation:not_verbal_attack", "The senator attacked the oil companies for failing to cut prices."),
    ("escalation:not_weapon_specs", "The rockets have a range of about 80 kilometres."),
    ("escalation:not_weapon_specs", "Each interceptor costs about $4 million."),
    ("negotiation:not_business_deal", "A spokeswoman for the refiner said the deal includes only deliveries to Austria."),
    ("negotiation:not_media_interview", "Speaking to Spain's ABC newspaper, the former chancellor called the plan senseless."),
    ("negotiation:not_media_interview", "The spokesman said so in a conference call with reporters."),
    ("negotiation:not_domestic_talks", "Coalition talks dragged on for weeks."),
    ("negotiation:not_domestic_talks", "The premier had talks with the leader of the backbench committee of her own party."),
    ("negotiation:not_internal_meeting", "The head of state opened a late-night session of his security council."),
    ("negotiation:not_internal_meeting", "On state TV the Kremlin leader was shown at a meeting with Sergei Shoigu, his defence minister."),
    ("negotiation:not_internal_meeting", "The defence secretary met with troops at the air base."),
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


REAL_TEXT_SILVER = [
    # surface look-alikes from real coverage: no frame, or only the frame that is really there
    ("The winger, recognized as one of the best in her league, flew home on Friday.", []),
    ("The talks ended without agreement, the spokesman told reporters.", ["negotiation"]),
    ("The minister spoke with reporters after the vote.", []),
    ("Coalition talks dragged on for weeks.", []),
    ("A spokeswoman for the refiner said the deal includes only deliveries to Austria.", []),
    ("On state TV the Kremlin leader was shown at a meeting with Sergei Shoigu, his defence minister.", []),
    ("The gunman fired his weapon at the crowd outside the club.", []),
    ("The finance minister did not lay out the details of the tax plan.", []),
    ("Prices have soared since Russia invaded Ukraine in February.", []),
    ("Erdogan met Putin in Sochi to discuss the grain corridor.", ["negotiation"]),
    ("The spokesman insisted that the army had not shelled civilian areas.", ["denial", "escalation"]),
]


@pytest.mark.parametrize(("text", "labels"), REAL_TEXT_SILVER)
def test_real_text_look_alikes_get_the_right_silver_labels(text: str, labels: list[str]) -> None:
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
    texts = [text for _, text in FIRES + NEAR_MISSES + NEGATIVE_VOTES] + [text for text, _ in CODEBOOK_EXAMPLES + REAL_TEXT_SILVER]
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
