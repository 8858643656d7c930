"""Every word the case report prints, in French and English, in one table.

The report is a document handed to a prosecutor or a foreign authority in the language asked for, whatever
the interface language of the machine that wrote it: its labels are data here, complete in both languages
(a test checks that the two tables have the same keys). Sentences quoted from the evidence are never
translated. Role names and edge kinds have their own tables because the chart's legend needs them all.
"""

from __future__ import annotations

LANGUAGES = ("fr", "en")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Case report",
        "case": "Case",
        "country": "Country",
        "generated_banner": "Generated data — a training case: no real person, no real case.",
        "summary": "{people} people linked in the evidence, {links} links, {numbers} other numbers, "
        "{evidence} pieces of evidence.",
        "contents": "Contents",
        "key_players": "Key players",
        "key_players_intro": "People ranked by the key-player score (relaying between groups, links, "
        "contacts). The reasons name the measures behind the rank.",
        "rank": "Rank",
        "name": "Name",
        "aliases": "Also called",
        "numbers": "Numbers",
        "role": "Role",
        "reasons": "Why",
        "score": "Score",
        "chart": "Link chart",
        "chart_intro": "Node size: key-player score; colour: role; small white nodes are numbers nobody is "
        "known to use. Hover a node to show its links (the chart needs no script to display).",
        "chart_empty": "No link between people in the evidence yet (run `filiere resolve` first).",
        "leaves_hidden": "{n} numbers in touch with one person only are not drawn (see the numbers table).",
        "legend_edges": "Links",
        "legend_roles": "Roles",
        "legend_number": "number nobody is known to use",
        "legend_other": "other party named in an analyst's list",
        "roles": "Roles and the sentences that show them",
        "roles_intro": "Roles are inferred from what the evidence says people do, never from nationality.",
        "cue": "cue: {cue}",
        "quote_open": "“",
        "quote_close": "”",
        "no_role": "No role shown by the evidence for the other people.",
        "communities": "Cells (communities)",
        "cell": "Cell {n}",
        "unlinked": "Named in the evidence, with no link to anyone: {names}.",
        "phones": "Numbers, their users and subscribers",
        "number": "Number",
        "users": "Used by",
        "subscriber": "Registered to",
        "nobody": "nobody known",
        "route": "Route",
        "route_intro": "Places of the journey in travel order; each stop cites the evidence naming it.",
        "place": "Place",
        "evidence": "Evidence",
        "no_route": "No route in the evidence.",
        "timeline": "Timeline",
        "when": "When",
        "what": "What",
        "kind": "Kind",
        "undated": "undated",
        "no_timeline": "No dated fact in the evidence.",
        "evidence_list": "Evidence cited",
        "file": "File",
        "footer": "Written by Filière from the case's evidence; every fact cites its evidence number.",
        "kind_call": "call",
        "kind_sms": "SMS",
        "kind_payment": "payment",
        "kind_movement": "movement",
        "kind_event": "event",
    },
    "fr": {
        "title": "Rapport d'affaire",
        "case": "Affaire",
        "country": "Pays",
        "generated_banner": "Données générées — cas d'exercice : aucune personne réelle, "
        "aucune affaire réelle.",
        "summary": "{people} personnes liées dans les pièces, {links} liens, {numbers} autres numéros, "
        "{evidence} pièces.",
        "contents": "Sommaire",
        "key_players": "Acteurs clés",
        "key_players_intro": "Personnes classées par le score d'acteur clé (relais entre groupes, liens, "
        "contacts). Les motifs nomment les mesures qui fondent le rang.",
        "rank": "Rang",
        "name": "Nom",
        "aliases": "Dit aussi",
        "numbers": "Numéros",
        "role": "Rôle",
        "reasons": "Motifs",
        "score": "Score",
        "chart": "Schéma relationnel",
        "chart_intro": "Taille du nœud : score d'acteur clé ; couleur : rôle ; les petits nœuds blancs sont "
        "des numéros dont l'utilisateur est inconnu. Survoler un nœud montre ses liens (le schéma "
        "s'affiche sans script).",
        "leaves_hidden": "{n} numéros en contact avec une seule personne ne sont pas dessinés (voir le "
        "tableau des numéros).",
        "chart_empty": "Aucun lien entre personnes dans les pièces pour l'instant (lancer d'abord "
        "`filiere resolve`).",
        "legend_edges": "Liens",
        "legend_roles": "Rôles",
        "legend_number": "numéro dont l'utilisateur est inconnu",
        "legend_other": "autre partie nommée dans une liste d'analyste",
        "roles": "Rôles et phrases qui les montrent",
        "roles_intro": "Les rôles sont déduits de ce que les pièces disent que les personnes font, jamais "
        "de la nationalité.",
        "cue": "indice : {cue}",
        "quote_open": "« ",
        "quote_close": " »",
        "no_role": "Aucun rôle établi par les pièces pour les autres personnes.",
        "communities": "Cellules (communautés)",
        "cell": "Cellule {n}",
        "unlinked": "Nommés dans les pièces, sans lien avec quiconque : {names}.",
        "phones": "Numéros, utilisateurs et abonnés",
        "number": "Numéro",
        "users": "Utilisé par",
        "subscriber": "Abonné",
        "nobody": "inconnu",
        "route": "Itinéraire",
        "route_intro": "Lieux du trajet dans l'ordre du voyage ; chaque étape cite les pièces qui "
        "la nomment.",
        "place": "Lieu",
        "evidence": "Pièces",
        "no_route": "Aucun itinéraire dans les pièces.",
        "timeline": "Chronologie",
        "when": "Date",
        "what": "Fait",
        "kind": "Nature",
        "undated": "non daté",
        "no_timeline": "Aucun fait daté dans les pièces.",
        "evidence_list": "Pièces citées",
        "file": "Fichier",
        "footer": "Établi par Filière à partir des pièces de l'affaire ; chaque fait cite le numéro "
        "de sa pièce.",
        "kind_call": "appel",
        "kind_sms": "SMS",
        "kind_payment": "paiement",
        "kind_movement": "déplacement",
        "kind_event": "événement",
    },
}

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


def language_of(language: str | None) -> str:
    """ "fr" or "en" (anything else falls back to English)."""
    code = (language or "en")[:2].lower()
    return code if code in LANGUAGES else "en"


def role_name(role: str, language: str) -> str:
    return ROLES[language].get(role, role)


def edge_name(kind: str, language: str) -> str:
    if kind.startswith("link:"):
        return EDGES[language]["link"].format(type=kind.split(":", 1)[1])
    return EDGES[language].get(kind, kind)
