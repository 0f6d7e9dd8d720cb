"""Writes fixtures/examples/register-200.csv: an example register of 200 systems for one
London authority, in the upload's format (docs/estate.md, "Uploading and downloading").

Deterministic (a fixed random seed, no dates from the clock): running it again makes the
same bytes, which a test checks. It reads the shipped reference data only
(fixtures/lines_of_business.yaml and fixtures/suppliers.yaml): every shipped product once
for its usual lines of business, a few new suppliers' products, and the platforms an
authority builds many services on (case management, forms, low-code) once per line of
business they serve, until there are 200.

    .venv/bin/python scripts/make_register_example.py            write the file
    .venv/bin/python scripts/make_register_example.py --stdout   print it instead
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from estate.columns import COLUMNS  # noqa: E402 - the upload's own columns (no Django needed)

TARGET = ROOT / "fixtures" / "examples" / "register-200.csv"
SIZE = 200
SEED = 16
BASE = datetime.date(2026, 4, 1)
# Suppliers not in fixtures/suppliers.yaml: small local firms, and the authority's own team.
NEW_SUPPLIERS = (
    (
        "Thameside Data Ltd",
        True,
        [
            ("Street Naming Register", ["land-charges", "planning"]),
            ("Insight Dashboards", ["finance"]),
        ],
    ),
    (
        "Riverbank Software",
        True,
        [
            ("Pest Control Bookings", ["environmental-health"]),
            ("Allotments Online", ["leisure-culture"]),
        ],
    ),
    (
        "Kestrel Systems Limited",
        True,
        [("Cemetery Plans", ["bereavement"]), ("Market Trader Licensing", ["licensing"])],
    ),
    ("Northfield Analytics", True, [("Homelessness Forecaster", ["housing-needs"])]),
    (
        "Borough Digital Team",
        None,
        [
            ("Resident Account", ["customer-contact"]),
            ("Members' Enquiries", ["democratic-services"]),
            ("School Admissions Checker", ["education"]),
        ],
    ),
)
PLATFORMS = (
    ("Microsoft", "Dynamics 365"),
    ("Netcall", "Liberty Create"),
    ("Granicus", "Firmstep Self"),
    ("Microsoft", "Microsoft 365"),
    ("Salesforce", "Salesforce Service Cloud"),
)
HOSTING = ("saas", "saas", "saas", "supplier_hosted", "supplier_hosted", "on_premises")
BANDS = ("under_10k", "10k_50k", "10k_50k", "50k_250k", "50k_250k", "250k_1m", "over_1m", "")
ROUTES = ("g_cloud", "g_cloud", "dos", "other_framework", "open_tender", "direct_award", "")
NOTES = (
    "",
    "",
    "",
    "",
    "Extension option of two years",
    "Reviewing options with neighbouring boroughs",
    "Moving to the cloud version next year",
    "Shared service with a neighbouring borough",
)


def _read(name: str):
    with open(ROOT / "fixtures" / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _candidates() -> tuple[list[tuple], list[tuple]]:
    """(systems always in the file, platform systems to choose from), each
    ``(supplier, product, line codes, sme)``."""
    lines = [line["code"] for group in _read("lines_of_business.yaml") for line in group["lines"]]
    fixed, sme_of = [], {}
    for supplier in _read("suppliers.yaml"):
        sme_of[supplier["name"]] = supplier.get("sme")
        for product in supplier.get("products", []):
            fixed.append(
                (supplier["name"], product["name"], product.get("lines", []), supplier.get("sme"))
            )
    for supplier, sme, products in NEW_SUPPLIERS:
        fixed.extend((supplier, name, codes, sme) for name, codes in products)
    platform = [(s, p, [code], sme_of[s]) for s, p in PLATFORMS for code in lines]
    return fixed, platform


def _system(rng: random.Random, supplier, product, codes, sme) -> dict[str, str]:
    in_house = sme is None
    hosting = "in_house" if in_house else rng.choice(HOSTING)
    row = {
        "supplier": supplier,
        "product": product,
        "lines_of_business": ";".join(sorted(codes)),
        "hosting": hosting,
        "contract_starts_on": "",
        "contract_ends_on": "",
        "annual_cost_band": "" if in_house else rng.choice(BANDS),
        "procurement_route": "in_house" if in_house else rng.choice(ROUTES),
        "supplier_sme": "" if sme is None else ("yes" if sme else "no"),
        "note": rng.choice(NOTES),
    }
    if not in_house and rng.random() < 0.9:
        ends = BASE + datetime.timedelta(days=rng.randrange(-60, 5 * 365))
        starts = ends - datetime.timedelta(days=365 * rng.choice((3, 4, 5, 7)) - 1)
        row["contract_starts_on"], row["contract_ends_on"] = starts.isoformat(), ends.isoformat()
    return row


def example_csv() -> str:
    """The example file's text."""
    rng = random.Random(SEED)  # noqa: S311 - a repeatable example, not a secret
    fixed, platform = _candidates()
    taken = {(s, p, tuple(sorted(c))) for s, p, c, _ in fixed}
    platform = [c for c in platform if (c[0], c[1], tuple(c[2])) not in taken]
    chosen = fixed + rng.sample(platform, SIZE - len(fixed))
    chosen.sort(key=lambda c: (sorted(c[2])[0], c[0], c[1]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for candidate in chosen:
        writer.writerow(_system(rng, *candidate))
    return out.getvalue()


def main(argv: list[str]) -> None:
    text = example_csv()
    if "--stdout" in argv:
        sys.stdout.write(text)
        return
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8", newline="")
    print(f"Wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
