"""Notifications, complainants' reply e-mail, webhooks, and working calendars

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 13:00:00

- notifications and notification_settings: what each user is told, and their e-mail choice;
- feedback.reply_email / reply_consent_at: an address a complainant gave for news, with consent;
- webhook_endpoints and webhook_deliveries: registered endpoints and the delivery log;
- countries.weekend_days / time_zone, country_holidays and sites.time_zone: deadlines count
  the country's working days on the site's clock. The reference countries get their zone
  (and Brunei its Friday-Sunday weekend).
"""

import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TIME_ZONES = {
    "BN": "Asia/Brunei",
    "KH": "Asia/Phnom_Penh",
    "ID": "Asia/Jakarta",
    "LA": "Asia/Vientiane",
    "MY": "Asia/Kuala_Lumpur",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "TL": "Asia/Dili",
    "CN": "Asia/Shanghai",
}
WEEKENDS = {"BN": "4,6"}


def upgrade():
    with op.batch_alter_table("countries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekend_days", sa.String(length=20), nullable=False, server_default="5,6")
        )
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC")
        )
    countries = sa.table(
        "countries",
        sa.column("code", sa.String),
        sa.column("time_zone", sa.String),
        sa.column("weekend_days", sa.String),
    )
    for code, zone in TIME_ZONES.items():
        op.execute(
            countries.update()
            .where(countries.c.code == code)
            .values(time_zone=zone, weekend_days=WEEKENDS.get(code, "5,6"))
        )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column("reply_consent_at", sa.DateTime(timezone=True), nullable=True)
        )

    op.create_table(
        "country_holidays",
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_country_holidays_country_code_countries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("country_code", "day", name=op.f("pk_country_holidays")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("endpoint", sa.String(length=80), nullable=False),
        sa.Column("endpoint_values", sa.JSON(), nullable=False),
        sa.Column("digest_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("key", name=op.f("uq_notifications_key")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"], unique=False)
        batch_op.create_index("ix_notifications_unmailed", ["mailed_at", "user_id"], unique=False)
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.Enum("instant", "digest", "off", name="emailmode", native_enum=False, length=15, create_constraint=False), nullable=False),
        sa.Column("digest_sent_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("events", sa.String(length=300), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_webhook_endpoints_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("event_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.Enum("pending", "delivered", "failed", name="deliverystatus", native_enum=False, length=17, create_constraint=False), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_webhook_deliveries_endpoint_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("endpoint_id", "event_key", name="uq_webhook_deliveries_event"),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_endpoint_id"), ["endpoint_id"], unique=False
        )


def downgrade():
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_endpoints")
    op.drop_table("notification_settings")
    op.drop_table("notifications")
    op.drop_table("country_holidays")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("reply_consent_at")
        batch_op.drop_column("reply_email")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
    with op.batch_alter_table("countries", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
        batch_op.drop_column("weekend_days")
