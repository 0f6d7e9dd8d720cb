"""The lead's improvement plan pages (issue 15): targets, actions, suggestions and who to
learn from, on the authority's own plan. Rules in docs/plans.md."""
