"""Dossier records of the one-stop system → checked counts per unit and period, the indicator
table the criteria read, and the officials' monthly ratings (see README, "Dossier records")."""
