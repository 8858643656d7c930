"""The tables of a workspace (SQLAlchemy Core). Alembic migrations under migrations/ create them.

The same schema serves SQLite (one laptop) and PostgreSQL (a unit's server). Times of the audit log are
stored as ISO text so that the hash of a row recomputes identically on both engines.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Integer ids on SQLite are rowid aliases (fast appends); BIGINT on PostgreSQL for 10^8+ calls.
BigId = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("title", String(300), nullable=False, default=""),
    Column("country", String(2), nullable=True),  # ISO 3166-1 alpha-2: phone region and national law
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("original_name", String(500), nullable=False),
    Column("source_path", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("encoding", String(20), nullable=True),
    Column("ingested_at", DateTime, nullable=False),
    Column("ingested_by", String(100), nullable=False),
    Column("record_count", BigInteger, nullable=False, default=0),
    Column("issue_count", Integer, nullable=False, default=0),
    Column("details", JSON, nullable=False, default=dict),  # parsed header, CSV layout, warnings
    UniqueConstraint("case_id", "sha256"),
)

evidence_pages = Table(
    "evidence_pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("page_no", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("evidence_id", "page_no"),
)

turns = Table(
    "turns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("speaker", String(100), nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("line", Integer, nullable=False),
)

calls = Table(
    "calls",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", BigInteger, nullable=False),  # provenance: CSV row line or transcript header line
    Column("caller_raw", String(64)),
    Column("caller_e164", String(20)),
    Column("callee_raw", String(64)),
    Column("callee_e164", String(20)),
    Column("started_at", DateTime),  # local time of the case's country, as written by the operator
    Column("duration_s", Integer),
    Column("call_type", String(8), nullable=False),
    Column("cell_id", String(64)),
    Column("imei", String(32)),
    Column("imsi", String(32)),
)

subscribers = Table(
    "subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("number_raw", String(64), nullable=False),
    Column("number_e164", String(20)),
    Column("name", String(300)),
    Column("id_document", String(100)),
    Column("activated_on", String(30)),
    Column("operator", String(100)),
    Column("address", String(300)),
)

ingest_issues = Table(
    "ingest_issues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", BigInteger),
    Column("message", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # contiguous: a gap is a deletion
    Column("at", String(32), nullable=False),  # UTC, ISO 8601
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("case_id", Integer, nullable=True),
    Column("object_type", String(30), nullable=False),
    Column("object_id", String(100), nullable=False),
    Column("details", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("page_no", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),  # span in the page text: text[start_char:end_char]
    Column("end_char", Integer, nullable=False),
    Column("type", String(20), nullable=False),
    Column("text", String(500), nullable=False),
    Column("value", JSON),
    Column("source", String(40), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("turn_id", Integer, ForeignKey("turns.id"), nullable=True),
    Column("language", String(8), nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("evidence_id", Integer, ForeignKey("evidence.id"), primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("version", String(40), nullable=False),  # extractor version: a newer one re-extracts
    Column("language", String(8), nullable=False),
    Column("languages", JSON, nullable=False),  # share of each language over turns/paragraphs
    Column("mention_count", Integer, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("extracted_at", DateTime, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # "person"
    Column("name", String(300), nullable=False),  # display name: the fullest name the evidence gives
    Column("details", JSON, nullable=False),  # aliases, phones with their links and evidence
)

observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("key", String(120), nullable=False),  # stable across re-runs: "mention:12", "subscriber:4:7"
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=True),
    Column("kind", String(20), nullable=False),  # mention, speaker, subscriber, heard
    Column("name", String(300), nullable=True),
    Column("alias", String(300), nullable=True),
    Column("phone_e164", String(20), nullable=True),
    Column("phone_link", String(12), nullable=True),  # "user" or "subscriber"
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("mention_id", BigId, nullable=True),
    UniqueConstraint("case_id", "key"),
)

merge_log = Table(
    "merge_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=True),
    Column("rule", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("keys", JSON, nullable=False),  # the two observation keys joined
    Column("evidence_ids", JSON, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("action", String(10), nullable=False),  # "merge" or "split"
    Column("key_a", String(120), nullable=False),
    Column("key_b", String(120), nullable=True),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("source", String(300), nullable=False),  # a name, a phone number or another tool's node id
    Column("target", String(300), nullable=False),
    Column("weight", Float, nullable=False),
    Column("date", DateTime),
    Column("type", String(60)),
)

law_records = Table(
    "law_records",
    metadata,
    Column("pk", Integer, primary_key=True),  # rowid of the SQLite full-text index (law_fts)
    Column("id", String(100), nullable=False, unique=True),  # the record's own id: ne-law-2015-36
    Column("kind", String(20), nullable=False),  # legislation, case, treaty
    Column("country", String(10), nullable=False, index=True),  # ISO alpha-2, INT, ECOWAS…
    Column("year", Integer, nullable=True),
    Column("status", String(20), nullable=False),
    Column("crimes", String(200), nullable=False),  # " som tip ": a LIKE '% som %' filter on both engines
    Column("title", Text, nullable=False),  # display title in the original language
    Column("origin", String(10), nullable=False),  # "shipped" (data/law) or "user" (filiere law import)
    Column("content_hash", String(64), nullable=False),  # canonical JSON of the record
    Column("file_hash", String(64), nullable=True),  # shipped file's bytes: a cheap "library changed" test
    Column("record", JSON, nullable=False),
    Column("search_title", Text, nullable=False),  # folded, stemmed terms (filiere.law.text)
    Column("search_body", Text, nullable=False),
    Column("loaded_at", DateTime, nullable=False),
)

qualify_decisions = Table(
    "qualify_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("person", Integer, nullable=False),  # entity number (kept across `filiere resolve` runs)
    Column("offence", String(30), nullable=False),  # TIP, SOM, CORRUPTION… or VICTIM for a victim's elements
    Column("element", String(60), nullable=False),
    Column("decision", String(12), nullable=False),  # "confirmed" or "rejected"
    Column("note", Text, nullable=True),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("case_id", "person", "offence", "element"),
)

mla_requests = Table(
    "mla_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),  # 1, 2, 3… within the case: what the officer types
    Column("reference", String(100), nullable=False),
    Column("requested_state", String(2), nullable=False),
    Column("language", String(2), nullable=False),
    Column("status", String(20), nullable=False),  # draft, sent, acknowledged, executed, refused
    Column("body", JSON, nullable=False),  # the request (mla.request.Request.to_dict()); frozen once sent
    Column("body_sha256", String(64), nullable=False),  # of the canonical JSON of body
    Column("deadline", Date, nullable=True),  # execution wanted by (the request's time limit)
    Column("due_on", Date, nullable=True),  # next follow-up due; None once closed
    Column("foreign_reference", String(100), nullable=True),  # the requested State's own reference
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("case_id", "number"),
)

mla_events = Table(
    "mla_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("mla_requests.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # drafted, edited, status, follow_up, received, unlinked
    Column("status", String(20), nullable=True),  # the status entered, for kind "status"
    Column("on", Date, nullable=False),  # the day it happened (given by the officer; today by default)
    Column("note", Text, nullable=True),
    Column("evidence_id", Integer, nullable=True),
    Column("body_sha256", String(64), nullable=True),  # the version of the request the event concerns
    Column("actor", String(100), nullable=False),
    Column("at", DateTime, nullable=False),  # when it was recorded
)

mla_received = Table(
    "mla_received",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("mla_requests.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("note", Text, nullable=True),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("request_id", "evidence_id"),
)

# Users of a unit's server and what they may open (filiere.security). Only hashes of passwords, API tokens
# and session secrets are stored; `session_epoch` is bumped to end every session and token of a user at once.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),  # lower-case [a-z0-9._-]{2,64}
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(20), nullable=False),  # admin, investigator, prosecutor, analyst, trainer, trainee
    Column("password_hash", String(200), nullable=False),  # argon2id, PHC string
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),  # since the last successful login
    Column("locked_until", DateTime, nullable=True),  # UTC
    Column("session_epoch", Integer, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
)

case_members = Table(
    "case_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("rights", String(5), nullable=False),  # "read" or "write"
    Column("granted_at", DateTime, nullable=False),
    Column("granted_by", String(100), nullable=False),
    UniqueConstraint("case_id", "user_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 hex of the secret
    Column("prefix", String(8), nullable=False),  # first characters of the secret, to recognise it in lists
    Column("epoch", Integer, nullable=False),  # the user's session_epoch when created
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime, nullable=True),
    Column("expires_at", DateTime, nullable=True),
    Column("revoked_at", DateTime, nullable=True),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 hex of the cookie's secret
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_secret", String(64), nullable=False),
    Column("epoch", Integer, nullable=False),  # the user's session_epoch when created
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("ip", String(64), nullable=True),
    Column("user_agent", String(200), nullable=True),
)

# Full-text indexes that SQLAlchemy cannot declare: SQLite's FTS5 table (and its shadow tables) and
# PostgreSQL's GIN expression index of the legal library, both created by migration 0006.
FULL_TEXT_INDEXES = ("law_fts", "ix_law_records_search")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic `include_name` hook: schema comparisons leave the full-text indexes out."""
    return not (name and name.startswith(FULL_TEXT_INDEXES))


