"""Resolved entities, the observations they gather, the merge log and manual decisions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _case_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=f"fk_{table}_case_id_cases")


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
        _case_fk("entities"),
    )
    op.create_index("ix_entities_case_id", "entities", ["case_id"])
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=True),
        sa.Column("alias", sa.String(300), nullable=True),
        sa.Column("phone_e164", sa.String(20), nullable=True),
        sa.Column("phone_link", sa.String(12), nullable=True),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("mention_id", BigId, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_observations"),
        _case_fk("observations"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_observations_entity_id_entities"),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_observations_evidence_id_evidence"
        ),
        sa.UniqueConstraint("case_id", "key", name="uq_observations_case_id_key"),
    )
    op.create_index("ix_observations_case_id", "observations", ["case_id"])
    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=True),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("keys", sa.JSON, nullable=False),
        sa.Column("evidence_ids", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_merge_log"),
        _case_fk("merge_log"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_merge_log_entity_id_entities"),
    )
    op.create_index("ix_merge_log_case_id", "merge_log", ["case_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("key_a", sa.String(120), nullable=False),
        sa.Column("key_b", sa.String(120), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        _case_fk("decisions"),
    )
    op.create_index("ix_decisions_case_id", "decisions", ["case_id"])


def downgrade() -> None:
    for table in ("decisions", "merge_log", "observations", "entities"):
        op.drop_table(table)
