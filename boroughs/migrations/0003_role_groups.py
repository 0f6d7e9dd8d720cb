"""Create the Django groups that carry the service's roles, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Codenames per group, as "app_label.codename". Kept here, not imported, so this
# migration means the same thing forever.
GROUP_PERMISSIONS = {
    "Borough contributors": [
        "surveys.view_assessment",
        "surveys.view_answer",
        "surveys.change_answer",
    ],
    "Borough digital leads": [
        "surveys.view_assessment",
        "surveys.view_answer",
        "surveys.change_answer",
        "surveys.submit_assessment",
    ],
    "CDO office": [
        "surveys.view_assessment",
        "surveys.view_answer",
        "surveys.review_assessment",
        "surveys.view_all_authorities",
        "surveys.export_data",
        "boroughs.view_authority",
        "boroughs.view_peergroup",
    ],
    "Administrators": None,  # every permission of the service's own apps and of accounts
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames is None:
            permissions = Permission.objects.filter(
                content_type__app_label__in=["boroughs", "surveys", "reports", "auth"]
            )
        else:
            permissions = [
                Permission.objects.get(
                    content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
                )
                for code in codenames
            ]
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("boroughs", "0002_reference_data"),
        ("surveys", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
