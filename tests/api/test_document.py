"""The OpenAPI document, as a client generator reads it: one name per operation, each header
once, and the session offered only where the offline client may use it."""

from __future__ import annotations

from collections import Counter

from tests.api.test_access_matrix import api_rules


def _operations(client) -> list[tuple[str, str, dict]]:
    document = client.get("/api/v1/openapi.json").get_json()
    return [
        (path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()
    ]


def test_every_operation_has_a_name_of_its_own(client, db):
    operations = _operations(client)
    counts = Counter(op["operationId"] for _path, _method, op in operations)
    assert not [name for name, n in counts.items() if n > 1]
    assert len(counts) == len(operations)


def test_the_names_are_the_routes_endpoints(app, client, db):
    endpoints = {
        (r.endpoint.removeprefix("api."), m.lower())
        for r in api_rules(app)
        for m in r.methods - {"HEAD", "OPTIONS"}
    }
    named = {(op["operationId"], method) for _path, method, op in _operations(client)}
    assert named <= endpoints


def test_each_parameter_once_and_the_session_only_for_the_offline_client(client, db):
    session_ops = set()
    for path, method, op in _operations(client):
        names = [(p["in"], p["name"]) for p in op.get("parameters", [])]
        assert len(names) == len(set(names)), f"{method} {path}"
        if {"session": []} in op.get("security", []):
            session_ops.add(op["operationId"])
    assert session_ops == {
        "me",
        "create_activity",
        "add_attachment",
        "submit_activity",
    }
