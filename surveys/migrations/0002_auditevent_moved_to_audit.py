"""The audit event model now lives in the audit app (``audit.0001_initial``); its table
stays where it is, so this removes it from this app's state, and moves its content type
(with its permissions, and the groups that hold them) to the audit app."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label="surveys", model="auditevent").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label="audit", model="auditevent").first()
    if new is None:
        old.app_label = "audit"
        old.save(update_fields=["app_label"])
        return
    # Both exist (content types were refreshed in between): keep the new one, carry over
    # the groups that held the old one's permissions.
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is not None:
            for group in permission.group_set.all():
                group.permissions.add(twin)
    old.delete()


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditevent").update(app_label="surveys")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
