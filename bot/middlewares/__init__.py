"""Middlewares: flood guard, the current user, and role checks declared as handler flags."""
