"""Labelling functions that encode the codebook as regular expressions (weak supervision).

Each function votes on one frame (+1 present, -1 absent) or is a pure cue (attribution,
negation, quotation, hedging). Their votes serve as extra classifier features and as
silver labels for unlabelled sentences. ``lf_matrix`` gives exactly the result of calling
``fires`` on every (text, function) pair, but screens the regexes by trigger words first,
which makes it ~30x faster (about 3 s per 100,000 sentences).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import scipy.sparse as sp

from framing import FRAMES

if TYPE_CHECKING:
    import pandas as pd

try:  # Python >= 3.11
    from re import _constants as _sre_constants, _parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

__all__ = ["LabellingFunction", "LABELLING_FUNCTIONS", "lf_matrix", "silver_labels", "lf_report"]


@dataclass(frozen=True)
class LabellingFunction:
    """A named regex voting for (+1) or against (-1) one frame, or a cue (frame None, vote 0)."""

    name: str
    frame: str | None
    vote: int
    pattern: str
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the fields and compile the pattern once (case-insensitive)."""
        if self.frame is None and self.vote != 0:
            raise ValueError(f"{self.name}: a cue function (frame None) must have vote 0")
        if self.frame is not None and (self.frame not in FRAMES or self.vote not in (1, -1)):
            raise ValueError(f"{self.name}: frame must be one of {FRAMES} with vote +1 or -1")
        object.__setattr__(self, "_regex", re.compile(self.pattern, re.IGNORECASE))

    def fires(self, text: str) -> bool:
        """True when the pattern matches anywhere in ``text``."""
        return self._regex.search(text) is not None


def _lf(name: str, frame: str | None, vote: int, pattern: str) -> LabellingFunction:
    """Shorthand constructor used for the table below."""
    return LabellingFunction(name, frame, vote, pattern)


_L, _D, _E, _N = FRAMES

# Reusable fragments.
_MEDIA = (
    r"(?:reporters?|journalists?|(?:the )?press|(?:the )?media|news agenc(?:y|ies)|(?:a |the )?newspapers?|"
    r"(?:state )?(?:television|tv)|radio|(?:a |an )?interviews?|podcast|broadcaster|"
    r"cnn|(?:the )?bbc|reuters|(?:the )?associated press|afp|tass|ria(?: novosti)?|interfax|axios|politico|"
    r"(?:the )?(?:new york times|washington post|wall street journal|financial times|guardian|economist))"
)
_TIME_WAR = (
    r"(?:(?:the|its|this|a|russia['’]s|moscow['’]s|putin['’]s|kremlin['’]s|ukraine['’]s)\s+)?"
    r"(?:(?:full[- ]scale|all[- ]out|large[- ]scale|russian|ongoing|current|\d{4}|february(?: \d{4})?)\s+)*"
    r"(?:war|invasion|conflict|special military operation)\b"
)

