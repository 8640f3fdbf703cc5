"""What the apps above plug into the municipality data core (see bops/hooks.py).

- `anonymisation_blockers`: functions `(person) -> list[str]`, each naming
  what still goes on for the person (an ongoing private purchase, stay,
  application or referral). Anonymisation is refused while any answers.
- `anonymiser`: the one function that anonymises a person (the privacy
  capability registers it); `ServiceUser.anonymise()` calls it.
- `person_left`: functions `(person, *, reason, on, by) -> int`, called in
  the same transaction when a date of death or of moving out of the region
  is recorded for a person (`reason` is "deceased" or "moved"); each closes
  what its app still has open for the person (referrals, applications) and
  returns how many. One that raises rolls the whole change back.
- `demo_steps`: each app's `demo.seed(stdout)`, in `order` (later steps build
  on earlier ones: referrals need people, stays need referrals); `seed_demo`
  runs them in one transaction.
- `plan_measure_fields`: functions `(form) -> None` that add fields to the
  form of a measure in an individual plan (the catalogue adds the shared
  measure it uses); `plan_measure_saved`: functions `(measure, cleaned_data)`
  called in the same transaction after such a measure is saved from the form
  or the API; `plan_measure_api_fields`: functions `() -> dict` of extra
  serializer fields for the plan measure API (name -> field).

Who may see a person is in `municipalities.visibility`.
"""

from __future__ import annotations

from bops.hooks import Hook

anonymisation_blockers = Hook("anonymisation_blockers")
anonymiser = Hook("anonymiser", single=True)
demo_steps = Hook("demo_steps")
person_left = Hook("person_left")
plan_measure_fields = Hook("plan_measure_fields")
plan_measure_saved = Hook("plan_measure_saved")
plan_measure_api_fields = Hook("plan_measure_api_fields")