# Read from a FollowTheMoney file (the *ftm* evidence kind, migration 0010): people another tool resolved,
# gathered by `filiere resolve` like any observation, and payments with their parties, amount and date.
imported_people = Table(
    "imported_people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", BigInteger, nullable=False),  # 1-based line of the JSON-lines file
    Column("ftm_id", String(200), nullable=False),
    Column("name", String(300), nullable=False),
    Column("aliases", JSON, nullable=False),  # ["Djo", "Issa"]
    Column("phones", JSON, nullable=False),  # [{"raw", "e164", "link": "user" | "subscriber"}]
    Column("id_numbers", JSON, nullable=False),
    Column("note", Text, nullable=True),  # description and notes of the entity, as written
)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False, index=True),
    Column("line", BigInteger, nullable=False),
    Column("ftm_id", String(200), nullable=True),
    Column("payer_name", String(300), nullable=True),
    Column("payer_phone", String(20), nullable=True),  # E.164
    Column("payee_name", String(300), nullable=True),
    Column("payee_phone", String(20), nullable=True),
    Column("amount", Float, nullable=True),
    Column("currency", String(40), nullable=True),
    Column(
        "paid_at", String(32), nullable=True
    ),  # ISO 8601 as precise as the source: "2026-01", "2026-01-31"
    Column("channel", String(100), nullable=True),
    Column("purpose", Text, nullable=True),
)
