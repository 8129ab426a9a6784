"""Policy pushes: digests, urgent pushes and deadline reminders, recorded once, sent as events."""
