"""The surveys' writes, one module per job: answers.py (a respondent's answers)."""
