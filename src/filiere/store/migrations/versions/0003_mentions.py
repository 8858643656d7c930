"""Mentions found by extraction, and which evidence was extracted with which version.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("id", BigId, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("page_no", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("turn_id", sa.Integer, nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_mentions_case_id_cases"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_mentions_evidence_id_evidence"),
        sa.ForeignKeyConstraint(["turn_id"], ["turns.id"], name="fk_mentions_turn_id_turns"),
    )
    op.create_index("ix_mentions_evidence_id", "mentions", ["evidence_id"])
    op.create_table(
        "extractions",
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("mention_count", sa.Integer, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("extracted_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("evidence_id", name="pk_extractions"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_extractions_evidence_id_evidence"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_extractions_case_id_cases"),
    )


def downgrade() -> None:
    op.drop_table("extractions")
    op.drop_table("mentions")
