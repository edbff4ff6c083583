"""KoboToolbox-shaped data exports built from a real XLSForm: pyxform reads the form (as Kobo
does), and the export's columns follow from its questions the way Kobo writes them: the "XML
values and headers" shape (``group/question`` headings, choice names) or the "labels" shape
(question labels, choice labels), meta columns (``_id``, ``_uuid``, ``_submission_time``,
``_index``), and one extra sheet per repeat group whose rows point back to their submission
(``_parent_index``, ``_submission__uuid``)."""

from __future__ import annotations

import datetime as dt
import uuid

from openpyxl import Workbook
from pyxform import create_survey_from_xls

SURVEY = [
    ["type", "name", "label"],
    ["text", "site", "Site code"],
    ["date", "date", "Date of the donation"],
    ["text", "title", "Title"],
    ["begin_group", "gift", "The gift"],
    ["select_one form", "donation_form", "Form of donation"],
    ["text", "beneficiary", "Beneficiary"],
    ["decimal", "cash", "Cash amount"],
    ["integer", "beneficiaries", "Number of people who benefit"],
    ["end_group", "", ""],
    ["select_one cause", "cause", "Cause"],
    ["select_one motivation", "motivation", "B4SI motivation"],
    ["image", "photo", "Photo of the receipt"],
    ["begin_repeat", "items", "Items given"],
    ["text", "item", "Item"],
    ["integer", "count", "How many"],
    ["end_repeat", "", ""],
]
CHOICES = [
    ["list_name", "name", "label"],
    ["form", "cash", "Cash"],
    ["form", "in_kind", "In kind (goods or services)"],
    ["cause", "education", "Education"],
    ["cause", "health", "Health"],
    ["motivation", "community_investment", "Community investment"],
    ["motivation", "charitable_gift", "Charitable gift"],
]
#: a consultation log: each submission's repeat group of promises becomes its commitments
CONSULTATION_SURVEY = [
    ["type", "name", "label"],
    ["text", "site", "Site code"],
    ["date", "date", "Date of the meeting"],
    ["text", "title", "Title"],
    ["text", "topic", "Topic"],
    ["select_one format", "consultation_format", "Format"],
    ["integer", "participants", "Participants in total"],
    ["select_one cause", "cause", "Cause"],
    ["select_one motivation", "motivation", "B4SI motivation"],
    ["begin_repeat", "promises", "Promises made"],
    ["text", "description", "Promise"],
    ["text", "owner", "Owner"],
    ["date", "due_date", "Due date"],
    ["end_repeat", "", ""],
]
CONSULTATION_CHOICES = [
    *CHOICES,
    ["format", "town_hall", "Town hall"],
    ["format", "focus_group", "Focus group"],
]
META = ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]
REPEAT_META = ["_index", "_parent_table_name", "_parent_index", "_submission__uuid"]


def xlsform(path, survey=SURVEY, choices=CHOICES, title=("Donation log", "donation_log")):
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book["survey"].append(row)
    sheet = book.create_sheet("choices")
    for row in choices:
        sheet.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(list(title))
    book.save(path)
    return path


def _questions(element, path=()):
    """(question, its path of group names, the repeat it is in) in form order."""
    for child in element.children:
        kind = child.type
        if kind == "group":
            yield from _questions(child, (*path, child.name))
        elif kind == "repeat":
            for question, inner, _repeat in _questions(child, ()):
                yield question, inner, child
        else:
            yield child, path, None


def _heading(question, path, labels: bool) -> str:
    if labels:
        label = question.label
        return (
            label.get("default", next(iter(label.values()))) if isinstance(label, dict) else label
        )
    return "/".join([*path, question.name])


def _value(question, value, labels: bool):
    choices = getattr(question, "choices", None)
    if labels and choices:
        for choice in choices.options:
            if choice.name == value:
                label = choice.label
                return label.get("default") if isinstance(label, dict) else label
    return value


def export(form_path, out_path, submissions: list[dict], labels: bool = False):
    """A Kobo data export of ``submissions`` ({question name: value, "items": [{...}]})."""
    survey = create_survey_from_xls(str(form_path))
    questions = [
        (q, p, r)
        for q, p, r in _questions(survey)
        if q.name not in ("meta", "instanceID") and q.type not in ("calculate",)
    ]
    main = [(q, p) for q, p, r in questions if r is None]
    repeats: dict[str, list] = {}
    for q, p, r in questions:
        if r is not None:
            repeats.setdefault(r.name, []).append((q, p))
    book = Workbook()
    sheet = book.active
    sheet.title = survey.title[:31] if labels else survey.id_string[:31]
    sheet.append([_heading(q, p, labels) for q, p in main] + META)
    extra = {}
    for name, inner in repeats.items():
        extra[name] = book.create_sheet(name[:31])
        extra[name].append([_heading(q, p, labels) for q, p in inner] + REPEAT_META)
    child = 0
    for index, submission in enumerate(submissions, start=1):
        submission.setdefault("_uuid", str(uuid.uuid4()))
        sheet.append(
            [_value(q, submission.get(q.name), labels) for q, _p in main]
            + [1000 + index, submission["_uuid"], dt.datetime(2025, 3, 15, 9, 30), "", index]
        )
        for name, inner in repeats.items():
            for item in submission.get(name, []):
                child += 1
                extra[name].append(
                    [_value(q, item.get(q.name), labels) for q, _p in inner]
                    + [child, sheet.title, index, submission["_uuid"]]
                )
    book.save(out_path)
    return out_path
