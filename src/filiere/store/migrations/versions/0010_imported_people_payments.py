"""People and payments read from a FollowTheMoney file (the *ftm* evidence kind): the people another tool
(or another Filière workspace) resolved, and payments with their parties, amount and date.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("ftm_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("phones", sa.JSON, nullable=False),
        sa.Column("id_numbers", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_imported_people"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_imported_people_case_id_cases"),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_imported_people_evidence_id_evidence"
        ),
    )
    op.create_index("ix_imported_people_case_id", "imported_people", ["case_id"])
    op.create_index("ix_imported_people_evidence_id", "imported_people", ["evidence_id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("ftm_id", sa.String(200), nullable=True),
        sa.Column("payer_name", sa.String(300), nullable=True),
        sa.Column("payer_phone", sa.String(20), nullable=True),
        sa.Column("payee_name", sa.String(300), nullable=True),
        sa.Column("payee_phone", sa.String(20), nullable=True),
        sa.Column("amount", sa.Float, nullable=True),
        sa.Column("currency", sa.String(40), nullable=True),
        sa.Column("paid_at", sa.String(32), nullable=True),
        sa.Column("channel", sa.String(100), nullable=True),
        sa.Column("purpose", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_payments_case_id_cases"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_payments_evidence_id_evidence"),
    )
    op.create_index("ix_payments_case_id", "payments", ["case_id"])
    op.create_index("ix_payments_evidence_id", "payments", ["evidence_id"])


def downgrade() -> None:
    op.drop_table("payments")
    op.drop_table("imported_people")
