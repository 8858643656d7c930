"""Extraction: the facts an analyst would underline — people, phones, places, money, dates, vehicles."""
