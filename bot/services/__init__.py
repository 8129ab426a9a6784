"""What the bot's handlers call: database reads, user-owned writes and event publishing."""
