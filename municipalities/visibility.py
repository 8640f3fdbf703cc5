"""Who else may see a person: the reasons registered by the apps above.

The municipality decides for coordinators (their own municipalities' people,
in `ServiceUserQuerySet.for_user`). Other reasons to see a person belong to
the apps that create them: a referral reached my unit (referrals), an
application or a stay at my residence (capacity). Each such app registers a
function in its `AppConfig.ready()`:

    person_sources.register(people_seen_through_referrals)

A source takes `(user, action)` and returns a list of querysets of
service-user ids (`.values("service_user")`, one column each); an empty list
when the user has no such reason. `for_user` unions them with the
coordinator's source: one UNION of small index scans, then one lookup by
primary key.

What such a viewer sees of the person's record is less than the home
municipality sees (least privilege, `ConsentQuerySet` and
`AssessmentQuerySet` in municipalities/querysets.py): the core record, the
consents that name their own unit, and the assessments a source registered
in `assessment_sources` names: a source takes `user` and returns a list of
querysets of assessment ids (one column each), e.g. the assessments the
sender chose to send with a referral that reached the user's unit
(referrals).
"""

from __future__ import annotations

from bops.hooks import Hook

person_sources = Hook("person_sources")
assessment_sources = Hook("assessment_sources")