LABELLING_FUNCTIONS: tuple[LabellingFunction, ...] = (
    # ------------------------------------------------------------------ cues (no frame)
    _lf("cue:said", None, 0, r"\b(?:said|says|saying|stated|added|noted|wrote|announced|declared|insisted)\b"),
    _lf("cue:according_to", None, 0, r"\baccording to\b"),
    _lf("cue:told", None, 0, r"\b(?:told|tells|telling)\b"),
    _lf("cue:quotation", None, 0, r"\"|“|”|«|»|„|‘|'(?<!\w')(?=\w)"),  # single chars: re skips ahead fast
    _lf("cue:negation", None, 0, r"\b(?:no|not|never|without|none|nobody|nothing|neither|nor|cannot)\b|\b(?:don|doesn|didn|isn|wasn|aren|weren|won|wouldn|couldn|shouldn|can|hasn|haven|hadn|mustn|needn|ain)['’]t\b"),
    _lf("cue:hedging_alleged", None, 0, r"\b(?:alleged(?:ly)?|purported(?:ly)?|supposed(?:ly)?|unconfirmed|unverified)\b"),
    _lf("cue:hedging_claimed", None, 0, r"\bclaim(?:s|ed|ing)?\b"),
    _lf("cue:reportedly", None, 0, r"\b(?:reported(?:ly)?|reports?)\b"),
    # Mentions of fighters are right about escalation only ~60% of the time (prisoner swaps, profiles,
    # recruitment): a feature for the classifier, but too weak to vote.
    _lf("cue:military_personnel", None, 0, r"\b(?:soldiers|servicem[ae]n|fighters|mercenar(?:y|ies)|combatants)\b"),
    # ------------------------------------------------------------------ legitimacy +1
    _lf("legitimacy:criminal_case", _L, 1,
        r"\bcriminal (?:case|cases|charges?|investigations?|probe|proceedings?|prosecution|code|liability|responsibility)\b"),
    _lf("legitimacy:charged", _L, 1,
        r"\b(?:charged with|charges? (?:of|against)|indict(?:ed|ment|ments)|drop(?:ped|s|ping)? (?:the |all )?(?:criminal )?(?:charges|case))\b"),
    _lf("legitimacy:treason", _L, 1, r"\b(?:treason(?:ous)?|traitors?|treacher(?:y|ous))\b"),
    _lf("legitimacy:betrayal", _L, 1, r"\b(?:betray(?:al|ed|s|ing)?|stab(?:bed)? in the back)\b"),
    _lf("legitimacy:mutiny_charge", _L, 1,
        r"\b(?:armed mutiny|mutiny and treason|organi[sz](?:e|ed|ing|ation of) (?:an? )?(?:armed )?(?:mutiny|rebellion)|call(?:s|ed|ing)? (?:for|to) (?:an? )?(?:armed )?(?:mutiny|rebellion)|mutineers?)\b"),
    _lf("legitimacy:war_crime", _L, 1,
        r"\b(?:war crimes?|war criminals?|crimes? against humanity|genocide|ethnic cleansing|crimes? of aggression)\b"),
    _lf("legitimacy:court_warrant", _L, 1,
        r"\b(?:international criminal court|icc|arrest warrants?|tribunals?|the hague|court (?:ruled|ordered|found|convicted|sentenced))\b"),
    _lf("legitimacy:illegal", _L, 1, r"\b(?:illegal(?:ly|ity)?|unlawful(?:ly)?|illegitima(?:te|cy)|lawless(?:ness)?)\b"),
    _lf("legitimacy:legitimate", _L, 1, r"\b(?:legitim(?:ate|acy|ise|ize|ised|ized|ising|izing|ately)|lawful(?:ly)?|legality)\b"),
    _lf("legitimacy:sham", _L, 1, r"\b(?:sham|fake|bogus|rigged|farcical|so[- ]called) (?:referend(?:um|a|ums)|elections?|votes?|polls?|republics?)\b|\bsham\b"),
    _lf("legitimacy:so_called", _L, 1, r"\bso[- ]called\b"),
    _lf("legitimacy:puppet", _L, 1, r"\b(?:puppets?|stooges?|vassals?|proxy (?:regime|government|authorities))\b"),
    _lf("legitimacy:regime", _L, 1, r"\bregimes?\b"),
    _lf("legitimacy:sanctions", _L, 1,
        r"\b(?:sanction(?:s|ed|ing)?|blacklist(?:s|ed|ing)?|asset freezes?|froze(?:n)? (?:\w+ )?assets|embargo(?:es)?|export controls?|price cap)\b"),
    _lf("legitimacy:annexation_judged", _L, 1,
        r"\b(?:illegal(?:ly)? annex\w*|annex\w* illegally|land grab|(?:not|never|refus\w* to) recogni[sz]\w* (?:the |its |russia['’]s )?annexation|annexation (?:is|was) (?:illegal|null|void|invalid))\b"),
    _lf("legitimacy:recognition", _L, 1,
        r"\b(?:recognition of|recogni[sz](?:e|es|ed|ing) (?:the |its |their )?(?:independence|sovereignty|annexation|borders?|republics?|government|authority|legitimacy)|recogni[sz](?:e|es|ed|ing) (?:\w+ ){1,4}as (?:an? )?(?:legitimate|independent|sovereign|terrorist|part of|state|president))\b"),
    _lf("legitimacy:sovereignty", _L, 1, r"\b(?:sovereign(?:ty)?|territorial integrity|self-determination|internationally recogni[sz]ed)\b"),
    _lf("legitimacy:terrorism", _L, 1, r"(?<!counter-)(?<!anti-)\b(?:terror(?:ist|ists|ism)|extremis[mt]s?)\b"),
    _lf("legitimacy:designation", _L, 1,
        r"\b(?:designat(?:e|ed|es|ing|ion) (?:\w+ ){0,4}(?:as )?(?:an? )?(?:terrorist|criminal|extremist|state sponsor)|foreign agents?|undesirable (?:organi[sz]ation|group)s?|transnational criminal organi[sz]ation)\b"),
    _lf("legitimacy:prosecute", _L, 1, r"\b(?:prosecut(?:e|es|ed|ing|ion|ions|ors?|orial)|procurator)\b"),
    _lf("legitimacy:amnesty", _L, 1, r"\b(?:amnest(?:y|ied)|pardon(?:s|ed|ing)?|immunity|will not be (?:prosecuted|punished|charged)|guarantee(?:s|d)? (?:of )?(?:his |their )?(?:safety|safe passage))\b"),
    _lf("legitimacy:arrest_jail", _L, 1,
        r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing|ee|ees)?|detention|jail(?:s|ed|ing)?|imprison(?:ed|ment)?|in prison|sentenced|convict(?:s|ed|ion|ions)?|extradit(?:e|ed|ion))\b"),
    _lf("legitimacy:law_order", _L, 1,
        r"\b(?:international law|rule of law|un charter|geneva conventions?|constitution(?:al|ally)?|constitutional order|mandate|jurisdiction)\b"),
    _lf("legitimacy:violation", _L, 1, r"\b(?:violat(?:e|es|ed|ing|ion|ions)|breach(?:es|ed|ing)? of (?:international|the)|flout(?:s|ed|ing)?)\b"),
    _lf("legitimacy:condemn", _L, 1, r"\b(?:condemn(?:s|ed|ing|ation|ations)?|denounc(?:e|es|ed|ing)|outrageous|unacceptable)\b"),
    _lf("legitimacy:accountability", _L, 1,
        r"\b(?:(?:held|hold|holding|be) (?:\w+ )?(?:accountable|to account|responsible)|accountability|impunity|those responsible|go unpunished|punish(?:ed|es|ing|ment)?|justice)\b"),
    _lf("legitimacy:not_valid_party", _L, 1,
        r"\b(?:no (?:leverage|legitimacy|right to|moral (?:right|authority))|people like|(?:no|not|never|won['’]t|refus\w* to) (?:\w+ ){0,3}(?:negotiat\w*|talks?|deal|dialogue) with (?:terrorists?|criminals?|traitors?|(?:a|the|that|this|such a) regime|people like|someone like|the likes of)|(?:lost|lacks?|has no) (?:\w+ ){0,2}(?:legitimacy|authority|standing))\b"),
    _lf("legitimacy:criminal_label", _L, 1,
        r"\b(?:criminals?|criminal (?:regime|gang|group|organi[sz]ation|enterprise|acts?|actions?)|thugs?|bandits?|gangsters?|murderers?|butchers?|usurp\w*)\b"),
    _lf("legitimacy:atrocities", _L, 1,
        r"\b(?:atrocit(?:y|ies)|tortur(?:e|ed|ing)|deport(?:ed|ing|ation|ations)|filtration camps?|forcibly (?:removed|transferred|deported)|massacres?|mass graves?|wipe (?:\w+ ){0,3}off the map|erase (?:\w+ ){0,4}from the map)\b"),
    _lf("legitimacy:moral_judgement", _L, 1,
        r"\b(?:evil|despicable|barbar(?:ic|ism|ity|ians?)|heinous|monstrous|inhumane?|atrocious|abhorrent|appalling|shameful|disgraceful|cynical|farce|farcical|meaningless|irresponsible|aggressor|aggression|statehood|right to exist|neo-?nazis?|nazis?|denazi\w+|fascis[mt]s?|ecocide)\b"),
    _lf("legitimacy:null_void", _L, 1,
        r"\b(?:null and void|legally (?:null|void|binding)|void|no legal (?:force|effect|meaning|basis)|legal point of view|non-binding|rigged|fraudulent)\b"),
    _lf("legitimacy:referendum", _L, 1, r"\breferend(?:um|a|ums)\b"),
    _lf("legitimacy:annexation", _L, 1, r"\b(?:annex(?:ation|ations|ed|es|ing)?|integral part of|part of (?:russia|the russian federation|ukraine)|subject of the russian federation)\b"),
    _lf("legitimacy:recognise_bare", _L, 1, r"\b(?:recogni[sz](?:e|es|ed|ing)|non-recognition)\b"),
    _lf("legitimacy:un_resolution", _L, 1, r"\b(?:resolutions? (?:condemning|demanding|calling|deploring|that (?:condemns|demands|calls|deplores))|reprimand\w*|censure\w*|veto(?:es|ed|ing)? (?:a |the )?(?:\w+ ){0,2}resolution)\b"),
    _lf("legitimacy:trial_espionage", _L, 1,
        r"\b(?:(?:on|put on|stand|stood) trial|trials?|(?:\d+-year|prison|life|jail|death) sentences?|espionage|spying|spy|charges|warrants?|investigat(?:e|ed|es|ing|ion|ions)|judges|courts?)\b"),
    _lf("legitimacy:sanction_measures", _L, 1,
        r"\b(?:(?:froze|frozen|freez(?:e|es|ing)|seiz(?:e|ed|ing|ure)|confiscat\w+|immobili[sz]ed)\b (?:\w+ ){0,5}?(?:assets|reserves|funds|cash|money|property)|(?:sanctions )?packages? of sanctions|(?:new|latest|\w+th) (?:sanctions )?package|restrictive measures|the cap|price ceiling|circumvent\w*|evad(?:e|ed|ing) (?:\w+ )?sanctions|sanctions evasion|loopholes?|re-export\w*|swift|barred from|bar (?:\w+ ){0,3}from|restrict(?:ing|ed)? (?:\w+ ){0,2}(?:exports|imports|access))\b"),
    _lf("legitimacy:collaboration", _L, 1, r"\bcollaborat(?:ors?|ionists?|ion law|ed with the occupiers)\b"),
    _lf("legitimacy:false_information_law", _L, 1,
        r"\b(?:spread(?:ing|s)? (?:\W*)(?:false|fake) (?:information|news)|discredit(?:ing)? the (?:army|armed forces|military)|fake news law)\b"),
    # ------------------------------------------------------------------ legitimacy -1
    _lf("legitimacy:not_routine_annexed", _L, -1,
        r"\b(?:annexed|seized|occupied) (?:by (?:russia|moscow) )?in (?:19|20)\d\d\b|\b(?:kremlin|russia|moscow)[- ](?:backed|installed|appointed)\b"),
    _lf("legitimacy:not_technical_regime", _L, -1,
        r"\b(?:visa|tax|trade|customs|ceasefire|counter-?terror\w*|security|martial law|operational|legal|export-control) regimes?\b|\bregime of\b"),
    # ------------------------------------------------------------------ denial +1
    _lf("denial:denied", _D, 1, r"\bden(?:y|ies|ied|ying|ial|ials)\b"),
    _lf("denial:dismissed_as", _D, 1,
        r"\b(?:dismiss(?:ed|es|ing)?|brush(?:ed|es|ing)? (?:off|aside)|wav(?:ed|es|ing) (?:off|away|aside)|laugh(?:ed|s|ing)? off|shrug(?:ged|s)? off)\b.{0,120}?\bas (?:\w+ ){0,2}(?:false|fake|baseless|groundless|untrue|nonsense|absurd|lies?|rumou?rs?|speculation|propaganda|disinformation|fabricat\w*|provocation|ridiculous|unfounded|fiction|fantasy|hoax|misleading|inaccurate)\b"),
    _lf("denial:dismissed_claims", _D, 1,
        r"\b(?:dismiss(?:ed|es|ing)?|brush(?:ed|es|ing)? (?:off|aside)|wav(?:ed|es|ing) (?:off|away|aside)|play(?:ed|s|ing)? down|downplay(?:ed|s|ing)?) (?:the |these |those |such |any |all |his |her |their |its |\w+['’]s |as )?(?:\w+ )?(?:claims?|reports?|allegations?|accusations?|suggestions?|speculation|rumou?rs?|concerns?|idea|notion|assertions?|charges?)\b"),
    _lf("denial:rejected_claim", _D, 1,
        r"\b(?:reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|disput(?:e|es|ed|ing)|contest(?:s|ed|ing)?) (?:\w+ ){0,3}?(?:claims?|allegations?|accusations?|reports?|assertions?|suggestions?|charges?|explanations?|version|narrative|account|characteri[sz]ations?|speculation|rumou?rs?|notion|idea that|assessment|findings?|figures?|statements?)\b"),
    _lf("denial:refute", _D, 1, r"\b(?:refut(?:e|es|ed|ing|ation)|rebut(?:s|ted|tal)?|disavow(?:s|ed|ing)?|disown(?:s|ed|ing)?|disclaim(?:s|ed|ing)?)\b"),
    _lf("denial:baseless", _D, 1,
        r"\b(?:baseless|groundless|unfounded|untrue|(?:not|n['’]t) (?:true|accurate|correct)|no truth|fabricat(?:ed|ion|ions)|nonsense|hoax|slander(?:ous)?|not the case|no basis|(?:not|n['’]t) correspond(?:ing)? to (?:reality|the facts)|exaggerat(?:ed|ion)|misinterpret\w*|mischaracteri[sz]\w*|distort(?:ed|ion|s)?)\b"),
    _lf("denial:fake_false", _D, 1, r"\b(?:fakes?|false|disinformation|misinformation|falsehoods?|misleading)\b"),
    _lf("denial:declined_comment", _D, 1,
        r"\b(?:declin(?:ed|es|ing)|refus(?:ed|es|ing)) to (?:immediately |publicly |officially )?(?:comment|elaborate|confirm|specify|disclose|discuss|give|provide|name|identify|say|reveal|publish|describe|answer|explain)\b|\b(?:would|will|did|does|do|has|have|had|could)(?: not|n['’]t) (?:immediately |yet |publicly |officially )?(?:comment(?:ed)?|elaborate|disclose|specify)\b|\bno comment\b"),
    _lf("denial:not_confirmed", _D, 1,
        r"\b(?:not|n['’]t|never|neither) (?:yet |officially |publicly |immediately )?(?:confirm(?:ed)?|acknowledg(?:e|ed)|admit(?:ted)?)\b"),
    _lf("denial:no_responsibility_claimed", _D, 1,
        r"\b(?:not|n['’]t|never) (?:officially |publicly |yet )?(?:claim(?:ed)?|accept(?:ed)?|take|taken|took) (?:any )?(?:responsibility|credit)\b|\bnot (?:his|her|its|our|their) (?:mission|job|role|place) to (?:apportion|assign)|\b(?:apportion(?:ing)?|assign(?:ing)?) blame\b|\bstopp(?:ed|ing) short of\b"),
    _lf("denial:nothing_to", _D, 1, r"\bnothing (?:\w+ )?to (?:do with|do\b|say|add)|\bnot (?:\w+ )?(?:connected|linked|related) (?:to|with)\b|\bwere not connected\b"),
    _lf("denial:gave_no", _D, 1,
        r"\b(?:gave|given|give|giving|provided|offered) no (?:further )?(?:figures?|details?|explanation|comment|timeline|breakdown)\b"),
    _lf("denial:ridiculed_contradicted", _D, 1,
        r"\b(?:ridicul(?:e|ed|es|ing)|contradict(?:s|ed|ing)?|cast(?:ing|s)? doubt|undermin(?:e|es|ed|ing) (?:\w+ ){0,3}(?:claims?|account|version|assertion)|grain of salt)\b"),
    _lf("denial:dismissed_bare", _D, 1, r"\bdismiss(?:ed|es|ing)?\b"),
    _lf("denial:insisted", _D, 1, r"\binsist(?:s|ed|ing)?\b"),
    _lf("denial:staged_pretext", _D, 1, r"\b(?:staged|ruse|false[- ]flag|pretext|cover[- ]up|cover for)\b"),
    _lf("denial:did_not_respond", _D, 1,
        r"\b(?:did not|didn['’]t|has not|hasn['’]t|have not|haven['’]t|had not|hadn['’]t|yet to|not|failed to|no one) (?:immediately |yet |publicly )?(?:respond|reply|answer|(?:return(?:ed)?|answer(?:ed)?) (?:\w+ ){0,2}(?:calls?|requests?|messages?|emails?|quer(?:y|ies)|questions?))\b|\bno (?:immediate )?(?:response|reply|comment)\b"),
    _lf("denial:could_not_be_reached", _D, 1,
        r"\b(?:could not|couldn['’]t|cannot|can['’]t|was not|were not|wasn['’]t|weren['’]t|not) (?:immediately )?be reached\b|\b(?:not|un)(?: immediately)? ?available for comment\b"),
    _lf("denial:not_get_into", _D, 1,
        r"\b(?:not going to|won['’]t|will not|would not|wouldn['’]t|do not want to|don['’]t want to|not prepared to|declin\w+ to|refus\w+ to) (?:get into|go into|speculate|weigh in|engage in speculation)\b"),
    _lf("denial:no_role", _D, 1,
        r"\b(?:(?:had|has|have|having|played|plays|bears?|bore|took|takes) no (?:\w+ )?(?:role|part|involvement|hand|connection|knowledge|responsibility|links?|relation)|nothing to do with|(?:not|never) (?:been |directly |in any way )?(?:involved|behind|responsible|party to|aware of|a party)|no (?:involvement|connection|links?) (?:to|with|in)|any (?:role|involvement|part|responsibility|connection|links?) (?:in|with|to|for))\b"),
    _lf("denial:no_contact_position", _D, 1,
        r"\b(?:said|says|insisted|stated|told|claimed|maintained|denied|stressed)\b.{0,80}?\b(?:no|not any|never|n['’]t (?:any|had|been))\b.{0,25}?\b(?:contacts?|communication|meetings?|conversations?)\b"),
    _lf("denial:refused_to_confirm", _D, 1,
        r"\b(?:neither (?:confirm(?:ed|s)?|den(?:y|ied|ies))|(?:would|could|did) (?:neither|not) confirm (?:or|nor) deny)\b"),
    # ------------------------------------------------------------------ denial -1
    _lf("denial:not_denied_access", _D, -1,
        r"\bden(?:y|ies|ied|ying|ial of) (?:\w+ ){0,2}(?:access|entry|visas?|permission|bail|passage|boarding|service|accreditation|the right)\b"),
    _lf("denial:not_rejected_proposal", _D, -1,
        r"\b(?:reject(?:s|ed|ing|ion of)?|turn(?:s|ed|ing)? down|refus(?:ed|es|ing)) (?:\w+ ){0,3}?(?:proposals?|offers?|demands?|requests?|plans?|bids?|calls? (?:for|to)|initiatives?|ultimatums?|terms|conditions|deals?|invitations?|applications?|appeals?|candidac(?:y|ies)|bills?|amendments?|resolutions?|draft)\b"),
    _lf("denial:not_refused_action", _D, -1,
        r"\brefus(?:ed|es|ing|al) to (?:allow|grant|let|accept|pay|comply|obey|surrender|withdraw|hand over|sign|extradite|cooperate|fight|leave|join|return|serve|supply|deliver|send)\b"),
    _lf("denial:not_dismissed_from_post", _D, -1,
        r"\bdismiss(?:ed|al|es|ing)? (?:\w+ ){0,3}(?:from|as (?:head|chief|commander|minister|director|governor|deputy))\b|\b(?:sacked|fired|ousted|removed) (?:\w+ ){0,2}(?:from|as)\b"),
    _lf("denial:not_outlet_unverified", _D, -1,
        r"\b(?:could not|couldn['’]t|cannot|can['’]t|(?:was|were|is|are|has been|have been) unable to|(?:has|have) not been able to) independently (?:verify|confirm)\b|\b(?:has|have) been unable to (?:verify|confirm)\b"),
    _lf("denial:not_false_information_law", _D, -1,
        r"\b(?:spread(?:ing|s)? (?:\W*)(?:false|fake) (?:information|news)|fake news law)\b"),
    # ------------------------------------------------------------------ escalation +1
    _lf("escalation:attack", _E, 1, r"(?<!heart )(?<!panic )(?<!asthma )\b(?:attack(?:s|ed|ing|ers?)?|assault(?:s|ed|ing)?|raid(?:s|ed|ing)?|ambush(?:es|ed)?)\b"),
    _lf("escalation:strike", _E, 1,
        r"\b(?:(?:air|drone|missile)strikes?|(?:air|missile|drone|rocket|artillery|military|pre-?emptive|nuclear|retaliatory|precision|long-range|russian|ukrainian|israeli|massive|deadly|overnight|new) strikes?|strikes? (?:on|against|at|in|by|hit)|(?:of|about|alleged|reported|claimed) (?:\w+ )?strikes|str(?:ike|ikes|uck|iking) (?:\w+ ){0,3}?(?:targets?|positions?|city|town|village|bases?|airfields?|infrastructure|depots?|facilit\w+|bridges?|buildings?|ships?|refiner\w*|plants?|power)|struck)\b"),
    _lf("escalation:shelling", _E, 1, r"\b(?:shell(?:ing|ed|s)|bombard\w*|bomb(?:s|ed|ing|ings|ers?)?|artillery|barrages?|mortars?|grenades?)\b"),
    _lf("escalation:missile_drone", _E, 1,
        r"\b(?:missiles?|rockets?|drones?|uavs?|warheads?|ballistic|kamikaze|shaheds?|air defen[cs]es?|interceptors?|himars|atacms|storm shadow|patriots?|iskanders?|kinzhals?)\b"),
    _lf("escalation:offensive", _E, 1, r"\b(?:counter-?offensives?|offensives?)\b(?! (?:remarks?|comments?|language|jokes?|words?|content|posts?|behaviou?r|statements?)\b)|\bonslaught\b|\bpush(?:ed|ing)? (?:deeper|forward|toward|towards|into)\b"),
    _lf("escalation:advance", _E, 1,
        r"\badvanc(?:e|es|ed|ing)\b (?:\w+ ){0,3}?(?:on|towards?|into|to within|kilometres?|kilometers?|km|miles?|through|along|near)\b|\b(?:troops|forces|columns?|fighters|units|army) (?:\w+ ){0,2}advanc\w+|\bgains? (?:on|in|near|along|around) (?:the )?(?:front|battlefield|eastern|southern)"),
    _lf("escalation:seize_control", _E, 1,
        r"\b(?:took|take|taken|taking|seiz(?:e|ed|es|ing)|captur(?:e|ed|es|ing)|gain(?:ed|ing)?|wrest(?:ed)?|retak(?:e|en|ing)|retook|recaptur(?:e|ed|ing)|liberat(?:e|ed|ing))\b (?:\w+ ){0,3}?(?:control|city|town|village|settlement|headquarters|base|airfield|military|positions?|territor\w+|region|buildings?|facilit\w+|bridge|outskirts)\b|\b(?:overr(?:an|un)|encircl\w*|besieg\w*|siege|blockade)\b"),
    _lf("escalation:troops", _E, 1,
        r"\b(?:troops|battalions?|brigades?|regiments?|tanks?|armou?red (?:vehicles?|columns?|personnel carriers?)|military (?:convoys?|columns?|vehicles?|equipment|hardware|units?)|paratroopers|special forces|national guard|rosgvardia)\b"),
    _lf("escalation:mobilisation", _E, 1,
        r"\b(?:mobili[sz](?:ation|e|es|ed|ing)|conscript(?:s|ion|ed)?|draftees?|reservists?|call-?ups?|deploy(?:s|ed|ing|ment|ments)?|redeploy\w*|reinforcements?|build-?ups?|massing|massed)\b"),
    _lf("escalation:exercises", _E, 1, r"\b(?:military|naval|nuclear|joint|combat|war) (?:exercises?|drills?|manoeuvres|maneuvers|games)\b"),
    _lf("escalation:casualties", _E, 1,
        r"\b(?:casualt(?:y|ies)|killed|killing|killings|kills|wounded|wounding|injur(?:ed|ing|ies|y)|hurt|fatalit(?:y|ies)|death toll|dead|deaths|died|dies|bodies|corpses|lost their lives|civilians? (?:were|was|had been) (?:\w+ )?(?:killed|hit)|massacre\w*|executed|losses)\b"),
    _lf("escalation:nuclear_threat", _E, 1,
        r"\b(?:nuclear (?:weapons?|war|warheads?|arsenal|strikes?|threats?|escalation|attack|forces|deterrent|exercises?|drills?|capable|blackmail|option|doctrine|sabre|saber)|tactical nuclear|nukes?)\b"),
    _lf("escalation:retaliation", _E, 1,
        r"\b(?:retaliat(?:e|es|ed|ing|ion|ory)|revenge|aveng(?:e|ed|ing)|reprisals?|vow(?:s|ed|ing)? to (?:punish|crush|respond|hit|destroy|defeat|fight)|(?:tough|harsh|severe|decisive|resolute|swift|crushing|merciless|inevitable|firm|strong|military) (?:measures|response|punishment|retaliation|action|steps|consequences|reply)|measures\b.{0,60}?\b(?:would|will|must|to) be (?:tough|harsh|severe|decisive))\b"),
    _lf("escalation:threat_warning", _E, 1,
        r"\b(?:threat(?:en|ens|ened|ening)|warn(?:s|ed|ing)? (?:\w+ ){0,8}?(?:war|conflict|escalat\w*|consequences|response|retaliat\w*|attacks?|strikes?|invasion|confrontation|catastrophe|nuclear)|ultimatum)\b"),
    _lf("escalation:escalate", _E, 1, r"(?<!de-)(?<!de)\b(?:escalat(?:e|es|ed|ing|ion|ory)|intensif(?:y|ies|ied|ying|ication)|spiral(?:led|ling)? out of control)\b"),
    _lf("escalation:relations_low", _E, 1,
        r"\b(?:(?:at|to|hit|reached) (?:their|its|a|an|the) (?:\w+ )?(?:lowest|low point|nadir)|all-time low|lowest (?:point|ebb|level)|rock[- ]bottom|tensions? (?:rose|rise|mounted|flared|soared|escalated))\b"),
    _lf("escalation:invade", _E, 1,
        r"\b(?:invad(?:e|es|ed|ing)|launch(?:ed|es|ing)? (?:a |an |the |its |their |new )?(?:full-scale |large-scale |military |ground |major |fresh |massive )*(?:invasion|offensive|attacks?|operation|assault|war|strikes?|incursion)|incursions?)\b"),
    _lf("escalation:wider_war", _E, 1,
        r"\b(?:wider|full-scale|all-out|world|nuclear|civil|direct|bloody|open) (?:war|conflict|confrontation|bloodshed)\b|\b(?:war|conflict|confrontation) (?:with|between) (?:nato|russia|the west|the alliance|the united states)\b|\b(?:world war (?:iii|3|three)|third world war|bloodshed|brink of)\b"),
    _lf("escalation:armed_revolt", _E, 1,
        r"\b(?:armed (?:rebellion|revolt|uprising|insurrection|insurgency|conflict|confrontation|clash\w*|men|groups?|formations?|struggle)|(?:coup|putsch) attempts?|attempted (?:coup|putsch)|stag(?:e|ed|ing) a coup|overthrow(?:n|ing)?|march(?:ed|ing)? (?:on|to|toward|towards) moscow|march on)\b"),
    _lf("escalation:fighting", _E, 1,
        r"\b(?:clash(?:es|ed)?|fighting|fought|combat|battles?|battlefield|front ?lines?|hostilities|skirmish\w*|firefights?|gunfire|gunmen|shots? (?:were )?fired|open(?:ed|s)? fire|fire on|exchang\w* (?:of )?fire|shot down|downed|destroy(?:ed|s|ing)?|intercept(?:ed|s|ing)?|explosions?|blasts?|explod\w+)\b"),
    _lf("escalation:weapons", _E, 1,
        r"\b(?:weapons?|weaponry|arms (?:supplies|deliveries|shipments)|ammunition|munitions?|howitzers?|fighter jets?|f-16s?|warplanes?|(?:attack|combat) helicopters?|warships?|submarines?|cluster (?:bombs|munitions)|military aid|arming)\b"),
    _lf("escalation:security_emergency", _E, 1,
        r"\b(?:counter-?terror\w* (?:operation|regime|measures)|martial law|state of emergency|counter-?measures)\b"),
    _lf("escalation:retreat_regroup", _E, 1,
        r"\b(?:retreat(?:s|ed|ing)?|regroup\w*|pull(?:ed|ing)? back|pull-?out|withdr(?:ew|awn|aw|awing|awal of) (?:\w+ ){0,2}(?:troops|forces|units)|surrender(?:ed|s)?|rout)\b"),
    _lf("escalation:sabotage_mines", _E, 1,
        r"\b(?:bl(?:ew|own|ow|owing) (?:\w+ )?up|sunk|sank|sabotage\w*|(?:sea|land) ?mines|minefields?|fortifications?|trenches|trench)\b"),
    _lf("escalation:military_action", _E, 1,
        r"\bmilitary (?:force|activity|operations?|action|campaign|presence|intervention|grouping|response|failures|targets?|infrastructure)\b"),
    _lf("escalation:war_waged", _E, 1,
        r"\b(?:wag(?:e|es|ed|ing) (?:a |the )?war|at war|war (?:on|against)|pour\w* fuel on the fire|drag(?:ged|ging)? (?:out|into) (?:the )?(?:war|conflict)|drawn? (?:directly )?into the (?:war|conflict)|lethal aid|heavy weapons)\b"),
    _lf("escalation:catastrophe_danger", _E, 1,
        r"\b(?:catastroph\w+|apocalyp\w+|dangerous|infring\w+ (?:\w+ ){0,2}security|pos(?:e|es|ed|ing) a threat)\b"),
    _lf("escalation:fall_of_town", _E, 1, r"\b(?:fall of|ha(?:s|d) fallen|fell to|under (?:russian|ukrainian) control|(?:town|city)['’]s fall|returned to (?:ukrainian|russian) control)\b"),
    # ------------------------------------------------------------------ escalation -1
    _lf("escalation:not_time_phrase", _E, -1,
        r"\b(?:since|after|before|when|as) (?:russia|moscow|putin|the kremlin|russian (?:troops|forces)) (?:first )?(?:launched|began|started|sent|invaded|rolled)\b|\b(?:since|after|before|following|prior to|ahead of|during|amid|throughout|because of|due to|over|into|(?:start|beginning|outset|onset|anniversary|eve|years?|months?|weeks?|days?) (?:of|after|before|into|since))\s+" + _TIME_WAR),
    _lf("escalation:not_sports", _E, -1,
        r"\b(?:striker|goalkeeper|midfielder|defender|scored|goals? (?:in|against)|penalty (?:kick|shootout)|tournament|league|championship|world cup|olympics?|match(?:es)? (?:against|between|in)|coach|playoffs?|semi-?finals?)\b"),
    _lf("escalation:not_weather", _E, -1,
        r"\b(?:storms?|hurricanes?|typhoons?|earthquakes?|lightning|tornado(?:es)?|floods?|flooding|wildfires?|heatwaves?|blizzards?) (?:\w+ )?(?:struck|strikes|hit|hits|hitting|battered|killed|kills|damaged)\b|\bstruck by lightning\b"),
    _lf("escalation:not_labour_strike", _E, -1,
        r"\b(?:hunger|general|labou?r|workers['’]?|rail|teachers['’]?|nationwide|doctors['’]?|miners['’]?) strikes?\b|\bon strike\b|\b(?:strike|strikes|struck|striking) (?:a|an|the) (?:deal|balance|bargain|chord|note|agreement|pose|compromise|tone|deals)\b"),
    _lf("escalation:not_figurative", _E, -1,
        r"\b(?:heart|panic|asthma|cyber) attacks?\b|\b(?:price|trade|tariff|currency|culture|cultural|information|bidding|turf|talent) wars?\b|\bwar of words\b|\bwar on (?:drugs|poverty|crime|inflation)\b|\boffensive (?:remarks?|comments?|language|jokes?|words?|content|posts?|behaviou?r|statements?)\b|\bin advance\b|\badvance (?:notice|warning|payment|copy|tickets?)\b|\bfight(?:ing|s)? (?:against )?(?:corruption|crime|poverty|inflation|climate change|disease|cancer|covid|fraud|fake news)\b|\bkill(?:ed|ing)? (?:time|the (?:bill|deal|idea))\b"),
    _lf("escalation:not_historical", _E, -1,
        r"\b(?:in|of|since|during) (?:19\d\d|the 19\d0s)\b|\b(?:in|of|since|during) (?:world war (?:ii|two|2)|the second world war|the soviet era|the cold war)\b"),
    _lf("escalation:not_prisoner_release", _E, -1,
        r"\b(?:prisoners? (?:of war )?(?:exchange|swap)s?|released|freed|return(?:ed)? home|in exchange for|swap(?:s|ped)?)\b"),
    # ------------------------------------------------------------------ negotiation +1
    _lf("negotiation:talks", _N, 1, r"\b(?:talks|peace (?:process|conference|formula|framework|initiative|plan|proposals?|summit|efforts?)|round of)\b"),
    _lf("negotiation:negotiate", _N, 1, r"\b(?:negotiat(?:e|es|ed|ing|ion|ions|or|ors)|negotiating table|bargaining)\b"),
    _lf("negotiation:phone_call", _N, 1,
        r"\b(?:(?:telephone|phone) (?:call|calls|conversation|conversations|talks)|call(?:s)? (?:with|between) (?:\w+ ){0,3}(?:president|leader|minister|counterpart|chancellor|secretary|prime)|by (?:telephone|phone)|video (?:call|link|conference)|hotline|phoned|rang)\b"),
    _lf("negotiation:spoke_with", _N, 1,
        r"\b(?:spo(?:ke|ken)|speak(?:s|ing)?|talk(?:ed|ing|s)?|conferr(?:ed|ing)) (?:by phone |on the phone |directly |privately |briefly )?(?:with|to)\b"),
    _lf("negotiation:met_with", _N, 1,
        r"\b(?:me(?:et|ets|eting|t) (?:with|(?:his|her|their|the|\w+['’]s) (?:\w+ )?(?:counterparts?|president|leader|minister|chancellor|envoy|ambassador|delegation|secretary|officials?|prime minister))|meetings?|met)\b"),
    _lf("negotiation:summit", _N, 1, r"\b(?:summits?|summitry|shuttle diplomacy)\b"),
    _lf("negotiation:ceasefire", _N, 1, r"\b(?:cease-?fires?|truces?|armistice|halt to (?:the )?fighting|stop the fighting|peace (?:deal|agreement|accord|settlement|treaty|terms)|(?<!rest in )(?<!keep the )peace(?! of mind| prize| and quiet))\b"),
    _lf("negotiation:mediation", _N, 1,
        r"\b(?:mediat(?:e|ed|es|ing|ion|or|ors)|brokered|broker(?:ing)? (?:a |an |the )?(?:deal|agreement|truce|exchange)|go-?betweens?|intermediar(?:y|ies)|good offices|facilitat(?:e|ed|ing) (?:talks|dialogue|contacts?|an? (?:deal|agreement|exchange)))\b"),
    _lf("negotiation:de_escalation", _N, 1, r"\b(?:de-escalat\w*|deescalat\w*)"),
    _lf("negotiation:deal_between_parties", _N, 1,
        r"\b(?:(?:a|the|this|that|any|no|new|peace|grain|prisoner|ceasefire|his|its|their|possible|proposed) deals?|deals? (?:between|to end|to allow|to halt|on|with)|(?:an?|the) (?:\w+ )?agreements?|agreements? (?:between|with|on|to)|accords?|pacts?|treat(?:y|ies)|compromises?|settlement|memorandum|security guarantees?)\b"),
    _lf("negotiation:agreed", _N, 1, r"\b(?:agre(?:ed|es|eing) (?:to|on|that|with)|reach(?:ed|ing)? (?:an? |no )?(?:deal|agreement|understanding|compromise|consensus|accord))\b"),
    _lf("negotiation:prisoner_exchange", _N, 1,
        r"\b(?:(?:prisoner|prisoners|pow|pows|captive|detainee|body|bodies)[- ](?:exchanges?|swaps?)|(?:exchang|swap)(?:e|es|ed|ing|s|ped|ping)? (?:of )?(?:\w+ )?(?:prisoners|pows|captives|detainees|bodies|servicemen|soldiers)|swaps?)\b"),
    _lf("negotiation:counterpart", _N, 1, r"\bcounterparts?\b"),
    _lf("negotiation:channel", _N, 1,
        r"\b(?:(?:channels?|lines?) of (?:communication|contact|dialogue)|communication channels?|back-?channels?|diplomatic channels?|lines? (?:open|remain open)|keep (?:the )?lines? open)\b"),
    _lf("negotiation:contacts", _N, 1, r"\bcontact(?:s|ed|ing)?\b"),
    _lf("negotiation:dialogue_diplomacy", _N, 1,
        r"\b(?:dialog(?:ue)?s?|diplomac(?:y|ies)|diplomatic (?:efforts?|solution|settlement|initiative|push|track|route|means|resolution|overture|engagement)|engag(?:e|ed|es|ing|ement) (?:with|in (?:talks|dialogue|negotiations|diplomacy)))\b"),
    _lf("negotiation:envoy_visit", _N, 1,
        r"\b(?:envoys?|delegations?|emissar(?:y|ies)|special representatives?|(?:visit(?:ed|s|ing)?|trip to|travel(?:led|ed|s)? to|flew to|arrived in) (?:\w+ ){0,2}(?:moscow|kyiv|kiev|washington|beijing|minsk|ankara|istanbul|the kremlin|the white house|london|paris|berlin|brussels|riyadh|jeddah|geneva|vienna))\b"),
    _lf("negotiation:handshake_host", _N, 1,
        r"\b(?:shook hands|handshake|host(?:ed|s|ing)? (?:\w+ ){0,3}(?:talks|summit|meeting|delegation|counterpart|president|leader)|exchang(?:ed|e) (?:of )?views|reach(?:ed|es|ing)? out to|invit(?:ed|ation) to (?:talks|negotiate|the table|a meeting|visit))\b"),
    _lf("negotiation:exchange_bare", _N, 1, r"\b(?:exchang(?:e|es|ed|ing)|in exchange for)\b"),
    _lf("negotiation:conversation_call", _N, 1,
        r"\b(?:conversations?|calls? (?:with|between)|(?:hour-long|\d+-minute|first|latest|rare|lengthy|phone) call|in a call|pick(?:ed|s)? up the phone)\b"),
    _lf("negotiation:signed_statement", _N, 1,
        r"\b(?:joint (?:statement|declaration|communiqu\w+)|communiqu\w+|sign(?:ed|s|ing)? (?:a |the )?(?:\w+ )?(?:deal|agreement|accord|memorandum|joint)|ratif\w+|arrangements?|assurances|grain (?:initiative|corridor|deal|agreement))\b"),
    _lf("negotiation:summoned_notified", _N, 1,
        r"\b(?:summon(?:ed|s|ing)? (?:the )?(?:\w+ )?(?:ambassador|envoy|charg[eé] d['’]affaires|diplomats?)|notif(?:ied|ication|y)|deconfliction)\b"),
    _lf("negotiation:invited", _N, 1, r"\binvit(?:e|ed|es|ing|ation|ations)\b"),
    _lf("negotiation:discussed", _N, 1, r"\b(?:discuss(?:ed|es|ing|ion|ions)?|consult(?:ation|ations|ed|ing)|wrangling)\b"),
    _lf("negotiation:at_the_table", _N, 1, r"\b(?:across the table|at the (?:negotiating )?table|sat down (?:with|together|for|to))\b"),
    # ------------------------------------------------------------------ negotiation -1
    _lf("negotiation:not_business_deal", _N, -1,
        r"\b(?:business|commercial|sponsorship|record|book|licens\w+|merger|acquisition|takeover|buyout|investment|loan|financing|streaming|transfer|share|stock|(?:million|billion|bn|mln)(?:[- ](?:dollar|euro|pound|rouble|ruble))?) (?:deals?|agreements?|contracts?)\b|\b(?:deals?|contracts?) (?:worth|valued at)\b|\b(?:shareholders?|investors?|stake|ipo|acquir(?:e|ed|ing)|merger)\b"),
    _lf("negotiation:not_media_interview", _N, -1,
        r"\b(?:told|spo(?:ke|ken)|speak(?:s|ing)?|talk(?:ed|ing|s)?|said|wrote) (?:\w+ ){0,2}(?:to|with|in|on) " + _MEDIA + r"\b|\b(?:in|during|gave) an interview\b|\b(?:when|after) (?:\w+ ){0,2}contacted\b|\bcontacted by\b"),
    _lf("negotiation:not_idiom", _N, -1,
        r"\b(?:peace of mind|rest in peace|nobel peace prize|peace prize|keep(?:ing)? the peace|disturb(?:ing)? the peace|peace and quiet|at peace with|deal(?:t|s)? (?:a|another) (?:\w+ )?blows?|me(?:et|ets|eting|t) (?:the )?(?:expectations?|requirements?|targets?|criteria|standards?|deadlines?|needs|demand)|contact (?:lenses|sport|details|information|tracing)|(?:board|shareholder|shareholders['’]?|annual general|investor) meetings?|exchange rates?|stock exchanges?|talk shows?|treaties on (?:the )?(?:accession|admission)|(?:met|meet) (?:certain |the |all )?(?:conditions|criteria))\b"),
    _lf("negotiation:not_met_resistance", _N, -1,
        r"\b(?:meet(?:s|ing)? (?:fierce |stiff |strong )?(?:resistance|opposition)|met (?:with )?(?:fierce |stiff |strong )?(?:resistance|opposition|criticism|condemnation))\b"),
)


