"""Writes. Each public function is ``<entity>_<action>(*, ...)``, atomic, and records audit.

Modules: ``audit`` (the audit log), ``questionnaires`` (load, publish, new version),
``answers`` (save with conflict detection), ``assessments`` (start, submit, return,
approve, reopen), ``results`` (frozen score snapshots).
"""
