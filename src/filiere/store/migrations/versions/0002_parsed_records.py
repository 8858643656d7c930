"""Records parsed from evidence: dialogue turns, calls, subscribers, and the rows that could not be read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _evidence_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name=f"fk_{table}_evidence_id_evidence")


def _case_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=f"fk_{table}_case_id_cases")


def upgrade() -> None:
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        _evidence_fk("turns"),
    )
    op.create_index("ix_turns_evidence_id", "turns", ["evidence_id"])
    op.create_table(
        "calls",
        sa.Column("id", BigId, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("caller_raw", sa.String(64)),
        sa.Column("caller_e164", sa.String(20)),
        sa.Column("callee_raw", sa.String(64)),
        sa.Column("callee_e164", sa.String(20)),
        sa.Column("started_at", sa.DateTime),
        sa.Column("duration_s", sa.Integer),
        sa.Column("call_type", sa.String(8), nullable=False),
        sa.Column("cell_id", sa.String(64)),
        sa.Column("imei", sa.String(32)),
        sa.Column("imsi", sa.String(32)),
        sa.PrimaryKeyConstraint("id", name="pk_calls"),
        _case_fk("calls"),
        _evidence_fk("calls"),
    )
    op.create_index("ix_calls_evidence_id", "calls", ["evidence_id"])
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("number_raw", sa.String(64), nullable=False),
        sa.Column("number_e164", sa.String(20)),
        sa.Column("name", sa.String(300)),
        sa.Column("id_document", sa.String(100)),
        sa.Column("activated_on", sa.String(30)),
        sa.Column("operator", sa.String(100)),
        sa.Column("address", sa.String(300)),
        sa.PrimaryKeyConstraint("id", name="pk_subscribers"),
        _case_fk("subscribers"),
        _evidence_fk("subscribers"),
    )
    op.create_index("ix_subscribers_evidence_id", "subscribers", ["evidence_id"])
    op.create_table(
        "ingest_issues",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.BigInteger),
        sa.Column("message", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_issues"),
        _evidence_fk("ingest_issues"),
    )
    op.create_index("ix_ingest_issues_evidence_id", "ingest_issues", ["evidence_id"])


def downgrade() -> None:
    for table in ("ingest_issues", "subscribers", "calls", "turns"):
        op.drop_table(table)
