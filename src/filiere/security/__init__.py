"""Users, roles, per-case access, API tokens and web sessions for a unit's shared server.

The laptop mode (no users) asks for no login. Entry points for the web layer: `access.authenticate`,
`access.require_case`, `access.visible_cases`, `access.user_for_token`, the session helpers in
sessions.py, `roles.can` (the one rule) and `mode.auth_enabled`. The `filiere user …` commands manage
users, case rights and tokens. See docs/security.md.
"""
