"""One commit per request: a view's writes land together after it returns, or not at all, and
the files a request stored follow its transaction. No view commits by itself."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import abort
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage

from outreach import create_app
from outreach.core import audit
from outreach.core.audit import AuditEvent
from outreach.core.uploads import store_upload
from outreach.extensions import db

PACKAGE = Path(__file__).resolve().parents[2] / "outreach"


def _photo() -> FileStorage:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(buffer, "JPEG")
    buffer.seek(0)
    return FileStorage(buffer, filename="receipt.jpg", content_type="image/jpeg")


@pytest.fixture(scope="module")
def uow_app(tmp_path_factory):
    """An app of its own, with routes that write and then succeed, fail or conflict."""
    folder = tmp_path_factory.mktemp("uow")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'uow.db'}",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(folder / "uploads"),
        },
        instance_path=str(folder / "instance"),
    )

    def write(label: str) -> str:
        audit.record("uow_test", "test", label)
        return store_upload(_photo()).stored_name

    @app.post("/t/ok/<label>")
    def written(label):
        return write(label)

    @app.post("/t/fails/<label>")
    def fails(label):
        app.config["LAST_STORED"] = write(label)
        abort(400)

    @app.post("/t/conflict/<label>")
    def conflict(label):
        app.config["LAST_STORED"] = write(label)

        @sa.event.listens_for(db.session(), "before_commit", once=True)
        def _stale(session):
            raise StaleDataError("the row changed under us")

        return "stored-and-acknowledged"

    with app.app_context():
        upgrade()
    return app


def _events(app, label: str) -> int:
    with app.app_context():
        stmt = sa.select(sa.func.count()).where(
            AuditEvent.action == "uow_test", AuditEvent.object_id == label
        )
        return db.session.scalar(stmt)


def _stored(app, name: str) -> bool:
    return (Path(app.config["UPLOAD_FOLDER"]) / name).exists()


def test_a_view_that_returns_commits_its_rows_and_keeps_its_files(uow_app):
    response = uow_app.test_client().post("/t/ok/kept")
    assert response.status_code == 200
    assert _events(uow_app, "kept") == 1
    assert _stored(uow_app, response.get_data(as_text=True))


def test_a_view_that_fails_leaves_neither_rows_nor_files(uow_app):
    response = uow_app.test_client().post("/t/fails/dropped")
    assert response.status_code == 400
    assert _events(uow_app, "dropped") == 0
    assert not _stored(uow_app, uow_app.config["LAST_STORED"])


def test_a_commit_that_conflicts_answers_409_and_drops_the_request_files(uow_app):
    response = uow_app.test_client().post("/t/conflict/stale")
    assert response.status_code == 409
    assert "stored-and-acknowledged" not in response.get_data(as_text=True)
    assert _events(uow_app, "stale") == 0
    assert not _stored(uow_app, uow_app.config["LAST_STORED"])


def _commit_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def test_no_view_commits():
    views = [p for p in PACKAGE.rglob("*.py") if ".route(" in p.read_text()]
    assert len(views) > 10
    offenders = {str(p.relative_to(PACKAGE)): _commit_calls(p) for p in views}
    assert {k: v for k, v in offenders.items() if v} == {}
