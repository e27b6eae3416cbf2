"""Household visits recorded in the field (入户核查, issue 24): the form as
data (``form``), reads (``selectors``), the all-or-nothing store with its
idempotency key (``services``), the phone's JSON API and pages (``api``,
``views``) and the office's .xlsx (``exports``)."""
