"""The London-wide view of what authorities plan (issue 15): counts of targets and
actions by question, area and peer group, and the collaboration list. The rule of who
may see which plan is ``accounts.access.may_see_plan``."""
