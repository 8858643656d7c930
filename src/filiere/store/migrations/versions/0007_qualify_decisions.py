"""An investigator's decisions on the elements of an offence (`filiere qualify set`), replayed by every run.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qualify_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("person", sa.Integer, nullable=False),
        sa.Column("offence", sa.String(30), nullable=False),
        sa.Column("element", sa.String(60), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_qualify_decisions"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_qualify_decisions_case_id_cases"),
        sa.UniqueConstraint(
            "case_id",
            "person",
            "offence",
            "element",
            name="uq_qualify_decisions_case_id_person_offence_element",
        ),
    )
    op.create_index("ix_qualify_decisions_case_id", "qualify_decisions", ["case_id"])


def downgrade() -> None:
    op.drop_table("qualify_decisions")
