"""What the operations refuse, answered as problems: a rule's errors field by field (422), a
workflow step or a permission refused with its reason (403), a state that does not allow the
step (409). Nothing of the request is kept (the unit of work has rolled back)."""

from __future__ import annotations

from outreach.activities.commitment_operations import CommitmentError
from outreach.activities.rules import WorkflowError
from outreach.api.blueprint import bp
from outreach.core.permissions import Refused
from outreach.core.problems import problem
from outreach.core.rules import RuleError
from outreach.core.uploads import UploadError
from outreach.feedback.operations import LifecycleError


@bp.errorhandler(RuleError)
def rule_refused(error: RuleError):
    return problem(422, errors=error.errors)


@bp.errorhandler(UploadError)
def upload_refused(error: UploadError):
    return problem(422, str(error), errors={"file": [str(error)]})


@bp.errorhandler(WorkflowError)
def step_refused(error: WorkflowError):
    return problem(403, str(error))


@bp.errorhandler(Refused)
def permission_refused(error: Refused):
    return problem(403)


@bp.errorhandler(CommitmentError)
@bp.errorhandler(LifecycleError)
def state_refused(error: ValueError):
    return problem(409, str(error))
