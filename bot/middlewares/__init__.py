"""Middlewares: repeated updates, flood guard, the current user, role checks by handler flag."""
