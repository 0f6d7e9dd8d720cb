"""Administrators read the audit log in the admin: give their group the audit app's
permissions (on a new database the role groups may be made before this app's content
types exist)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="audit"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("surveys", "0002_auditevent_moved_to_audit"),
        ("boroughs", "0003_role_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
