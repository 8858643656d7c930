"""The report's vocabulary tables, in French and English: roles, link kinds, offences and their elements,
aggravating circumstances, victims' status and the steps of a request for mutual legal assistance.

The analysis and the qualification speak in codes ("TIP", "procuring_illegal_entry", "sent"); the report
prints these words instead, in the report's language whatever the interface language is. A test checks
that every table has the same keys in both languages.
"""

from __future__ import annotations

ROLES: dict[str, dict[str, str]] = {
    "en": {
        "organiser": "organiser",
        "recruiter": "recruiter",
        "transporter": "transporter",
        "guide": "guide",
        "ghetto_keeper": "ghetto keeper",
        "financier": "financier",
        "forger": "document forger",
        "corrupt_official": "corrupt official",
        "exploiter": "exploiter",
        "victim": "victim",
        "migrant": "migrant",
        "unknown": "role not shown",
    },
    "fr": {
        "organiser": "organisateur",
        "recruiter": "recruteur (coxeur)",
        "transporter": "transporteur (passeur)",
        "guide": "guide",
        "ghetto_keeper": "chef de ghetto",
        "financier": "financier",
        "forger": "faussaire",
        "corrupt_official": "agent public corrompu",
        "exploiter": "exploiteur",
        "victim": "victime",
        "migrant": "migrant",
        "unknown": "rôle non établi",
    },
}

EDGES: dict[str, dict[str, str]] = {
    "en": {
        "call": "call",
        "sms": "SMS",
        "cooccurrence": "named together",
        "payment": "payment",
        "travel": "travel together",
        "talks_about": "talks about",
        "gives_orders": "gives orders to",
        "link": "analyst's link: {type}",
    },
    "fr": {
        "call": "appel",
        "sms": "SMS",
        "cooccurrence": "cités ensemble",
        "payment": "paiement",
        "travel": "voyagent ensemble",
        "talks_about": "parle de",
        "gives_orders": "donne des ordres à",
        "link": "lien d'analyste : {type}",
    },
}


OFFENCES: dict[str, dict[str, str]] = {
    "en": {
        "TIP": "Trafficking in persons",
        "SOM": "Smuggling of migrants",
        "CORRUPTION": "Corruption",
        "DOCUMENT_FRAUD": "Fraudulent travel or identity documents",
        "ORGANISED_GROUP": "Participation in an organised criminal group",
    },
    "fr": {
        "TIP": "Traite des personnes",
        "SOM": "Trafic illicite de migrants",
        "CORRUPTION": "Corruption",
        "DOCUMENT_FRAUD": "Documents de voyage ou d'identité frauduleux",
        "ORGANISED_GROUP": "Participation à un groupe criminel organisé",
    },
}

ELEMENTS: dict[str, dict[str, str]] = {
    "en": {
        "act": "act (recruitment, transport, transfer, harbouring, receipt)",
        "means": "means (force, threat, deception, debt, abuse of vulnerability…)",
        "purpose": "purpose of exploitation",
        "procuring_illegal_entry": "procuring the illegal entry of a person",
        "financial_benefit": "financial or other material benefit",
        "public_official": "public official",
        "undue_advantage": "undue advantage",
        "act_or_omission_in_official_duties": "act or omission in official duties",
        "fraudulent_document": "fraudulent travel or identity document",
        "structured_group_of_three": "structured group of three or more",
        "acting_in_concert": "acting in concert",
        "minor": "under 18 at the time of the facts",
        "exploitation": "exploitation",
        "smuggled_journey": "smuggled journey",
    },
    "fr": {
        "act": "acte (recrutement, transport, transfert, hébergement, accueil)",
        "means": "moyen (force, menace, tromperie, dette, abus de vulnérabilité…)",
        "purpose": "but d'exploitation",
        "procuring_illegal_entry": "assurer l'entrée illégale d'une personne",
        "financial_benefit": "avantage financier ou autre avantage matériel",
        "public_official": "agent public",
        "undue_advantage": "avantage indu",
        "act_or_omission_in_official_duties": "acte ou abstention dans l'exercice des fonctions",
        "fraudulent_document": "document de voyage ou d'identité frauduleux",
        "structured_group_of_three": "groupe structuré de trois personnes ou plus",
        "acting_in_concert": "action concertée",
        "minor": "moins de 18 ans au moment des faits",
        "exploitation": "exploitation",
        "smuggled_journey": "voyage organisé par des passeurs",
    },
}

CIRCUMSTANCES: dict[str, dict[str, str]] = {
    "en": {
        "minor_victim": "the victim is a child",
        "organised_group": "committed by an organised criminal group",
        "endangering_life_or_safety": "endangering the lives or safety of the migrants",
        "inhuman_or_degrading_treatment": "inhuman or degrading treatment",
    },
    "fr": {
        "minor_victim": "la victime est un enfant",
        "organised_group": "commis en bande organisée",
        "endangering_life_or_safety": "mise en danger de la vie ou de la sécurité des migrants",
        "inhuman_or_degrading_treatment": "traitement inhumain ou dégradant",
    },
}

VERDICTS: dict[str, dict[str, str]] = {
    "en": {
        "supported": "shown",
        "contradicted": "contradicted",
        "missing": "not shown",
        "not_required": "not required",
    },
    "fr": {
        "supported": "établi",
        "contradicted": "contredit",
        "missing": "non établi",
        "not_required": "non requis",
    },
}

VICTIM_STATUS: dict[str, dict[str, str]] = {
    "en": {
        "victim_of_trafficking": "victim of trafficking",
        "possible_victim_of_trafficking": "possible victim of trafficking (means not shown)",
        "smuggled_migrant": "smuggled migrant",
        "undetermined": "undetermined",
    },
    "fr": {
        "victim_of_trafficking": "victime de traite",
        "possible_victim_of_trafficking": "victime possible de traite (moyen non établi)",
        "smuggled_migrant": "migrant objet d'un trafic",
        "undetermined": "indéterminé",
    },
}

MLA_STATUS: dict[str, dict[str, str]] = {
    "en": {
        "draft": "draft",
        "sent": "sent",
        "acknowledged": "acknowledged",
        "executed": "executed",
        "refused": "refused",
    },
    "fr": {
        "draft": "projet",
        "sent": "envoyée",
        "acknowledged": "accusé de réception",
        "executed": "exécutée",
        "refused": "refusée",
    },
}

DECISIONS: dict[str, dict[str, str]] = {
    "en": {"confirmed": "confirmed by the investigator", "rejected": "rejected by the investigator"},
    "fr": {"confirmed": "confirmé par l'enquêteur", "rejected": "écarté par l'enquêteur"},
}

TABLES = (ROLES, EDGES, OFFENCES, ELEMENTS, CIRCUMSTANCES, VERDICTS, VICTIM_STATUS, MLA_STATUS, DECISIONS)


def term(table: dict[str, dict[str, str]], code: str, language: str) -> str:
    """The word for `code` in `language`; an unknown code (a newer rule) is printed as it is."""
    return table[language].get(code, code.replace("_", " "))


def role_name(role: str, language: str) -> str:
    return ROLES[language].get(role, role)


def edge_name(kind: str, language: str) -> str:
    if kind.startswith("link:"):
        return EDGES[language]["link"].format(type=kind.split(":", 1)[1])
    return EDGES[language].get(kind, kind)
