"""Load London's 33 authorities and the shipped peer groups from fixtures/."""

from django.db import migrations


def load(apps, schema_editor):
    from boroughs.reference import load_authorities, load_peer_groups

    Authority = apps.get_model("boroughs", "Authority")
    PeerGroup = apps.get_model("boroughs", "PeerGroup")
    load_authorities(Authority)
    load_peer_groups(Authority, PeerGroup)


class Migration(migrations.Migration):
    dependencies = [("boroughs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
