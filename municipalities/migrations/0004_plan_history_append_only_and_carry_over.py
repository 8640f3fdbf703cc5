"""Plan history is append-only at the database, and the old IP fields of a
person become plans.

On PostgreSQL a trigger refuses UPDATE and DELETE on the plan history (the
model refuses them too; only the database stops a raw query). TRUNCATE, used
to empty test databases, is not affected.

Each person whose IP status was set gets a plan in the matching status, with
the IP date as the decision date and the crisis-plan date as the date of the
crisis plan's last revision. The person's own fields are left as they were.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION municipalities_planhistory_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'plan history is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER municipalities_planhistory_append_only
    BEFORE UPDATE OR DELETE ON municipalities_planhistory
    FOR EACH ROW EXECUTE FUNCTION municipalities_planhistory_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS municipalities_planhistory_append_only ON municipalities_planhistory;
DROP FUNCTION IF EXISTS municipalities_planhistory_append_only();
"""

# Old ServiceUser.ip_status -> the plan's status.
STATUS = {
    "offered": "granted",
    "in_progress": "being_prepared",
    "established": "established",
    "declined": "refused",
}


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


def carry_over(apps, schema_editor):
    ServiceUser = apps.get_model("municipalities", "ServiceUser")
    IndividualPlan = apps.get_model("municipalities", "IndividualPlan")
    CrisisPlan = apps.get_model("municipalities", "CrisisPlan")
    people = ServiceUser.objects.filter(ip_status__in=STATUS).exclude(plans__isnull=False)
    for person in people.iterator():
        plan = IndividualPlan.objects.create(
            service_user=person,
            status=STATUS[person.ip_status],
            coordinator_id=person.coordinator_id,
            decision_date=person.ip_date,
            refusal_reason="Avslått av personen" if person.ip_status == "declined" else "",
        )
        if person.crisis_plan_date:
            CrisisPlan.objects.create(plan=plan, revised_on=person.crisis_plan_date)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0003_individual_plans"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
