"""The policy scheduler: APScheduler jobs for digests and deadline reminders, and their wiring."""
