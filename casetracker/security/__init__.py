"""Authentication and hardening: lockout, sessions, MFA, re-authentication, headers.

Each concern lives in its own module; settings.py wires them in one commented block
per concern.
"""
