"""Public pages (public.py), members ' own pages (member.py) and admin views (admin.py)."""
