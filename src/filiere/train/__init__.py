"""Generated training cases with a known answer: scenario, evidence files, truth, exercises and scoring."""
