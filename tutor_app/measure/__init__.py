"""Measuring models on this machine: speed (`tutor bench`) and accuracy (`tutor eval`)."""
