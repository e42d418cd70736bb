"""The public pages: learning (themes, the search and filter list, items, the glossary) in
items.py, and where it comes from (publications, boards, reviews, each with its learning) in
sources.py."""
