"""The schema comes only from the migrations, and they give exactly what the models describe."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from outreach import ROOT, create_app


def _pending_differences(engine, metadata) -> list:
    """What ``flask db migrate`` would write, with the options of migrations/env.py."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "target_metadata": metadata},
        )
        return compare_metadata(context, metadata)


def test_the_upgraded_database_matches_the_models(app, db):
    # The session database was built by ``flask db upgrade`` (conftest), on SQLite or PostgreSQL.
    assert _pending_differences(db.engine, db.metadata) == []


def test_the_database_is_at_the_newest_migration(app, db):
    script = ScriptDirectory(str(ROOT / "migrations"))
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert current == tuple(script.get_heads())
    assert len(script.get_heads()) == 1  # one line of history, no branches


def test_flask_db_upgrade_and_downgrade_on_an_empty_sqlite_file(tmp_path):
    fresh = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "k" * 32},
        instance_path=str(tmp_path),
    )
    runner = fresh.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = sa.create_engine(fresh.config["SQLALCHEMY_DATABASE_URI"])
    from outreach.extensions import db

    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert tables == {t.name for t in db.metadata.sorted_tables} | {"alembic_version"}
        assert _pending_differences(engine, db.metadata) == []
        result = runner.invoke(args=["db", "downgrade", "base"])
        assert result.exit_code == 0, result.output
        assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrading_gives_existing_survey_rounds_their_perception_index(tmp_path):
    fresh = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k" * 32},
        instance_path=str(tmp_path),
    )
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0008"]).exit_code == 0
    with fresh.app_context():
        from outreach.sites.reference import ensure_countries

        ensure_countries()
    engine = sa.create_engine(fresh.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as conn:
            # the sites' table as it was at 0008 (later revisions add columns)
            site_id = conn.execute(
                sa.text(
                    "INSERT INTO sites (code, name, country_code, province, district, kind,"
                    " operator, bri_designated, bri_reference, status, archived, created_at,"
                    " updated_at, version) VALUES ('MY-T001', 'Test site', 'MY', '', '',"
                    " 'rail', '', false, '', 'construction', false, '2025-01-01',"
                    " '2025-01-01', 1) RETURNING id"
                )
            ).scalar_one()
            for round_id in (1, 2):
                conn.execute(
                    sa.text(
                        "INSERT INTO survey_rounds (id, site_id, conducted_on, sample_size,"
                        " method, notes, created_at, updated_at) VALUES (:id, :site, "
                        "'2025-01-20', 100, 'paper', '', '2025-01-01', '2025-01-01')"
                    ),
                    {"id": round_id, "site": site_id},
                )
            # round 1: mean answers 3.8 → 70 and 3 → 50, so 60; round 2 has no answers
            conn.exec_driver_sql(
                "INSERT INTO survey_answer_counts VALUES (1, 'trust', 0, 10, 20, 50, 20),"
                " (1, 'benefits', 10, 20, 40, 20, 10)"
            )
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT id, perception FROM survey_rounds ORDER BY id")
            assert [(i, None if p is None else float(p)) for i, p in rows] == [(1, 60.0), (2, None)]
    finally:
        engine.dispose()
