"""The harvest of a café: themes from the ideas (weltcafe.synthesis), people's edits, dot voting, the plenary.

`runs` computes and folds a new grouping into the themes people already edited, `editing` holds those edits,
`voting` the dot votes, `summaries` the plenary texts built from the current (edited) themes, `drafts` the optional
language-model draft. Every write is a service that owns its transaction; live events leave after commit.
"""
