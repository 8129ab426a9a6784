"""The long-running loops: the matching consumer, the notifier, and what they share."""
