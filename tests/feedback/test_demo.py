import sqlalchemy as sa

from outreach.demo import load_demo
from outreach.feedback.models import Feedback, GrievanceStatus, SurveyRound
from outreach.sites.models import Site


def test_demo_has_feedback_surveys_and_grievances_in_every_state_at_every_site(db):
    load_demo()
    db.session.commit()
    for site in db.session.scalars(sa.select(Site)):
        statuses = set(
            db.session.scalars(sa.select(Feedback.status).where(Feedback.site_id == site.id))
        )
        assert set(GrievanceStatus) <= statuses, site.code
        rounds = db.session.scalar(sa.select(sa.func.count()).where(SurveyRound.site_id == site.id))
        assert rounds >= 4
