"""Administrators see the background jobs in the admin (view only): export jobs and the task
queue's results. Their group was given the service's permissions before these models
existed (boroughs.0003_role_groups), so it is given these now."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = [("reports", "view_exportjob"), ("django_tasks_database", "view_dbtaskresult")]


def grant(apps, schema_editor):
    for label in ("reports", "django_tasks_database"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrators").first()
    if group is None:
        return
    for app_label, codename in VIEW:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("boroughs", "0003_role_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
