"""The lead's pages of the technology estate register (the estate app's models and
services, shown in the journey at /assessments/register/)."""
