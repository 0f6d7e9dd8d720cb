"""How supplier and product names are compared, so that "Capita", "CAPITA plc" and
"Capita Ltd." meet one record. Pure functions, no database."""

import re

# Words that only say what kind of company it is, dropped from the end of a name.
COMPANY_SUFFIXES = frozenset(
    {"ltd", "limited", "plc", "llp", "llc", "inc", "corp", "corporation", "co", "uk", "se", "gmbh"}
)
_NOT_WORD = re.compile(r"[^0-9a-z@]+")


def name_key(name: str) -> str:
    """The comparable form of a name: lower case, "&" read as "and", punctuation as
    spaces, company suffixes ("Ltd", "plc", "UK"...) dropped from the end, single spaces.
    A name that is only a suffix keeps it ("UK" stays "uk")."""
    words = _NOT_WORD.sub(" ", name.lower().replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)
