"""The legal library (laws, case law, treaties) and its full-text index.

SQLite indexes the folded, stemmed search columns with an FTS5 table kept in step by triggers (external
content: the text is stored once). PostgreSQL indexes the same columns with a GIN index on a weighted
tsvector under the 'simple' configuration: the stemming is ours on both engines, so they find the same
records.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'D'))"
)


def upgrade() -> None:
    op.create_table(
        "law_records",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("country", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("crimes", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("origin", sa.String(10), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=True),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("search_title", sa.Text, nullable=False),
        sa.Column("search_body", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_law_records"),
        sa.UniqueConstraint("id", name="uq_law_records_id"),
    )
    op.create_index("ix_law_records_country", "law_records", ["country"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE law_fts USING fts5(search_title, search_body, content='law_records', "
            "content_rowid='pk', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER law_fts_ai AFTER INSERT ON law_records BEGIN "
            "INSERT INTO law_fts(rowid, search_title, search_body) "
            "VALUES (new.pk, new.search_title, new.search_body); END"
        )
        op.execute(
            "CREATE TRIGGER law_fts_ad AFTER DELETE ON law_records BEGIN "
            "INSERT INTO law_fts(law_fts, rowid, search_title, search_body) "
            "VALUES ('delete', old.pk, old.search_title, old.search_body); END"
        )
        op.execute(
            "CREATE TRIGGER law_fts_au AFTER UPDATE ON law_records BEGIN "
            "INSERT INTO law_fts(law_fts, rowid, search_title, search_body) "
            "VALUES ('delete', old.pk, old.search_title, old.search_body); "
            "INSERT INTO law_fts(rowid, search_title, search_body) "
            "VALUES (new.pk, new.search_title, new.search_body); END"
        )
    else:
        op.execute(f"CREATE INDEX ix_law_records_search ON law_records USING gin ({PG_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS law_fts")
    op.drop_table("law_records")