# ---------------------------------------------------------------------------- fast matching
# Searching ~120 regexes in every sentence is slow, so lf_matrix first screens them. Each pattern is
# parsed with re's own parser to find "trigger" word prefixes that any match must contain as the start
# of a token (a maximal \w run); a regex is only searched in texts whose tokens hit all its trigger
# sets. Patterns are also split into their alternatives, so that every alternative gets its own,
# narrower triggers. The screen never changes a result: lf_matrix agrees exactly with ``fires``.

_Items = list[tuple[Any, Any]]  # a parsed regex: (opcode, argument) pairs from re's parser

# Screening on function words costs more than it saves; domain words are only worth it in combination.
_FUNCTION_WORDS = frozenset(
    "a an and are as at be by can did do does don for from had has have he her his in into is it its n no nor "
    "not of on or so t that the their this to was we were will with won would un co re ex de go".split()
)
_DOMAIN_WORDS = frozenset("said new air long war russia russian ukraine military control down west world".split())
_MAX_PIECES = 64  # do not split a pattern into more alternatives than this
_TOKEN = re.compile(r"\w+")
_TOKEN_CACHE_SIZE = 1 << 17


def _is_word_char(ch: str) -> bool:
    """True for the characters that a regex word character class matches."""
    return ch.isalnum() or ch == "_"


