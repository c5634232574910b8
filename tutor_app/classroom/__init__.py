"""Classroom mode: students' phones reach the laptop's app over the room's network."""
