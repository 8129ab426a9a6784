"""Producers turn outside input (files, bot forms) into events; they never write the database."""
