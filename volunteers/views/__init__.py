"""Members' and leaders' volunteer pages under /me/volunteer/ (phones first).

- `member`: a member's own pages (my hours, teams, sign-up, check-in, records, corrections, proof);
- `leader`: team leaders' and secretaries' pages (activities, attendance, reviews);
- `ledger`: the 志愿服务台帐 and its .xlsx export.

Thin views: queries come from `volunteers.selectors`, every rule from `volunteers.services`.
"""