def _word_heads(items: _Items, anchored: bool) -> set[str]:
    """Lower-case literal prefixes, one of which starts the token where a match of ``items`` begins.

    ``anchored`` says the match begins at a token start. {""} means no prefix is known.
    """
    if not items:
        return {""}
    c = _sre_constants
    op, av = items[0]
    rest = items[1:]
    if op is c.AT:
        return _word_heads(rest, anchored or av is c.AT_BOUNDARY)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return _word_heads(rest, anchored)
    if op is c.LITERAL or (op is c.IN and all(o is c.LITERAL for o, _ in av)):
        chars = {chr(av)} if op is c.LITERAL else {chr(v) for _, v in av}
        if not anchored or not all(ch.isascii() and _is_word_char(ch) for ch in chars):
            return {""}
        tails = _word_heads(rest, True)
        return {ch.lower() + t for ch in chars for t in tails}
    if op is c.SUBPATTERN:
        return _word_heads(list(av[-1]) + rest, anchored)
    if op is c.BRANCH:
        return set().union(*(_word_heads(list(b) + rest, anchored) for b in av[1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _word_heads(list(av[2]), anchored)
    return {""}


def _is_separator(item: tuple[object, object]) -> bool:
    """True for a word boundary, or a character or class that only matches non-word characters."""
    c = _sre_constants
    op, av = item
    if op is c.AT:
        return av is c.AT_BOUNDARY
    if op is c.LITERAL:
        return not _is_word_char(chr(av))
    if op is c.IN:
        return all(
            (o is c.LITERAL and not _is_word_char(chr(v)))
            or (o is c.CATEGORY and v in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD))
            for o, v in av
        )
    return False


def _ends_with_separator(items: _Items) -> bool:
    """True when every match of ``items`` ends with a separator."""
    if not items:
        return False
    c = _sre_constants
    op, av = items[-1]
    if op is c.SUBPATTERN:
        return _ends_with_separator(list(av[-1]))
    if op is c.BRANCH:
        return all(_ends_with_separator(list(b)) for b in av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return av[0] >= 1 and _ends_with_separator(list(av[2]))
    return _is_separator(items[-1])


def _starts_token(items: _Items, i: int, anchored: bool) -> bool:
    """True when the match of ``items[i]`` must begin right after a separator, i.e. at a token start."""
    c = _sre_constants
    while i > 0:
        op, av = items[i - 1]
        if _ends_with_separator([items[i - 1]]):
            return True
        if not (op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and _ends_with_separator(list(av[2]))):
            return False
        i -= 1  # an optional item that ends with a separator: look before it
    return anchored


def _score(triggers: frozenset[str]) -> tuple[int, int, int]:
    """Rank trigger sets: rare words, then domain words, then function words; longer and fewer first."""
    shortest = min(map(len, triggers))
    tier = 0 if triggers & _FUNCTION_WORDS or shortest < 2 else 1 if triggers & _DOMAIN_WORDS else 2
    return (tier, shortest, -len(triggers))


def _required_sets(items: _Items, anchored: bool) -> list[frozenset[str]]:
    """Trigger sets such that every match of ``items`` has, for each set, a token starting with a member."""
    c = _sre_constants
    sets: list[frozenset[str]] = []
    for i, (op, av) in enumerate(items):
        start = _starts_token(items, i, anchored)
        if start:
            heads = _word_heads(items[i:], True)
            if "" not in heads:
                sets.append(frozenset(heads))
        if op is c.SUBPATTERN:
            sets += _required_sets(list(av[-1]), start)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            sets += _required_sets(list(av[2]), start)
        elif op is c.BRANCH:
            per_branch = [_required_sets(list(b), start) for b in av[1]]
            if all(per_branch):
                sets.append(frozenset().union(*(max(b, key=_score) for b in per_branch)))
    return sets


def _screen_sets(pattern: str) -> tuple[frozenset[str], ...]:
    """Up to three trigger sets that every match of ``pattern`` hits, the most selective ones.

    Sets with function words are only used when there is nothing better: they hit almost any text.
    """
    parsed = list(_sre_parser.parse(pattern, re.IGNORECASE))
    sets = sorted(set(_required_sets(parsed, anchored=False)), key=_score, reverse=True)
    useful = [t for t in sets if _score(t)[0] > 0]
    return tuple(sorted(useful[:3] or sets[:1], key=sorted))


def _top_level(pattern: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Split ``pattern`` at depth-0 ``|`` and locate the depth-0 groups of its first alternative."""
    parts: list[str] = []
    groups: list[tuple[int, int]] = []
    depth, start, opened, k, in_class = 0, 0, 0, 0, False
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 1  # skip the escaped character
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            k += pattern.startswith("^", k + 1)
            k += pattern.startswith("]", k + 1)  # a leading "]" is a literal inside the class
        elif ch == "(":
            depth += 1
            if depth == 1:
                opened = k
        elif ch == ")":
            depth -= 1
            if depth == 0 and not parts:
                groups.append((opened, k))
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
        k += 1
    parts.append(pattern[start:])
    return parts, groups


def _pieces(pattern: str) -> list[str]:
    """Rewrite ``pattern`` as alternatives that together match exactly the same texts.

    Top-level ``|`` is split and the first ``(?:a|b)`` group without a quantifier is distributed
    (``x(?:a|b)y`` gives ``x(?:a)y`` and ``x(?:b)y``), recursively.
    """
    parts, groups = _top_level(pattern)
    if len(parts) > 1:
        return [q for part in parts for q in _pieces(part)]
    for start, end in groups:
        inner, _ = _top_level(pattern[start + 3 : end])
        quantified = pattern[end + 1 : end + 2] in ("?", "*", "+", "{")
        if pattern.startswith("(?:", start) and len(inner) > 1 and not quantified:
            head, tail = pattern[:start], pattern[end + 1 :]
            pieces = [q for alt in inner for q in _pieces(f"{head}(?:{alt}){tail}")]
            return pieces if len(pieces) <= _MAX_PIECES else [pattern]
    return [pattern]


@lru_cache(maxsize=None)
def _ascii_fold(ch: str) -> str:
    """The ASCII character that ``re.IGNORECASE`` equates with ``ch`` (``ch`` itself if none)."""
    if ch.isascii():
        return ch.lower()
    return next((a for a in string.ascii_lowercase if re.fullmatch(a, ch, re.IGNORECASE)), ch)


class _Screen:
    """The functions split into regexes, each searched only in texts that hit all its trigger sets."""

    def __init__(self, functions: Sequence[LabellingFunction]) -> None:
        """Split every function into pieces, group pieces with equal trigger sets, index the triggers."""
        self.regexes: list[re.Pattern[str]] = []
        self.owner: list[int] = []  # function index of each regex
        self.full: list[int] = []  # bit mask with one bit per trigger set of each regex
        self.always: list[int] = []  # regexes without triggers: searched in every text
        index: dict[str, list[tuple[int, int]]] = {}  # trigger -> (regex, bit) pairs
        for j, lf in enumerate(functions):
            groups: dict[tuple[frozenset[str], ...], list[str]] = {}
            for piece in _pieces(lf.pattern):
                groups.setdefault(_screen_sets(piece), []).append(piece)
            for sets, pieces in groups.items():
                r = len(self.regexes)
                self.regexes.append(re.compile("|".join(pieces), re.IGNORECASE))
                self.owner.append(j)
                self.full.append((1 << len(sets)) - 1)
                if not sets:
                    self.always.append(r)
                for bit, triggers in enumerate(sets):
                    for t in triggers:
                        index.setdefault(t, []).append((r, 1 << bit))
        self.index = {t: tuple(pairs) for t, pairs in index.items()}
        self.max_len = max(map(len, index), default=0)
        self.cache: dict[str, tuple[tuple[int, int], ...]] = {}

    def _token_hits(self, token: str) -> tuple[tuple[int, int], ...]:
        """(regex, bit) pairs of every trigger that ``token`` starts with, folding case as re does."""
        hits = self.cache.get(token)
        if hits is None:
            key = token.lower() if token.isascii() else "".join(map(_ascii_fold, token))
            found: list[tuple[int, int]] = []
            for k in range(1, min(len(key), self.max_len) + 1):
                found.extend(self.index.get(key[:k], ()))
            if len(self.cache) >= _TOKEN_CACHE_SIZE:
                self.cache.clear()
            hits = self.cache[token] = tuple(found)
        return hits

    def fired(self, text: str) -> set[int]:
        """Indices of the functions that fire on ``text``."""
        seen: dict[int, int] = {}
        for token in set(_TOKEN.findall(text)):
            for r, bit in self._token_hits(token):
                seen[r] = seen.get(r, 0) | bit
        fired: set[int] = set()
        for r in (*self.always, *(r for r, bits in seen.items() if bits == self.full[r])):
            j = self.owner[r]
            if j not in fired and self.regexes[r].search(text):
                fired.add(j)
        return fired


@lru_cache(maxsize=1)
def _screen() -> _Screen:
    """The screen of LABELLING_FUNCTIONS, built on first use (it compiles ~1,500 small regexes)."""
    return _Screen(LABELLING_FUNCTIONS)


# ---------------------------------------------------------------------------- public helpers
_FRAME_INDEX = {f: k for k, f in enumerate(FRAMES)}
# (n_functions, n_frames) indicators of the +1 and of the -1 functions of each frame.
_PLUS = np.array([[lf.frame == f and lf.vote > 0 for f in FRAMES] for lf in LABELLING_FUNCTIONS], dtype=np.float64)
_MINUS = np.array([[lf.frame == f and lf.vote < 0 for f in FRAMES] for lf in LABELLING_FUNCTIONS], dtype=np.float64)


def lf_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Binary (n_texts, n_functions) matrix with 1.0 where a function fires (same as ``fires``)."""
    screen = _screen()
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        fired = sorted(screen.fired(text))
        rows.extend([i] * len(fired))
        cols.extend(fired)
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(LABELLING_FUNCTIONS)))


def _frame_votes(fired: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Per text and frame, the number of firing +1 and of firing -1 functions."""
    return np.asarray(fired @ _PLUS), np.asarray(fired @ _MINUS)


def silver_labels(texts: Sequence[str]) -> list[list[str]]:
    """Per text, the frames whose +1 votes outnumber their -1 votes (ties: off), in FRAMES order."""
    plus, minus = _frame_votes(lf_matrix(texts))
    return [[FRAMES[k] for k in np.flatnonzero(row)] for row in plus > minus]


def lf_report(texts: Sequence[str], gold: Sequence[Sequence[str]] | None = None) -> pd.DataFrame:
    """One row per function: coverage, overlaps and conflicts (shares of all texts), and, given
    ``gold`` label lists, precision (share of firings where gold agrees with the vote) and n_fired.

    Overlaps count texts where any other function fires too; conflicts count texts where a function
    with the opposite vote on the same frame fires too (always 0 for cues, whose precision is NaN).
    """
    import pandas as pd

    if gold is not None and len(gold) != len(texts):
        raise ValueError(f"gold has {len(gold)} label lists for {len(texts)} texts")
    matrix = lf_matrix(texts)
    fired = matrix.toarray().astype(bool)
    n = max(len(texts), 1)
    plus, minus = _frame_votes(matrix)
    others = fired.sum(axis=1, keepdims=True) > 1
    frame_idx = [_FRAME_INDEX.get(lf.frame) for lf in LABELLING_FUNCTIONS]
    opposite = np.zeros_like(fired)
    for j, (lf, k) in enumerate(zip(LABELLING_FUNCTIONS, frame_idx)):
        if k is not None:
            opposite[:, j] = (minus if lf.vote > 0 else plus)[:, k] > 0
    report = pd.DataFrame(
        {
            "name": [lf.name for lf in LABELLING_FUNCTIONS],
            "frame": [lf.frame for lf in LABELLING_FUNCTIONS],
            "vote": [lf.vote for lf in LABELLING_FUNCTIONS],
            "coverage": fired.sum(axis=0) / n,
            "overlaps": (fired & others).sum(axis=0) / n,
            "conflicts": (fired & opposite).sum(axis=0) / n,
        }
    )
    if gold is not None:
        has = np.array([[f in labels for f in FRAMES] for labels in gold], dtype=bool).reshape(len(gold), len(FRAMES))
        n_fired = fired.sum(axis=0)
        precision = np.full(len(LABELLING_FUNCTIONS), np.nan)
        for j, (lf, k) in enumerate(zip(LABELLING_FUNCTIONS, frame_idx)):
            if k is not None and n_fired[j]:
                agree = has[:, k] if lf.vote > 0 else ~has[:, k]
                precision[j] = (fired[:, j] & agree).sum() / n_fired[j]
        report["precision"] = precision
        report["n_fired"] = n_fired.astype(int)
    return report
