"""Each suspect's offences, element by element, from the passages that concern them.

TIP (Trafficking Protocol Art. 3): an act, a means (not required when the victim is a child) and a purpose
of exploitation. SOM (Smuggling Protocol Art. 3, 6): procuring the illegal entry of a person for a
financial or material benefit; aggravated when lives were endangered or people treated inhumanly.
Corruption (UNTOC Art. 8), document fraud (Smuggling Protocol Art. 6(1)(b)) and participation in an
organised criminal group (UNTOC Art. 2(a), 5) are what a prosecutor adds. Elements are read from what the
evidence says about the person; the case-wide facts a suspect shares with the network (an irregular
crossing, fees paid to the network) are marked `"scope": "case"`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from filiere.i18n import _
from filiere.network.roles import CRIMINAL_ROLES
from filiere.qualify.elements import MISSING, NOT_REQUIRED, element, holds
from filiere.qualify.findings import CueIndex, Findings
from filiere.qualify.passages import CaseText
from filiere.qualify.victims import VictimAssessment

SUSPECT_STATUS_WORDS = ("mis en cause", "suspect", "prevenu", "prévenu", "accused", "inculpe", "inculpé")
REQUIRED = {
    "TIP": ("act", "means", "purpose"),
    "SOM": ("procuring_illegal_entry", "financial_benefit"),
    "CORRUPTION": ("public_official", "undue_advantage"),
    "DOCUMENT_FRAUD": ("fraudulent_document",),
    "ORGANISED_GROUP": ("structured_group_of_three", "acting_in_concert", "financial_benefit"),
}


@dataclass
class CaseFacts:
    """What the whole case shows, shared by every suspect who took part."""

    crossing: list[dict]  # irregular crossing
    fees: list[dict]  # payments for the journey
    victims: list[VictimAssessment]


@dataclass
class SuspectAssessment:
    person: int
    name: str
    role: str
    findings: Findings
    linked_victims: list[VictimAssessment]
    context: Findings  # the witness answers that name the suspect, read whole (for aggravating facts)
    offences: list[dict] = field(default_factory=list)


def is_suspect(person: dict, heard_status: str | None) -> bool:
    status = (heard_status or "").lower()
    return person["role"] in CRIMINAL_ROLES or any(w in status for w in SUSPECT_STATUS_WORDS)


def assess_suspect(person: dict, text: CaseText, cues: CueIndex, case: CaseFacts) -> SuspectAssessment:
    pid = person["id"]
    own = [p for p in text.passages if p.concerns(pid)]
    found = cues.findings(own)
    linked = [
        v
        for v in case.victims
        if any(p.concerns(pid) and (p.subject == v.person or p.concerns(v.person)) for p in own)
    ]
    # a witness's answer that names the suspect tells of the same stage of the journey throughout
    answers = {(p.evidence, p.turn) for p in own if p.subject is not None and p.turn is not None}
    context = [p for p in text.passages if (p.evidence, p.turn) in answers]
    s = SuspectAssessment(pid, person["name"], person["role"], found, linked, cues.findings(context))
    s.offences = [
        _tip(s),
        _som(s, case),
        _corruption(s),
        _offence("DOCUMENT_FRAUD", [element("fraudulent_document", found.support("document."))]),
    ]
    return s


def _offence(name: str, elements: list[dict], aggravating: list[dict] | None = None) -> dict:
    return {"offence": name, "elements": elements, "aggravating": aggravating or []}


def _tip(s: SuspectAssessment) -> dict:
    f = s.findings
    act = element("act", f.support("act."), kinds=f.kinds("act."))
    purpose = element("purpose", f.support("purpose."), f.contra("purpose."), kinds=f.kinds("purpose."))
    means = element("means", f.support("means."), f.contra("means."), kinds=f.kinds("means."))
    children = [v for v in s.linked_victims if v.minor and v.exploitation]
    if children and "decision" not in means:
        means["status"] = NOT_REQUIRED
        if not means["evidence"]:
            means["evidence"] = [c for v in children for c in v.elements[0]["evidence"]][:5]
        means["note"] = _("the victim is a child: means are not required ({names})").format(
            names=", ".join(v.name for v in children)
        )
    aggravating = []
    if children:
        aggravating.append(
            {
                "circumstance": "minor_victim",
                "evidence": means["evidence"] or children[0].elements[0]["evidence"],
            }
        )
    return _offence("TIP", [act, means, purpose], aggravating)


def _som(s: SuspectAssessment, case: CaseFacts) -> dict:
    f = s.findings
    acts = f.support("act.", "som.journey", "corruption.act_or_omission", "document.")
    procuring = element("procuring_illegal_entry", acts, f.contra("som.illegal_crossing"))
    if holds(procuring):
        crossing = f.support("som.illegal_crossing")
        if not crossing and case.crossing:
            crossing, procuring["scope"] = case.crossing, "case"
        if crossing:
            procuring["evidence"] = (procuring["evidence"] + crossing)[:6]
        else:
            procuring["status"] = MISSING
            procuring["note"] = _(
                "acts are shown, but nothing shows the entry was irregular (papers, visa, way of crossing)"
            )
    # a bribe is the official's benefit, not the benefit of the driver who pays it
    official = bool(f.support("corruption.public_official")) and s.role == "corrupt_official"
    benefit = element(
        "financial_benefit", f.support("som.fee", *(["corruption.undue_advantage"] if official else []))
    )
    moved_people = f.support(
        "act.recruitment", "act.transportation", "som.journey", "corruption.act_or_omission"
    )
    if not holds(benefit) and case.fees and holds(procuring) and moved_people:
        benefit = element("financial_benefit", case.fees, scope="case")
        benefit["note"] = _(
            "fees paid to the network for the journey; nothing shows what this person received"
        )
    aggravating = [
        {"circumstance": name, "evidence": cites[:5]}
        for name, cites in (
            ("endangering_life_or_safety", s.context.support("aggravating.endangering_life_or_safety")),
            (
                "inhuman_or_degrading_treatment",
                s.context.support("aggravating.inhuman_or_degrading_treatment"),
            ),
        )
        if cites
    ]
    return _offence("SOM", [procuring, benefit], aggravating)


def _corruption(s: SuspectAssessment) -> dict:
    f = s.findings
    official = element("public_official", f.support("corruption.public_official"))
    advantage = element("undue_advantage", f.support("corruption.undue_advantage"))
    act = element("act_or_omission_in_official_duties", f.support("corruption.act_or_omission"))
    return _offence("CORRUPTION", [official, advantage, act])


def organised_group(suspects: list[SuspectAssessment], text: CaseText, cues: CueIndex) -> None:
    """Participation in an organised criminal group: three or more suspects of a serious crime acting in
    concert for a benefit. Added to each suspect once their own offences are known; the concert is shown by
    passages where the suspect and another of them appear together, those that tell an act first."""
    serious = {
        s.person
        for s in suspects
        if any(o["qualified"] for o in s.offences if o["offence"] in ("SOM", "TIP"))
    }
    for s in suspects:
        together = [
            p
            for p in text.passages
            if (s.person in p.named or p.speaker == s.person) and (set(p.named) - {s.person}) & serious
        ]
        together.sort(key=lambda p: not cues.hits[id(p)])
        cites = [p.cite() for p in together]
        group = element("structured_group_of_three", cites if len(serious) >= 3 else [], size=len(serious))
        concert = element("acting_in_concert", cites)
        benefit = next(
            (
                e
                for o in s.offences
                if o["offence"] == "SOM"
                for e in o["elements"]
                if e["element"] == "financial_benefit"
            ),
            element("financial_benefit", []),
        )
        s.offences.append(_offence("ORGANISED_GROUP", [group, concert, dict(benefit)]))


def qualify_offences(s: SuspectAssessment) -> None:
    for o in s.offences:
        required = REQUIRED[o["offence"]]
        o["qualified"] = all(holds(e) for e in o["elements"] if e["element"] in required)
        o["missing"] = [
            _missing_text(o["offence"], e, s)
            for e in o["elements"]
            if e["element"] in required and not holds(e)
        ]


def _missing_text(offence: str, item: dict, s: SuspectAssessment) -> str:
    if offence == "TIP" and item["element"] == "means":
        adults = [v.name for v in s.linked_victims if v.minor is False]
        if adults:
            return _("no evidence of means for victim {names}, who is an adult").format(
                names=", ".join(adults)
            )
    return _("{offence}: no evidence of the element '{element}' for {name}").format(
        offence=offence, element=item["element"], name=s.name
    )
