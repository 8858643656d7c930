"""Requests for mutual legal assistance kept in the case: the request as drafted (and as sent), its history
of status changes and follow-ups, and the evidence that came back.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mla_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("requested_state", sa.String(2), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("due_on", sa.Date, nullable=True),
        sa.Column("foreign_reference", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mla_requests"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_mla_requests_case_id_cases"),
        sa.UniqueConstraint("case_id", "number", name="uq_mla_requests_case_id_number"),
    )
    op.create_index("ix_mla_requests_case_id", "mla_requests", ["case_id"])
    op.create_table(
        "mla_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.Integer, nullable=True),
        sa.Column("body_sha256", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mla_events"),
        sa.ForeignKeyConstraint(
            ["request_id"], ["mla_requests.id"], name="fk_mla_events_request_id_mla_requests"
        ),
    )
    op.create_index("ix_mla_events_request_id", "mla_events", ["request_id"])
    op.create_table(
        "mla_received",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("evidence_id", sa.Integer, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mla_received"),
        sa.ForeignKeyConstraint(
            ["request_id"], ["mla_requests.id"], name="fk_mla_received_request_id_mla_requests"
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_mla_received_evidence_id_evidence"
        ),
        sa.UniqueConstraint("request_id", "evidence_id", name="uq_mla_received_request_id_evidence_id"),
    )


def downgrade() -> None:
    op.drop_table("mla_received")
    op.drop_table("mla_events")
    op.drop_table("mla_requests")
