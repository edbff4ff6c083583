"""Forms for recording and reviewing feedback, handling grievances and entering surveys."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from outreach.config import PUBLIC_LANGUAGES
from outreach.core.forms import (
    LeftToRules,
    MultiCheckboxField,
    apply_rule_errors,
    classification_field,
    past_date,
    strip,
    version_field,
)
from outreach.feedback import rules
from outreach.feedback.models import (
    CHANNEL_LABELS,
    NOT_RECORDED,
    SATISFACTION_LABELS,
    SENTIMENT_LABELS,
    SURVEY_ITEMS,
    SURVEY_METHOD_LABELS,
)

STAFF_CHANNELS = [(c.value, label) for c, label in CHANNEL_LABELS.items()]
#: the scores, and "none" for a sentiment nobody can tell (stored empty: it is left out of the
#: sentiment index, never counted as neutral)
SENTIMENT_CHOICES = [
    *[(v, f"{v:+d} {label}") for v, label in sorted(SENTIMENT_LABELS.items())],
    ("none", NOT_RECORDED),
]


def _none_if_empty(value):
    return None if value in ("", None, "None") else int(value)


def _sentiment(value):
    """A score from the form: "" while none is chosen, None for "not recorded"."""
    if value in ("", None):
        return ""
    return None if value in ("none", "None") else int(value)


class _ClassifyFields(FlaskForm):
    channel = classification_field(_l("Channel"), STAFF_CHANNELS, rules.CHOOSE_CHANNEL)
    language = SelectField(_l("Language"), validate_choice=False)
    category_ids = MultiCheckboxField(_l("Categories"), coerce=int)
    sentiment = classification_field(
        _l("Sentiment"),
        SENTIMENT_CHOICES,
        rules.CHOOSE_SENTIMENT,
        coerce=_sentiment,
    )
    stakeholder_id = SelectField(
        _l("From (stakeholder or community)"), coerce=_none_if_empty, validate_choice=False
    )
    fears_retaliation = BooleanField(_l("The person fears retaliation"))
    is_grievance = BooleanField(_l("This is a grievance (a complaint to be handled)"))

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site

    def set_choices(self, categories, stakeholders, languages):
        self.language.choices = languages
        self.category_ids.choices = [(c.id, c.label) for c in categories]
        self.stakeholder_id.choices = [("", _l("— none —"))] + [
            (s.id, s.name) for s in stakeholders
        ]


class FeedbackForm(_ClassifyFields):
    received_on = DateField(_l("Date received"), validators=[LeftToRules()])
    text = TextAreaField(
        _l("What the person said"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=10000)],
    )
    anonymous = BooleanField(_l("The person wishes to stay anonymous"))
    person_name = StringField(_l("Name"), filters=[strip], validators=[Length(max=120)])
    person_contact = StringField(
        _l("Phone, e-mail or address"), filters=[strip], validators=[Length(max=200)]
    )
    consent_personal_data = BooleanField(
        _l("The person agreed that we keep their name and contact")
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return apply_rule_errors(self, rules.check_feedback(self.site, self.data)) and ok


class ReviewForm(_ClassifyFields):
    version = version_field()

    def validate_language(self, field):
        # the languages offered keep the one stored, which a new entry's rules would refuse
        if field.data not in {code for code, _name in field.choices}:
            raise ValidationError(rules.CHOOSE_LANGUAGE)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return apply_rule_errors(self, rules.check_review(self.site, self.data)) and ok


class TransitionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    #: staff only: the timeline is never shown to the complainant
    note = TextAreaField(
        _l("Internal note for the timeline"), filters=[strip], validators=[Length(max=5000)]
    )
    #: the answer the complainant reads on the public status page (``Feedback.resolution``)
    resolution = TextAreaField(
        _l("Answer to the complainant"), filters=[strip], validators=[Length(max=5000)]
    )
    satisfaction = SelectField(
        _l("Complainant's satisfaction"),
        choices=[("", "—")] + [(s.value, label) for s, label in SATISFACTION_LABELS.items()],
        validators=[Optional()],
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        errors = rules.check_step(self.action.data, self.resolution.data, self.satisfaction.data)
        return apply_rule_errors(self, errors) and ok


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Handled by"), coerce=_none_if_empty)


class NoteForm(FlaskForm):
    note = TextAreaField(
        _l("Action or finding"),
        filters=[strip],
        validators=[DataRequired(_l("Write the note.")), Length(max=5000)],
    )


class RevealForm(FlaskForm):
    reason = StringField(
        _l("Why you need to see who complained"),
        filters=[strip],
        validators=[
            DataRequired(_l("State the reason; it is written to the audit log.")),
            Length(min=10, max=250, message=_l("Between 10 and 250 characters.")),
        ],
    )


class CategoryForm(FlaskForm):
    key = StringField(
        _l("Short key"),
        filters=[strip, lambda v: v.lower() if v else v],
        validators=[
            DataRequired(_l("Enter a short key.")),
            Regexp(r"^[a-z][a-z0-9_]{1,39}$", message=_l("Small letters, digits and _ only.")),
        ],
    )
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the name.")), Length(max=100)],
    )
    active = BooleanField(_l("Offered for new feedback"), default=True)
    # name_<language>: the name in each other language, added below the class

    def __init__(self, *args, taken_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._taken = set(taken_keys)

    @property
    def name_fields(self) -> list:
        """(language code, field) of the names in other languages, in the switcher's order."""
        return [(code, self[f"name_{code}"]) for code in OTHER_NAME_LANGUAGES]

    @property
    def other_names(self) -> dict[str, str]:
        return {code: f.data for code, f in self.name_fields if f.data}

    def validate_key(self, field):
        if field.data in self._taken:
            from wtforms import ValidationError

            raise ValidationError(_l("This key is already used."))


#: the languages a category is named in besides English: every language a page or report is
#: written in
OTHER_NAME_LANGUAGES = [code for code in PUBLIC_LANGUAGES if code != "en"]
for _code in OTHER_NAME_LANGUAGES:
    setattr(
        CategoryForm,
        f"name_{_code}",
        StringField(PUBLIC_LANGUAGES[_code], filters=[strip], validators=[Length(max=100)]),
    )


class SurveyForm(FlaskForm):
    conducted_on = DateField(
        _l("Date of the survey"), validators=[DataRequired(_l("Enter a date.")), past_date]
    )
    sample_size = IntegerField(
        _l("People who answered"),
        validators=[
            InputRequired(_l("Enter the number of respondents.")),
            NumberRange(min=1, max=100000, message=_l("Between 1 and 100,000.")),
        ],
    )
    method = SelectField(
        _l("Method"), choices=[(m.value, label) for m, label in SURVEY_METHOD_LABELS.items()]
    )
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[Length(max=5000)])

    def counts(self) -> dict[str, list[int]]:
        return {
            item: [getattr(self, f"{item}_{k}").data or 0 for k in range(1, 6)]
            for item in SURVEY_ITEMS
        }

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not ok:
            return False
        for item, counts in self.counts().items():
            if sum(counts) > self.sample_size.data:
                getattr(self, f"{item}_5").errors.append(
                    _l("More answers than people who answered.")
                )
                ok = False
        return ok


for _item in SURVEY_ITEMS:
    for _k in range(1, 6):
        setattr(
            SurveyForm,
            f"{_item}_{_k}",
            IntegerField(
                str(_k),
                default=0,
                validators=[Optional(), NumberRange(min=0, max=100000)],
            ),
        )
