"""Links imported from an analyst's own link list (the *links* evidence kind).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("date", sa.DateTime),
        sa.Column("type", sa.String(60)),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_links_case_id_cases"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_links_evidence_id_evidence"),
    )
    op.create_index("ix_links_evidence_id", "links", ["evidence_id"])


def downgrade() -> None:
    op.drop_table("links")
