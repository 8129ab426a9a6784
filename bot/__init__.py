"""The Telegram front end (aiogram 3): routers, dialogs, services, rendering of notifications."""
