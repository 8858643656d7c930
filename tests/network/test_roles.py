"""Roles from what people do: one realistic fictional case per role (FR and EN), the subject of each cue,
nationality invariance, ambiguity and the structural hints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from filiere.data import load_yaml
from filiere.extract.language import fold_text
from filiere.network.roles import (
    DATA_DIR,
    UNKNOWN,
    PersonFacts,
    RoleGuess,
    Sentence,
    infer_role,
    role_label,
    vocabulary,
)

# Every person named anywhere in the fixtures; the lead passes person mentions, we mimic them.
CAST = [
    "Boubacar",
    "Le Vieux",
    "Okon",
    "Issa",
    "Femi",
    "Ali",
    "Musa",
    "Akly",
    "Ibrahim",
    "Salah",
    "Tunde",
    "Abdou",
    "Hamza",
    "Kader",
    "Peter",
    "Touré",
    "Bello",
    "Madam Gift",
    "Gift",
    "Madam Rose",
    "Rose",
    "Joy",
    "Blessing",
    "Kwame",
    "Mariam",
    "Moussa",
    "Idrissa",
]


def _sentence(text: str, evidence_id: int, spoken: bool = False) -> Sentence:
    mentions = [("person", name, None) for name in CAST if re.search(rf"\b{re.escape(name)}\b", text)]
    return Sentence(text, evidence_id, spoken, mentions)


def person(names: list[str], about: list[str] = (), said: list[str] = (), **kw) -> PersonFacts:
    return PersonFacts(
        id=names[0],
        names=names,
        sentences=[_sentence(t, 10 + i) for i, t in enumerate(about)],
        said=[_sentence(t, 100 + i, True) for i, t in enumerate(said)],
        **kw,
    )


CASES = {
    "organiser-fr": (
        "organiser",
        person(
            ["Boubacar", "Le Vieux"],
            about=[
                "Tout le monde travaille pour Boubacar, même les chauffeurs.",
                "C'est Boubacar qui donne les ordres depuis Agadez.",
            ],
            said=[
                "Tu passes prendre les colis à l'autogare ce soir.",
                "Combien de colis tu as chargé ?",
                "Dis à Ali de partir avant le jour.",
            ],
        ),
    ),
    "organiser-en": (
        "organiser",
        person(
            ["Okon"],
            about=["Everybody in Sabha works for Okon.", "Okon gives the orders and decides everything."],
            said=["How many passengers do you have for Friday?"],
        ),
    ),
    "recruiter-fr": (
        "recruiter",
        person(
            ["Issa"],
            about=[
                "Le coxeur Issa ramène des clients de la gare routière de Niamey.",
                "Issa touche une commission par tête sur chaque passager.",
            ],
            said=["J'ai trouvé quatre passagers pour le convoi de jeudi."],
        ),
    ),
    "recruiter-en": (
        "recruiter",
        person(
            ["Femi"],
            about=[
                "Femi recruited the girls in Benin City and promised them a job as hairdressers in Italy.",
                "Femi is a recruiter for the network.",
            ],
            said=["I found three girls at the motor park."],
        ),
    ),
    "transporter-fr": (
        "transporter",
        person(
            ["Ali"],
            about=[
                "Ali, le chauffeur, conduit le Hilux jusqu'à Dirkou.",
                "Le pick-up d'Ali est tombé en panne.",
            ],
            said=["Je conduis ce soir, on roule vers Séguédine."],
        ),
    ),
    "transporter-en": (
        "transporter",
        person(
            ["Musa"],
            about=[
                "Musa drove the Hilux from Agadez to Dirkou with twenty-six of us in the back.",
                "The driver, Musa, avoided the checkpoints near Séguédine.",
            ],
        ),
    ),
    "guide-fr": (
        "guide",
        person(
            ["Akly"],
            about=[
                "Le guide Akly connaît bien les pistes du Ténéré.",
                "Akly nous a guidés la nuit pour éviter le poste de Madama.",
            ],
        ),
    ),
    "guide-en": (
        "guide",
        person(
            ["Ibrahim"],
            about=[
                "Ibrahim knows the desert better than anyone.",
                "Ibrahim led the convoy through the wells.",
            ],
        ),
    ),
    "ghetto-fr": (
        "ghetto_keeper",
        person(
            ["Salah"],
            about=[
                "Nous sommes restés trois semaines dans le ghetto de Salah à Agadez.",
                "Salah ne nous laissait pas sortir tant qu'on n'avait pas payé.",
            ],
        ),
    ),
    "ghetto-en": (
        "ghetto_keeper",
        person(
            ["Tunde"],
            about=["Tunde runs the ghetto in Sabha.", "Tunde kept us inside until our families paid."],
        ),
    ),
    "financier-fr": (
        "financier",
        person(
            ["Abdou"],
            about=[
                "Abdou encaisse l'argent des passagers par Orange Money.",
                "C'est Abdou qui tient la caisse.",
            ],
        ),
    ),
    "financier-en": (
        "financier",
        person(
            ["Hamza"], about=["Hamza collects the money for the boss.", "Hamza is the hawaladar in Agadez."]
        ),
    ),
    "forger-fr": (
        "forger",
        person(
            ["Kader"],
            about=[
                "Kader fabrique les faux passeports dans l'arrière-boutique.",
                "Le faussaire, Kader, vend aussi des cartes consulaires.",
            ],
        ),
    ),
    "forger-en": (
        "forger",
        person(
            ["Peter"],
            about=[
                "Peter sells forged passports and visas to the migrants.",
                "Peter, the forger, made my papers.",
            ],
        ),
    ),
    "official-fr": (
        "corrupt_official",
        person(
            ["Touré"],
            about=[
                "Le sergent Touré prend 10 000 F par véhicule au poste de Madama.",
                "Touré ferme les yeux quand le convoi passe.",
            ],
        ),
    ),
    "official-en": (
        "corrupt_official",
        person(
            ["Bello"],
            about=[
                "Sergeant Bello let the trucks pass after the drivers paid.",
                "Bello takes 5000 naira per passenger at the border post.",
            ],
        ),
    ),
    "exploiter-fr": (
        "exploiter",
        person(
            ["Madam Gift", "Gift"],
            about=[
                "Joy a été vendue à Madam Gift à Tripoli.",
                "Madam Gift a confisqué le passeport de Joy.",
                "Gift fait travailler les filles dans un maquis de Sabratha.",
            ],
        ),
    ),
    "exploiter-en": (
        "exploiter",
        person(
            ["Madam Rose", "Rose"],
            about=["Madam Rose forced the girls into prostitution in Sabratha."],
            said=["You still owe me 30,000 euros, you will work until you pay."],
        ),
    ),
    "victim-fr": (
        "victim",
        person(
            ["Joy"],
            about=["Joy a été vendue à Madam Gift à Tripoli."],
            said=["On m'a pris mon passeport. Je dois rembourser ma dette."],
        ),
    ),
    "victim-en": (
        "victim",
        person(
            ["Blessing"],
            said=["I was sold to a madam in Tripoli.", "They took my passport and I had no choice."],
        ),
    ),
    "migrant-fr": (
        "migrant",
        person(
            ["Mariam"],
            said=["J'ai payé 300 000 F pour le voyage jusqu'en Libye.", "Je voulais aller en Italie."],
        ),
    ),
    "migrant-en": (
        "migrant",
        person(
            ["Kwame"],
            about=["Kwame paid 250,000 CFA for the trip to Libya.", "Kwame wanted to reach Italy by boat."],
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_role_from_what_the_person_does(case: str) -> None:
    expected, facts = CASES[case]
    guess = infer_role(facts)
    assert guess.role == expected, (guess.role, guess.scores)
    assert 1 <= len(guess.evidence) <= 5
    texts = {s.text for s in facts.sentences + facts.said}
    for item in guess.evidence:
        assert item.text in texts and item.cue and item.evidence_id is not None
        assert fold_text(item.cue) in fold_text(item.text)


def test_every_role_is_covered_in_both_languages() -> None:
    roles = {role for role, _facts in CASES.values()}
    assert roles == set(vocabulary().settings["roles"])
    assert all(f"{k.split('-')[0]}-fr" in CASES and f"{k.split('-')[0]}-en" in CASES for k in CASES)


def _with_origins(facts: PersonFacts) -> PersonFacts:
    """Nationality, ethnicity and religion words added everywhere: before, after and next to each name."""

    def change(s: Sentence) -> Sentence:
        text = s.text
        for name in [*facts.names, "Joy", "Ali", "Moussa"]:
            text = re.sub(rf"\b{re.escape(name)}\b", f"{name} le Malien", text, count=1)
        text = f"Nigérian, Touareg et musulman : {text} (Malien, Nigérian, Touareg)"
        return Sentence(text, s.evidence_id, s.speaker_is_person, s.mentions)

    return PersonFacts(
        facts.id,
        facts.names,
        [change(s) for s in facts.sentences],
        [change(s) for s in facts.said],
        facts.heard_status,
        facts.minor,
        facts.payments_in,
        facts.payments_out,
        facts.calls_made,
        facts.calls_received,
        facts.contacts,
    )


def _summary(guess: RoleGuess) -> tuple:
    return (
        guess.role,
        guess.score,
        guess.runner_up,
        guess.scores,
        [(e.cue_id, e.weight) for e in guess.evidence],
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_nationality_ethnicity_religion_change_nothing(case: str) -> None:
    _expected, facts = CASES[case]
    assert _summary(infer_role(_with_origins(facts))) == _summary(infer_role(facts))


def test_origin_words_alone_give_no_role() -> None:
    facts = person(
        ["Moussa"], about=["Moussa est Nigérian, Touareg et musulman.", "Moussa the Malian, a Tuareg."]
    )
    assert infer_role(facts).role == UNKNOWN
    assert infer_role(facts).scores == {}


def test_no_cue_matches_a_nationality_ethnicity_or_religion_word() -> None:
    vocab = vocabulary()
    words = set(vocab.words["never"])
    nationalities = load_yaml((DATA_DIR.parent / "vocab" / "nationalities.yaml").read_text(encoding="utf-8"))
    words |= {fold_text(w) for forms in nationalities["nationalities"].values() for w in forms}
    for _any, members in vocab.groups:
        for index, regex in members:
            for word in words:
                assert not regex.search(word), (vocab.cues[index].id, word)


def test_a_nickname_made_of_an_origin_word_is_still_a_name() -> None:
    facts = person(["Le Touareg"], about=["Le Touareg conduit le camion jusqu'à Dirkou."])
    assert infer_role(facts).role == "transporter"
    assert infer_role(person(["Ali"], about=["Le Touareg conduit le camion jusqu'à Dirkou."])).role == UNKNOWN


def test_mentions_may_be_mention_objects() -> None:
    from filiere.extract.mention import Mention

    text = "Moussa a dit qu'Abdou encaisse l'argent."
    mentions = [Mention("person", 0, 6, "Moussa"), Mention("person", 16, 21, "Abdou")]
    facts = PersonFacts(id=7, names=["Abdou"], sentences=[Sentence(text, 3, False, mentions)])
    assert infer_role(facts).role == "financier"
    facts = PersonFacts(id=8, names=["Moussa"], sentences=[Sentence(text, 3, False, mentions)])
    assert infer_role(facts).role == UNKNOWN


def test_cue_files_are_valid_data() -> None:
    ids = [cue.id for cue in vocabulary().cues]
    assert len(ids) == len(set(ids)) and len(ids) > 100
    for path in sorted(Path(DATA_DIR).glob("*.yaml")):
        assert load_yaml(path.read_text(encoding="utf-8")).get("source"), path.name
    roles = set(vocabulary().settings["roles"])
    for cue in vocabulary().cues:
        assert cue.role in roles | {None} and cue.object_role in roles | {None}, cue.id
        assert cue.passive_role in roles | {None}, cue.id


def test_the_subject_of_a_verb_is_the_one_who_acts() -> None:
    sentence = "Ali a dit à la police qu'Abdou encaisse l'argent des passagers."
    assert infer_role(person(["Abdou"], about=[sentence])).role == "financier"
    assert infer_role(person(["Ali"], about=[sentence])).role == UNKNOWN


def test_first_person_verbs_are_about_the_speaker() -> None:
    turn = "Moussa, je conduis demain, tu encaisses à Agadez ?"
    ali = person(["Ali"], said=[turn])
    assert infer_role(ali).role == "transporter"
    moussa = person(["Moussa"], about=[turn])  # named in the turn, but not the one who drives
    assert infer_role(moussa).role == UNKNOWN


def test_a_pronoun_refers_to_the_name_before_it() -> None:
    facts = person(["Idrissa"], about=["Idrissa est revenu hier ; il conduit le camion de Moussa."])
    assert infer_role(facts).role == "transporter"
    assert (
        infer_role(
            person(["Moussa"], about=["Idrissa est revenu hier ; il conduit le camion de Moussa."])
        ).role
        == UNKNOWN
    )


def test_passive_voice_agent_and_patient() -> None:
    sentence = "Mariam a été recrutée par Issa à la gare routière."
    assert infer_role(person(["Issa"], about=[sentence])).role == "recruiter"
    assert infer_role(person(["Mariam"], about=[sentence])).role != "recruiter"
    sold = "Blessing was sold by Femi to a madam in Tripoli."
    assert infer_role(person(["Blessing"], about=[sold])).role == "victim"


def test_a_role_noun_belongs_to_the_name_next_to_it_or_to_the_subject_of_a_copula() -> None:
    assert infer_role(person(["Ali"], about=["Ali est le chauffeur de Moussa."])).role == "transporter"
    assert infer_role(person(["Moussa"], about=["Ali est le chauffeur de Moussa."])).role == UNKNOWN
    assert infer_role(person(["Ali"], about=["Ali a payé le chauffeur pour Mariam."])).role == UNKNOWN
    assert (
        infer_role(person(["Issa"], about=["Le coxeur, un certain Issa, attendait au car."])).role
        == "recruiter"
    )
    assert infer_role(person(["Musa"], about=["The driver is Musa."])).role == "transporter"
    assert infer_role(person(["Barka"], about=["« Barka », c'est le guide."])).role == "guide"
    assert (
        infer_role(person(["Ali"], said=["I'm the driver, I drive the pickup every week."])).role
        == "transporter"
    )


def test_coordinated_passive_participles() -> None:
    sentence = "Grace was trafficked to Italy and forced into prostitution by Madam Joy."
    assert infer_role(person(["Grace"], about=[sentence])).role == "victim"
    assert infer_role(person(["Madam Joy", "Joy"], about=[sentence])).role == "exploiter"
    active = "Madam Joy is the one who forced the girls into prostitution."
    assert infer_role(person(["Madam Joy", "Joy"], about=[active])).role == "exploiter"


def test_works_for_makes_the_boss_an_organiser_not_the_worker() -> None:
    sentence = "Idrissa travaille pour Boubacar depuis deux ans."
    assert infer_role(person(["Boubacar"], about=[sentence])).role == "organiser"
    assert infer_role(person(["Idrissa"], about=[sentence])).role == UNKNOWN


def test_negation_cancels_a_cue() -> None:
    facts = person(
        ["Moussa"],
        about=["Moussa ne conduit pas.", "Moussa n'est pas le chauffeur."],
        said=["Je ne suis pas coxeur.", "I never drove the truck."],
    )
    assert infer_role(facts).role == UNKNOWN


def test_a_title_used_to_address_someone_names_nobody_in_the_sentence() -> None:
    facts = person(["Ali"], about=["Oui chef, Ali est arrivé à Arlit."])
    assert infer_role(facts).scores.get("organiser", 0) == 0


def test_ambiguous_person_stronger_role_wins_and_the_other_is_runner_up() -> None:
    facts = person(
        ["Ali"],
        about=[
            "Ali conduit parfois le camion de Boubacar.",
            "Ali est aussi coxeur à l'autogare.",
            "Ali ramène des clients chaque semaine.",
        ],
    )
    guess = infer_role(facts)
    assert (guess.role, guess.runner_up) == ("recruiter", "transporter")
    assert guess.scores["recruiter"] > guess.scores["transporter"] > 0
    assert all(e.text != "Ali conduit parfois le camion de Boubacar." for e in guess.evidence)


def test_hearing_status_and_minor() -> None:
    victim = person(["Joy"], heard_status="Victime")
    guess = infer_role(victim)
    assert guess.role == "victim" and guess.evidence[0].cue_id == "status"
    suspect = person(["Mariam"], said=["J'ai payé 300 000 F pour le voyage."], heard_status="mis en cause")
    assert infer_role(suspect).scores["migrant"] == pytest.approx(1.0)
    witness = person(["Mariam"], heard_status="témoin")
    assert infer_role(witness).role == UNKNOWN
    assert infer_role(person(["Blessing"], minor=True)).scores == {"victim": 1.5}


def test_structural_hints_many_calls_and_commissions_make_an_organiser() -> None:
    facts = person(
        ["Boubacar"], calls_made=40, calls_received=6, payments_in=900_000, payments_out=50_000, contacts=12
    )
    guess = infer_role(facts)
    assert guess.role == "organiser"
    assert {e.cue_id for e in guess.evidence} == {"structure:calls", "structure:commissions"}
    alone = person(["Boubacar"], calls_made=40, calls_received=6)
    assert infer_role(alone).role == UNKNOWN and infer_role(alone).runner_up == "organiser"


def test_nothing_known_is_unknown() -> None:
    guess = infer_role(person(["Moussa"], about=["Moussa est arrivé à Agadez lundi."]))
    assert guess == RoleGuess(UNKNOWN, 0.0, [], None, {})
    assert infer_role(PersonFacts(id=1, names=[])).role == UNKNOWN


def test_evidence_is_capped_at_five_sentences_strongest_first() -> None:
    about = [f"Abdou encaisse l'argent du convoi numéro {i}." for i in range(8)]  # counted 3 times at most
    about += [
        "Abdou est le caissier du réseau.",
        "Abdou collecte les paiements des coxeurs.",
        "Abdou fait les transferts vers Sebha.",
        "Le hawala d'Abdou sert tout le réseau.",
    ]
    guess = infer_role(person(["Abdou"], about=about))
    assert guess.role == "financier" and len(guess.evidence) == 5
    assert guess.scores["financier"] == pytest.approx(
        3 * 2.0 + 2.5 + 1.5 + 1.5 + 1.5 + 0.3
    )  # + "l'argent" once
    assert guess.evidence[0].cue_id == "fr.fin.label"
    weights = [e.weight for e in guess.evidence]
    assert weights == sorted(weights, reverse=True)


def test_role_labels_cover_the_vocabulary() -> None:
    assert role_label("ghetto_keeper") == "ghetto keeper"
    assert role_label("forger") == "document forger"
    assert all(role_label(r) for r in [*vocabulary().settings["roles"], UNKNOWN])
    assert role_label("no-such-role") == "no-such-role"


CASE = Path(__file__).resolve().parents[2] / "examples" / "network-case"


@pytest.mark.skipif(not (CASE / "TRUTH.json").exists(), reason="the fictional network case is not there")
def test_roles_on_the_fictional_network_case() -> None:
    """Turns and answers of the example case, read crudely (speaker labels, Question/Réponse blocks),
    must give the right role to every member and victim: cues about what people do, in FR and EN."""
    import json

    truth = json.loads((CASE / "TRUTH.json").read_text(encoding="utf-8"))
    people = {
        m["id"]: ([m["name"], *m["aliases"], m["name"].split()[0]], m["role"]) for m in truth["members"]
    }
    people["M03"] = ([n for n in people["M03"][0] if n != "Souleymane"] + ["Solo"], "recruiter")
    for v in truth["victims"]:
        people[v["name"]] = (
            [v["name"], v["name"].split()[0], " ".join(reversed(v["name"].split()))],
            v["role"],
        )
    labels = {fold_text(n): pid for pid, (names, _role) in people.items() for n in names}
    heard = {
        "MAHAMADOU": "M04",
        "KONATE": "Seydou KONATÉ",
        "MENSAH": "Kofi MENSAH",
        "IGBINOSA": "Blessing IGBINOSA",
    }
    units: list[tuple[int, str, str | None]] = []
    for number, path in enumerate(sorted((CASE / "evidence").glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        who = next((pid for key, pid in heard.items() if key in path.name), None)
        if who or "temoin" in path.name:
            body = re.split(r"DÉCLARATION :|STATEMENT:", text, maxsplit=1)[-1].replace("\n", " ")
            speaker = who
            for part in re.split(r"(Question :|Réponse :)", body):
                if part in ("Question :", "Réponse :"):
                    speaker = who if part == "Réponse :" else None
                elif part.strip():
                    units.append((number, part.strip(), speaker))
            continue
        for line in text.splitlines():
            turn = re.match(r"^([A-ZÉÈÀ' ]{3,}) ?: (.+)$", line)
            if turn:
                units.append((number, turn.group(2), labels.get(fold_text(turn.group(1).strip()))))
    every_name = [n for names, _role in people.values() for n in names]
    right = 0
    for pid, (names, role) in people.items():
        about, said = [], []
        for number, text, speaker in units:
            mentions = [
                ("person", n, None) for n in every_name if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)
            ]
            if speaker == pid:
                said.append(Sentence(text, number, True, mentions))
            elif any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names):
                about.append(Sentence(text, number, False, mentions))
        minor = any(v["name"] == pid and v["minor"] for v in truth["victims"])
        right += infer_role(PersonFacts(pid, names, about, said, minor=minor)).role == role
    assert right >= len(people) - 1, right


def _heard(text: str, number: int) -> Sentence:
    return Sentence(text, number, False, (), True)


def test_second_person_in_a_call_is_the_one_spoken_to() -> None:
    # The caller gives the orders; "tu"/"you" in his turns is the callee's act, not his.
    order = "Tu charges demain à l'aube, tu prends douze têtes."
    driver = PersonFacts("Ali", ["Ali"], heard=[_heard(order, 1)])
    assert infer_role(driver).role == "transporter"
    boss = PersonFacts("Vieux", ["Vieux"], said=[Sentence("Tu charges demain à l'aube.", 1, True)])
    assert infer_role(boss).role != "transporter"
    hold = "Ceux qui doivent encore, ils restent chez toi jusqu'au paiement."
    keeper = PersonFacts("Salah", ["Salah"], heard=[_heard(hold, 2)])
    assert infer_role(keeper).role == "ghetto_keeper"
    check = "You checked the balance? It reached your account?"
    cashier = PersonFacts("Awa", ["Awa"], heard=[_heard(check, 3)])
    assert infer_role(cashier).role == "financier"
    # the same words read as a witness's sentence name nobody
    witness = PersonFacts("Ali", ["Ali"], [Sentence("Tu charges demain à l'aube.", 4)])
    assert infer_role(witness).role == UNKNOWN


def test_a_nickname_is_not_an_act() -> None:
    """ "Pilote" is someone's nickname here, not the verb "pilots"."""
    text = "Pilote a appelé El Hadj avec un téléphone satellite."
    facts = PersonFacts("b", ["El Hadj"], [Sentence(text, 1, False, ())], known_names=frozenset({"pilote"}))
    assert infer_role(facts).role == UNKNOWN
